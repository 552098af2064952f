/* Unit tests of the normalizer: no markup character reaches the synthesizer. */
#include <stdlib.h>

#include "../src/internal.h"
#include "check.h"

static void expect(const char *input, const char *language, const char *spoken)
{
    char *out = rs__normalize(input, language);
    CHECK_STR(out, spoken);
    rs__free(out);
}

int main(void)
{
    /* emphasis, strong, code spans, strikethrough */
    expect("A **bold** and *italic* and __strong__ and _em_ word.", "en", "A bold and italic and strong and em word.");
    expect("Use `code` here and ~~gone~~ there.", "en", "Use code here and gone there.");
    expect("snake_case stays apart", "en", "snake case stays apart");
    /* links and images */
    expect("See [the report](https://example.org/r \"Title\") now.", "en", "See the report now.");
    expect("A [reference link][ref] here.", "en", "A reference link here.");
    expect("Logo ![alt text](logo.png) gone.", "en", "Logo gone.");
    expect("Note[^1] here.", "en", "Note here.");
    expect("[Applause.]", "en", "[Applause.]"); /* not a link: left for the directions rule */
    expect("Nested [a [b] c](u) link.", "en", "Nested a [b] c link."); /* as CommonMark reads it */
    /* HTML tags, autolinks, entities */
    expect("Line<br>break and <b>bold</b>.", "en", "Line break and bold.");
    expect("Visit <https://example.org> today.", "en", "Visit today.");
    expect("Peace &amp; security", "en", "Peace and security");
    expect("Paix &amp; sécurité", "fr", "Paix et sécurité");
    expect("Paz &amp; seguridad", "es", "Paz y seguridad");
    expect("a&nbsp;b &lt;c&gt; &#233;t&#xE9;", "en", "a b <c> été");
    expect("AT&T stays", "en", "AT&T stays");
    /* escapes */
    expect("Not \\*emphasis\\* and a \\[bracket\\]", "en", "Not emphasis and a [bracket]");
    /* hashes and numbers */
    expect("Item #5 and #tag", "en", "Item number 5 and tag");
    expect("Point #3", "fr", "Point numéro 3");
    /* tables */
    expect("| a | b |", "en", ", a, b,");
    /* spaces: no-break, zero-width, soft hyphen, bullets, control characters */
    expect("a\xC2\xA0:\xE2\x80\x8B b\xC2\xAD" "c \xE2\x80\xA2 d\x01" "e", "fr", "a: bc d e");
    expect("  spaced   out  ,  text  ", "en", "spaced out, text");
    expect("", "en", "");
    expect("***", "en", "");
    return check_report("test_normalize");
}
