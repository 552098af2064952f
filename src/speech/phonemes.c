/* IPA to espeak-ng's phoneme names (its Kirshenbaum-like mnemonics, read
 * inside [[ ]]), for the pronunciations of PLS lexicons. Pure: a table of
 * the common IPA symbols, with the names some languages' tables use. */
#include <string.h>

#include "speech/speech.h"

typedef struct ipa_symbol {
    const char *language; /* primary subtag, or NULL for every language */
    const char *ipa;
    const char *espeak;   /* "" drops the symbol */
} ipa_symbol;

/* The language's own names come first: at one position the longest match
 * wins, and among equals the first in the table. The names were checked
 * against what espeak-ng 1.51 writes for words of each language (-x). */
static const ipa_symbol symbols[] = {
    /* English */
    {"en", "əʊ", "oU"}, {"en", "oʊ", "oU"}, {"en", "ɜː", "3:"}, {"en", "ɝ", "3:"}, {"en", "ɚ", "3"},
    {"en", "ɪə", "i@"}, {"en", "eə", "e@"}, {"en", "ɛə", "e@"}, {"en", "ʊə", "U@"}, {"en", "æ", "a"},
    {"en", "ɹ", "r"},   {"en", "e", "E"},
    /* German */
    {"de", "øː", "Y:"}, {"de", "ø", "Y"}, {"de", "ʏ", "y"}, {"de", "ɐ", "3"},
    /* French */
    {"fr", "ø", "Y"}, {"fr", "œ", "W"}, {"fr", "ɥ", "y"},
    /* Russian and Ukrainian: soft consonants */
    {"ru", "ɕː", "S;"}, {"ru", "ɕ", "S;"}, {"ru", "ʑ", "z;"}, {"ru", "ɨ", "y"},
    {"uk", "ɕ", "S;"}, {"uk", "ʑ", "z;"}, {"uk", "ɪ", "y"},
    /* Spanish */
    {"es", "ɾ", "*"}, {"es", "r", "R"}, {"es", "β", "B"}, {"es", "ð", "D"}, {"es", "ɣ", "Q"},

    /* every language: marks */
    {NULL, "ˈ", "'"}, {NULL, "'", "'"}, {NULL, "ˌ", ","}, {NULL, "ː", ":"}, {NULL, "ˑ", ""},
    {NULL, ".", ""},  {NULL, "‿", ""},  {NULL, "\xCD\xA1", ""}, {NULL, "\xCD\x9C", ""},
    {NULL, "\xCC\x83", "~"}, /* combining tilde: a nasal vowel */
    {NULL, "\xCC\xA9", ""},  /* syllabic mark */
    {NULL, "\xCC\xAF", ""},  /* non-syllabic mark */
    {NULL, "ʰ", ""}, {NULL, "ʲ", ";"}, {NULL, " ", " "},
    /* diphthongs */
    {NULL, "eɪ", "eI"}, {NULL, "aɪ", "aI"}, {NULL, "aʊ", "aU"}, {NULL, "ɔɪ", "OI"}, {NULL, "oʊ", "oU"},
    /* consonants */
    {NULL, "p", "p"}, {NULL, "b", "b"}, {NULL, "t", "t"}, {NULL, "d", "d"}, {NULL, "k", "k"}, {NULL, "g", "g"},
    {NULL, "ɡ", "g"}, {NULL, "f", "f"}, {NULL, "v", "v"}, {NULL, "s", "s"}, {NULL, "z", "z"}, {NULL, "h", "h"},
    {NULL, "m", "m"}, {NULL, "n", "n"}, {NULL, "l", "l"}, {NULL, "r", "r"}, {NULL, "j", "j"}, {NULL, "w", "w"},
    {NULL, "x", "x"}, {NULL, "c", "c"}, {NULL, "q", "q"}, {NULL, "ʔ", "?"}, {NULL, "θ", "T"}, {NULL, "ð", "D"},
    {NULL, "ʃ", "S"}, {NULL, "ʒ", "Z"}, {NULL, "tʃ", "tS"}, {NULL, "dʒ", "dZ"}, {NULL, "ts", "ts"},
    {NULL, "ŋ", "N"}, {NULL, "ɲ", "n^"}, {NULL, "ʎ", "l^"}, {NULL, "ç", "C"}, {NULL, "ɣ", "Q"}, {NULL, "β", "B"},
    {NULL, "ɸ", "F"}, {NULL, "ɾ", "r"}, {NULL, "ɹ", "r"}, {NULL, "ʁ", "r"}, {NULL, "ʀ", "r"}, {NULL, "ɫ", "l"},
    {NULL, "ɟ", "J"}, {NULL, "ʝ", "j"}, {NULL, "ɕ", "S"}, {NULL, "ʑ", "Z"}, {NULL, "ʂ", "s."}, {NULL, "ʐ", "z."},
    {NULL, "ɥ", "H"}, {NULL, "ʋ", "v"}, {NULL, "ɦ", "h"}, {NULL, "ʍ", "W"},
    /* vowels */
    {NULL, "i", "i"}, {NULL, "ɪ", "I"}, {NULL, "e", "e"}, {NULL, "ɛ", "E"}, {NULL, "æ", "a"}, {NULL, "a", "a"},
    {NULL, "ɑ", "A"}, {NULL, "ɒ", "0"}, {NULL, "ɔ", "O"}, {NULL, "o", "o"}, {NULL, "ʊ", "U"}, {NULL, "u", "u"},
    {NULL, "ʌ", "V"}, {NULL, "ə", "@"}, {NULL, "ɜ", "3"}, {NULL, "ɐ", "a#"}, {NULL, "y", "y"}, {NULL, "ʏ", "Y"},
    {NULL, "ø", "Y"}, {NULL, "œ", "W"}, {NULL, "ɨ", "y"}, {NULL, "ɯ", "u"}, {NULL, "ɵ", "8"}, {NULL, "ɤ", "o-"},
};

/* Whether entry applies to the language (its primary subtag). */
static int applies(const ipa_symbol *s, const char *language)
{
    size_t n;
    if (!s->language)
        return 1;
    if (!language)
        return 0;
    n = strlen(s->language);
    return strncmp(language, s->language, n) == 0 && (language[n] == '\0' || language[n] == '-' || language[n] == '_');
}

int rs__ipa_to_espeak(const char *language, const char *ipa, rs_buf *out, size_t *bad_offset, size_t *bad_length)
{
    size_t pos = 0, len = strlen(ipa);
    while (pos < len) {
        const ipa_symbol *best = NULL;
        size_t best_len = 0, k;
        for (k = 0; k < sizeof symbols / sizeof symbols[0]; k++) {
            size_t n = strlen(symbols[k].ipa);
            if (n > best_len && n <= len - pos && memcmp(ipa + pos, symbols[k].ipa, n) == 0 &&
                applies(&symbols[k], language)) {
                best = &symbols[k];
                best_len = n;
            }
        }
        if (!best) {
            size_t n = 1;
            while (pos + n < len && ((unsigned char)ipa[pos + n] & 0xC0) == 0x80)
                n++;
            *bad_offset = pos;
            *bad_length = n;
            return ROSTRUM_EINPUT;
        }
        rs__buf_puts(out, best->espeak);
        pos += best_len;
    }
    return out->failed ? ROSTRUM_ENOMEM : 0;
}
