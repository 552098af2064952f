/* Number words by ICU's rule-based spell-out (its RBNF rule sets for each
 * language, with the grammatical case and gender of ordinals), used where
 * espeak-ng's own reading is wrong: a Russian year is read in the
 * nominative whatever the sentence asks. The only place rostrum asks ICU
 * for number words. */
#include <string.h>

#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "text/text.h"

#define WORDS_MAX 256

char *rs__spellout(const char *locale, const char *ruleset, long long value)
{
    UErrorCode status = U_ZERO_ERROR;
    UNumberFormat *format = unum_open(UNUM_SPELLOUT, NULL, 0, locale, NULL, &status);
    UChar name[64], words[WORDS_MAX];
    char utf8[WORDS_MAX * 3];
    int32_t length = 0;
    char *out = NULL;
    size_t i, at = 0;
    if (U_FAILURE(status))
        return NULL;
    u_uastrncpy(name, ruleset, (int32_t)(sizeof name / sizeof name[0]));
    unum_setTextAttribute(format, UNUM_DEFAULT_RULESET, name, -1, &status);
    if (U_SUCCESS(status))
        length = unum_formatInt64(format, value, words, WORDS_MAX, NULL, &status);
    if (U_SUCCESS(status))
        u_strToUTF8(utf8, (int32_t)sizeof utf8, NULL, words, length, &status);
    unum_close(format);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
        return NULL;
    /* rule sets may mark syllables with soft hyphens (U+00AD): not words */
    for (i = 0; utf8[i]; i++) {
        if ((unsigned char)utf8[i] == 0xC2 && (unsigned char)utf8[i + 1] == 0xAD) {
            i++;
            continue;
        }
        utf8[at++] = utf8[i];
    }
    utf8[at] = '\0';
    out = rs__strdup(utf8);
    return out;
}
