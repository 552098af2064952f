/* Numbers as a careful reader says them, per language: thousands
 * separators, decimals, percentages, currencies before or after the amount,
 * dates, years, decades, ranges, ordinals, Roman numerals, units. Digits
 * are handed to espeak-ng plainly where it reads them well; where it does
 * not (ordinals, the case and gender of Russian, Ukrainian and Polish
 * words, Ukrainian thousands) they become words by ICU's rules. Pure. */
#include <stdio.h>
#include <string.h>

#include "normalize_rules.h"

#define MAX_DIGITS 40

unsigned long rs__digits_value(const char *s, size_t len)
{
    unsigned long v = 0;
    size_t i;
    for (i = 0; i < len && i < 9; i++)
        v = v * 10 + (unsigned long)(s[i] - '0');
    return v;
}

typedef struct number {
    size_t end;                   /* source end */
    char integer[MAX_DIGITS + 1]; /* digits without separators */
    char fraction[MAX_DIGITS + 1];
    size_t first_group;           /* digits before the first separator */
    int grouped;
} number;

static int is_space_at(const rs_norm *n, size_t pos, size_t *len)
{
    const unsigned char *s = (const unsigned char *)n->text + pos;
    size_t avail = n->len - pos;
    if (avail >= 1 && s[0] == ' ') {
        *len = 1;
        return 1;
    }
    if (avail >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
        *len = 2;
        return 1;
    }
    if (avail >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xAF || s[2] == 0x89)) {
        *len = 3;
        return 1;
    }
    return 0;
}

static size_t skip_spaces(const rs_norm *n, size_t pos)
{
    size_t len;
    while (pos < n->len && is_space_at(n, pos, &len))
        pos += len;
    return pos;
}

static size_t digits_at(const rs_norm *n, size_t pos)
{
    size_t i = pos;
    while (i < n->len && rs__is_digit(n->text[i]))
        i++;
    return i - pos;
}

/* A group separator followed by exactly three digits, at pos. */
static size_t group_at(const rs_norm *n, size_t pos)
{
    size_t sep = 0;
    if (pos < n->len && n->text[pos] == n->lang->group_separator)
        sep = 1;
    else if (n->lang->group_apostrophe && pos < n->len && n->text[pos] == '\'')
        sep = 1; /* Swiss 1'000 */
    else if (n->lang->group_apostrophe && pos + 2 < n->len && memcmp(n->text + pos, "\xE2\x80\x99", 3) == 0)
        sep = 3;
    else if (n->lang->group_space && !is_space_at(n, pos, &sep))
        sep = 0;
    /* where a plain space may part two numbers (de, it, nl, pt, tr), only a
     * no-break or narrow space groups thousands */
    if (sep == 1 && n->text[pos] == ' ' && n->lang->group_space == 2)
        sep = 0;
    if (sep == 0)
        return 0;
    if (digits_at(n, pos + sep) != 3)
        return 0;
    return sep + 3;
}

/* Parses a number at pos in the language's notation. A space only groups
 * thousands after one to three digits, so "2015 300" stays two numbers. */
static int parse_number(const rs_norm *n, size_t pos, number *out)
{
    size_t i = pos, d = digits_at(n, pos), k, used;
    memset(out, 0, sizeof *out);
    if (d == 0 || d > MAX_DIGITS)
        return 0;
    memcpy(out->integer, n->text + pos, d);
    used = d;
    out->first_group = d;
    i += d;
    while (d <= 3 && (k = group_at(n, i)) > 0 && used + 3 <= MAX_DIGITS) {
        /* a comma group in English, a dot group in French or Spanish */
        memcpy(out->integer + used, n->text + i + k - 3, 3);
        used += 3;
        i += k;
        out->grouped = 1;
    }
    out->integer[used] = '\0';
    if (i + 1 < n->len && n->text[i] == n->lang->decimal_mark && rs__is_digit(n->text[i + 1])) {
        d = digits_at(n, i + 1);
        if (d <= MAX_DIGITS) {
            memcpy(out->fraction, n->text + i + 1, d);
            out->fraction[d] = '\0';
            i += 1 + d;
        }
    }
    out->end = i;
    return 1;
}

static void number_words(const rs_norm *n, const number *num, int feminine, rs_buf *b);

static void number_text(const rs_norm *n, const number *num, rs_buf *b)
{
    number_words(n, num, 0, b);
}

static int starts_with(const rs_norm *n, size_t pos, const char *word)
{
    size_t len = strlen(word);
    return pos + len <= n->len && memcmp(n->text + pos, word, len) == 0;
}

/* Whether no letter or digit goes on at pos: punctuation of any script
 * (», …, —) ends a word as a space does. */
static int word_ends_at(const rs_norm *n, size_t pos)
{
    unsigned char c;
    size_t len;
    if (pos >= n->len)
        return 1;
    c = (unsigned char)n->text[pos];
    if (c < 0x80)
        return !(rs__is_alpha_byte(c) || rs__is_digit((char)c));
    return !rs__cp_is_letter(rs__utf8_decode(n->text + pos, &len));
}

/* ---- the forms a noun takes after a number ----
 * Russian, Ukrainian and Polish nouns agree with the number before them:
 * 1 доллар, 2 доллара, 5 долларов, 2,5 доллара. A name holds its forms
 * parted by '|': one, few, many, and after a fraction; a name without '|'
 * does not change. German, Italian and Dutch write "one|other". */

enum { FORM_ONE = 0, FORM_FEW, FORM_MANY, FORM_FRACTION };

static int slavic_language(const rs_norm *n)
{
    return n->lang->id == RS_LANG_RU || n->lang->id == RS_LANG_UK || n->lang->id == RS_LANG_PL;
}

/* ICU's locale for the language's number words: its own tag where the
 * script matters (zh-Hant and yue write 萬, zh 万). */
static const char *locale_of(const rs_norm *n)
{
    const char *tag = n->ctx->language;
    if (n->lang->locale)
        return n->lang->locale;
    if (rs__lang_same_primary(tag, "cmn")) /* ICU knows Mandarin as zh */
        return strstr(tag, "Hant") || strstr(tag, "hant") ? "zh-Hant" : "zh";
    return tag;
}

/* Whether c is a percent sign at pos: % or the Arabic ٪ (U+066A). */
static size_t percent_sign_at(const rs_norm *n, size_t pos)
{
    if (pos < n->len && n->text[pos] == '%')
        return 1;
    return starts_with(n, pos, "\xD9\xAA") ? 2 : 0;
}

/* The form of a noun after num in the language. */
static int noun_form(const rs_norm *n, const number *num)
{
    size_t len = strlen(num->integer);
    int last = num->integer[len - 1] - '0', tens = len > 1 ? num->integer[len - 2] - '0' : 0;
    if (num->fraction[0])
        return FORM_FRACTION;
    if (!slavic_language(n))
        return (len == 1 && last == 1) ? FORM_ONE : FORM_MANY;
    if (tens == 1)
        return FORM_MANY;
    if (last == 1)
        return (n->lang->id != RS_LANG_PL || len == 1) ? FORM_ONE : FORM_MANY; /* pl: 21 złotych */
    return (last >= 2 && last <= 4) ? FORM_FEW : FORM_MANY;
}

/* Appends form k of forms ("доллар|доллара|долларов|доллара"); a list
 * shorter than k gives its last form. */
static void put_form(rs_buf *b, const char *forms, int k)
{
    const char *start = forms, *bar;
    int i;
    for (i = 0; i < k && (bar = strchr(start, '|')) != NULL; i++)
        start = bar + 1;
    bar = strchr(start, '|');
    rs__buf_append(b, start, bar ? (size_t)(bar - start) : strlen(start));
}

/* ---- currencies ---- */

typedef struct currency {
    const char *symbol;               /* as written */
    int before_only;                  /* only before the amount */
    int feminine;                     /* its number agrees: 2 гривні, дві гривні */
    const char *name[RS_LANG_COUNT];  /* spoken, by language id (see put_form) */
} currency;

#define LIRAS "Turkish lira", "livres turques", "liras turcas", "турецкая лира|турецкие лиры|турецких лир|турецкой лиры", \
    "турецька ліра|турецькі ліри|турецьких лір|турецької ліри", "Türkische Lira", "liras turcas", "lire turche", \
    "lira turecka|liry tureckie|lir tureckich|liry tureckiej", "Türk lirası", "Turkse lira"
#define DOLLARS "dollars", "dollars", "dólares", "доллар|доллара|долларов|доллара", "долар|долари|доларів|долара", \
    "Dollar", "dólares", "dollari", "dolar|dolary|dolarów|dolara", "dolar", "dollar"
#define US_DOLLARS "US dollars", "dollars des États-Unis", "dólares estadounidenses", \
    "доллар США|доллара США|долларов США|доллара США", "долар США|долари США|доларів США|долара США", \
    "US-Dollar", "dólares americanos", "dollari statunitensi", \
    "dolar amerykański|dolary amerykańskie|dolarów amerykańskich|dolara amerykańskiego", "ABD doları", \
    "Amerikaanse dollar"
#define EUROS "euros", "euros", "euros", "евро", "євро", "Euro", "euros", "euro", "euro", "avro", "euro"
#define POUNDS "pounds", "livres sterling", "libras esterlinas", \
    "фунт стерлингов|фунта стерлингов|фунтов стерлингов|фунта стерлингов", \
    "фунт стерлінгів|фунти стерлінгів|фунтів стерлінгів|фунта стерлінгів", "Pfund", "libras", "sterline", \
    "funt|funty|funtów|funta", "sterlin", "pond"
#define FRANCS "Swiss francs", "francs suisses", "francos suizos", \
    "швейцарский франк|швейцарских франка|швейцарских франков|швейцарского франка", \
    "швейцарський франк|швейцарські франки|швейцарських франків|швейцарського франка", "Franken", \
    "francos suíços", "franchi svizzeri", "frank szwajcarski|franki szwajcarskie|franków szwajcarskich|franka szwajcarskiego", \
    "İsviçre frangı", "Zwitserse frank"
#define ROUBLES "roubles", "roubles", "rublos", "рубль|рубля|рублей|рубля", "рубль|рублі|рублів|рубля", "Rubel", \
    "rublos", "rubli", "rubel|ruble|rubli|rubla", "ruble", "roebel"
#define HRYVNIAS "hryvnias", "hryvnias", "grivnas", "гривна|гривны|гривен|гривны", "гривня|гривні|гривень|гривні", \
    "Hrywnja", "grívnias", "grivnie", "hrywna|hrywny|hrywien|hrywny", "grivna", "grivna"

static const currency currencies[] = {
    {"R$", 1, 0, {"", "Brazilian reais", "réais", "reales", "реал|реала|реалов|реала", "реал|реали|реалів|реала",
                  "Real", "reais", "real", "real|reale|reali|reala", "real", "real"}},
    {"US$", 1, 0, {"", US_DOLLARS}},
    {"USD", 0, 0, {"", US_DOLLARS}},
    {"$", 0, 0, {"", DOLLARS}},
    {"\xE2\x82\xAC", 0, 0, {"", EUROS}},
    {"EUR", 0, 0, {"", EUROS}},
    {"\xC2\xA3", 1, 0, {"", POUNDS}},
    {"GBP", 0, 0, {"", POUNDS}},
    {"CHF", 0, 0, {"", FRANCS}},
    {"\xE2\x82\xBD", 0, 0, {"", ROUBLES}},
    {"руб.", 0, 0, {"", ROUBLES}},
    {"\xE2\x82\xB4", 0, 1, {"", HRYVNIAS}},
    {"грн", 0, 1, {"", HRYVNIAS}},
    {"zł", 0, 0, {"", "zlotys", "zlotys", "zlotys", "злотый|злотых|злотых|злотого", "злотий|злоті|злотих|злотого",
                  "Złoty", "zlótis", "zloty", "złoty|złote|złotych|złotego", "zloti", "zloty"}},
    {"\xE2\x82\xBA", 0, 0, {"", LIRAS}},
    {"TL", 0, 0, {"", LIRAS}},
    {"R", 1, 0, {"", "rand", "rands", "rands", "рэнд|рэнда|рэндов|рэнда", "ранд|ранди|рандів|ранда", "Rand", "rands",
                 "rand", "rand|randy|randów|randa", "rand", "rand"}},
};

/* Scale words after an amount: as written (a word already), or an
 * abbreviation with the forms it stands for. */
typedef struct scale_word {
    rs_lang_id language;     /* RS_LANG_OTHER: any */
    const char *written;
    const char *forms;       /* NULL: said as written */
} scale_word;

static const scale_word scales[] = {
    {RS_LANG_OTHER, "thousand", NULL}, {RS_LANG_OTHER, "million", NULL}, {RS_LANG_OTHER, "billion", NULL},
    {RS_LANG_OTHER, "trillion", NULL}, {RS_LANG_OTHER, "millions", NULL}, {RS_LANG_OTHER, "milliards", NULL},
    {RS_LANG_OTHER, "milliard", NULL}, {RS_LANG_OTHER, "mille", NULL}, {RS_LANG_OTHER, "mil millones", NULL},
    {RS_LANG_OTHER, "millones", NULL}, {RS_LANG_OTHER, "millón", NULL}, {RS_LANG_OTHER, "billones", NULL},
    {RS_LANG_OTHER, "billón", NULL}, {RS_LANG_EN, "bn", NULL}, {RS_LANG_EN, "m", NULL},
    {RS_LANG_RU, "млн", "миллион|миллиона|миллионов|миллиона"},
    {RS_LANG_RU, "млрд", "миллиард|миллиарда|миллиардов|миллиарда"},
    {RS_LANG_RU, "трлн", "триллион|триллиона|триллионов|триллиона"},
    {RS_LANG_RU, "тыс.", "тысяча|тысячи|тысяч|тысячи"},
    {RS_LANG_UK, "млн", "мільйон|мільйони|мільйонів|мільйона"},
    {RS_LANG_UK, "млрд", "мільярд|мільярди|мільярдів|мільярда"},
    {RS_LANG_UK, "трлн", "трильйон|трильйони|трильйонів|трильйона"},
    {RS_LANG_UK, "тис.", "тисяча|тисячі|тисяч|тисячі"},
    {RS_LANG_PL, "mln", "milion|miliony|milionów|miliona"},
    {RS_LANG_PL, "mld", "miliard|miliardy|miliardów|miliarda"},
    {RS_LANG_PL, "bln", "bilion|biliony|bilionów|biliona"},
    {RS_LANG_PL, "tys.", "tysiąc|tysiące|tysięcy|tysiąca"},
    {RS_LANG_DE, "Mio.", "Million|Millionen"}, {RS_LANG_DE, "Mrd.", "Milliarde|Milliarden"},
    {RS_LANG_DE, "Mio", "Million|Millionen"}, {RS_LANG_DE, "Mrd", "Milliarde|Milliarden"},
    {RS_LANG_IT, "mln", "milione|milioni"}, {RS_LANG_IT, "mld", "miliardo|miliardi"},
    {RS_LANG_NL, "mln.", "miljoen"}, {RS_LANG_NL, "mld.", "miljard"}, {RS_LANG_NL, "mln", "miljoen"},
    {RS_LANG_NL, "mld", "miljard"},
};

/* Full scale words of the languages with number rules only, which a
 * currency follows: "5 Millionen Dollar", "5 млн долларов". */
static const char *const scale_words[] = {
    "миллионов", "миллиона", "миллион", "миллиардов", "миллиарда", "миллиард", "тысяч", "тысячи",
    "мільйонів", "мільйони", "мільйона", "мільйон", "мільярдів", "мільярди", "мільярда", "мільярд", "тисяч",
    "Millionen", "Million", "Milliarden", "Milliarde", "mil milhões", "milhões", "milhão", "bilhões", "bilhão",
    "milioni", "milione", "miliardi", "miliardo", "miljoen", "miljard", "milyon", "milyar",
    "milionów", "miliony", "milion", "miliardów", "miliardy", "miliard", "tysięcy",
};

static const char *currency_name(const rs_norm *n, const currency *c)
{
    return c->name[n->lang->id == RS_LANG_OTHER ? RS_LANG_EN : n->lang->id];
}

/* A scale word after an amount ("810 million", "5 млн"), as written; its
 * length, and in *forms what an abbreviation stands for. */
static size_t scale_at(const rs_norm *n, size_t pos, const char **word, const char **forms)
{
    size_t k, len;
    *forms = NULL;
    for (k = 0; k < sizeof scales / sizeof scales[0]; k++) {
        if (scales[k].language != RS_LANG_OTHER && scales[k].language != n->lang->id)
            continue;
        len = strlen(scales[k].written);
        /* an abbreviation with its dot ends there: "5 Mio. Euro" */
        if (starts_with(n, pos, scales[k].written) && (scales[k].written[len - 1] == '.' || word_ends_at(n, pos + len))) {
            *word = scales[k].written;
            *forms = scales[k].forms;
            return len;
        }
    }
    for (k = 0; n->lang->numbers_only && k < sizeof scale_words / sizeof scale_words[0]; k++) {
        len = strlen(scale_words[k]);
        if (starts_with(n, pos, scale_words[k]) && word_ends_at(n, pos + len)) {
            *word = scale_words[k];
            return len;
        }
    }
    return 0;
}

static void number_words(const rs_norm *n, const number *num, int feminine, rs_buf *b);

/* The currency's name after num (or after a scale word: 5 млн долларов). */
static void put_currency(const rs_norm *n, const currency *c, const number *num, int after_scale, rs_buf *b)
{
    put_form(b, currency_name(n, c), after_scale ? FORM_MANY : noun_form(n, num));
}

/* num and its scale word; an abbreviation is said in the form the number asks. */
static void put_amount(const rs_norm *n, const number *num, int feminine, const char *scale, const char *forms,
                       rs_buf *b)
{
    number_words(n, num, feminine && !scale, b);
    if (!scale)
        return;
    rs__buf_putc(b, ' ');
    if (forms)
        put_form(b, forms, noun_form(n, num));
    else
        rs__buf_puts(b, scale);
}

/* "$810 million" -> "810 million dollars"; "US$ 5" -> "5 US dollars";
 * "R5" (rand) only straight before digits; French and Spanish put "de"
 * between a scale word and the currency. An amount after a currency prefix
 * in English may keep the decimal comma of its country: R56,5 billion. */
static size_t currency_before(rs_norm *n, size_t pos)
{
    size_t k;
    for (k = 0; k < sizeof currencies / sizeof currencies[0]; k++) {
        const currency *c = &currencies[k];
        size_t sl = strlen(c->symbol), at, after, scale_len = 0;
        const char *scale = NULL, *forms = NULL;
        number num;
        rs_buf spoken = {0};
        if (!starts_with(n, pos, c->symbol) || !currency_name(n, c))
            continue;
        if (rs__is_alpha_byte((unsigned char)c->symbol[0]) &&
            (pos > 0 && rs__is_alpha_byte((unsigned char)n->text[pos - 1])))
            continue; /* part of a word */
        at = pos + sl;
        if (strcmp(c->symbol, "R") != 0)
            at = skip_spaces(n, at);
        if (!parse_number(n, at, &num))
            continue;
        if (n->lang->decimal_mark == '.' && !num.fraction[0] && !num.grouped && num.end + 1 < n->len &&
            n->text[num.end] == ',' && digits_at(n, num.end + 1) >= 1 && digits_at(n, num.end + 1) <= 2) {
            size_t d = digits_at(n, num.end + 1), s = skip_spaces(n, num.end + 1 + d);
            if (s > num.end + 1 + d && scale_at(n, s, &scale, &forms) > 0) {
                memcpy(num.fraction, n->text + num.end + 1, d);
                num.fraction[d] = '\0';
                num.end += 1 + d;
            }
            scale = NULL;
        }
        if (!word_ends_at(n, num.end))
            continue;
        after = num.end;
        {
            size_t s = skip_spaces(n, after);
            if ((scale_len = scale_at(n, s, &scale, &forms)) > 0)
                after = s + scale_len;
        }
        put_amount(n, &num, c->feminine, scale, forms, &spoken);
        if (scale && n->lang->scale_of) {
            rs__buf_putc(&spoken, ' ');
            rs__buf_puts(&spoken, n->lang->scale_of);
        }
        rs__buf_putc(&spoken, ' ');
        put_currency(n, c, &num, scale != NULL, &spoken);
        return rs__norm_change_buf(n, pos, after, &spoken, "currency");
    }
    return 0;
}

/* A currency symbol or code after an amount: "20 €", "5 EUR", "5 млн
 * рублей" is left alone, "5 млн руб." is not. */
static const currency *currency_after(const rs_norm *n, size_t pos, size_t *len)
{
    size_t k, at = skip_spaces(n, pos);
    for (k = 0; k < sizeof currencies / sizeof currencies[0]; k++) {
        const currency *c = &currencies[k];
        size_t sl = strlen(c->symbol);
        if (c->before_only || !starts_with(n, at, c->symbol) || !currency_name(n, c))
            continue;
        if (rs__is_alpha_byte((unsigned char)c->symbol[sl - 1]) && !word_ends_at(n, at + sl))
            continue;
        *len = at + sl - pos;
        return c;
    }
    return NULL;
}

/* ---- units ---- */

typedef struct unit {
    const char *symbol;
    const char *name[3];
} unit;

static const unit units[] = {
    {"km\xC2\xB2", {"square kilometres", "kilomètres carrés", "kilómetros cuadrados"}},
    {"km2", {"square kilometres", "kilomètres carrés", "kilómetros cuadrados"}},
    {"m\xC2\xB2", {"square metres", "mètres carrés", "metros cuadrados"}},
    {"m2", {"square metres", "mètres carrés", "metros cuadrados"}},
    {"km", {"kilometres", "kilomètres", "kilómetros"}},
    {"kg", {"kilograms", "kilogrammes", "kilogramos"}},
    {"ha", {"hectares", "hectares", "hectáreas"}},
    {"\xC2\xB0" "C", {"degrees Celsius", "degrés Celsius", "grados Celsius"}},
    {"cm", {"centimetres", "centimètres", "centímetros"}},
    {"mm", {"millimetres", "millimètres", "milímetros"}},
};

static const unit *unit_after(const rs_norm *n, size_t pos, size_t *len)
{
    size_t k, at = skip_spaces(n, pos);
    for (k = 0; k < sizeof units / sizeof units[0]; k++) {
        size_t sl = strlen(units[k].symbol);
        if (starts_with(n, at, units[k].symbol) && word_ends_at(n, at + sl)) {
            *len = at + sl - pos;
            return &units[k];
        }
    }
    return NULL;
}

/* ---- dates ---- */

/* German words before an ordinal that give it the weak ending (am
 * siebzehnten) and those that give it the strong one (der siebzehnte):
 * dates and de_ordinal ask the same. */
static const char *const de_weak[] = {"am", "im", "vom", "zum", "beim", "dem", "den", "des", "zur", "bis", "seit",
                                      "ab", "einem", "einen", "eines", "einer", NULL};
static const char *const de_strong[] = {"der", "die", "das", NULL};

static int month_at(const rs_norm *n, size_t pos, size_t *len)
{
    int m;
    for (m = 0; m < 12; m++) {
        const char *name = n->lang->months[m];
        size_t l = strlen(name);
        int cap_ok = pos + l <= n->len && (n->text[pos] == name[0] || n->text[pos] == name[0] - 32 ||
                                           n->text[pos] == name[0] + 32);
        if (cap_ok && memcmp(n->text + pos + 1, name + 1, l - 1) == 0 && word_ends_at(n, pos + l)) {
            *len = l;
            return m + 1;
        }
    }
    return 0;
}

/* ---- words by ICU, and the words around a number ---- */

/* Appends value in words by the language's rule set; 0, or -1 when ICU
 * has no such rule set. */
static int put_spelled(const rs_norm *n, const char *ruleset, long long value, rs_buf *b)
{
    static const char one_thousand[] = "одна тысяча ";
    char *words = rs__spellout(locale_of(n), ruleset, value);
    const char *said;
    if (!words)
        return -1;
    said = words;
    /* ICU says "одна тысяча девятьсот пятьдесят первого"; a reader says
     * "тысяча девятьсот ..." */
    if (n->lang->id == RS_LANG_RU && strncmp(words, one_thousand, sizeof one_thousand - 1) == 0)
        said = words + strlen("одна ");
    rs__buf_puts(b, said);
    rs__free(words);
    return 0;
}

/* Replaces [pos, end) by value in words and tail; 0 when ICU cannot. */
static size_t spelled(rs_norm *n, size_t pos, size_t end, const char *ruleset, long long value, const char *tail,
                      const char *rule)
{
    rs_buf spoken = {0};
    if (put_spelled(n, ruleset, value, &spoken) != 0) {
        rs__buf_free(&spoken);
        return 0;
    }
    if (tail)
        rs__buf_puts(&spoken, tail);
    return rs__norm_change_buf(n, pos, end, &spoken, rule);
}

/* The word before pos (past spaces), in small letters, into out; returns
 * where that word starts. */
static size_t word_before(const rs_norm *n, size_t pos, char *out, size_t size)
{
    size_t end = pos, start, len, at = 0, k;
    while (end > 0 && n->text[end - 1] == ' ')
        end--;
    start = end;
    while (start > 0 && rs__is_alpha_byte((unsigned char)n->text[start - 1]))
        start--;
    for (k = start; k < end && at + 4 < size; k += len ? len : 1)
        at += rs__utf8_encode(rs__cp_to_lower(rs__utf8_decode(n->text + k, &len)), out + at);
    out[at] = '\0';
    return start;
}

/* Whether word is one of the NULL-terminated list. */
static int word_in(const char *word, const char *const *list)
{
    size_t k;
    for (k = 0; list[k]; k++)
        if (strcmp(word, list[k]) == 0)
            return 1;
    return 0;
}

/* Whether the text at pos is the word w (whole, as written); a word that
 * ends with a dot (r., г.) ends there. */
static int word_at(const rs_norm *n, size_t pos, const char *w)
{
    size_t len = strlen(w);
    if (!starts_with(n, pos, w))
        return 0;
    return w[len - 1] == '.' || word_ends_at(n, pos + len);
}

/* The value of num's integer when it is small enough to say as a word. */
static long long small_value(const number *num)
{
    size_t len = strlen(num->integer);
    return (len == 0 || len > 9 || num->fraction[0]) ? -1 : (long long)rs__digits_value(num->integer, len);
}

/* ---- dates ---- */

/* The day of a date as said: English "the 1st of", French "1er", Spanish
 * "1 de"; Russian, Ukrainian and Polish the genitive ordinal (семнадцатого
 * марта), or the case a preposition before it asks (к семнадцатому
 * марта, на семнадцатое марта, по пятое мая); German the ordinal whose ending the
 * article asks (am siebzehnten März); Italian "primo" for the first. */
static void day_text(const rs_norm *n, size_t pos, unsigned day, rs_buf *b)
{
    static const char *const suffix[] = {"th", "st", "nd", "rd"};
    static const char *const dative[] = {"к", "ко", NULL};
    static const char *const accusative[] = {"на", "по", NULL}; /* с 1 по 5 мая: по пятое */
    char before[32];
    const char *ruleset = NULL;
    word_before(n, pos, before, sizeof before);
    switch (n->lang->id) {
    case RS_LANG_EN: {
        unsigned last = day % 10;
        rs__buf_printf(b, "the %u%s of ", day, (day / 10 == 1 || last > 3) ? "th" : suffix[last]);
        return;
    }
    case RS_LANG_FR:
        rs__buf_printf(b, day == 1 ? "1er " : "%u ", day);
        return;
    case RS_LANG_RU:
        ruleset = word_in(before, dative)       ? "%spellout-ordinal-neuter-dative"
                  : word_in(before, accusative) ? "%spellout-ordinal-neuter-accusative"
                                                : "%spellout-ordinal-neuter-genitive";
        break;
    case RS_LANG_UK:
        ruleset = word_in(before, dative)       ? "%spellout-ordinal-masculine-dative"
                  : word_in(before, accusative) ? "%spellout-ordinal-neuter"
                                                : "%spellout-ordinal-masculine-genitive";
        break;
    case RS_LANG_PL:
        ruleset = "%spellout-ordinal-masculine-genitive";
        break;
    case RS_LANG_DE:
        ruleset = word_in(before, de_weak) ? "%spellout-ordinal-n" : word_in(before, de_strong) ? "%spellout-ordinal" : "%spellout-ordinal-r";
        break;
    case RS_LANG_IT:
        if (day == 1)
            ruleset = "%spellout-ordinal-masculine";
        break;
    case RS_LANG_PT:
    case RS_LANG_ES:
        rs__buf_printf(b, "%u de ", day);
        return;
    default:
        break;
    }
    if (!ruleset || put_spelled(n, ruleset, day, b) != 0)
        rs__buf_printf(b, "%u", day);
    rs__buf_putc(b, ' ');
}

/* The year of a date: Russian, Ukrainian and Polish say it as a genitive
 * ordinal with the word year (две тысячи двадцать четвертого года). */
static void year_text(const rs_norm *n, unsigned year, rs_buf *b)
{
    static const char *const year_word[RS_LANG_COUNT] = {[RS_LANG_RU] = " года", [RS_LANG_UK] = " року",
                                                         [RS_LANG_PL] = " roku"};
    if (slavic_language(n) && put_spelled(n, "%spellout-ordinal-masculine-genitive", year, b) == 0) {
        rs__buf_puts(b, year_word[n->lang->id]);
        return;
    }
    rs__buf_printf(b, (n->lang->id == RS_LANG_ES || n->lang->id == RS_LANG_PT) ? "de %u" : "%u", year);
}

/* 12/03/2019 (day first, as the UN and Europe write it). */
static size_t numeric_date(rs_norm *n, size_t pos)
{
    size_t d1 = digits_at(n, pos), d2, d3, at;
    unsigned day, month, year;
    rs_buf spoken = {0};
    if (d1 < 1 || d1 > 2 || pos + d1 >= n->len || !strchr("/.-", n->text[pos + d1]) || n->lang->id == RS_LANG_ZH ||
        n->lang->id == RS_LANG_AR)
        return 0;
    at = pos + d1 + 1;
    d2 = digits_at(n, at);
    if (d2 < 1 || d2 > 2 || at + d2 >= n->len || n->text[at + d2] != n->text[pos + d1])
        return 0;
    d3 = digits_at(n, at + d2 + 1);
    if (d3 != 4 || !word_ends_at(n, at + d2 + 1 + d3))
        return 0;
    day = (unsigned)rs__digits_value(n->text + pos, d1);
    month = (unsigned)rs__digits_value(n->text + at, d2);
    year = (unsigned)rs__digits_value(n->text + at + d2 + 1, 4);
    if (day < 1 || day > 31 || month < 1 || month > 12)
        return 0;
    day_text(n, pos, day, &spoken);
    rs__buf_puts(&spoken, n->lang->months[month - 1]);
    rs__buf_putc(&spoken, ' ');
    year_text(n, year, &spoken);
    return rs__norm_change_buf(n, pos, at + d2 + 1 + d3, &spoken, "date");
}

/* The first day of a span of days in Russian, Ukrainian or Polish: "с 1
 * по 5 мая", "1-5 мая", "od 1 do 5 maja" -> с первого по пятое мая. */
static size_t first_day(rs_norm *n, size_t pos, const number *num)
{
    static const char *const links[] = {"по", "до", "do", "-", "\xE2\x80\x93", "\xE2\x80\x94", NULL};
    size_t at = skip_spaces(n, num->end), k, d, mlen;
    unsigned day = (unsigned)rs__digits_value(num->integer, strlen(num->integer));
    rs_buf spoken = {0};
    if (strlen(num->integer) > 2 || day < 1 || day > 31)
        return 0;
    for (k = 0; links[k]; k++)
        if (rs__is_alpha_byte((unsigned char)links[k][0]) && links[k][0] != '\xE2' ? word_at(n, at, links[k])
                                                                                    : starts_with(n, at, links[k]))
            break;
    if (!links[k])
        return 0;
    at = skip_spaces(n, at + strlen(links[k]));
    d = digits_at(n, at);
    if (d < 1 || d > 2 || skip_spaces(n, at + d) == at + d || !month_at(n, skip_spaces(n, at + d), &mlen))
        return 0;
    if (links[k][0] == '-' || links[k][0] == '\xE2') {
        /* 1–3 мая: "с первого по третье мая", "з першого по третє травня",
         * "od pierwszego do trzeciego maja"; both days are said here */
        static const char *const from[RS_LANG_COUNT] = {[RS_LANG_RU] = "с ", [RS_LANG_UK] = "з ", [RS_LANG_PL] = "od "};
        static const char *const to[RS_LANG_COUNT] = {[RS_LANG_RU] = " по ", [RS_LANG_UK] = " по ", [RS_LANG_PL] = " do "};
        static const char *const last[RS_LANG_COUNT] = {[RS_LANG_RU] = "%spellout-ordinal-neuter-accusative",
                                                        [RS_LANG_UK] = "%spellout-ordinal-neuter",
                                                        [RS_LANG_PL] = "%spellout-ordinal-masculine-genitive"};
        unsigned second = (unsigned)rs__digits_value(n->text + at, d);
        char before[32];
        word_before(n, pos, before, sizeof before);
        if (second <= day || second > 31)
            return 0;
        if (strcmp(before, "с") != 0 && strcmp(before, "з") != 0 && strcmp(before, "od") != 0)
            rs__buf_puts(&spoken, from[n->lang->id]);
        if (put_spelled(n, n->lang->id == RS_LANG_RU ? "%spellout-ordinal-neuter-genitive" : "%spellout-ordinal-masculine-genitive",
                        day, &spoken) != 0 ||
            (rs__buf_puts(&spoken, to[n->lang->id]), put_spelled(n, last[n->lang->id], second, &spoken)) != 0) {
            rs__buf_free(&spoken);
            return 0;
        }
        return rs__norm_change_buf(n, pos, at + d, &spoken, "date");
    }
    if (put_spelled(n, n->lang->id == RS_LANG_RU ? "%spellout-ordinal-neuter-genitive" : "%spellout-ordinal-masculine-genitive",
                    day, &spoken) != 0) {
        rs__buf_free(&spoken);
        return 0;
    }
    return rs__norm_change_buf(n, pos, num->end, &spoken, "date");
}

/* "1 July 2002" -> "the 1st of July 2002"; "1 juillet" -> "1er juillet";
 * "17 марта" -> "семнадцатого марта", and a year after the month
 * without its word gets it: "17 марта 2024" is "... двадцать четвертого
 * года"; "1 gennaio" -> "primo gennaio". */
static size_t day_month(rs_norm *n, size_t pos, const number *num)
{
    size_t at, mlen = 0, end;
    unsigned day;
    int id = n->lang->id;
    rs_buf spoken = {0};
    if (num->grouped || num->fraction[0] || strlen(num->integer) > 2 ||
        !(id == RS_LANG_EN || id == RS_LANG_FR || slavic_language(n) || id == RS_LANG_IT))
        return 0;
    at = skip_spaces(n, num->end);
    if (slavic_language(n) && (at == num->end || !month_at(n, at, &mlen)))
        return first_day(n, pos, num);
    if (at == num->end || !month_at(n, at, &mlen))
        return 0;
    day = (unsigned)rs__digits_value(num->integer, strlen(num->integer));
    if (day < 1 || day > 31 || ((id == RS_LANG_FR || id == RS_LANG_IT) && day != 1))
        return 0;
    day_text(n, pos, day, &spoken);
    rs__buf_append(&spoken, n->text + at, mlen);
    end = at + mlen;
    if (slavic_language(n)) {
        /* a bare year after the month: 17 марта 2024 */
        size_t y = skip_spaces(n, end), d = digits_at(n, y), w;
        if (y > end && d == 4 && word_ends_at(n, y + d)) {
            static const char *const year_words[] = {"год", "года", "году", "г.", "рік", "року", "році", "р.",
                                                     "rok", "roku", "r.", NULL};
            size_t k;
            w = skip_spaces(n, y + d);
            for (k = 0; year_words[k] && !word_at(n, w, year_words[k]); k++)
                ;
            if (!year_words[k] || w == y + d) {
                rs__buf_putc(&spoken, ' ');
                year_text(n, (unsigned)rs__digits_value(n->text + y, 4), &spoken);
                end = y + d;
            } else if (!strcmp(year_words[k], "г.") || !strcmp(year_words[k], "р.") || !strcmp(year_words[k], "r.")) {
                rs__buf_putc(&spoken, ' ');
                year_text(n, (unsigned)rs__digits_value(n->text + y, 4), &spoken);
                end = w + strlen(year_words[k]);
            }
        }
    }
    return rs__norm_change_buf(n, pos, end, &spoken, "date");
}

/* ---- ordinals and Roman numerals ---- */

unsigned rs__roman_value(const char *s, size_t len)
{
    static const char letters[] = "IVXLCDM";
    static const unsigned values[] = {1, 5, 10, 50, 100, 500, 1000};
    unsigned total = 0;
    size_t i;
    char canonical[32];
    if (len == 0 || len > 15)
        return 0;
    for (i = 0; i < len; i++) {
        const char *p = strchr(letters, s[i]);
        unsigned v, next = 0;
        if (!p || !*p)
            return 0;
        v = values[p - letters];
        if (i + 1 < len) {
            const char *q = strchr(letters, s[i + 1]);
            if (!q || !*q)
                return 0;
            next = values[q - letters];
        }
        total = next > v ? total - v : total + v;
    }
    /* only the standard form counts, so that words such as "DC" or "MIX" do not */
    {
        static const char *const thousands[] = {"", "M", "MM", "MMM"};
        static const char *const hundreds[] = {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};
        static const char *const tens[] = {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
        static const char *const ones[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
        if (total == 0 || total >= 4000)
            return 0;
        snprintf(canonical, sizeof canonical, "%s%s%s%s", thousands[total / 1000], hundreds[total / 100 % 10],
                 tens[total / 10 % 10], ones[total % 10]);
        if (strlen(canonical) != len || memcmp(canonical, s, len) != 0)
            return 0;
    }
    return total;
}

static const char *const fr_units[] = {"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
                                       "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"};
static const char *const fr_tens[] = {"", "", "vingt", "trente", "quarante", "cinquante", "soixante"};

static void fr_below_100(unsigned n, rs_buf *b)
{
    unsigned t = n / 10, u = n % 10;
    if (n < 17) {
        rs__buf_puts(b, fr_units[n]);
    } else if (n < 20) {
        rs__buf_puts(b, "dix-");
        rs__buf_puts(b, fr_units[u]);
    } else if (t == 7 || t == 9) {
        rs__buf_puts(b, t == 7 ? "soixante" : "quatre-vingt");
        rs__buf_puts(b, (t == 7 && u == 1) ? "-et-" : "-");
        fr_below_100(10 + u, b);
    } else if (t == 8) {
        rs__buf_puts(b, u == 0 ? "quatre-vingts" : "quatre-vingt-");
        if (u)
            rs__buf_puts(b, fr_units[u]);
    } else {
        rs__buf_puts(b, fr_tens[t]);
        if (u == 1)
            rs__buf_puts(b, "-et-un");
        else if (u) {
            rs__buf_putc(b, '-');
            rs__buf_puts(b, fr_units[u]);
        }
    }
}

static void fr_below_1000(unsigned n, rs_buf *b)
{
    unsigned h = n / 100, r = n % 100;
    if (h == 0) {
        fr_below_100(r, b);
        return;
    }
    if (h > 1) {
        rs__buf_puts(b, fr_units[h]);
        rs__buf_putc(b, '-');
    }
    rs__buf_puts(b, "cent");
    if (r) {
        rs__buf_putc(b, '-');
        fr_below_100(r, b);
    } else if (h > 1) {
        rs__buf_putc(b, 's');
    }
}

/* French cardinal words with the 1990 hyphens, below a million. */
static void fr_cardinal(unsigned n, rs_buf *b)
{
    unsigned k = n / 1000, r = n % 1000;
    if (k) {
        if (k > 1) {
            fr_below_1000(k, b);
            /* "quatre-vingts" and "deux-cents" lose their s before mille */
            if (b->len && b->data[b->len - 1] == 's')
                b->len--;
            rs__buf_putc(b, '-');
        }
        rs__buf_puts(b, "mille");
        if (r)
            rs__buf_putc(b, '-');
    }
    if (r || !k)
        fr_below_1000(r, b);
}

void rs__fr_ordinal(unsigned value, int feminine, rs_buf *out)
{
    rs_buf words = {0};
    size_t len;
    if (value == 1) {
        rs__buf_puts(out, feminine ? "première" : "premier");
        return;
    }
    fr_cardinal(value, &words);
    if (words.failed) {
        out->failed = 1;
        rs__buf_free(&words);
        return;
    }
    len = words.len;
    /* quatre-vingts and deux-cents lose their s: quatre-vingtième */
    if ((len >= 6 && !memcmp(words.data + len - 6, "vingts", 6)) || (len >= 5 && !memcmp(words.data + len - 5, "cents", 5)))
        len--;
    if (len && words.data[len - 1] == 'e')
        len--; /* quatre -> quatr+ième */
    rs__buf_append(out, words.data, len);
    if (len >= 4 && !memcmp(words.data + len - 4, "cinq", 4))
        rs__buf_putc(out, 'u');
    else if (len >= 4 && !memcmp(words.data + len - 4, "neuf", 4) && !out->failed && out->len > 0)
        out->data[out->len - 1] = 'v';
    rs__buf_puts(out, "ième");
    rs__buf_free(&words);
}

/* French ordinal suffixes after digits or a Roman numeral: e, ème, eme, er,
 * re, ère, es, ᵉ. Returns the suffix length and whether it is feminine. */
static size_t fr_ordinal_suffix(const rs_norm *n, size_t pos, int *feminine, int *plural)
{
    static const struct {
        const char *text;
        int feminine, plural;
    } suffixes[] = {{"èmes", 0, 1}, {"ème", 0, 0}, {"ères", 1, 1}, {"ère", 1, 0}, {"emes", 0, 1}, {"eme", 0, 0},
                    {"ers", 0, 1}, {"er", 0, 0}, {"res", 1, 1}, {"re", 1, 0}, {"es", 0, 1}, {"e", 0, 0},
                    {"\xE1\xB5\x89", 0, 0}};
    size_t k;
    for (k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t l = strlen(suffixes[k].text);
        if (starts_with(n, pos, suffixes[k].text) && word_ends_at(n, pos + l)) {
            *feminine = suffixes[k].feminine;
            *plural = suffixes[k].plural;
            return l;
        }
    }
    return 0;
}

/* "er", "re" and their plurals belong to 1 only (1er, Ier, 1re); "Vers" is
 * a word, not "5ers". */
static int ordinal_suffix_fits(const rs_norm *n, size_t at, size_t len, unsigned value)
{
    int first_only = (len >= 2 && (n->text[at] == 'r' || n->text[at + 1] == 'r')) ||
                     starts_with(n, at, "ère");
    return !first_only || value == 1;
}

static size_t ordinal_words(rs_norm *n, size_t pos, size_t end, unsigned value, int feminine, int plural)
{
    rs_buf spoken = {0};
    rs__fr_ordinal(value, feminine, &spoken);
    if (plural)
        rs__buf_putc(&spoken, 's');
    return rs__norm_change_buf(n, pos, end, &spoken, "ordinal");
}

/* ---- Polish ordinals ----
 * Polish writes an ordinal in Arabic digits with a dot ("2. miejsce", "w
 * 3. kwartale", "na 79. sesji") and in Roman numerals without one ("XX
 * wiek", "w XXI wieku", "II wojna światowa"). The word after the number
 * gives its gender and case; only words known here, or whose ending
 * tells (-cja, -enie, -eniu ...), make it an ordinal, so that a sentence
 * ending in a number ("Było ich 5. Potem ...") stays as it is. */

#define PL_M "%spellout-ordinal-masculine"
#define PL_MG "%spellout-ordinal-masculine-genitive"
#define PL_ML "%spellout-ordinal-masculine-locative"
#define PL_MI "%spellout-ordinal-masculine-instrumental"
#define PL_F "%spellout-ordinal-feminine"
#define PL_FG "%spellout-ordinal-feminine-genitive" /* also the dative and locative: drugiej */
#define PL_FA "%spellout-ordinal-feminine-accusative" /* also the instrumental: drugą */
#define PL_N "%spellout-ordinal-neuter"
#define PL_GL "" /* the genitive, or the locative after w, o, przy, po, na */

static const struct {
    const char *word;
    const char *ruleset;
} pl_nouns[] = {
    {"sesja", PL_F}, {"sesji", PL_FG}, {"sesję", PL_FA}, {"sesją", PL_FA},
    {"kadencja", PL_F}, {"kadencji", PL_FG}, {"kadencję", PL_FA}, {"kadencją", PL_FA},
    {"posiedzenie", PL_N}, {"posiedzenia", PL_MG}, {"posiedzeniu", PL_ML},
    {"rocznica", PL_F}, {"rocznicy", PL_FG}, {"rocznicę", PL_FA}, {"rocznicą", PL_FA},
    {"wojna", PL_F}, {"wojny", PL_FG}, {"wojnie", PL_FG}, {"wojnę", PL_FA}, {"wojną", PL_FA},
    {"część", PL_F}, {"części", PL_FG}, {"częścią", PL_FA},
    {"runda", PL_F}, {"rundy", PL_FG}, {"rundzie", PL_FG}, {"rundę", PL_FA},
    {"tura", PL_F}, {"tury", PL_FG}, {"turze", PL_FG}, {"turę", PL_FA},
    {"poprawka", PL_F}, {"poprawki", PL_FG}, {"poprawce", PL_FG}, {"poprawkę", PL_FA},
    {"miejsce", PL_N}, {"miejsca", PL_MG}, {"miejscu", PL_ML},
    {"kwartał", PL_M}, {"kwartału", PL_MG}, {"kwartale", PL_ML}, {"kwartałem", PL_MI},
    {"punkt", PL_M}, {"punktu", PL_MG}, {"punkcie", PL_ML},
    {"dzień", PL_M}, {"dnia", PL_MG}, {"dniu", PL_ML},
    {"tydzień", PL_M}, {"tygodnia", PL_MG}, {"tygodniu", PL_ML},
    {"miesiąc", PL_M}, {"miesiąca", PL_MG}, {"miesiącu", PL_ML},
    {"etap", PL_M}, {"etapu", PL_MG}, {"etapie", PL_ML},
    {"szczyt", PL_M}, {"szczytu", PL_MG}, {"szczycie", PL_ML},
    {"kongres", PL_M}, {"kongresu", PL_MG}, {"kongresie", PL_ML},
    {"zjazd", PL_M}, {"zjazdu", PL_MG}, {"zjeździe", PL_ML},
    {"pakiet", PL_M}, {"pakietu", PL_MG}, {"pakiecie", PL_ML},
    {"raport", PL_M}, {"raportu", PL_MG}, {"raporcie", PL_ML},
    {"wiek", PL_M}, {"wieku", PL_GL}, {"wiekiem", PL_MI},
    {"rok", PL_M}, {"roku", PL_GL}, {"rokiem", PL_MI},
};

/* Endings that tell a noun's gender and case: -cja/-ja (sesja-like),
 * -enie/-anie (posiedzenie), -eniu/-aniu, -enia/-ania. */
static const struct {
    const char *ending;
    const char *ruleset;
} pl_endings[] = {
    {"cja", PL_F}, {"cji", PL_FG}, {"cję", PL_FA}, {"cją", PL_FA}, {"enie", PL_N}, {"anie", PL_N},
    {"eniu", PL_ML}, {"aniu", PL_ML}, {"enia", PL_MG}, {"ania", PL_MG}, {"eniem", PL_MI}, {"aniem", PL_MI},
};

/* The rule set for an ordinal before the Polish word at pos, or NULL;
 * table_only: only a word of the table, not one known by its ending. */
static const char *pl_ordinal_ruleset(const rs_norm *n, size_t pos, size_t number_start, int table_only)
{
    static const char *const locative[] = {"w", "we", "o", "przy", "po", "na", NULL};
    size_t k, end = pos, len;
    char before[32];
    while (end < n->len && !word_ends_at(n, end)) {
        rs__utf8_decode(n->text + end, &len);
        end += len ? len : 1;
    }
    for (k = 0; k < sizeof pl_nouns / sizeof pl_nouns[0]; k++)
        if (strlen(pl_nouns[k].word) == end - pos && word_at(n, pos, pl_nouns[k].word)) {
            if (*pl_nouns[k].ruleset)
                return pl_nouns[k].ruleset;
            word_before(n, number_start, before, sizeof before);
            return word_in(before, locative) ? PL_ML : PL_MG;
        }
    for (k = 0; !table_only && k < sizeof pl_endings / sizeof pl_endings[0]; k++) {
        size_t l = strlen(pl_endings[k].ending);
        if (end - pos > l + 1 && memcmp(n->text + end - l, pl_endings[k].ending, l) == 0)
            return pl_endings[k].ruleset;
    }
    return NULL;
}

/* "2. miejsce" -> drugie miejsce, "w 3. kwartale" -> w trzecim kwartale,
 * "na 79. sesji" -> na siedemdziesiątej dziewiątej sesji. */
static size_t pl_ordinal(rs_norm *n, size_t pos, const number *num)
{
    long long value = small_value(num);
    size_t at = num->end;
    const char *ruleset;
    if (n->lang->id != RS_LANG_PL || value < 1 || value > 9999 || num->grouped || at + 2 >= n->len ||
        n->text[at] != '.' || n->text[at + 1] != ' ')
        return 0;
    ruleset = pl_ordinal_ruleset(n, at + 2, pos, 0);
    if (!ruleset)
        return 0;
    return spelled(n, pos, at + 1, ruleset, value, NULL, "ordinal");
}

/* "XX wiek", "w XXI wieku", "II wojna światowa", "X kadencji": a Polish
 * Roman numeral before a word that takes an ordinal; "XX w." is a century
 * (wieku; w XX w.: the locative). One letter is an ordinal only before a
 * word of the table: "I wojna światowa", but not "I organizacja ..." (the
 * conjunction i at a sentence's start). */
static size_t pl_roman(rs_norm *n, size_t pos, size_t end, unsigned value)
{
    static const char *const locative[] = {"w", "we", "o", "przy", "po", "na", NULL};
    size_t at = end + 1;
    const char *ruleset;
    char before[32];
    rs_buf spoken = {0};
    if (end + 1 >= n->len || n->text[end] != ' ')
        return 0;
    if (starts_with(n, at, "w.") && word_ends_at(n, at + 1)) {
        word_before(n, pos, before, sizeof before);
        ruleset = word_in(before, locative) ? PL_ML : PL_MG;
        if (put_spelled(n, ruleset, value, &spoken) != 0) {
            rs__buf_free(&spoken);
            return 0;
        }
        rs__buf_puts(&spoken, " wieku");
        return rs__norm_change_buf(n, pos, at + 2, &spoken, "ordinal");
    }
    ruleset = pl_ordinal_ruleset(n, at, pos, end - pos == 1);
    if (!ruleset)
        return 0;
    return spelled(n, pos, end, ruleset, value, NULL, "ordinal");
}

size_t rs__norm_roman(rs_norm *n, size_t pos)
{
    size_t i = pos, suffix;
    unsigned value;
    int feminine = 0, plural = 0;
    if (n->lang->id != RS_LANG_FR && n->lang->id != RS_LANG_PL)
        return 0;
    while (i < n->len && strchr("IVXLCDM", n->text[i]) && n->text[i])
        i++;
    if (i == pos || (value = rs__roman_value(n->text + pos, i - pos)) == 0)
        return 0;
    if (n->lang->id == RS_LANG_PL)
        return pl_roman(n, pos, i, value);
    /* one letter L, C, D or M is a word: Le, Ce, Des, Mes */
    if (i - pos == 1 && n->text[pos] != 'I' && n->text[pos] != 'V' && n->text[pos] != 'X')
        return 0;
    suffix = fr_ordinal_suffix(n, i, &feminine, &plural);
    if (suffix == 0 || !ordinal_suffix_fits(n, i, suffix, value))
        return 0;
    return ordinal_words(n, pos, i + suffix, value, feminine, plural);
}

/* Whether the word before pos names an article, section or rule. */
static int after_article(const rs_norm *n, size_t pos)
{
    static const char *const words[] = {"art.", "arts.", "article", "articles", "artículo", "artículos", "section",
                                        "sections", "rule", "rules", "regulation", "para.", "paragraph",
                                        "paragraphe", "párrafo", "alinéa", "párr."};
    size_t end = pos, start, k, len;
    while (end > 0 && n->text[end - 1] == ' ')
        end--;
    start = end;
    while (start > 0 && (rs__is_alpha_byte((unsigned char)n->text[start - 1]) || n->text[start - 1] == '.'))
        start--;
    len = end - start;
    for (k = 0; k < sizeof words / sizeof words[0]; k++)
        if (len > 0 && rs__utf8_match_small(n->text + start, len, words[k]) == len)
            return 1; /* "Art.", "ARTÍCULO" */
    return 0;
}

/* ---- times ---- */

/* 10.30 a.m. (a dot read as "point" otherwise), 10 h 30 and 10h30 (French
 * hours), 10:30 horas: hours and minutes as a reader says them. */
static size_t time_rule(rs_norm *n, size_t pos)
{
    size_t h = digits_at(n, pos), at, m, after;
    unsigned hours, minutes;
    rs_buf spoken = {0};
    if (h < 1 || h > 2)
        return 0;
    hours = (unsigned)rs__digits_value(n->text + pos, h);
    at = pos + h;
    if (n->lang->id == RS_LANG_FR) {
        size_t k = skip_spaces(n, at);
        /* "h" then digits, a space or the end: not "hectares" */
        if (k >= n->len || n->text[k] != 'h' || (k + 1 < n->len && rs__is_alpha_byte((unsigned char)n->text[k + 1])))
            return 0;
        at = skip_spaces(n, k + 1);
        m = digits_at(n, at);
        if (hours > 24 || (m != 0 && m != 2))
            return 0;
        rs__buf_printf(&spoken, "%u heure%s", hours, hours > 1 ? "s" : "");
        if (m == 2) {
            rs__buf_putc(&spoken, ' ');
            rs__buf_append(&spoken, n->text + at, 2);
            at += 2;
        } else {
            at = k + 1;
        }
        return rs__norm_change_buf(n, pos, at, &spoken, "time");
    }
    if (at + 3 > n->len || (n->text[at] != '.' && n->text[at] != ':') || digits_at(n, at + 1) != 2 ||
        !word_ends_at(n, at + 3) || hours > 24)
        return 0;
    minutes = (unsigned)rs__digits_value(n->text + at + 1, 2);
    if (minutes > 59)
        return 0;
    after = skip_spaces(n, at + 3);
    /* a dot only makes a time before a.m. or p.m. */
    if (n->text[at] == '.' && !(starts_with(n, after, "a.m.") || starts_with(n, after, "p.m.") ||
                                starts_with(n, after, "a.m") || starts_with(n, after, "p.m")))
        return 0;
    rs__buf_printf(&spoken, minutes == 0 ? "%u" : minutes < 10 ? "%u oh %u" : "%u %u", hours, minutes);
    if (n->lang->id != RS_LANG_EN) {
        spoken.len = 0;
        rs__buf_printf(&spoken, "%u %02u", hours, minutes);
    }
    return rs__norm_change_buf(n, pos, at + 3, &spoken, "time");
}

/* ---- the number rule ---- */

static size_t emit_number_with(rs_norm *n, size_t pos, const number *num, size_t end, const char *tail,
                               const char *rule)
{
    rs_buf spoken = {0};
    number_text(n, num, &spoken);
    if (tail)
        rs__buf_puts(&spoken, tail);
    return rs__norm_change_buf(n, pos, end, &spoken, rule);
}

/* Whether espeak-ng misreads num as digits, so that it goes to it in
 * words: Ukrainian numbers from a thousand ("2024" is "два тисяча" to
 * espeak-ng), Russian and Ukrainian decimals ("двенадцать целых пять
 * десятых"), their numbers before a feminine noun (дві гривні), and
 * Chinese numbers from 10 000 and decimals. */
static int wants_words(const rs_norm *n, const number *num, int feminine)
{
    int id = n->lang->id;
    size_t len = strlen(num->integer);
    return (id == RS_LANG_UK && (len > 3 || num->fraction[0] || feminine)) ||
           (id == RS_LANG_RU && (num->fraction[0] || feminine)) || (id == RS_LANG_ZH && (len > 4 || num->fraction[0]));
}

/* Appends num, fraction and all, in words by ruleset; 0, or -1 when ICU
 * cannot say it. */
static int put_decimal_words(const rs_norm *n, const number *num, const char *ruleset, rs_buf *b)
{
    char digits[2 * MAX_DIGITS + 2];
    char *words;
    snprintf(digits, sizeof digits, "%s%s%s", num->integer, num->fraction[0] ? "." : "", num->fraction);
    words = rs__spellout_decimal(locale_of(n), ruleset, digits);
    if (!words)
        return -1;
    rs__buf_puts(b, words);
    rs__free(words);
    return 0;
}

/* The number as handed to espeak-ng: digits where it reads them well,
 * words by ICU where it does not (wants_words). */
static void number_words(const rs_norm *n, const number *num, int feminine, rs_buf *b)
{
    int id = n->lang->id;
    if (wants_words(n, num, feminine) &&
        put_decimal_words(n, num,
                          id == RS_LANG_ZH ? "%spellout-cardinal"
                          : feminine       ? "%spellout-cardinal-feminine"
                                           : "%spellout-cardinal-masculine",
                          b) == 0)
        return;
    rs__buf_puts(b, num->integer);
    if (num->fraction[0]) {
        rs__buf_putc(b, n->lang->decimal_mark);
        rs__buf_puts(b, num->fraction);
    }
}

/* ---- cardinals in the case a preposition asks ----
 * Russian and Ukrainian numbers after a preposition take its case, which
 * espeak-ng never gives: "более 500 человек" (пятисот), "близько 300
 * людей" (трьохсот), "в 5 областях" (пяти), "з 5 країнами" (пʼятьма).
 * Some prepositions ask one case (the genitive); others ask the case the
 * noun after the number shows (в/у: the locative when it ends in -ах/-ях,
 * з/с: the instrumental when it ends in -ами/-ями). Ukrainian "понад"
 * asks the accusative, which is the nominative that espeak-ng says. */

typedef struct case_preposition {
    rs_lang_id language;
    const char *word;
    const char *ruleset; /* the case it always asks, or NULL */
} case_preposition;

static const case_preposition case_prepositions[] = {
    {RS_LANG_RU, "около", "genitive"}, {RS_LANG_RU, "более", "genitive"}, {RS_LANG_RU, "менее", "genitive"},
    {RS_LANG_RU, "свыше", "genitive"}, {RS_LANG_RU, "до", "genitive"}, {RS_LANG_RU, "от", "genitive"},
    {RS_LANG_RU, "из", "genitive"}, {RS_LANG_RU, "после", "genitive"}, {RS_LANG_RU, "порядка", "genitive"},
    {RS_LANG_RU, "для", "genitive"}, {RS_LANG_RU, "без", "genitive"}, {RS_LANG_RU, "кроме", "genitive"},
    {RS_LANG_RU, "среди", "genitive"}, {RS_LANG_RU, "течение", "genitive"}, {RS_LANG_RU, "больше", "genitive"},
    {RS_LANG_RU, "меньше", "genitive"}, {RS_LANG_RU, "в", NULL}, {RS_LANG_RU, "во", NULL},
    {RS_LANG_RU, "на", NULL}, {RS_LANG_RU, "о", NULL}, {RS_LANG_RU, "об", NULL}, {RS_LANG_RU, "при", NULL},
    {RS_LANG_RU, "с", NULL}, {RS_LANG_RU, "со", NULL}, {RS_LANG_RU, "между", NULL}, {RS_LANG_RU, "над", NULL},
    {RS_LANG_RU, "под", NULL}, {RS_LANG_RU, "перед", NULL}, {RS_LANG_RU, "к", NULL}, {RS_LANG_RU, "ко", NULL},
    {RS_LANG_UK, "близько", "genitive"}, {RS_LANG_UK, "до", "genitive"}, {RS_LANG_UK, "від", "genitive"},
    {RS_LANG_UK, "без", "genitive"}, {RS_LANG_UK, "для", "genitive"}, {RS_LANG_UK, "після", "genitive"},
    {RS_LANG_UK, "серед", "genitive"}, {RS_LANG_UK, "біля", "genitive"}, {RS_LANG_UK, "протягом", "genitive"},
    {RS_LANG_UK, "впродовж", "genitive"}, {RS_LANG_UK, "більше", "genitive"}, {RS_LANG_UK, "менше", "genitive"},
    {RS_LANG_UK, "понад", "nominative"}, {RS_LANG_UK, "з", "genitive"}, {RS_LANG_UK, "із", "genitive"},
    {RS_LANG_UK, "зі", "genitive"}, {RS_LANG_UK, "у", NULL}, {RS_LANG_UK, "в", NULL}, {RS_LANG_UK, "на", NULL},
    {RS_LANG_UK, "о", NULL}, {RS_LANG_UK, "об", NULL}, {RS_LANG_UK, "при", NULL}, {RS_LANG_UK, "по", NULL},
    {RS_LANG_UK, "між", NULL}, {RS_LANG_UK, "над", NULL}, {RS_LANG_UK, "під", NULL}, {RS_LANG_UK, "перед", NULL},
    {RS_LANG_UK, "завдяки", NULL},
};

/* Whether the word at pos ends with one of the endings (in small letters). */
static int word_ends_with(const rs_norm *n, size_t pos, const char *const *endings)
{
    size_t end = pos, k, len;
    while (end < n->len && !word_ends_at(n, end)) {
        rs__utf8_decode(n->text + end, &len);
        end += len ? len : 1;
    }
    for (k = 0; endings[k]; k++) {
        size_t l = strlen(endings[k]);
        if (end - pos > l && memcmp(n->text + end - l, endings[k], l) == 0)
            return 1;
    }
    return 0;
}

/* The case a preposition before pos asks of the number at pos, "genitive",
 * "locative", "dative" or "ablative" (ICU's name of the instrumental), or
 * NULL when it asks none, or the nominative. noun is where the word after
 * the number starts, or 0. */
static const char *case_asked(const rs_norm *n, size_t pos, size_t noun)
{
    static const char *const locative[] = {"ах", "ях", NULL};
    static const char *const dative[] = {"ам", "ям", NULL};
    static const char *const ablative[] = {"ами", "ями", "ьми", NULL};
    char before[32];
    size_t k;
    word_before(n, pos, before, sizeof before);
    for (k = 0; k < sizeof case_prepositions / sizeof case_prepositions[0]; k++) {
        const case_preposition *p = &case_prepositions[k];
        if (p->language != n->lang->id || strcmp(before, p->word) != 0)
            continue;
        if (noun && word_ends_with(n, noun, ablative))
            return "ablative"; /* с 5 странами, з 5 країнами, між 2 сторонами */
        if (noun && !strcmp(p->word, "с") && word_at(n, noun, "до"))
            return "genitive"; /* с 5 до 10 часов */
        if (p->ruleset)
            return strcmp(p->ruleset, "nominative") ? p->ruleset : NULL;
        if (!noun)
            return NULL;
        if (word_ends_with(n, noun, locative))
            return "locative"; /* в 5 областях, на 3 заводах */
        if (word_ends_with(n, noun, dative))
            return "dative"; /* к 5 странам, завдяки 3 партнерам */
        return NULL;
    }
    return NULL;
}

/* Where a lower-case word starts at at (after num, for noun_after), or
 * 0 (a year, a sentence's end, a name). */
static size_t noun_after_at(const rs_norm *n, size_t at)
{
    size_t len;
    if (at >= n->len || rs__is_digit(n->text[at]))
        return 0;
    if ((unsigned char)n->text[at] < 0x80)
        return n->text[at] >= 'a' && n->text[at] <= 'z' ? at : 0;
    {
        uint32_t cp = rs__utf8_decode(n->text + at, &len);
        return rs__cp_is_letter(cp) && rs__cp_to_lower(cp) == cp ? at : 0;
    }
}

static size_t noun_after(const rs_norm *n, const number *num)
{
    size_t at = skip_spaces(n, num->end);
    return at == num->end ? 0 : noun_after_at(n, at);
}

/* "5%", "5 %": a percentage; in Russian and Ukrainian the word agrees
 * (21 процент, 3 процента, 5 процентов, 12,5 процента); Turkish says
 * "yüzde" first, as it writes %12, Chinese 百分之 (百分之十二点五);
 * espeak-ng says nothing for the sign in Arabic (في المائة). */
static size_t percentage(rs_norm *n, size_t pos, const number *num)
{
    static const char *const forms[RS_LANG_COUNT] = {[RS_LANG_RU] = "процент|процента|процентов|процента",
                                                     [RS_LANG_UK] = "відсоток|відсотки|відсотків|відсотка"};
    size_t at = skip_spaces(n, num->end), sign = percent_sign_at(n, at);
    rs_buf spoken = {0};
    if (!sign)
        return 0;
    if (n->lang->id == RS_LANG_ZH) {
        rs__buf_puts(&spoken, "百分之");
        if (put_decimal_words(n, num, "%spellout-cardinal", &spoken) != 0) {
            rs__buf_free(&spoken);
            return 0;
        }
        return rs__norm_change_buf(n, pos, at + sign, &spoken, "percent");
    }
    if (n->lang->id == RS_LANG_TR)
        rs__buf_puts(&spoken, n->lang->per_cent);
    if (forms[n->lang->id] && !(n->lang->id == RS_LANG_UK && num->fraction[0])) {
        /* около 50 % -> около пятидесяти процентов; близько 1 % -> близько
         * одного відсотка */
        const char *asked = case_asked(n, pos, 0);
        int form = noun_form(n, num);
        if (asked && !strcmp(asked, "genitive") &&
            put_decimal_words(n, num, "%spellout-cardinal-masculine-genitive", &spoken) == 0) {
            rs__buf_putc(&spoken, ' ');
            put_form(&spoken, forms[n->lang->id], form == FORM_ONE || form == FORM_FRACTION ? FORM_FRACTION : FORM_MANY);
            return rs__norm_change_buf(n, pos, at + sign, &spoken, "percent");
        }
    }
    number_words(n, num, 0, &spoken);
    if (forms[n->lang->id]) {
        rs__buf_putc(&spoken, ' ');
        put_form(&spoken, forms[n->lang->id], noun_form(n, num));
    } else if (n->lang->id != RS_LANG_TR) {
        rs__buf_puts(&spoken, n->lang->per_cent);
    }
    return rs__norm_change_buf(n, pos, at + sign, &spoken, "percent");
}

/* Turkish "%12,5": yüzde on iki virgül beş; Arabic "%12" or "٪12": 12 في
 * المائة. */
static size_t percent_before(rs_norm *n, size_t pos)
{
    number num;
    rs_buf spoken = {0};
    size_t sign = percent_sign_at(n, pos);
    if ((n->lang->id != RS_LANG_TR && n->lang->id != RS_LANG_AR) || !sign || !parse_number(n, pos + sign, &num) ||
        !word_ends_at(n, num.end))
        return 0;
    if (n->lang->id == RS_LANG_TR)
        rs__buf_puts(&spoken, n->lang->per_cent);
    number_words(n, &num, 0, &spoken);
    if (n->lang->id == RS_LANG_TR && num.end + 1 < n->len &&
        (n->text[num.end] == '-' || starts_with(n, num.end, "\xE2\x80\x93"))) {
        /* %10-15: yüzde on ila on beş */
        number second;
        size_t dash = n->text[num.end] == '-' ? 1 : 3;
        if (parse_number(n, num.end + dash, &second) && word_ends_at(n, second.end)) {
            rs__buf_puts(&spoken, n->lang->word_to);
            number_words(n, &second, 0, &spoken);
            num.end = second.end;
        }
    }
    if (n->lang->id == RS_LANG_AR)
        rs__buf_puts(&spoken, n->lang->per_cent);
    return rs__norm_change_buf(n, pos, num.end, &spoken, "percent");
}

/* The value 0-9 of an Arabic-Indic or Persian digit at pos, or -1. */
static int indic_digit_at(const rs_norm *n, size_t pos)
{
    const unsigned char *p = (const unsigned char *)n->text + pos;
    if (pos + 1 >= n->len)
        return -1;
    if (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9)
        return p[1] - 0xA0;
    if (p[0] == 0xDB && p[1] >= 0xB0 && p[1] <= 0xB9)
        return p[1] - 0xB0;
    return -1;
}

/* Arabic numbers in Arabic-Indic digits: espeak-ng reads "١٢٫٥" as two
 * numbers and "١٬٠٠٠٬٠٠٠" digit by digit, so they go to it as "12.5" and
 * "1000000", which it reads well; a per cent sign after them is said. */
static size_t arabic_digits(rs_norm *n, size_t pos)
{
    size_t i = pos, digits = 0, sign;
    rs_buf spoken = {0};
    int d, decimal = 0;
    if (n->lang->id != RS_LANG_AR || indic_digit_at(n, pos) < 0)
        return 0;
    for (;;) {
        if ((d = indic_digit_at(n, i)) >= 0) {
            rs__buf_putc(&spoken, (char)('0' + d));
            digits++;
            i += 2;
        } else if (starts_with(n, i, "\xD9\xAC") && indic_digit_at(n, i + 2) >= 0 && !decimal) {
            i += 2; /* ٬ groups thousands */
        } else if (starts_with(n, i, "\xD9\xAB") && indic_digit_at(n, i + 2) >= 0 && !decimal) {
            rs__buf_putc(&spoken, '.'); /* ٫ is the decimal mark */
            decimal = 1;
            i += 2;
        } else {
            break;
        }
    }
    sign = percent_sign_at(n, skip_spaces(n, i));
    if (sign) {
        i = skip_spaces(n, i) + sign;
        rs__buf_puts(&spoken, n->lang->per_cent);
    }
    if (digits == 0) {
        rs__buf_free(&spoken);
        return 0;
    }
    return rs__norm_change_buf(n, pos, i, &spoken, sign ? "percent" : "number");
}

/* Chinese years: "2024年" is 二〇二四年, digit by digit, as it is said;
 * espeak-ng says 两千零二十四. A span of years, "2016-2020年", is
 * 二〇一六至二〇二〇年. */
static size_t zh_year(rs_norm *n, size_t pos, const number *num)
{
    long long value = small_value(num);
    size_t end = num->end, dash = 0;
    rs_buf spoken = {0};
    if (n->lang->id != RS_LANG_ZH || num->grouped || strlen(num->integer) != 4)
        return 0;
    if (starts_with(n, end, "-"))
        dash = 1;
    else if (starts_with(n, end, "\xE2\x80\x93"))
        dash = 3;
    if (dash && digits_at(n, end + dash) == 4 && starts_with(n, end + dash + 4, "年")) {
        if (put_spelled(n, "%spellout-numbering-year", value, &spoken) != 0 ||
            (rs__buf_puts(&spoken, n->lang->word_to),
             put_spelled(n, "%spellout-numbering-year", (long long)rs__digits_value(n->text + end + dash, 4), &spoken)) != 0) {
            rs__buf_free(&spoken);
            return 0;
        }
        return rs__norm_change_buf(n, pos, end + dash + 4, &spoken, "year");
    }
    if (!starts_with(n, end, "年"))
        return 0;
    return spelled(n, pos, end, "%spellout-numbering-year", value, NULL, "year");
}

/* "20 USD", "5 €", "20 гривень": an amount with its currency after it, the
 * name in the form the number asks. */
static size_t amount_before_currency(rs_norm *n, size_t pos, const number *num)
{
    size_t len;
    rs_buf spoken = {0};
    const currency *c = currency_after(n, num->end, &len);
    if (!c)
        return 0;
    number_words(n, num, c->feminine, &spoken);
    rs__buf_putc(&spoken, ' ');
    put_currency(n, c, num, 0, &spoken);
    return rs__norm_change_buf(n, pos, num->end + len, &spoken, "currency");
}

/* "5 млн долларов", "1,5 Mio. Menschen", "20 Mio. €": a scale written
 * short, said in the form the number asks, and a currency after it. */
static size_t scale_amount(rs_norm *n, size_t pos, const number *num)
{
    size_t at = skip_spaces(n, num->end), len, end, clen;
    const char *scale = NULL, *forms = NULL;
    const currency *c;
    rs_buf spoken = {0};
    if (at == num->end || (len = scale_at(n, at, &scale, &forms)) == 0 || !forms)
        return 0;
    end = at + len;
    put_amount(n, num, 0, scale, forms, &spoken);
    c = currency_after(n, end, &clen);
    if (c) {
        if (n->lang->scale_of) {
            rs__buf_putc(&spoken, ' ');
            rs__buf_puts(&spoken, n->lang->scale_of);
        }
        rs__buf_putc(&spoken, ' ');
        put_currency(n, c, num, 1, &spoken);
        end += clen;
    }
    return rs__norm_change_buf(n, pos, end, &spoken, c ? "currency" : "scale");
}

/* "10 km", "3 kg": a measure with its unit. */
static size_t measure(rs_norm *n, size_t pos, const number *num)
{
    size_t len;
    char tail[64];
    const unit *u = n->lang->id <= RS_LANG_ES ? unit_after(n, num->end, &len) : NULL;
    if (!u)
        return 0;
    snprintf(tail, sizeof tail, " %s", u->name[n->lang->id == RS_LANG_FR ? 1 : n->lang->id == RS_LANG_ES ? 2 : 0]);
    return emit_number_with(n, pos, num, num->end + len, tail, "unit");
}

/* ---- ranges ----
 * "2016-2020", "7–9" are said with the language's word between the numbers
 * (to, à, bis, tot; Turkish "ila"); Italian says "dal 10 al 15"; Russian,
 * Ukrainian and Polish say "от десяти до пятнадцати" (the genitive), or
 * the case a preposition asks of both ("в десяти — пятнадцати странах"),
 * and a span of years as ordinals in the case of the word year ("в две
 * тысячи двадцатом — две тысячи двадцать четвертом годах"). espeak-ng
 * would run the two numbers together as one. */

/* Appends num in words in the case given ("genitive"; NULL: the
 * nominative, as number_words says it); 0, or -1. */
static int put_in_case(const rs_norm *n, const number *num, const char *asked, rs_buf *b)
{
    char ruleset[64];
    if (!asked) {
        number_words(n, num, 0, b);
        return 0;
    }
    snprintf(ruleset, sizeof ruleset, "%%spellout-cardinal-masculine-%s", asked);
    return put_spelled(n, ruleset, small_value(num), b);
}

/* The word year after a span of years, its case and how it is said:
 * "гг." by the preposition before the span, a full word as written. */
static size_t span_year_word(const rs_norm *n, size_t pos, size_t at, const char **asked, const char **said)
{
    static const struct {
        rs_lang_id language;
        const char *word;
        const char *asked; /* "": by the preposition */
        const char *said;  /* NULL: as written */
    } words[] = {
        {RS_LANG_RU, "гг.", "", NULL},           {RS_LANG_RU, "годах", "locative", NULL},
        {RS_LANG_RU, "годов", "genitive", NULL}, {RS_LANG_RU, "годам", "dative", NULL},
        {RS_LANG_RU, "годы", NULL, NULL},        {RS_LANG_UK, "рр.", "", NULL},
        {RS_LANG_UK, "роках", "locative", NULL}, {RS_LANG_UK, "років", "genitive", NULL},
        {RS_LANG_UK, "рокам", "dative", NULL},   {RS_LANG_UK, "роки", NULL, NULL},
    };
    static const char *const plural[2][4] = {{"годы", "годах", "годов", "годам"}, {"роки", "роках", "років", "рокам"}};
    static const char *const cases[] = {"locative", "genitive", "dative"};
    size_t k, c;
    for (k = 0; k < sizeof words / sizeof words[0]; k++) {
        if (words[k].language != n->lang->id || !word_at(n, at, words[k].word))
            continue;
        *asked = words[k].asked;
        *said = NULL;
        if (*asked && !**asked) {
            /* в 2020–2024 гг.: the locative; до, с, от: the genitive */
            *asked = case_asked(n, pos, 0);
            if (!*asked) {
                char before[32];
                word_before(n, pos, before, sizeof before);
                if (!strcmp(before, "в") || !strcmp(before, "во") || !strcmp(before, "у") || !strcmp(before, "при"))
                    *asked = "locative";
                else if (!strcmp(before, "с") || !strcmp(before, "з"))
                    *asked = "genitive";
            }
            for (c = 0; c < 3 && (!*asked || strcmp(*asked, cases[c]) != 0); c++)
                ;
            *said = plural[n->lang->id == RS_LANG_UK][*asked && c < 3 ? c + 1 : 0];
        }
        return strlen(words[k].word);
    }
    return 0;
}

/* Russian, Ukrainian and Polish ranges: second is the number after the dash. */
static size_t slavic_range(rs_norm *n, size_t pos, const number *num, const number *second)
{
    static const char *const pl_years[] = {"lata", "latach", "lat", NULL};
    static const char *const percent_forms[RS_LANG_COUNT] = {
        [RS_LANG_RU] = "процент|процента|процентов|процента", [RS_LANG_UK] = "відсоток|відсотки|відсотків|відсотка"};
    long long first = small_value(num), last = small_value(second);
    size_t at = skip_spaces(n, second->end), sign = percent_sign_at(n, at), end = second->end, word_len;
    int years = strlen(num->integer) == 4 && strlen(second->integer) == 4 && first >= 1000 && last > first &&
                last <= 2999, id = n->lang->id;
    const char *asked = NULL, *said = NULL, *from = id == RS_LANG_RU ? "от " : id == RS_LANG_UK ? "від " : "od ",
               *to = id == RS_LANG_PL ? " do " : " до ";
    char before[32];
    rs_buf spoken = {0};
    word_before(n, pos, before, sizeof before);
    if (first < 0 || last <= first)
        return 0; /* a range goes up; "123-45" is a number of another kind */
    if (years && id != RS_LANG_PL && (word_len = span_year_word(n, pos, at, &asked, &said)) > 0) {
        char ruleset[64];
        snprintf(ruleset, sizeof ruleset, "%%spellout-ordinal-masculine%s%s", asked ? "-" : "", asked ? asked : "");
        if (put_spelled(n, ruleset, first, &spoken) != 0 || (rs__buf_puts(&spoken, " — "), put_spelled(n, ruleset, last, &spoken)) != 0)
            goto fail;
        if (said) {
            size_t next = skip_spaces(n, at + word_len);
            rs__buf_putc(&spoken, ' ');
            rs__buf_puts(&spoken, said);
            end = at + word_len;
            /* the dot of "гг." also ends the sentence before a capital */
            if (next >= n->len || (next > end && !word_ends_at(n, next) && !noun_after_at(n, next)))
                rs__buf_putc(&spoken, '.');
        }
        return rs__norm_change_buf(n, pos, end, &spoken, "range");
    }
    if (years && id == RS_LANG_PL && !word_in(before, pl_years)) {
        /* od dwa tysiące dwudziestego do dwa tysiące dwudziestego czwartego roku */
        if (strcmp(before, "od") != 0)
            rs__buf_puts(&spoken, from);
        if (put_spelled(n, "%spellout-ordinal-masculine-genitive", first, &spoken) != 0 ||
            (rs__buf_puts(&spoken, to), put_spelled(n, "%spellout-ordinal-masculine-genitive", last, &spoken)) != 0)
            goto fail;
        if (word_at(n, at, "r.")) {
            rs__buf_puts(&spoken, " roku");
            end = at + 2;
        }
        return rs__norm_change_buf(n, pos, end, &spoken, "range");
    }
    if (years) {
        /* a bare span of years, "Стратегия 2020–2030", "w latach 2020–2024":
         * the numbers as they are, the dash a pause */
        number_words(n, num, 0, &spoken);
        rs__buf_puts(&spoken, " — ");
        number_words(n, second, 0, &spoken);
        return rs__norm_change_buf(n, pos, end, &spoken, "range");
    }
    asked = sign ? case_asked(n, pos, 0) : case_asked(n, pos, noun_after(n, second));
    if (asked || word_in(before, (const char *const[]){"на", "в", "у", "w", "na", "o", "po", "około", "ponad", "do", "z", NULL})) {
        /* the case of the preposition before, for both: в десяти — пятнадцати странах */
        if (put_in_case(n, num, asked, &spoken) != 0 || (rs__buf_puts(&spoken, " — "), put_in_case(n, second, asked, &spoken)) != 0)
            goto fail;
    } else {
        if (strcmp(before, "od") != 0 && strcmp(before, "от") != 0 && strcmp(before, "від") != 0)
            rs__buf_puts(&spoken, from);
        asked = "genitive";
        if (put_in_case(n, num, asked, &spoken) != 0 || (rs__buf_puts(&spoken, to), put_in_case(n, second, asked, &spoken)) != 0)
            goto fail;
    }
    if (sign) {
        int form = noun_form(n, second);
        rs__buf_putc(&spoken, ' ');
        if (percent_forms[id])
            put_form(&spoken, percent_forms[id],
                     asked ? (form == FORM_ONE ? FORM_FRACTION : FORM_MANY) : form);
        else
            rs__buf_puts(&spoken, "procent");
        end = at + sign;
    }
    return rs__norm_change_buf(n, pos, end, &spoken, "range");
fail:
    rs__buf_free(&spoken);
    return 0;
}

/* Italian "dal 10 al 15" (dall'8 all'11: the article is elided before a
 * vowel); after a word with an article ("del 10-15%") the numbers only,
 * the dash a pause. */
static size_t it_range(rs_norm *n, size_t pos, const number *num, const number *second)
{
    static const char *const articled[] = {"il", "i", "del", "dei", "nel", "nei", "al", "ai", "dal", "dai", "sul",
                                           "sui", "tra", "fra", "col", "lo", "gli", "degli", "negli", "l", "dell",
                                           "nell", "all", "dall", NULL};
    size_t at = skip_spaces(n, second->end), sign = percent_sign_at(n, at), end = second->end;
    char before[32];
    rs_buf spoken = {0};
    const number *nums[2] = {num, second};
    int k;
    word_before(n, pos, before, sizeof before);
    for (k = 0; k < 2; k++) {
        const char *digits = nums[k]->integer;
        size_t len = strlen(digits);
        /* uno, otto, undici, ottanta, ottocento, ottomila, undicimila */
        int vowel = digits[0] == '8' || (len == 1 && digits[0] == '1') ||
                    ((len == 2 || len == 5) && digits[0] == '1' && digits[1] == '1');
        if (word_in(before, articled)) {
            if (k)
                rs__buf_puts(&spoken, " - ");
        } else {
            rs__buf_puts(&spoken, k ? (vowel ? " all'" : " al ") : (vowel ? "dall'" : "dal "));
        }
        number_words(n, nums[k], 0, &spoken);
    }
    if (sign) {
        rs__buf_puts(&spoken, n->lang->per_cent);
        end = at + sign;
    }
    return rs__norm_change_buf(n, pos, end, &spoken, "range");
}

/* Ranges: 2016-2020, 7–9, 10–15 %. */
static size_t number_range(rs_norm *n, size_t pos, const number *num)
{
    size_t dash = 0, at, sign;
    number second;
    rs_buf spoken = {0};
    int id = n->lang->id;
    if (num->fraction[0] || num->end >= n->len)
        return 0;
    if (n->text[num->end] == '-')
        dash = 1;
    else if (starts_with(n, num->end, "\xE2\x80\x93"))
        dash = 3;
    if (!dash || !parse_number(n, num->end + dash, &second) || second.fraction[0] || !word_ends_at(n, second.end) ||
        strlen(num->integer) > 4 || strlen(second.integer) > 4)
        return 0;
    if (slavic_language(n))
        return slavic_range(n, pos, num, &second);
    if (id == RS_LANG_IT)
        return it_range(n, pos, num, &second);
    at = skip_spaces(n, second.end);
    sign = id == RS_LANG_TR ? percent_sign_at(n, at) : 0;
    if (sign) /* yüzde 10 ila 15 */
        rs__buf_puts(&spoken, n->lang->per_cent);
    number_text(n, num, &spoken);
    rs__buf_puts(&spoken, n->lang->word_to);
    number_text(n, &second, &spoken);
    return rs__norm_change_buf(n, pos, sign ? at + sign : second.end, &spoken, "range");
}

/* French ordinals: 80e, 1re, 2ème. */
static size_t fr_ordinal_number(rs_norm *n, size_t pos, const number *num)
{
    int feminine = 0, plural = 0;
    size_t suffix;
    unsigned value;
    if (n->lang->id != RS_LANG_FR || num->grouped || num->fraction[0])
        return 0;
    suffix = fr_ordinal_suffix(n, num->end, &feminine, &plural);
    if (!suffix || strlen(num->integer) > 6)
        return 0;
    value = (unsigned)rs__digits_value(num->integer, strlen(num->integer));
    if (!ordinal_suffix_fits(n, num->end, suffix, value))
        return 0;
    return ordinal_words(n, pos, num->end + suffix, value, feminine, plural);
}

/* Spanish ordinals written 1.º or 75.ª lose the dot. */
static size_t es_ordinal_number(rs_norm *n, size_t pos, const number *num)
{
    char tail[3];
    if (n->lang->id != RS_LANG_ES || num->end + 2 >= n->len || n->text[num->end] != '.' ||
        !(starts_with(n, num->end + 1, "\xC2\xBA") || starts_with(n, num->end + 1, "\xC2\xAA")))
        return 0;
    tail[0] = n->text[num->end + 1];
    tail[1] = n->text[num->end + 2];
    tail[2] = '\0';
    return emit_number_with(n, pos, num, num->end + 3, tail, "ordinal");
}

/* A session in Roman numerals after a resolution number: 2625 (XXV). */
static size_t roman_session(rs_norm *n, size_t pos, const number *num)
{
    size_t at = skip_spaces(n, num->end), close;
    unsigned value;
    char tail[32];
    if (at >= n->len || n->text[at] != '(' || num->fraction[0])
        return 0;
    for (close = at + 1; close < n->len && strchr("IVXLCDM", n->text[close]) && n->text[close]; close++)
        ;
    if (close >= n->len || n->text[close] != ')')
        return 0;
    value = rs__roman_value(n->text + at + 1, close - at - 1);
    if (value == 0)
        return 0;
    snprintf(tail, sizeof tail, " (%u)", value);
    return emit_number_with(n, pos, num, close + 1, tail, "roman numeral");
}

/* 7(1), 7(1)(a) after "article" or "Art.": an article's paragraph. */
static size_t article_paragraph(rs_norm *n, size_t pos, const number *num)
{
    size_t digits, end;
    rs_buf spoken = {0};
    if (num->fraction[0] || num->grouped || num->end >= n->len || n->text[num->end] != '(' || !after_article(n, pos))
        return 0;
    digits = digits_at(n, num->end + 1);
    if (digits == 0 || digits > 3 || num->end + 1 + digits >= n->len || n->text[num->end + 1 + digits] != ')')
        return 0;
    end = num->end + 2 + digits;
    number_text(n, num, &spoken);
    rs__buf_puts(&spoken, n->lang->subparagraph);
    rs__buf_append(&spoken, n->text + num->end + 1, digits);
    /* a following (a) is a subparagraph letter */
    if (end + 2 < n->len && n->text[end] == '(' && n->text[end + 1] >= 'a' && n->text[end + 1] <= 'z' &&
        n->text[end + 2] == ')') {
        /* the letter as a letter: "A." is read "ay", not the article */
        rs__buf_putc(&spoken, ' ');
        rs__buf_putc(&spoken, (char)(n->text[end + 1] - 32));
        rs__buf_putc(&spoken, '.');
        end += 3;
    }
    return rs__norm_change_buf(n, pos, end, &spoken, "subparagraph");
}

/* ---- years, decades and ordinals in more languages ---- */

/* "в 2024 году", "до 2030 года", "у 2024 році", "w 2024 roku", "2024 r.":
 * a Russian, Ukrainian or Polish year is an ordinal in the case that the
 * word year (and its preposition) asks, which espeak-ng reads as a
 * cardinal in the nominative. An abbreviated word (г., р., r.) is said. */
static size_t year_in_case(rs_norm *n, size_t pos, const number *num)
{
    static const struct {
        rs_lang_id language;
        const char *word;
        const char *ruleset; /* NULL: by the preposition */
        const char *said;    /* an abbreviation said in full, by the preposition */
    } forms[] = {
        {RS_LANG_RU, "году", NULL, NULL},
        {RS_LANG_RU, "года", "%spellout-ordinal-masculine-genitive", NULL},
        {RS_LANG_RU, "годом", "%spellout-ordinal-masculine-ablative", NULL}, /* ICU names the instrumental so */
        {RS_LANG_RU, "год", "%spellout-ordinal-masculine", NULL},
        {RS_LANG_RU, "г.", NULL, "года|году"},
        {RS_LANG_UK, "році", "%spellout-ordinal-masculine-locative", NULL},
        {RS_LANG_UK, "року", "%spellout-ordinal-masculine-genitive", NULL},
        {RS_LANG_UK, "роком", "%spellout-ordinal-masculine-ablative", NULL},
        {RS_LANG_UK, "рік", "%spellout-ordinal-masculine", NULL},
        {RS_LANG_UK, "р.", NULL, "року|році"},
        {RS_LANG_PL, "roku", NULL, NULL},
        {RS_LANG_PL, "rokiem", "%spellout-ordinal-masculine-instrumental", NULL},
        {RS_LANG_PL, "rok", "%spellout-ordinal-masculine", NULL},
        {RS_LANG_PL, "r.", NULL, "roku|roku"},
    };
    static const char *const locative_ru[] = {"в", "во", "о", "об", "при", NULL};
    static const char *const dative_ru[] = {"к", "ко", "по", NULL};
    static const char *const locative_uk[] = {"у", "в", "при", NULL};
    static const char *const locative_pl[] = {"w", "we", "o", "przy", NULL};
    size_t i = num->end, k, after, end;
    const char *ruleset;
    char before[32];
    long long year = small_value(num);
    rs_buf spoken = {0};
    if (!slavic_language(n) || num->grouped || strlen(num->integer) != 4 || year < 1000 || year > 2999)
        return 0;
    if (i + 1 < n->len && n->text[i] == '-' && n->lang->id != RS_LANG_PL) { /* "2024-м", "2024-го": the ending */
        size_t e = i + 1;
        while (e < n->len && e - i <= 7 && rs__is_alpha_byte((unsigned char)n->text[e]) && (unsigned char)n->text[e] >= 0x80)
            e++;
        if (e > i + 1)
            i = e;
    }
    after = skip_spaces(n, i);
    if (after == i)
        return 0;
    for (k = 0; k < sizeof forms / sizeof forms[0]; k++)
        if (forms[k].language == n->lang->id && word_at(n, after, forms[k].word))
            break;
    if (k == sizeof forms / sizeof forms[0])
        return 0;
    ruleset = forms[k].ruleset;
    end = i;
    word_before(n, pos, before, sizeof before);
    if (!ruleset) {
        int locative = 0;
        switch (n->lang->id) {
        case RS_LANG_RU:
            if (word_in(before, dative_ru))
                ruleset = "%spellout-ordinal-masculine-dative";
            else if (word_in(before, locative_ru) || !forms[k].said)
                ruleset = "%spellout-ordinal-masculine-locative", locative = 1;
            else
                ruleset = "%spellout-ordinal-masculine-genitive";
            break;
        case RS_LANG_UK:
            locative = word_in(before, locative_uk);
            ruleset = locative ? "%spellout-ordinal-masculine-locative" : "%spellout-ordinal-masculine-genitive";
            break;
        default:
            locative = word_in(before, locative_pl);
            ruleset = locative ? "%spellout-ordinal-masculine-locative" : "%spellout-ordinal-masculine-genitive";
            break;
        }
        if (forms[k].said) {
            const char *bar = strchr(forms[k].said, '|');
            int second = n->lang->id == RS_LANG_RU ? (locative || strstr(ruleset, "dative") != NULL) : locative;
            if (put_spelled(n, ruleset, year, &spoken) != 0) {
                rs__buf_free(&spoken);
                return 0;
            }
            rs__buf_putc(&spoken, ' ');
            if (second)
                rs__buf_puts(&spoken, bar + 1);
            else
                rs__buf_append(&spoken, forms[k].said, (size_t)(bar - forms[k].said));
            return rs__norm_change_buf(n, pos, after + strlen(forms[k].word), &spoken, "year in its case");
        }
    }
    return spelled(n, pos, end, ruleset, year, NULL, "year in its case");
}

/* Russian and Ukrainian centuries and anniversaries: "в 21 веке" -> в
 * двадцать первом веке, "у 21 столітті", "80-летие" -> восьмидесятилетие
 * (the genitive of the cardinal joined to the word, as it is written in
 * letters). */
static size_t slavic_century(rs_norm *n, size_t pos, const number *num)
{
    static const struct {
        rs_lang_id language;
        const char *word;
        const char *ruleset;
    } words[] = {
        {RS_LANG_RU, "веке", "%spellout-ordinal-masculine-locative"},
        {RS_LANG_RU, "века", "%spellout-ordinal-masculine-genitive"},
        {RS_LANG_RU, "веку", "%spellout-ordinal-masculine-dative"},
        {RS_LANG_RU, "веком", "%spellout-ordinal-masculine-ablative"},
        {RS_LANG_RU, "век", "%spellout-ordinal-masculine"},
        {RS_LANG_UK, "столітті", "%spellout-ordinal-masculine-locative"},
        {RS_LANG_UK, "століття", "%spellout-ordinal-masculine-genitive"},
    };
    long long value = small_value(num);
    size_t at = skip_spaces(n, num->end), k;
    if ((n->lang->id != RS_LANG_RU && n->lang->id != RS_LANG_UK) || value < 1 || num->grouped)
        return 0;
    if (n->lang->id == RS_LANG_RU && value >= 2 && value < 1000 && starts_with(n, num->end, "-лет")) {
        rs_buf spoken = {0};
        size_t end = num->end + 1, w = 0, r;
        while (end < n->len && rs__is_alpha_byte((unsigned char)n->text[end]))
            end++;
        if (put_spelled(n, "%spellout-cardinal-masculine-genitive", value, &spoken) != 0) {
            rs__buf_free(&spoken);
            return 0;
        }
        for (r = 0; r < spoken.len; r++) /* one word: семидесятипятилетие */
            if (spoken.data[r] != ' ')
                spoken.data[w++] = spoken.data[r];
        spoken.len = w;
        rs__buf_append(&spoken, n->text + num->end + 1, end - num->end - 1);
        return rs__norm_change_buf(n, pos, end, &spoken, "ordinal");
    }
    if (at == num->end || value > 40)
        return 0;
    for (k = 0; k < sizeof words / sizeof words[0]; k++)
        if (words[k].language == n->lang->id && word_at(n, at, words[k].word))
            return spelled(n, pos, num->end, words[k].ruleset, value, NULL, "ordinal");
    return 0;
}

/* "1990s", "années 1990", "años 1990", "anni 1990", "jaren 1990", "lata
 * 90.": a decade as it is said (the nineteen nineties, les années
 * quatre-vingt-dix, lata dziewięćdziesiąte). Russian and Ukrainian decades
 * (1990-х) are ordinals, below. */
static size_t decade(rs_norm *n, size_t pos, const number *num)
{
    static const char *const decade_words[] = {"années", "años", "anos", "anni", "jaren", NULL};
    static const char *const pl_plural[] = {"lata", NULL};
    static const char *const pl_genitive[] = {"lat", "latach", NULL};
    size_t len = strlen(num->integer), end = num->end;
    long long value = small_value(num);
    char before[32];
    int id = n->lang->id;
    if (value < 0 || num->grouped || (len != 4 && len != 2) || value % 10 != 0)
        return 0;
    if (id == RS_LANG_EN && len == 4) {
        rs_buf spoken = {0};
        size_t suffix = starts_with(n, end, "s") ? 1 : starts_with(n, end, "'s") ? 2
                        : starts_with(n, end, "\xE2\x80\x99s") ? 4 : 0;
        if (!suffix || !word_ends_at(n, end + suffix) || put_spelled(n, "%spellout-numbering-year", value, &spoken) != 0) {
            rs__buf_free(&spoken);
            return 0;
        }
        /* nineteen ninety -> nineteen nineties; two thousand -> two thousands */
        if (spoken.len && spoken.data[spoken.len - 1] == 'y') {
            spoken.len--;
            rs__buf_puts(&spoken, "ies");
        } else {
            rs__buf_putc(&spoken, 's');
        }
        return rs__norm_change_buf(n, pos, end + suffix, &spoken, "decade");
    }
    word_before(n, pos, before, sizeof before);
    if ((starts_with(n, end, "-") && digits_at(n, end + 1) > 0) ||
        (starts_with(n, end, "\xE2\x80\x93") && digits_at(n, end + 3) > 0))
        return 0; /* w latach 2020–2024: a span of years */
    if (id == RS_LANG_PL && (word_in(before, pl_plural) || word_in(before, pl_genitive))) {
        /* "lata 90.", "lat 90-tych", "latach 1990." */
        if (starts_with(n, end, "-tych") || starts_with(n, end, "-te"))
            end += starts_with(n, end, "-tych") ? 5 : 3;
        else if (starts_with(n, end, "."))
            end++;
        else if (!word_ends_at(n, end))
            return 0;
        return spelled(n, pos, end, word_in(before, pl_plural) ? "%spellout-ordinal-neuter" : "%spellout-ordinal-plural-genitive",
                       len == 4 && value % 100 ? value % 100 : value, NULL, "decade");
    }
    if (len == 4 && word_in(before, decade_words) && word_ends_at(n, end) && value >= 1910 && value <= 1990 &&
        (id == RS_LANG_FR || id == RS_LANG_ES || id == RS_LANG_PT || id == RS_LANG_IT || id == RS_LANG_NL))
        return spelled(n, pos, end, "%spellout-numbering", value % 100, NULL, "decade");
    return 0;
}

/* Russian and Ukrainian ordinals written with their ending: "79-я сессия",
 * "2024-го", "1990-х годов", "79-та сесія", "1-ше", "1990-ті". The ending
 * names the case and gender; a decade drops its century as it is said
 * (девяностых, дев'яностих). */
static size_t slavic_ordinal(rs_norm *n, size_t pos, const number *num)
{
    static const struct {
        rs_lang_id language;
        const char *ending;
        const char *ruleset;
    } endings[] = {
        {RS_LANG_RU, "й", "%spellout-ordinal-masculine"}, {RS_LANG_RU, "ый", "%spellout-ordinal-masculine"},
        {RS_LANG_RU, "ий", "%spellout-ordinal-masculine"}, {RS_LANG_RU, "я", "%spellout-ordinal-feminine"},
        {RS_LANG_RU, "ая", "%spellout-ordinal-feminine"}, {RS_LANG_RU, "е", "%spellout-ordinal-neuter"},
        {RS_LANG_RU, "ое", "%spellout-ordinal-neuter"}, {RS_LANG_RU, "ые", "%spellout-ordinal-plural"},
        {RS_LANG_RU, "го", "%spellout-ordinal-masculine-genitive"},
        {RS_LANG_RU, "ого", "%spellout-ordinal-masculine-genitive"},
        {RS_LANG_RU, "му", "%spellout-ordinal-masculine-dative"},
        {RS_LANG_RU, "ому", "%spellout-ordinal-masculine-dative"},
        {RS_LANG_RU, "м", "%spellout-ordinal-masculine-locative"},
        {RS_LANG_RU, "ом", "%spellout-ordinal-masculine-locative"},
        {RS_LANG_RU, "ю", "%spellout-ordinal-feminine-accusative"},
        {RS_LANG_RU, "ой", "%spellout-ordinal-feminine-genitive"},
        {RS_LANG_RU, "х", "%spellout-ordinal-plural-genitive"}, {RS_LANG_RU, "ых", "%spellout-ordinal-plural-genitive"},
        {RS_LANG_RU, "ми", "%spellout-ordinal-plural-ablative"},
        {RS_LANG_UK, "й", "%spellout-ordinal-masculine"}, {RS_LANG_UK, "ий", "%spellout-ordinal-masculine"},
        {RS_LANG_UK, "а", "%spellout-ordinal-feminine"}, {RS_LANG_UK, "та", "%spellout-ordinal-feminine"},
        {RS_LANG_UK, "ша", "%spellout-ordinal-feminine"}, {RS_LANG_UK, "га", "%spellout-ordinal-feminine"},
        {RS_LANG_UK, "тя", "%spellout-ordinal-feminine"}, {RS_LANG_UK, "е", "%spellout-ordinal-neuter"},
        {RS_LANG_UK, "те", "%spellout-ordinal-neuter"}, {RS_LANG_UK, "ше", "%spellout-ordinal-neuter"},
        {RS_LANG_UK, "ге", "%spellout-ordinal-neuter"}, {RS_LANG_UK, "го", "%spellout-ordinal-masculine-genitive"},
        {RS_LANG_UK, "му", "%spellout-ordinal-masculine-dative"}, {RS_LANG_UK, "м", "%spellout-ordinal-masculine-ablative"},
        {RS_LANG_UK, "ї", "%spellout-ordinal-feminine-genitive"}, {RS_LANG_UK, "ої", "%spellout-ordinal-feminine-genitive"},
        {RS_LANG_UK, "ту", "%spellout-ordinal-feminine-accusative"}, {RS_LANG_UK, "у", "%spellout-ordinal-feminine-accusative"},
        {RS_LANG_UK, "ті", "%spellout-ordinal-plural"}, {RS_LANG_UK, "і", "%spellout-ordinal-plural"},
        {RS_LANG_UK, "х", "%spellout-ordinal-plural-genitive"}, {RS_LANG_UK, "их", "%spellout-ordinal-plural-genitive"},
    };
    size_t k, e, best = 0, best_len = 0;
    long long value = small_value(num);
    const char *ruleset;
    if ((n->lang->id != RS_LANG_RU && n->lang->id != RS_LANG_UK) || value < 0 || value >= 10000 || num->grouped ||
        num->end + 1 >= n->len || n->text[num->end] != '-')
        return 0;
    for (k = 0; k < sizeof endings / sizeof endings[0]; k++) {
        e = strlen(endings[k].ending);
        if (endings[k].language == n->lang->id && e > best_len && starts_with(n, num->end + 1, endings[k].ending) &&
            word_ends_at(n, num->end + 1 + e)) {
            best = k;
            best_len = e;
        }
    }
    if (!best_len)
        return 0;
    ruleset = endings[best].ruleset;
    /* 1990-е годы: plural; 79-е заседание: neuter */
    if (value >= 1000 && value % 10 == 0 && !strcmp(ruleset, "%spellout-ordinal-neuter"))
        ruleset = "%spellout-ordinal-plural";
    if (strstr(ruleset, "plural") && value >= 1910 && value <= 1990 && value % 10 == 0)
        value %= 100;
    return spelled(n, pos, num->end + 1 + best_len, ruleset, value, NULL, "ordinal");
}

/* German ordinals: "am 17. März", "die 3. Lesung", "17. März 2024". A
 * number with a dot is an ordinal only after an article or before a
 * month (not "Es waren 17. Dann ..."); its ending follows the article:
 * dem/den/des/am/im -> siebzehnten, der/die/das -> siebzehnte (after a
 * preposition: in der dritten Runde), none -> siebzehnter (März). */
static size_t de_ordinal(rs_norm *n, size_t pos, const number *num)
{
    static const char *const prepositions[] = {"in", "an", "bei", "mit", "aus", "zu", "von", "nach", "seit", "vor",
                                               "auf", "unter", "über", "während", "wegen", "trotz", "für", NULL};
    size_t at, mlen, start;
    long long value = small_value(num);
    char before[32], earlier[32];
    const char *ruleset = NULL;
    if (n->lang->id != RS_LANG_DE || value < 1 || num->grouped || strlen(num->integer) > 3 || num->end + 2 >= n->len ||
        n->text[num->end] != '.')
        return 0;
    at = skip_spaces(n, num->end + 1);
    if (at == num->end + 1 || at >= n->len || rs__is_digit(n->text[at]))
        return 0;
    start = word_before(n, pos, before, sizeof before);
    if (!word_in(before, de_weak) && !word_in(before, de_strong) && start > 0) {
        /* a weekday between the article and the day: "am Fr. 5. Mai",
         * "am Freitag, 5. Mai" */
        size_t back = start;
        int words;
        for (words = 0; words < 2 && back > 0; words++) {
            while (back > 0 && (n->text[back - 1] == '.' || n->text[back - 1] == ',' || n->text[back - 1] == ' '))
                back--;
            back = word_before(n, back, earlier, sizeof earlier);
            if (word_in(earlier, de_weak) || word_in(earlier, de_strong)) {
                memcpy(before, earlier, sizeof before);
                start = back;
                break;
            }
        }
    }
    if (word_in(before, de_weak)) {
        ruleset = "%spellout-ordinal-n";
    } else if (word_in(before, de_strong)) {
        word_before(n, start, earlier, sizeof earlier);
        ruleset = word_in(earlier, prepositions) ? "%spellout-ordinal-n" : "%spellout-ordinal";
    } else if (month_at(n, at, &mlen)) {
        ruleset = "%spellout-ordinal-r";
    }
    if (!ruleset)
        return 0;
    return spelled(n, pos, num->end + 1, ruleset, value, NULL, "ordinal");
}

/* Portuguese and Italian ordinals: "1.º", "79.ª", "1º", "79ª", Italian
 * "1°" (not a degree: "40° C" and "40 °C" stay measures). */
static size_t pt_it_ordinal(rs_norm *n, size_t pos, const number *num)
{
    size_t at = num->end, mark;
    long long value = small_value(num);
    int feminine;
    if ((n->lang->id != RS_LANG_PT && n->lang->id != RS_LANG_IT) || value < 0 || num->grouped)
        return 0;
    if (n->lang->id == RS_LANG_PT && starts_with(n, at, "."))
        at++;
    if (starts_with(n, at, "\xC2\xBA"))
        feminine = 0;
    else if (starts_with(n, at, "\xC2\xAA"))
        feminine = 1;
    else if (n->lang->id == RS_LANG_IT && starts_with(n, at, "\xC2\xB0"))
        feminine = 0;
    else
        return 0;
    mark = at + 2;
    if (!word_ends_at(n, mark))
        return 0;
    if (n->text[at + 1] == '\xB0') {
        size_t next = skip_spaces(n, mark);
        if (next < n->len && (n->text[next] == 'C' || n->text[next] == 'F') && word_ends_at(n, next + 1))
            return 0;
    }
    return spelled(n, pos, mark, feminine ? "%spellout-ordinal-feminine" : "%spellout-ordinal-masculine", value, NULL,
                   "ordinal");
}

/* Dutch ordinals: "79e", "1ste", "2de", "8ste". */
static size_t nl_ordinal(rs_norm *n, size_t pos, const number *num)
{
    static const char *const suffixes[] = {"ste", "de", "e"};
    long long value = small_value(num);
    size_t k;
    if (n->lang->id != RS_LANG_NL || value < 0 || num->grouped)
        return 0;
    for (k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t l = strlen(suffixes[k]);
        if (starts_with(n, num->end, suffixes[k]) && word_ends_at(n, num->end + l))
            return spelled(n, pos, num->end + l, "%spellout-ordinal", value, NULL, "ordinal");
    }
    return 0;
}

/* Whether a Turkish small letter starts at pos (ASCII or ç ğ ı ö ş ü). */
static int tr_small_letter_at(const rs_norm *n, size_t pos)
{
    static const char *const letters[] = {"ç", "ğ", "ı", "ö", "ş", "ü"};
    size_t k;
    if (pos >= n->len)
        return 0;
    if (n->text[pos] >= 'a' && n->text[pos] <= 'z')
        return 1;
    for (k = 0; k < sizeof letters / sizeof letters[0]; k++)
        if (starts_with(n, pos, letters[k]))
            return 1;
    return 0;
}

/* Words that begin the names an ordinal with a dot is part of: "2. Dünya
 * Savaşı", "70. Genel Kurul", "28. Dönem", "11. Kalkınma Planı". A number
 * with a full stop before any other capital ends a sentence ("Toplam
 * 2024. Sonra ..."), so only these make it an ordinal. */
static int tr_name_word_at(const rs_norm *n, size_t pos)
{
    /* nouns that make a name alone, and words that do before a second
     * capitalized word (not "Genel olarak") */
    static const char *const alone[] = {"Dönem", "Birleşim", "Oturum", "Madde", "Kurultay", "Bölüm", "Sınıf",
                                        "Tugay", "Filo", "Kurul", "Yıl", "Cumhurbaşkanı", "Ordu", "Kolordu",
                                        "Bölge", "Daire", "Meclis", "Hükümet", NULL};
    static const char *const before_name[] = {"Dünya", "Genel", "Yasama", "Olağan", "Olağanüstü", "Kalkınma",
                                              "Sanayi", "Ceza", "Hukuk", "Asliye", "Ağır", "Uluslararası",
                                              "Ulusal", "Olimpiyat", NULL};
    size_t k, next, len;
    for (k = 0; alone[k]; k++)
        if (word_at(n, pos, alone[k]))
            return 1;
    for (k = 0; before_name[k]; k++)
        if (word_at(n, pos, before_name[k])) {
            next = pos + strlen(before_name[k]);
            if (next + 1 < n->len && n->text[next] == ' ') {
                uint32_t cp = rs__utf8_decode(n->text + next + 1, &len);
                return rs__cp_is_letter(cp) && rs__cp_to_lower(cp) != cp;
            }
            return 0;
        }
    return 0;
}

/* "2. Dünya Savaşı" -> İkinci Dünya Savaşı: the ordinal in a name is
 * written with a capital, the Turkish way (i -> İ, ü -> Ü). */
static size_t tr_capital_ordinal(rs_norm *n, size_t pos, size_t end, long long value)
{
    rs_buf spoken = {0};
    if (put_spelled(n, "%spellout-ordinal", value, &spoken) != 0 || spoken.failed || !spoken.len) {
        rs__buf_free(&spoken);
        return 0;
    }
    if (spoken.data[0] >= 'a' && spoken.data[0] <= 'z' && spoken.data[0] != 'i') {
        spoken.data[0] = (char)(spoken.data[0] - 32);
    } else {
        static const char *const pairs[][2] = {{"i", "İ"}, {"ü", "Ü"}, {"ö", "Ö"}, {"ç", "Ç"}, {"ş", "Ş"}};
        size_t k;
        for (k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
            size_t small = strlen(pairs[k][0]);
            if (spoken.len >= small && memcmp(spoken.data, pairs[k][0], small) == 0) {
                rs_buf capital = {0};
                rs__buf_puts(&capital, pairs[k][1]);
                rs__buf_append(&capital, spoken.data + small, spoken.len - small);
                rs__buf_free(&spoken);
                return rs__norm_change_buf(n, pos, end, &capital, "ordinal");
            }
        }
    }
    return rs__norm_change_buf(n, pos, end, &spoken, "ordinal");
}

/* Turkish: "79. oturum" (an ordinal: yetmiş dokuzuncu oturum), and a
 * suffix after an apostrophe joined to the number's words as it is said:
 * "1990'lar" -> bin dokuz yüz doksanlar, "2024'te" -> iki bin yirmi
 * dörtte, "79'uncu" -> yetmiş dokuzuncu. */
static size_t tr_number(rs_norm *n, size_t pos, const number *num)
{
    static const char *const ordinal_marks[] = {"inci", "ıncı", "uncu", "üncü", "nci", "ncı", "ncu", "ncü"};
    long long value = small_value(num);
    size_t at = num->end, apostrophe = 0, end, k;
    rs_buf spoken = {0};
    if (n->lang->id != RS_LANG_TR)
        return 0;
    if (value >= 0 && !num->grouped && at + 2 < n->len && n->text[at] == '.' && n->text[at + 1] == ' ' &&
        tr_small_letter_at(n, at + 2))
        return spelled(n, pos, at + 1, "%spellout-ordinal", value, NULL, "ordinal");
    if (value > 0 && value < 1000 && !num->grouped && at + 2 < n->len && n->text[at] == '.' && n->text[at + 1] == ' ' &&
        tr_name_word_at(n, at + 2))
        return tr_capital_ordinal(n, pos, at + 1, value);
    if (starts_with(n, at, "'"))
        apostrophe = 1;
    else if (starts_with(n, at, "\xE2\x80\x99"))
        apostrophe = 3;
    if (!apostrophe || !tr_small_letter_at(n, at + apostrophe))
        return 0;
    for (end = at + apostrophe; end < n->len && rs__is_alpha_byte((unsigned char)n->text[end]); end++)
        ;
    for (k = 0; value >= 0 && k < sizeof ordinal_marks / sizeof ordinal_marks[0]; k++)
        if (starts_with(n, at + apostrophe, ordinal_marks[k])) {
            size_t mark = at + apostrophe + strlen(ordinal_marks[k]);
            if (put_spelled(n, "%spellout-ordinal", value, &spoken) != 0)
                break;
            rs__buf_append(&spoken, n->text + mark, end - mark);
            return rs__norm_change_buf(n, pos, end, &spoken, "ordinal");
        }
    rs__buf_free(&spoken);
    spoken.len = 0;
    if (put_decimal_words(n, num, "%spellout-numbering", &spoken) != 0) {
        rs__buf_free(&spoken);
        return 0;
    }
    rs__buf_append(&spoken, n->text + at + apostrophe, end - at - apostrophe);
    return rs__norm_change_buf(n, pos, end, &spoken, "suffix");
}

/* "более 500 человек" -> более пятисот человек, "у 5 областях" -> у
 * пʼяти областях; a year ("до 2030", "в 2024 годах") is left to the year
 * rules, and a number before тысяча is feminine (двадцати одной тысячи). */
static size_t cardinal_case(rs_norm *n, size_t pos, const number *num)
{
    static const char *const year_words[] = {"год", "гг", "рок", "рік", "рр", NULL};
    char ruleset[64];
    long long value = small_value(num);
    size_t noun = noun_after(n, num), k;
    const char *asked;
    int feminine = 0;
    if ((n->lang->id != RS_LANG_RU && n->lang->id != RS_LANG_UK) || value < 0 ||
        (num->end < n->len && (n->text[num->end] == '-' || (n->text[num->end] == '.' && !word_ends_at(n, num->end + 1)))))
        return 0;
    /* в 2020 годах: a year, whose case its word tells; "до 2030" alone is a
     * year too, said as one (до две тысячи тридцатого) */
    if (value >= 1000 && value <= 2999 && !num->grouped) {
        if (!noun) {
            asked = case_asked(n, pos, 0);
            if (!asked || strcmp(asked, "genitive") != 0 || value < 1900 || value > 2100)
                return 0;
            return spelled(n, pos, num->end, "%spellout-ordinal-masculine-genitive", value, NULL, "year in its case");
        }
        for (k = 0; year_words[k]; k++)
            if (starts_with(n, noun, year_words[k]))
                return 0;
    }
    asked = case_asked(n, pos, noun);
    if (!asked)
        return 0;
    if (noun && (starts_with(n, noun, "тысяч") || starts_with(n, noun, "тисяч")))
        feminine = 1;
    snprintf(ruleset, sizeof ruleset, "%%spellout-cardinal-%s-%s", feminine ? "feminine" : "masculine", asked);
    return spelled(n, pos, num->end, ruleset, value, NULL, "number in its case");
}

/* A number espeak-ng reads wrongly as digits (wants_words). */
static size_t spelled_number(rs_norm *n, size_t pos, const number *num)
{
    if (!wants_words(n, num, 0))
        return 0;
    return emit_number_with(n, pos, num, num->end, NULL, "number");
}

/* A number with thousands separators, read as one number; plain digits
 * are left to espeak-ng. */
static size_t grouped_number(rs_norm *n, size_t pos, const number *num)
{
    if (!num->grouped)
        return 0;
    return emit_number_with(n, pos, num, num->end, NULL, "number");
}

/* The rules for a parsed number, tried in this order; the first that
 * applies consumes the text. Each consumes at least the number itself. */
typedef size_t (*number_rule)(rs_norm *n, size_t pos, const number *num);

static const number_rule number_rules[] = {
    year_in_case, zh_year, slavic_century, day_month, decade, percentage, scale_amount, amount_before_currency, measure, number_range,
    fr_ordinal_number, es_ordinal_number, slavic_ordinal, de_ordinal, pt_it_ordinal, nl_ordinal, pl_ordinal, tr_number,
    roman_session, article_paragraph, cardinal_case, spelled_number, grouped_number,
};

size_t rs__norm_number(rs_norm *n, size_t pos)
{
    number num;
    size_t k, i;
    if (!rs__is_digit(n->text[pos])) {
        unsigned char c = (unsigned char)n->text[pos];
        /* only these bytes start a currency, a per cent sign before a
         * number or an Arabic-Indic digit */
        if (!(c >= 0x80 || strchr("RU$EGCzT%", (char)c)) || (pos > 0 && rs__is_alpha_byte((unsigned char)n->text[pos - 1])))
            return 0;
        if ((c == 0xD9 || c == 0xDB) && (k = arabic_digits(n, pos)) > 0)
            return k;
        return percent_sign_at(n, pos) ? percent_before(n, pos) : currency_before(n, pos);
    }
    /* inside a word, a symbol or another number; Chinese writes numbers
     * straight after characters (增长12.5%) */
    int after_dash = pos >= 3 && (starts_with(n, pos - 3, "\xE2\x80\x93") || starts_with(n, pos - 3, "\xE2\x80\x94"));
    if (pos > 0 && ((rs__is_alpha_byte((unsigned char)n->text[pos - 1]) && !after_dash &&
                     !(n->lang->id == RS_LANG_ZH && (unsigned char)n->text[pos - 1] >= 0x80)) ||
                    rs__is_digit(n->text[pos - 1]) || n->text[pos - 1] == '/' || n->text[pos - 1] == '.'))
        return 0;
    k = numeric_date(n, pos);
    if (k > 0)
        return k;
    k = time_rule(n, pos);
    if (k > 0)
        return k;
    if (!parse_number(n, pos, &num))
        return 0;
    for (i = 0; i < sizeof number_rules / sizeof number_rules[0]; i++) {
        k = number_rules[i](n, pos, &num);
        if (k > 0)
            return k;
    }
    return 0;
}
