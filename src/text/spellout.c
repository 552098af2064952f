/* Number words by ICU's rule-based spell-out (its RBNF rule sets for each
 * language, with the grammatical case and gender of ordinals), used where
 * espeak-ng's own reading is wrong: a Russian year is read in the
 * nominative whatever the sentence asks. The only place rostrum asks ICU
 * for number words. ICU 72 has no ordinals for Ukrainian and Polish, so
 * those come from rule texts of rostrum's own below, in ICU's format,
 * and so do Ukrainian cardinals in the oblique cases. */
#include <pthread.h>
#include <string.h>

#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "text/text.h"

#define WORDS_MAX 256
#define RULES_MAX 60000

/* ---- Ukrainian ordinals ----
 * One rule set per case and gender, all of one shape: the last component
 * is an ordinal (stem + ending), those before it stay cardinals
 * ("дві тисячі двадцять четвертого"). H is the ending of a hard stem
 * (перш-ого), S that of the soft stem трет- (трет-ього). The apostrophe is
 * U+02BC, as ICU writes it; it is made ASCII for espeak-ng after. */
#define UK_ORDINAL(name, H, S) \
    name ":\n" \
    "0: нульов" H ";\n1: перш" H ";\n2: друг" H ";\n3: трет" S ";\n4: четверт" H ";\n5: пʼят" H ";\n" \
    "6: шост" H ";\n7: сьом" H ";\n8: восьм" H ";\n9: девʼят" H ";\n10: десят" H ";\n11: одинадцят" H ";\n" \
    "12: дванадцят" H ";\n13: тринадцят" H ";\n14: чотирнадцят" H ";\n15: пʼятнадцят" H ";\n" \
    "16: шістнадцят" H ";\n17: сімнадцят" H ";\n18: вісімнадцят" H ";\n19: девʼятнадцят" H ";\n" \
    "20: двадцят" H ";\n21: двадцять >>;\n30: тридцят" H ";\n31: тридцять >>;\n40: сороков" H ";\n" \
    "41: сорок >>;\n50: пʼятдесят" H ";\n51: пʼятдесят >>;\n60: шістдесят" H ";\n61: шістдесят >>;\n" \
    "70: сімдесят" H ";\n71: сімдесят >>;\n80: вісімдесят" H ";\n81: вісімдесят >>;\n" \
    "90: девʼяност" H ";\n91: девʼяносто >>;\n100: сот" H ";\n101: сто >>;\n200: двохсот" H ";\n" \
    "201: двісті >>;\n300: трьохсот" H ";\n301: триста >>;\n400: чотирьохсот" H ";\n401: чотириста >>;\n" \
    "500: пʼятисот" H ";\n501: пʼятсот >>;\n600: шестисот" H ";\n601: шістсот >>;\n700: семисот" H ";\n" \
    "701: сімсот >>;\n800: восьмисот" H ";\n801: вісімсот >>;\n900: девʼятисот" H ";\n901: девʼятсот >>;\n" \
    "1000: тисячн" H ";\n1001: тисяча >>;\n2000: двохтисячн" H ";\n2001: дві тисячі >>;\n" \
    "3000: трьохтисячн" H ";\n3001: три тисячі >>;\n4000: чотирьохтисячн" H ";\n4001: чотири тисячі >>;\n" \
    "5000: пʼятитисячн" H ";\n5001: пʼять тисяч >>;\n6000: шеститисячн" H ";\n6001: шість тисяч >>;\n" \
    "7000: семитисячн" H ";\n7001: сім тисяч >>;\n8000: восьмитисячн" H ";\n8001: вісім тисяч >>;\n" \
    "9000: девʼятитисячн" H ";\n9001: девʼять тисяч >>;\n10000: =#,##0=;\n"

static const char uk_ordinals[] =
    UK_ORDINAL("%spellout-ordinal-masculine", "ий", "ій")
    UK_ORDINAL("%spellout-ordinal-masculine-genitive", "ого", "ього")
    UK_ORDINAL("%spellout-ordinal-masculine-dative", "ому", "ьому")
    UK_ORDINAL("%spellout-ordinal-masculine-locative", "ому", "ьому")
    UK_ORDINAL("%spellout-ordinal-masculine-ablative", "им", "ім")
    UK_ORDINAL("%spellout-ordinal-feminine", "а", "я")
    UK_ORDINAL("%spellout-ordinal-feminine-genitive", "ої", "ьої")
    UK_ORDINAL("%spellout-ordinal-feminine-dative", "ій", "ій")
    UK_ORDINAL("%spellout-ordinal-feminine-accusative", "у", "ю")
    UK_ORDINAL("%spellout-ordinal-feminine-ablative", "ою", "ьою")
    UK_ORDINAL("%spellout-ordinal-neuter", "е", "є")
    UK_ORDINAL("%spellout-ordinal-plural", "і", "і")
    UK_ORDINAL("%spellout-ordinal-plural-genitive", "их", "іх");

/* ---- Polish ordinals ----
 * Polish makes both the tens and the units ordinal ("dwa tysiące
 * dwudziestego czwartego"); H ends a hard stem (czwart-ego), G the stem
 * drug- (drug-iego), S the soft stem trzec- (trzec-iego). */
#define PL_ORDINAL(name, H, G, S) \
    name ":\n" \
    "0: zerow" H ";\n1: pierwsz" H ";\n2: drug" G ";\n3: trzec" S ";\n4: czwart" H ";\n5: piąt" H ";\n" \
    "6: szóst" H ";\n7: siódm" H ";\n8: ósm" H ";\n9: dziewiąt" H ";\n10: dziesiąt" H ";\n11: jedenast" H ";\n" \
    "12: dwunast" H ";\n13: trzynast" H ";\n14: czternast" H ";\n15: piętnast" H ";\n16: szesnast" H ";\n" \
    "17: siedemnast" H ";\n18: osiemnast" H ";\n19: dziewiętnast" H ";\n20: dwudziest" H "[ >>];\n" \
    "30: trzydziest" H "[ >>];\n40: czterdziest" H "[ >>];\n50: pięćdziesiąt" H "[ >>];\n" \
    "60: sześćdziesiąt" H "[ >>];\n70: siedemdziesiąt" H "[ >>];\n80: osiemdziesiąt" H "[ >>];\n" \
    "90: dziewięćdziesiąt" H "[ >>];\n100: setn" H ";\n101: sto >>;\n200: dwusetn" H ";\n201: dwieście >>;\n" \
    "300: trzechsetn" H ";\n301: trzysta >>;\n400: czterechsetn" H ";\n401: czterysta >>;\n" \
    "500: pięćsetn" H ";\n501: pięćset >>;\n600: sześćsetn" H ";\n601: sześćset >>;\n" \
    "700: siedemsetn" H ";\n701: siedemset >>;\n800: osiemsetn" H ";\n801: osiemset >>;\n" \
    "900: dziewięćsetn" H ";\n901: dziewięćset >>;\n1000: tysięczn" H ";\n1001: tysiąc >>;\n" \
    "2000: dwutysięczn" H ";\n2001: dwa tysiące >>;\n3000: trzytysięczn" H ";\n3001: trzy tysiące >>;\n" \
    "4000: czterotysięczn" H ";\n4001: cztery tysiące >>;\n5000: pięciotysięczn" H ";\n" \
    "5001: pięć tysięcy >>;\n6000: sześciotysięczn" H ";\n6001: sześć tysięcy >>;\n" \
    "7000: siedmiotysięczn" H ";\n7001: siedem tysięcy >>;\n8000: ośmiotysięczn" H ";\n" \
    "8001: osiem tysięcy >>;\n9000: dziewięciotysięczn" H ";\n9001: dziewięć tysięcy >>;\n10000: =#,##0=;\n"

static const char pl_ordinals[] =
    PL_ORDINAL("%spellout-ordinal-masculine", "y", "i", "i")
    PL_ORDINAL("%spellout-ordinal-masculine-genitive", "ego", "iego", "iego")
    PL_ORDINAL("%spellout-ordinal-masculine-dative", "emu", "iemu", "iemu")
    PL_ORDINAL("%spellout-ordinal-masculine-locative", "ym", "im", "im")
    PL_ORDINAL("%spellout-ordinal-masculine-instrumental", "ym", "im", "im")
    PL_ORDINAL("%spellout-ordinal-feminine", "a", "a", "ia")
    PL_ORDINAL("%spellout-ordinal-feminine-genitive", "ej", "iej", "iej")
    PL_ORDINAL("%spellout-ordinal-feminine-accusative", "ą", "ą", "ią")
    PL_ORDINAL("%spellout-ordinal-neuter", "e", "ie", "ie")
    PL_ORDINAL("%spellout-ordinal-plural-genitive", "ych", "ich", "ich");

/* ---- Ukrainian cardinals in the oblique cases ----
 * ICU 72 says Ukrainian cardinals in the nominative only; after "близько",
 * "до", "у ... областях" a reader says "близько трьохсот", "у пʼяти
 * областях". The rule text is made once from these forms: per case, the
 * masculine and feminine of one, the words for 2-19, the tens, the
 * hundreds, and the singular and plural of тисяча, мільйон and мільярд. */
enum { UK_GENITIVE, UK_DATIVE, UK_LOCATIVE, UK_ABLATIVE, UK_CASES };

static const char *const uk_case_names[UK_CASES] = {"genitive", "dative", "locative", "ablative"};

static const char *const uk_one[2][UK_CASES] = {
    {"одного", "одному", "одному", "одним"},
    {"однієї", "одній", "одній", "однією"},
};

/* 2-19 by case; the genitive, dative and locative of 5-19 are the same */
static const char *const uk_small[18][UK_CASES] = {
    {"двох", "двом", "двох", "двома"},
    {"трьох", "трьом", "трьох", "трьома"},
    {"чотирьох", "чотирьом", "чотирьох", "чотирма"},
    {"пʼяти", "пʼяти", "пʼяти", "пʼятьма"},
    {"шести", "шести", "шести", "шістьма"},
    {"семи", "семи", "семи", "сьома"},
    {"восьми", "восьми", "восьми", "вісьмома"},
    {"девʼяти", "девʼяти", "девʼяти", "девʼятьма"},
    {"десяти", "десяти", "десяти", "десятьма"},
    {"одинадцяти", "одинадцяти", "одинадцяти", "одинадцятьма"},
    {"дванадцяти", "дванадцяти", "дванадцяти", "дванадцятьма"},
    {"тринадцяти", "тринадцяти", "тринадцяти", "тринадцятьма"},
    {"чотирнадцяти", "чотирнадцяти", "чотирнадцяти", "чотирнадцятьма"},
    {"пʼятнадцяти", "пʼятнадцяти", "пʼятнадцяти", "пʼятнадцятьма"},
    {"шістнадцяти", "шістнадцяти", "шістнадцяти", "шістнадцятьма"},
    {"сімнадцяти", "сімнадцяти", "сімнадцяти", "сімнадцятьма"},
    {"вісімнадцяти", "вісімнадцяти", "вісімнадцяти", "вісімнадцятьма"},
    {"девʼятнадцяти", "девʼятнадцяти", "девʼятнадцяти", "девʼятнадцятьма"},
};

/* 20-90 */
static const char *const uk_tens[8][UK_CASES] = {
    {"двадцяти", "двадцяти", "двадцяти", "двадцятьма"},
    {"тридцяти", "тридцяти", "тридцяти", "тридцятьма"},
    {"сорока", "сорока", "сорока", "сорока"},
    {"пʼятдесяти", "пʼятдесяти", "пʼятдесяти", "пʼятдесятьма"},
    {"шістдесяти", "шістдесяти", "шістдесяти", "шістдесятьма"},
    {"сімдесяти", "сімдесяти", "сімдесяти", "сімдесятьма"},
    {"вісімдесяти", "вісімдесяти", "вісімдесяти", "вісімдесятьма"},
    {"девʼяноста", "девʼяноста", "девʼяноста", "девʼяноста"},
};

/* 100-900 */
static const char *const uk_hundreds[9][UK_CASES] = {
    {"ста", "ста", "ста", "ста"},
    {"двохсот", "двомстам", "двохстах", "двомастами"},
    {"трьохсот", "трьомстам", "трьохстах", "трьомастами"},
    {"чотирьохсот", "чотирьомстам", "чотирьохстах", "чотирмастами"},
    {"пʼятисот", "пʼятистам", "пʼятистах", "пʼятьмастами"},
    {"шестисот", "шестистам", "шестистах", "шістьмастами"},
    {"семисот", "семистам", "семистах", "сьомастами"},
    {"восьмисот", "восьмистам", "восьмистах", "вісьмомастами"},
    {"девʼятисот", "девʼятистам", "девʼятистах", "девʼятьмастами"},
};

/* тисяча (feminine), мільйон, мільярд: after one, and after any other */
static const struct {
    const char *value;
    const char *count_gender;
    const char *one[UK_CASES];
    const char *other[UK_CASES];
} uk_scales[] = {
    {"1000", "feminine", {"тисячі", "тисячі", "тисячі", "тисячею"}, {"тисяч", "тисячам", "тисячах", "тисячами"}},
    {"1000000", "masculine", {"мільйона", "мільйону", "мільйоні", "мільйоном"},
     {"мільйонів", "мільйонам", "мільйонах", "мільйонами"}},
    {"1000000000", "masculine", {"мільярда", "мільярду", "мільярді", "мільярдом"},
     {"мільярдів", "мільярдам", "мільярдах", "мільярдами"}},
};

/* Writes the Ukrainian case rule text (every case, masculine, feminine
 * and neuter) into b. A thousand alone is "тисячі", not "однієї тисячі". */
static void uk_cardinal_rules(rs_buf *b)
{
    static const char *const genders[] = {"masculine", "feminine", "neuter"};
    size_t c, g, k;
    for (c = 0; c < UK_CASES; c++)
        for (g = 0; g < 3; g++) {
            rs__buf_printf(b, "%%spellout-cardinal-%s-%s:\n-x: мінус >>;\n0: нуля;\n1: %s;\n", genders[g],
                           uk_case_names[c], uk_one[g == 1][c]);
            for (k = 0; k < 18; k++)
                rs__buf_printf(b, "%zu: %s;\n", k + 2, uk_small[k][c]);
            for (k = 0; k < 8; k++)
                rs__buf_printf(b, "%zu: %s[ >>];\n", (k + 2) * 10, uk_tens[k][c]);
            for (k = 0; k < 9; k++)
                rs__buf_printf(b, "%zu: %s[ >>];\n", (k + 1) * 100, uk_hundreds[k][c]);
            for (k = 0; k < sizeof uk_scales / sizeof uk_scales[0]; k++) {
                if (k == 0)
                    rs__buf_printf(b, "1000: %s[ >>];\n2000: ", uk_scales[k].one[c]);
                else
                    rs__buf_printf(b, "%s: ", uk_scales[k].value);
                rs__buf_printf(b, "<%%spellout-cardinal-%s-%s< $(cardinal,one{%s}other{%s})$[ >>];\n",
                               uk_scales[k].count_gender, uk_case_names[c], uk_scales[k].one[c], uk_scales[k].other[c]);
            }
            rs__buf_puts(b, "1000000000000: =#,##0=;\n");
        }
}

/* ---- compiled rule sets, kept ----
 * Parsing a rule text is most of the cost of a number's words (a long
 * Ukrainian text spent seconds in it), so each locale's format is made
 * once per process and kept. ICU's formats are not safe to share between
 * threads while the default rule set changes, so one lock guards the
 * table and every use of a kept format. A failure is not kept: the next
 * call tries again. */
#define KEPT_MAX 32

typedef enum { OWN_NONE, OWN_UK_ORDINALS, OWN_PL_ORDINALS, OWN_UK_CASES } own_text;

typedef struct kept_format {
    char locale[32];
    own_text text;
    UNumberFormat *format;
} kept_format;

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static kept_format kept[KEPT_MAX];
static size_t kept_count;

/* Which rule text of rostrum's own serves a locale and rule set, if any. */
static own_text own_rules(const char *locale, const char *ruleset)
{
    int uk = rs__lang_same_primary(locale, "uk");
    if (strncmp(ruleset, "%spellout-ordinal", 17) == 0)
        return uk ? OWN_UK_ORDINALS : rs__lang_same_primary(locale, "pl") ? OWN_PL_ORDINALS : OWN_NONE;
    if (uk && strncmp(ruleset, "%spellout-cardinal-", 19) == 0 &&
        (strstr(ruleset, "-genitive") || strstr(ruleset, "-dative") || strstr(ruleset, "-locative") ||
         strstr(ruleset, "-ablative")))
        return OWN_UK_CASES;
    return OWN_NONE;
}

static UNumberFormat *open_format(const char *locale, own_text which)
{
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    UNumberFormat *format = NULL;
    UChar *text = NULL;
    rs_buf generated = {0};
    const char *rules = which == OWN_UK_ORDINALS ? uk_ordinals : which == OWN_PL_ORDINALS ? pl_ordinals : NULL;
    int32_t length = 0;
    if (which == OWN_NONE)
        return unum_open(UNUM_SPELLOUT, NULL, 0, locale, NULL, &status);
    if (which == OWN_UK_CASES) {
        uk_cardinal_rules(&generated);
        if (generated.failed || !generated.data)
            goto cleanup;
        rules = generated.data;
    }
    text = rs__malloc(RULES_MAX * sizeof *text);
    if (!text)
        goto cleanup;
    u_strFromUTF8(text, RULES_MAX, &length, rules, -1, &status);
    if (U_SUCCESS(status))
        format = unum_open(UNUM_PATTERN_RULEBASED, text, length, locale, &parse_error, &status);
    if (U_FAILURE(status)) {
        unum_close(format);
        format = NULL;
    }
cleanup:
    rs__free(text);
    rs__buf_free(&generated);
    return format;
}

/* The kept format for locale and text, made on first use; called with
 * kept_lock held. NULL when it cannot be made; *own is set to a format
 * made for this call only when the table has no room for it (the caller
 * closes it). */
static UNumberFormat *kept_format_for(const char *locale, own_text which, UNumberFormat **own)
{
    size_t k;
    UNumberFormat *format;
    *own = NULL;
    for (k = 0; k < kept_count; k++)
        if (kept[k].text == which && strcmp(kept[k].locale, locale) == 0)
            return kept[k].format;
    format = open_format(locale, which);
    if (!format)
        return NULL;
    if (strlen(locale) >= sizeof kept[0].locale || kept_count == KEPT_MAX) {
        *own = format; /* many locale tags (zh-Hant-TW, ...): said, not kept */
        return format;
    }
    memcpy(kept[kept_count].locale, locale, strlen(locale) + 1);
    kept[kept_count].text = which;
    kept[kept_count].format = format;
    kept_count++;
    return format;
}

/* Formats number by ruleset into words; the length, or -1. */
static int32_t format_words(const char *locale, const char *ruleset, const char *number, UChar *words)
{
    UErrorCode status = U_ZERO_ERROR;
    UChar name[64];
    int32_t length = -1;
    UNumberFormat *format, *own;
    own_text which = own_rules(locale, ruleset);
    u_uastrncpy(name, ruleset, (int32_t)(sizeof name / sizeof name[0]));
    pthread_mutex_lock(&kept_lock);
    format = kept_format_for(locale, which, &own);
    if (format) {
        unum_setTextAttribute(format, UNUM_DEFAULT_RULESET, name, -1, &status);
        if (U_SUCCESS(status))
            length = unum_formatDecimal(format, number, -1, words, WORDS_MAX, NULL, &status);
    }
    pthread_mutex_unlock(&kept_lock);
    unum_close(own);
    if (!format || U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
        return -1;
    return length;
}

char *rs__spellout_decimal(const char *locale, const char *ruleset, const char *number)
{
    UErrorCode status = U_ZERO_ERROR;
    UChar words[WORDS_MAX];
    char utf8[WORDS_MAX * 3];
    int32_t length = format_words(locale, ruleset, number, words);
    size_t i, at = 0;
    if (length < 0)
        return NULL;
    u_strToUTF8(utf8, (int32_t)sizeof utf8, NULL, words, length, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
        return NULL;
    for (i = 0; utf8[i]; i++) {
        unsigned char c = (unsigned char)utf8[i], next = (unsigned char)utf8[i + 1];
        /* rule sets may mark syllables with soft hyphens (U+00AD): not words */
        if (c == 0xC2 && next == 0xAD) {
            i++;
            continue;
        }
        /* espeak-ng spells U+02BC (пʼять) letter by letter; it reads ' */
        if (c == 0xCA && next == 0xBC) {
            i++;
            utf8[at++] = '\'';
            continue;
        }
        utf8[at++] = utf8[i];
    }
    utf8[at] = '\0';
    return rs__strdup(utf8);
}

char *rs__spellout(const char *locale, const char *ruleset, long long value)
{
    char digits[32];
    int negative = value < 0;
    size_t at = sizeof digits - 1;
    unsigned long long magnitude = negative ? 0ULL - (unsigned long long)value : (unsigned long long)value;
    digits[at] = '\0';
    do {
        digits[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude && at > 1);
    if (negative)
        digits[--at] = '-';
    return rs__spellout_decimal(locale, ruleset, digits + at);
}
