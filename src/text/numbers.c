/* Numbers as a careful reader says them, per language: thousands
 * separators, decimals, percentages, currencies before or after the amount,
 * dates, ranges, ordinals, Roman numerals, units. Digits are handed to
 * espeak-ng plainly (it reads them well in every language); what is
 * rewritten is the order, the symbols and the separators. Pure. */
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
    else if (n->lang->group_space && !is_space_at(n, pos, &sep))
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

static void number_text(const rs_norm *n, const number *num, rs_buf *b)
{
    rs__buf_puts(b, num->integer);
    if (num->fraction[0]) {
        rs__buf_putc(b, n->lang->decimal_mark);
        rs__buf_puts(b, num->fraction);
    }
}

static int starts_with(const rs_norm *n, size_t pos, const char *word)
{
    size_t len = strlen(word);
    return pos + len <= n->len && memcmp(n->text + pos, word, len) == 0;
}

static int word_ends_at(const rs_norm *n, size_t pos)
{
    return pos >= n->len || !(rs__is_alpha_byte((unsigned char)n->text[pos]) || rs__is_digit(n->text[pos]));
}

/* ---- currencies ---- */

typedef struct currency {
    const char *symbol;     /* as written */
    int before_only;        /* only before the amount */
    const char *name[3];    /* spoken, plural, in en, fr, es */
} currency;

static const currency currencies[] = {
    {"US$", 1, {"US dollars", "dollars des États-Unis", "dólares estadounidenses"}},
    {"USD", 0, {"US dollars", "dollars des États-Unis", "dólares estadounidenses"}},
    {"$", 0, {"dollars", "dollars", "dólares"}},
    {"\xE2\x82\xAC", 0, {"euros", "euros", "euros"}},
    {"EUR", 0, {"euros", "euros", "euros"}},
    {"\xC2\xA3", 1, {"pounds", "livres sterling", "libras esterlinas"}},
    {"GBP", 0, {"pounds", "livres sterling", "libras esterlinas"}},
    {"CHF", 0, {"Swiss francs", "francs suisses", "francos suizos"}},
    {"R", 1, {"rand", "rands", "rands"}},
};

static const char *const scale_words[] = {
    "thousand", "million", "billion", "trillion", "millions", "milliards", "milliard", "mille",
    "mil millones", "millones", "millón", "billones", "billón", "bn", "m",
};

static const char *currency_name(const rs_norm *n, const currency *c)
{
    return c->name[n->lang->id == RS_LANG_FR ? 1 : n->lang->id == RS_LANG_ES ? 2 : 0];
}

/* A scale word after an amount ("810 million"), as written; its length. */
static size_t scale_at(const rs_norm *n, size_t pos, const char **word)
{
    size_t k;
    for (k = 0; k < sizeof scale_words / sizeof scale_words[0]; k++) {
        if (starts_with(n, pos, scale_words[k]) && word_ends_at(n, pos + strlen(scale_words[k]))) {
            *word = scale_words[k];
            return strlen(scale_words[k]);
        }
    }
    return 0;
}

/* "$810 million" -> "810 million dollars"; "US$ 5" -> "5 US dollars";
 * "R5" (rand) only straight before digits; French and Spanish put "de"
 * between a scale word and the currency. */
static size_t currency_before(rs_norm *n, size_t pos)
{
    size_t k;
    for (k = 0; k < sizeof currencies / sizeof currencies[0]; k++) {
        const currency *c = &currencies[k];
        size_t sl = strlen(c->symbol), at, after, scale_len = 0;
        const char *scale = NULL;
        number num;
        rs_buf spoken = {0};
        if (!starts_with(n, pos, c->symbol))
            continue;
        if (rs__is_alpha_byte((unsigned char)c->symbol[0]) &&
            (pos > 0 && rs__is_alpha_byte((unsigned char)n->text[pos - 1])))
            continue; /* part of a word */
        at = pos + sl;
        if (strcmp(c->symbol, "R") != 0)
            at = skip_spaces(n, at);
        if (!parse_number(n, at, &num) || !word_ends_at(n, num.end))
            continue;
        after = num.end;
        {
            size_t s = skip_spaces(n, after);
            if ((scale_len = scale_at(n, s, &scale)) > 0)
                after = s + scale_len;
        }
        number_text(n, &num, &spoken);
        if (scale) {
            rs__buf_putc(&spoken, ' ');
            rs__buf_puts(&spoken, scale);
            if (n->lang->scale_of) {
                rs__buf_putc(&spoken, ' ');
                rs__buf_puts(&spoken, n->lang->scale_of);
            }
        }
        rs__buf_putc(&spoken, ' ');
        rs__buf_puts(&spoken, currency_name(n, c));
        return rs__norm_change_buf(n, pos, after, &spoken, "currency");
    }
    return 0;
}

/* A currency symbol or code after an amount: "20 €", "5 EUR". */
static const currency *currency_after(const rs_norm *n, size_t pos, size_t *len)
{
    size_t k, at = skip_spaces(n, pos);
    for (k = 0; k < sizeof currencies / sizeof currencies[0]; k++) {
        const currency *c = &currencies[k];
        size_t sl = strlen(c->symbol);
        if (c->before_only || !starts_with(n, at, c->symbol))
            continue;
        if (rs__is_alpha_byte((unsigned char)c->symbol[0]) && !word_ends_at(n, at + sl))
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

/* The day of a date as said: English "the 1st of", French "1er", Spanish as is. */
static void day_text(const rs_norm *n, unsigned day, rs_buf *b)
{
    static const char *const suffix[] = {"th", "st", "nd", "rd"};
    if (n->lang->id == RS_LANG_EN) {
        unsigned last = day % 10;
        rs__buf_printf(b, "the %u%s of ", day, (day / 10 == 1 || last > 3) ? "th" : suffix[last]);
    } else if (n->lang->id == RS_LANG_FR) {
        rs__buf_printf(b, day == 1 ? "1er " : "%u ", day);
    } else {
        rs__buf_printf(b, "%u de ", day);
    }
}

/* 12/03/2019 (day first, as the UN and Europe write it). */
static size_t numeric_date(rs_norm *n, size_t pos)
{
    size_t d1 = digits_at(n, pos), d2, d3, at;
    unsigned day, month, year;
    rs_buf spoken = {0};
    if (d1 < 1 || d1 > 2 || pos + d1 >= n->len || (n->text[pos + d1] != '/' && n->text[pos + d1] != '.'))
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
    day_text(n, day, &spoken);
    rs__buf_puts(&spoken, n->lang->months[month - 1]);
    rs__buf_printf(&spoken, n->lang->id == RS_LANG_ES ? " de %u" : " %u", year);
    return rs__norm_change_buf(n, pos, at + d2 + 1 + d3, &spoken, "date");
}

/* "1 July 2002" -> "the 1st of July 2002"; "1 juillet" -> "1er juillet". */
static size_t day_month(rs_norm *n, size_t pos, const number *num)
{
    size_t at, mlen = 0;
    unsigned day;
    rs_buf spoken = {0};
    if (num->grouped || num->fraction[0] || strlen(num->integer) > 2 || n->lang->id == RS_LANG_ES)
        return 0;
    at = skip_spaces(n, num->end);
    if (at == num->end || !month_at(n, at, &mlen))
        return 0;
    day = (unsigned)rs__digits_value(num->integer, strlen(num->integer));
    if (day < 1 || day > 31 || (n->lang->id == RS_LANG_FR && day != 1))
        return 0;
    day_text(n, day, &spoken);
    rs__buf_append(&spoken, n->text + at, mlen);
    return rs__norm_change_buf(n, pos, at + mlen, &spoken, "date");
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

size_t rs__norm_roman(rs_norm *n, size_t pos)
{
    size_t i = pos, suffix;
    unsigned value;
    int feminine = 0, plural = 0;
    if (n->lang->id != RS_LANG_FR)
        return 0;
    while (i < n->len && strchr("IVXLCDM", n->text[i]) && n->text[i])
        i++;
    if (i == pos || (value = rs__roman_value(n->text + pos, i - pos)) == 0)
        return 0;
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

/* "5%", "5 %": a percentage. */
static size_t percentage(rs_norm *n, size_t pos, const number *num)
{
    size_t at = skip_spaces(n, num->end);
    if (at < n->len && n->text[at] == '%')
        return emit_number_with(n, pos, num, at + 1, n->lang->per_cent, "percent");
    return 0;
}

/* "20 USD", "5 €": an amount with its currency after it. */
static size_t amount_before_currency(rs_norm *n, size_t pos, const number *num)
{
    size_t len;
    char tail[64];
    const currency *c = currency_after(n, num->end, &len);
    if (!c)
        return 0;
    snprintf(tail, sizeof tail, " %s", currency_name(n, c));
    return emit_number_with(n, pos, num, num->end + len, tail, "currency");
}

/* "10 km", "3 kg": a measure with its unit. */
static size_t measure(rs_norm *n, size_t pos, const number *num)
{
    size_t len;
    char tail[64];
    const unit *u = unit_after(n, num->end, &len);
    if (!u)
        return 0;
    snprintf(tail, sizeof tail, " %s", u->name[n->lang->id == RS_LANG_FR ? 1 : n->lang->id == RS_LANG_ES ? 2 : 0]);
    return emit_number_with(n, pos, num, num->end + len, tail, "unit");
}

/* Ranges: 2016-2020, 7–9. */
static size_t number_range(rs_norm *n, size_t pos, const number *num)
{
    size_t dash = 0;
    number second;
    rs_buf spoken = {0};
    if (num->fraction[0] || num->end >= n->len)
        return 0;
    if (n->text[num->end] == '-')
        dash = 1;
    else if (starts_with(n, num->end, "\xE2\x80\x93"))
        dash = 3;
    if (!dash || !parse_number(n, num->end + dash, &second) || second.fraction[0] || !word_ends_at(n, second.end) ||
        strlen(num->integer) > 4 || strlen(second.integer) > 4)
        return 0;
    number_text(n, num, &spoken);
    rs__buf_puts(&spoken, n->lang->word_to);
    number_text(n, &second, &spoken);
    return rs__norm_change_buf(n, pos, second.end, &spoken, "range");
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
    day_month, percentage, amount_before_currency, measure, number_range, fr_ordinal_number, es_ordinal_number,
    roman_session, article_paragraph, grouped_number,
};

size_t rs__norm_number(rs_norm *n, size_t pos)
{
    number num;
    size_t k, i;
    if (!rs__is_digit(n->text[pos]))
        return (pos == 0 || !rs__is_alpha_byte((unsigned char)n->text[pos - 1])) ? currency_before(n, pos) : 0;
    if (pos > 0 && (rs__is_alpha_byte((unsigned char)n->text[pos - 1]) || rs__is_digit(n->text[pos - 1]) ||
                    n->text[pos - 1] == '/' || n->text[pos - 1] == '.'))
        return 0; /* inside a word, a symbol or another number */
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
