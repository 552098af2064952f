/* The normalizer: turns one block's text as written (Markdown, HTML
 * residue, abbreviations, acronyms, stage directions, numbers) into the
 * text handed to the synthesizer, per language, recording every change so
 * that a user can see why something is said as it is. Pure. */
#include <string.h>

#include <unicode/uscript.h>

#include "normalize_rules.h"

static const char *const months_en[12] = {"January", "February", "March", "April", "May", "June",
                                          "July", "August", "September", "October", "November", "December"};
static const char *const months_fr[12] = {"janvier", "février", "mars", "avril", "mai", "juin",
                                          "juillet", "août", "septembre", "octobre", "novembre", "décembre"};
static const char *const months_es[12] = {"enero", "febrero", "marzo", "abril", "mayo", "junio",
                                          "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};

/* Months as a date writes them: the genitive in Russian, Ukrainian and
 * Polish (17 марта, 17 березня, 17 marca), capitals where the language
 * writes them so. */
static const char *const months_ru[12] = {"января", "февраля", "марта", "апреля", "мая", "июня",
                                          "июля", "августа", "сентября", "октября", "ноября", "декабря"};
static const char *const months_uk[12] = {"січня", "лютого", "березня", "квітня", "травня", "червня",
                                          "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"};
static const char *const months_de[12] = {"Januar", "Februar", "März", "April", "Mai", "Juni",
                                          "Juli", "August", "September", "Oktober", "November", "Dezember"};
static const char *const months_pt[12] = {"janeiro", "fevereiro", "março", "abril", "maio", "junho",
                                          "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"};
static const char *const months_it[12] = {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
                                          "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"};
static const char *const months_pl[12] = {"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
                                          "lipca", "sierpnia", "września", "października", "listopada", "grudnia"};
static const char *const months_tr[12] = {"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran",
                                          "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"};
static const char *const months_nl[12] = {"januari", "februari", "maart", "april", "mei", "juni",
                                          "juli", "augustus", "september", "oktober", "november", "december"};

static const rs_lang_rules rules_en = {RS_LANG_EN, " and ", "number ", " to ", " per cent", ',', 0, '.',
                                       months_en, NULL, ", paragraph ", "en", 0, 0};
static const rs_lang_rules rules_fr = {RS_LANG_FR, " et ", "numéro ", " à ", " pour cent", '.', 1, ',',
                                       months_fr, "de", ", paragraphe ", "fr", 0, 1};
static const rs_lang_rules rules_es = {RS_LANG_ES, " y ", "número ", " a ", " por ciento", '.', 1, ',',
                                       months_es, "de", ", párrafo ", "es", 0, 0};
/* languages with number rules only: per cent words are chosen in numbers.c
 * where they agree with the number (ru, uk) or go before it (tr) */
static const rs_lang_rules rules_ru = {RS_LANG_RU, " и ", "номер ", " — ", " %", '.', 1, ',',
                                       months_ru, NULL, ", пункт ", "ru", 1, 0};
static const rs_lang_rules rules_uk = {RS_LANG_UK, " і ", "номер ", " — ", " %", '.', 1, ',',
                                       months_uk, NULL, ", пункт ", "uk", 1, 0};
static const rs_lang_rules rules_de = {RS_LANG_DE, " und ", "Nummer ", " bis ", " Prozent", '.', 2, ',',
                                       months_de, NULL, ", Absatz ", "de", 1, 1};
static const rs_lang_rules rules_pt = {RS_LANG_PT, " e ", "número ", " a ", " por cento", '.', 2, ',',
                                       months_pt, "de", ", parágrafo ", "pt", 1, 0};
static const rs_lang_rules rules_it = {RS_LANG_IT, " e ", "numero ", " - ", " per cento", '.', 2, ',',
                                       months_it, "di", ", paragrafo ", "it", 1, 1};
static const rs_lang_rules rules_pl = {RS_LANG_PL, " i ", "numer ", " - ", " procent", '.', 1, ',',
                                       months_pl, NULL, ", ustęp ", "pl", 1, 0};
static const rs_lang_rules rules_tr = {RS_LANG_TR, " ve ", "numara ", " ila ", "yüzde ", '.', 2, ',',
                                       months_tr, NULL, ", fıkra ", "tr", 1, 0};
static const rs_lang_rules rules_nl = {RS_LANG_NL, " en ", "nummer ", " tot ", " procent", '.', 2, ',',
                                       months_nl, NULL, ", lid ", "nl", 1, 0};
/* Chinese and Arabic: numbers only where espeak-ng misreads them (years,
 * large numbers and decimals in Chinese; per cent signs in Arabic) */
static const rs_lang_rules rules_zh = {RS_LANG_ZH, "和", "", "至", "%", ',', 0, '.', months_en, NULL, " ",
                                       NULL, 1, 0};
static const rs_lang_rules rules_ar = {RS_LANG_AR, " و", "", "-", " في المائة", ',', 0, '.', months_en, NULL, " ",
                                       "ar", 1, 0};
/* other languages: markup and structure only; numbers are left to espeak-ng */
static const rs_lang_rules rules_other = {RS_LANG_OTHER, " & ", "", "-", "%", ',', 0, '.', months_en, NULL, " ",
                                          NULL, 0, 0};

static const rs_lang_rules *rules_for(const char *language)
{
    static const struct {
        const char *code;
        const rs_lang_rules *rules;
    } table[] = {
        {"en", &rules_en}, {"fr", &rules_fr}, {"es", &rules_es}, {"ru", &rules_ru}, {"uk", &rules_uk},
        {"de", &rules_de}, {"pt", &rules_pt}, {"it", &rules_it}, {"pl", &rules_pl}, {"tr", &rules_tr},
        {"nl", &rules_nl}, {"zh", &rules_zh}, {"cmn", &rules_zh}, {"yue", &rules_zh}, {"ar", &rules_ar},
    };
    size_t k;
    if (!language)
        return &rules_en;
    for (k = 0; k < sizeof table / sizeof table[0]; k++) {
        size_t len = strlen(table[k].code);
        if (strncmp(language, table[k].code, len) == 0 &&
            (language[len] == '\0' || language[len] == '-' || language[len] == '_'))
            return table[k].rules;
    }
    return &rules_other;
}


/* Whether a code point is a letter for the purpose of finding words:
 * punctuation, symbols and spaces of the Latin-1, general punctuation and
 * CJK punctuation blocks are not; everything else above ASCII is. */
static int is_letter_code(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x02B9 && cp <= 0x02BC))
        return 0;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || cp == 0xFEFF)
        return 0;
    return 1;
}

/* Length of the UTF-8 sequence at pos (the text is valid UTF-8). */
static size_t sequence_length(const rs_norm *n, size_t pos)
{
    unsigned char c = (unsigned char)n->text[pos];
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return pos + len <= n->len ? len : n->len - pos;
}

static uint32_t code_at(const rs_norm *n, size_t pos)
{
    size_t len;
    if ((unsigned char)n->text[pos] < 0x80)
        return (unsigned char)n->text[pos];
    if (pos + sequence_length(n, pos) > n->len || sequence_length(n, pos) < 2)
        return 0xFFFD;
    return rs__utf8_decode(n->text + pos, &len);
}

static int letter_or_digit_at(const rs_norm *n, size_t pos)
{
    return rs__is_digit(n->text[pos]) || is_letter_code(code_at(n, pos));
}

/* Whether the character before pos is not part of a word. */
static int at_word_start(const rs_norm *n, size_t pos)
{
    size_t prev;
    if (pos == 0)
        return 1;
    prev = pos - 1;
    while (prev > 0 && ((unsigned char)n->text[prev] & 0xC0) == 0x80)
        prev--;
    return !letter_or_digit_at(n, prev);
}

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

void rs__changes_free(rs_change_list *list)
{
    size_t i;
    if (!list)
        return;
    for (i = 0; i < list->count; i++)
        rs__free(list->items[i].spoken);
    rs__free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}

/* espeak-ng reads [[ ]] as phonemes, which only a lexicon may give
 * (phonemes_ok, inside what it gives): whatever else is written, and
 * whatever the rules drop between two brackets, no "[[" is ever made, but
 * "[ [". */
void rs__norm_emit(rs_norm *n, const char *s, size_t len)
{
    size_t i, from = 0;
    for (i = 0; i < len && (i == 0 || !n->phonemes_ok); i++) {
        int after = i > 0 ? s[i - 1] == '[' : n->out.len > 0 && n->out.data[n->out.len - 1] == '[';
        if (s[i] == '[' && after) {
            if (rs__buf_append(&n->out, s + from, i - from) != 0 || rs__buf_append(&n->out, " ", 1) != 0)
                n->failed = 1;
            from = i;
        }
    }
    if (rs__buf_append(&n->out, s + from, len - from) != 0)
        n->failed = 1;
}

void rs__norm_change(rs_norm *n, size_t start, size_t end, const char *spoken, const char *rule)
{
    rs_change *c;
    rs__norm_emit(n, spoken, strlen(spoken));
    if (!n->changes || n->changes->summary_only || n->failed)
        return;
    if (rs__grow(&n->changes->items, &n->changes->cap, n->changes->count + 1, sizeof *n->changes->items) != 0) {
        n->failed = 1;
        return;
    }
    c = &n->changes->items[n->changes->count];
    c->spoken = rs__strdup(spoken);
    if (!c->spoken) {
        n->failed = 1;
        return;
    }
    c->start = start;
    c->end = end;
    c->rule = rule;
    n->changes->count++;
}

size_t rs__norm_change_buf(rs_norm *n, size_t start, size_t end, rs_buf *spoken, const char *rule)
{
    if (spoken->failed)
        n->failed = 1;
    else
        rs__norm_change(n, start, end, spoken->data ? spoken->data : "", rule);
    rs__buf_free(spoken);
    return end - start;
}

typedef struct entity {
    const char *name;
    const char *text;
} entity;

/* Entities that decode to plain characters in every language. */
static const entity entities[] = {
    {"nbsp", " "},       {"lt", "<"},        {"gt", ">"},         {"quot", "\""},
    {"apos", "'"},       {"mdash", " \xE2\x80\x94 "}, {"ndash", "\xE2\x80\x93"},
    {"hellip", "\xE2\x80\xA6"}, {"rsquo", "\xE2\x80\x99"}, {"lsquo", "\xE2\x80\x98"},
    {"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"}, {"laquo", "\xC2\xAB"},
    {"raquo", "\xC2\xBB"}, {"eacute", "\xC3\xA9"}, {"egrave", "\xC3\xA8"},
    {"agrave", "\xC3\xA0"}, {"ccedil", "\xC3\xA7"}, {"ntilde", "\xC3\xB1"},
    {"euro", "\xE2\x82\xAC"}, {"copy", "\xC2\xA9"}, {"shy", ""}, {"zwsp", ""},
};

/* Decodes an entity at pos ("&amp;"); returns the bytes consumed or 0. */
static size_t entity_rule(rs_norm *n, size_t pos)
{
    const char *s = n->text + pos;
    size_t avail = n->len - pos, i = 1, k;
    char name[16];
    if (avail > 1 && s[1] == '#') {
        uint32_t cp = 0;
        int hex = avail > 2 && (s[2] == 'x' || s[2] == 'X');
        char enc[5];
        size_t enc_len;
        i = hex ? 3 : 2;
        for (k = 0; k < 8 && i < avail; k++, i++) {
            char c = s[i];
            if (rs__is_digit(c))
                cp = cp * (hex ? 16 : 10) + (uint32_t)(c - '0');
            else if (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
                cp = cp * 16 + (uint32_t)((c | 0x20) - 'a' + 10);
            else
                break;
        }
        if (k == 0 || i >= avail || s[i] != ';')
            return 0;
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            cp = ' ';
        enc_len = rs__utf8_encode(cp, enc);
        enc[enc_len] = '\0';
        rs__norm_change(n, pos, pos + i + 1, enc, "entity");
        return i + 1;
    }
    for (k = 0; k < sizeof name - 1 && i < avail && rs__is_word_byte((unsigned char)s[i]) && (unsigned char)s[i] < 0x80;
         k++, i++)
        name[k] = s[i];
    name[k] = '\0';
    if (k == 0 || i >= avail || s[i] != ';')
        return 0;
    if (strcmp(name, "amp") == 0) {
        rs__norm_change(n, pos, pos + i + 1, n->lang->word_and, "entity");
        return i + 1;
    }
    for (k = 0; k < sizeof entities / sizeof entities[0]; k++) {
        if (strcmp(name, entities[k].name) == 0) {
            rs__norm_change(n, pos, pos + i + 1, entities[k].text, "entity");
            return i + 1;
        }
    }
    return 0;
}

/* Length of an HTML tag or autolink at pos, or 0 if '<' is a character. */
static size_t tag_length(const rs_norm *n, size_t pos)
{
    const char *s = n->text + pos;
    size_t avail = n->len - pos, i = 1;
    if (avail < 3 || !(rs__is_alpha_byte((unsigned char)s[1]) || s[1] == '/' || s[1] == '!') ||
        (unsigned char)s[1] >= 0x80)
        return 0;
    while (i < avail && s[i] != '>' && s[i] != '<' && i < 2048)
        i++;
    return i < avail && s[i] == '>' ? i + 1 : 0;
}

/* Link texts and targets longer than this are not links: the bound keeps
 * a text of unclosed brackets linear. */
#define LINK_MAX_BYTES 1024

/* The ']' closing the '[' at pos (nesting allowed), or 0. */
static size_t closing_bracket(const rs_norm *n, size_t pos)
{
    int depth = 0;
    size_t i;
    for (i = pos; i < n->len && i - pos < LINK_MAX_BYTES; i++) {
        if (n->text[i] == '\\' && i + 1 < n->len) {
            i++;
            continue;
        }
        if (n->text[i] == '[')
            depth++;
        else if (n->text[i] == ']' && --depth == 0)
            return i;
    }
    return 0;
}

/* Length of "(url)" or "[ref]" at pos, right after a link's text. */
static size_t link_target_length(const rs_norm *n, size_t pos)
{
    char open, close;
    size_t i;
    int depth = 1;
    if (pos >= n->len || (n->text[pos] != '(' && n->text[pos] != '['))
        return 0;
    open = n->text[pos];
    close = open == '(' ? ')' : ']';
    for (i = pos + 1; i < n->len && i - pos < LINK_MAX_BYTES; i++) {
        if (n->text[i] == open)
            depth++;
        else if (n->text[i] == close && --depth == 0)
            return i + 1 - pos;
    }
    return 0;
}

/* Words that open a stage direction or editorial note, in the languages of
 * the transcripts rostrum reads; compared without case. */
static const char *const direction_openings[] = {
    "applause", "laughter", "spoke in", "speaks in", "interpretation from", "interpretation into",
    "the speaker spoke", "cheers",
    "interjection", "inaudible", "continued in", "translation from", "crosstalk", "an hon member",
    "hon members", "members rose", "the president returned", "the meeting rose", "the meeting was",
    "prolonged applause", "interruption", "applaudissements", "vifs applaudissements", "rires",
    "exclamations", "mouvements", "interruptions", "sourires", "bruit", "l'orateur s'exprime",
    "l’orateur s’exprime", "murmures", "protestations", "aplausos", "risas", "habla en", "murmullos",
    "el orador habla", "la oradora habla", "interrupciones",
    /* Russian, Ukrainian, German, Polish, Arabic and Chinese records */
    "аплодисменты", "бурные аплодисменты", "смех", "шум в зале", "оживление в зале", "выкрики",
    "оплески", "сміх", "шум у залі", "пожвавлення в залі", "вигуки",
    "beifall", "heiterkeit", "zuruf", "zurufe", "unruhe", "lachen",
    "oklaski", "wesołość na sali", "poruszenie na sali", "gwar na sali", "dzwonek",
    "تصفيق", "ضحك", "تكلم", "تكلمت", "掌声", "掌聲", "鼓掌", "笑声", "笑聲",
    /* interjections and interruptions as Hansards note them, and the like
     * in the other languages' records: what was heard, not what was said */
    "interjections", "interruptions", "members interjecting", "opposition members interjecting",
    "government members interjecting", "uproar", "disorder", "pause", "silence", "technical difficulties",
    "voices from the floor", "bell rings", "gavel", "cris", "brouhaha", "vives protestations",
    "voces", "rumores", "protestas", "голоса из зала", "голос из зала", "голос із залу", "голоси із залу",
    "шум", "zwischenruf", "zwischenrufe", "widerspruch", "głos z sali", "głosy z sali", "poruszenie",
    "applausi", "commenti", "interruzioni", "proteste", "si ride", "risos", "apartes", "palmas", "applaus",
    "gelach", "interruptie", "alkışlar", "gürültüler", "gülüşmeler", "sıra kapaklarına vurmalar",
};

static int is_direction(const char *s, size_t len)
{
    size_t k;
    while (len && (*s == ' ' || *s == '_' || *s == '*')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '_' || s[len - 1] == '*'))
        len--;
    /* an omission mark: [...] or […] */
    if ((len == 3 && memcmp(s, "...", 3) == 0) || (len == 3 && memcmp(s, "\xE2\x80\xA6", 3) == 0))
        return 1;
    for (k = 0; k < sizeof direction_openings / sizeof direction_openings[0]; k++) {
        size_t matched = rs__utf8_match_small(s, len, direction_openings[k]);
        if (matched > 0 && (matched == len || !rs__is_alpha_byte((unsigned char)s[matched])))
            return 1;
    }
    return 0;
}

static void process(rs_norm *n, size_t start, size_t end);

#define FULLWIDTH_OPEN "\xEF\xBC\x88" /* （, as Chinese records write (掌声) */
#define FULLWIDTH_CLOSE "\xEF\xBC\x89"

/* "[Applause.]", "(spoke in French)", "[Laughter.)", "（掌声）": skipped,
 * or read without the brackets with read_directions. */
static size_t direction_rule(rs_norm *n, size_t pos)
{
    size_t j, open = strncmp(n->text + pos, FULLWIDTH_OPEN, 3) == 0 ? 3 : 1, close = 1;
    for (j = pos + open; j < n->len && j - pos < 400; j++) {
        char c = n->text[j];
        if (c == '(' || c == '[' || strncmp(n->text + j, FULLWIDTH_OPEN, 3) == 0)
            return 0;
        if (c == ')' || c == ']')
            break;
        if (strncmp(n->text + j, FULLWIDTH_CLOSE, 3) == 0) {
            close = 3;
            break;
        }
    }
    if (j >= n->len || j - pos >= 400 || !is_direction(n->text + pos + open, j - pos - open))
        return 0;
    if (n->ctx->read_directions) {
        /* read as a sentence of its own */
        size_t last = j;
        while (last > pos + open &&
               (n->text[last - 1] == ' ' || n->text[last - 1] == '_' || n->text[last - 1] == '*'))
            last--;
        rs__norm_emit(n, " ", 1);
        process(n, pos + open, j);
        if (last > pos + open && !strchr(".!?", n->text[last - 1]))
            rs__norm_emit(n, ".", 1);
        rs__norm_emit(n, " ", 1);
    } else {
        rs__norm_change(n, pos, j + close, "", "direction");
    }
    return j + close - pos;
}

/* Decides, once per sentence, whether it is set in capitals: then its
 * all-capital words are read as words, not spelled. */
static int in_capitals(rs_norm *n, size_t pos)
{
    size_t start, end, upper = 0, lower = 0, words = 0, i;
    int in_word = 0;
    if (pos < n->caps_until)
        return n->caps_sentence;
    start = pos;
    end = pos;
    while (end < n->len && !((n->text[end] == '.' || n->text[end] == '!' || n->text[end] == '?') &&
                             (end + 1 == n->len || n->text[end + 1] == ' ')))
        end++;
    for (i = start; i < end; i++) {
        char c = n->text[i];
        if (((unsigned char)c & 0xC0) != 0x80) {
            /* capitals of every script: "ЗАЯВЛЕНИЕ ДЕЛЕГАЦИИ" is set in capitals too */
            uint32_t cp = code_at(n, i);
            upper += rs__cp_is_upper(cp);
            lower += rs__cp_is_lower(cp);
        }
        if (rs__is_alpha_byte((unsigned char)c)) {
            if (!in_word)
                words++;
            in_word = 1;
        } else {
            in_word = 0;
        }
    }
    n->caps_until = end + 1;
    n->caps_sentence = words >= 3 && upper > 4 * lower && upper >= 8;
    return n->caps_sentence;
}

/* Scripts, by code point, for deciding what may reach espeak-ng. */
enum { SCRIPT_COMMON = 0, SCRIPT_LATIN, SCRIPT_GREEK, SCRIPT_CYRILLIC, SCRIPT_CJK, SCRIPT_JAMO, SCRIPT_OTHER_BASE };

static int script_of(uint32_t cp)
{
    int script;
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? SCRIPT_LATIN : SCRIPT_COMMON;
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return SCRIPT_COMMON;
    if (cp < 0x0250 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2C60 && cp <= 0x2C7F) ||
        (cp >= 0xA720 && cp <= 0xA7FF) || (cp >= 0xFB00 && cp <= 0xFB06))
        return SCRIPT_LATIN;
    if ((cp >= 0x0250 && cp <= 0x036F) || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF65) ||
        cp == 0xFEFF)
        return SCRIPT_COMMON;
    if ((cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x1F00 && cp <= 0x1FFF))
        return SCRIPT_GREEK;
    if (cp >= 0x0400 && cp <= 0x052F)
        return SCRIPT_CYRILLIC;
    if (cp >= 0x1100 && cp <= 0x11FF)
        return SCRIPT_JAMO;
    if ((cp >= 0x2E80 && cp <= 0x2FFF) || (cp >= 0x3040 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x2FFFF))
        return SCRIPT_CJK;
    /* the others by their Unicode script (Armenian, Hebrew, Arabic with
     * its supplements and presentation forms, each Indic script, ...); a
     * combining mark goes with the letter before it */
    script = rs__cp_script(cp);
    if (script == RS_SCRIPT_COMMON || script == RS_SCRIPT_INHERITED)
        return SCRIPT_COMMON;
    if (script == USCRIPT_LATIN) /* modifier and phonetic letters: ᵉ, ʳ */
        return SCRIPT_LATIN;
    if (script == USCRIPT_GREEK)
        return SCRIPT_GREEK;
    if (script == USCRIPT_CYRILLIC) /* the extended blocks */
        return SCRIPT_CYRILLIC;
    return SCRIPT_OTHER_BASE + 1 + script;
}

/* The script a language is written in, for those not written in Latin. */
static int home_script_of(const char *language)
{
    static const struct {
        const char *code;
        uint32_t sample; /* a letter of the script */
    } table[] = {
        {"ru", 0x0430}, {"uk", 0x0430}, {"bg", 0x0430}, {"sr", 0x0430}, {"mk", 0x0430}, {"be", 0x0430},
        {"kk", 0x0430}, {"ky", 0x0430}, {"tt", 0x0430}, {"ba", 0x0430}, {"cv", 0x0430}, {"el", 0x03B1},
        {"grc", 0x03B1}, {"hy", 0x0561}, {"hyw", 0x0561}, {"he", 0x05D0}, {"ar", 0x0627}, {"fa", 0x0627},
        {"ur", 0x0627}, {"sd", 0x0627}, {"ug", 0x0627}, {"hi", 0x0905}, {"mr", 0x0905}, {"ne", 0x0905},
        {"sa", 0x0905}, {"kok", 0x0905}, {"bn", 0x0985}, {"as", 0x0985}, {"bpy", 0x0985}, {"pa", 0x0A05},
        {"gu", 0x0A85}, {"or", 0x0B05}, {"ta", 0x0B85}, {"te", 0x0C05}, {"kn", 0x0C85}, {"ml", 0x0D05},
        {"si", 0x0D85}, {"th", 0x0E01}, {"lo", 0x0E81}, {"my", 0x1000}, {"ka", 0x10D0}, {"am", 0x1200},
        {"km", 0x1780}, {"zh", 0x4E00}, {"cmn", 0x4E00}, {"yue", 0x4E00}, {"hak", 0x4E00}, {"ja", 0x4E00},
        {"ko", 0xAC00}, {"chr", 0x13A0}, {"dv", 0x0780},
    };
    size_t k, primary;
    if (!language)
        return SCRIPT_LATIN;
    primary = strcspn(language, "-_");
    for (k = 0; k < sizeof table / sizeof table[0]; k++)
        if (strlen(table[k].code) == primary && strncmp(table[k].code, language, primary) == 0)
            return script_of(table[k].sample);
    return SCRIPT_LATIN;
}

/* Whether a character may reach espeak-ng. A character of another script
 * than the voice's makes espeak-ng switch language mid-text, and
 * libespeak-ng 1.51 reads freed memory on some of those switches
 * (conjoining Hangul jamo, Armenian, unassigned Tamil code points). So only
 * common characters, Latin (names and numbers in any text) and the
 * language's own script pass; English, French and Spanish also keep Greek
 * and Cyrillic, which their voices read letter by letter. */
/* Counts the letters of a run the voice cannot speak, for the warning. */
static void note_foreign(rs_norm *n, size_t pos, size_t end)
{
    rs_change_list *c = n->changes;
    size_t i, len;
    if (!c)
        return;
    for (i = pos; i < end; i += len ? len : 1) {
        uint32_t cp = rs__utf8_decode(n->text + i, &len);
        if (!rs__cp_is_letter(cp))
            continue;
        if (c->foreign_letters++ == 0) {
            c->foreign_first = i;
            c->foreign_script = rs__cp_script(cp);
        }
    }
}

static int speakable_script(const rs_norm *n, uint32_t cp)
{
    int script = script_of(cp);
    if (script == SCRIPT_JAMO)
        return 0;
    if (script == SCRIPT_COMMON || script == SCRIPT_LATIN || script == n->home_script)
        return 1;
    return n->lang->id != RS_LANG_OTHER && !n->lang->numbers_only && (script == SCRIPT_GREEK || script == SCRIPT_CYRILLIC);
}

/* The end of the word at pos: letters and digits. An apostrophe ends it,
 * so that after an elision ("l'OTAN", "l'art.") the next word is looked
 * up on its own. */
static size_t word_end(const rs_norm *n, size_t pos)
{
    size_t i = pos;
    /* Chinese writes numbers straight after characters (增长12.5%): a digit
     * is not part of a Chinese word */
    while (i < n->len && ((rs__is_digit(n->text[i]) && n->lang->id != RS_LANG_ZH) ||
                          (is_letter_code(code_at(n, i)) && speakable_script(n, code_at(n, i)))))
        i += sequence_length(n, i);
    return i;
}

/* Roman numerals of I, V and X (centuries, sessions, monarchs) are left
 * to espeak-ng, which reads them as numbers; with L, C, D or M they are
 * more often acronyms (DC, CD, MD). */
static int is_small_roman(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] != 'I' && s[i] != 'V' && s[i] != 'X')
            return 0;
    return rs__roman_value(s, len) > 0;
}

/* An all-capital word (ICJ, OHCHR, NGOs) is spelled letter by letter, as
 * "I.C.J.", which espeak-ng reads as letter names in every language; in a
 * sentence set in capitals, words are read as words. */
static size_t acronym_rule(rs_norm *n, size_t pos, size_t end)
{
    size_t letters = end - pos, i;
    int plural = 0;
    rs_buf spoken = {0};
    if (letters >= 3 && n->text[end - 1] == 's') {
        plural = 1;
        letters--;
    }
    if (letters < 2)
        return 0;
    for (i = pos; i < pos + letters; i++)
        if (!is_upper(n->text[i]))
            return 0;
    if (n->lang->id == RS_LANG_OTHER || n->lang->numbers_only || is_small_roman(n->text + pos, end - pos))
        return 0;
    if (in_capitals(n, pos)) {
        for (i = pos; i < end; i++) {
            char c = n->text[i];
            rs__buf_putc(&spoken, (char)(is_upper(c) ? c + 32 : c));
        }
        return rs__norm_change_buf(n, pos, end, &spoken, "capitals");
    }
    if (letters > 8)
        return 0;
    {
        for (i = pos; i < pos + letters; i++) {
            rs__buf_putc(&spoken, n->text[i]);
            /* the sentence's own full stop ends the last letter */
            if (i + 1 < pos + letters || plural || end >= n->len || n->text[end] != '.')
                rs__buf_putc(&spoken, '.');
        }
        if (plural)
            rs__buf_puts(&spoken, "'s");
    }
    return rs__norm_change_buf(n, pos, end, &spoken, "acronym");
}

#define SYMBOL_MAX_BYTES 64

/* How the year in brackets after a symbol is read: "S/RES/2334 (2016)" is
 * resolution 2334 of 2016, said with the language's word for "of". Russian
 * puts the year in the genitive as an ordinal ("от 2016 года"); where the
 * year needs a case that rostrum cannot give, it is read after a pause. */
typedef struct symbol_year {
    const char *language;
    const char *before;      /* the words before the year */
    const char *ruleset;     /* ICU rule set for the year's words, or NULL for digits */
    const char *after;       /* the words after it */
} symbol_year;

static const symbol_year symbol_years[] = {
    {"en", " of ", NULL, ""},       {"fr", " de ", NULL, ""},      {"es", " de ", NULL, ""},
    {"pt", " de ", NULL, ""},       {"it", " del ", NULL, ""},     {"de", " von ", NULL, ""},
    {"nl", " van ", NULL, ""},      {"ru", " от ", "%spellout-ordinal-masculine-genitive", " года"},
};

/* The bytes of " (2016)" at pos, a year in brackets, or 0. */
static size_t bracketed_year(const rs_norm *n, size_t pos)
{
    size_t i = pos, k;
    if (i < n->len && n->text[i] == ' ')
        i++;
    if (i + 6 > n->len || n->text[i] != '(' || n->text[i + 5] != ')')
        return 0;
    for (k = 1; k < 5; k++)
        if (!rs__is_digit(n->text[i + k]))
            return 0;
    if (n->text[i + 1] != '1' && n->text[i + 1] != '2')
        return 0;
    return i + 6 - pos;
}

/* Writes the year of "(2016)" at year_pos in the paragraph's language. */
static void read_symbol_year(const rs_norm *n, size_t year_pos, rs_buf *spoken)
{
    const char *language = n->ctx->language ? n->ctx->language : "en";
    const char *digits = n->text + year_pos + (n->text[year_pos] == ' ' ? 2 : 1);
    size_t k;
    for (k = 0; k < sizeof symbol_years / sizeof symbol_years[0]; k++) {
        char *words;
        if (!rs__lang_same_primary(language, symbol_years[k].language))
            continue;
        words = symbol_years[k].ruleset ? rs__spellout(symbol_years[k].language, symbol_years[k].ruleset,
                                                       (long long)rs__digits_value(digits, 4))
                                        : NULL;
        rs__buf_puts(spoken, symbol_years[k].before);
        if (words)
            rs__buf_puts(spoken, words);
        else
            rs__buf_append(spoken, digits, 4);
        rs__buf_puts(spoken, symbol_years[k].after);
        rs__free(words);
        return;
    }
    rs__buf_puts(spoken, ", ");
    rs__buf_append(spoken, digits, 4);
}

/* A UN or ICC document symbol: A/RES/68/262, A/72/L.3, S/2023/123,
 * A/70/PV.16, ICC-ASP/23/20, CCPR/C/GC/36; a year in brackets after it,
 * S/RES/2334 (2016), is read as part of it. */
static size_t symbol_rule(rs_norm *n, size_t pos)
{
    size_t i = pos, parts = 0, year = 0;
    size_t limit = n->len - pos > SYMBOL_MAX_BYTES ? pos + SYMBOL_MAX_BYTES : n->len;
    rs_buf spoken = {0};
    /* symbols are short; a bound keeps "A/A/A/..." linear */
    while (i < limit) {
        size_t s = i;
        while (i < limit && (is_upper(n->text[i]) || rs__is_digit(n->text[i]) ||
                              (n->text[i] == '.' && i + 1 < n->len && rs__is_word_byte((unsigned char)n->text[i + 1]))))
            i++;
        if (i == s)
            break;
        parts++;
        if (i < n->len && n->text[i] == '/' && i + 1 < n->len &&
            (is_upper(n->text[i + 1]) || rs__is_digit(n->text[i + 1])))
            i++;
        else if (i < n->len && n->text[i] == '-' && i > s && is_upper(n->text[i - 1]) && i + 1 < n->len &&
                 is_upper(n->text[i + 1]))
            i++; /* the organ's letters joined to the body's: ICC-ASP */
        else
            break;
    }
    if (parts < 2 || (i < n->len && rs__is_word_byte((unsigned char)n->text[i])))
        return 0;
    /* document symbols carry a number; HIV/AIDS is two words */
    {
        size_t k;
        for (k = pos; k < i && !rs__is_digit(n->text[k]); k++)
            ;
        if (k == i)
            return 0;
    }
    /* letters are spelled, numbers read, parts separated by short pauses */
    {
        size_t k;
        int in_letters = 0;
        for (k = pos; k < i; k++) {
            char c = n->text[k];
            if (c == '/' || c == '.' || c == '-') {
                rs__buf_puts(&spoken, c == '/' ? ", " : " ");
                in_letters = 0;
            } else if (is_upper(c)) {
                if (in_letters == 2)
                    rs__buf_putc(&spoken, ' ');
                rs__buf_putc(&spoken, c);
                rs__buf_putc(&spoken, '.');
                in_letters = 1;
            } else {
                if (in_letters)
                    rs__buf_putc(&spoken, ' ');
                rs__buf_putc(&spoken, c);
                in_letters = 0;
            }
        }
    }
    if (rs__is_digit(n->text[i - 1]) && (year = bracketed_year(n, i)) > 0)
        read_symbol_year(n, i, &spoken);
    return rs__norm_change_buf(n, pos, i + year, &spoken, "symbol");
}

/* Rules that start at a word: the lexicon first (longest match), then
 * document symbols, Roman ordinals, acronyms; else the word is copied. */
static size_t word_rule(rs_norm *n, size_t pos, size_t limit)
{
    const rs_lex_entry *e = rs__lexicon_match(n->ctx->lexicon, n->text + pos, limit - pos);
    size_t end, k;
    if (e) {
        n->phonemes_ok = 1;
        rs__norm_change(n, pos, pos + e->written_len, e->spoken, e->source);
        n->phonemes_ok = 0;
        return e->written_len;
    }
    end = word_end(n, pos);
    if (end > limit)
        end = limit;
    if (end == pos)
        return 0;
    if (is_upper(n->text[pos]) && end < limit &&
        (n->text[end] == '/' || (n->text[end] == '-' && end + 1 < limit && is_upper(n->text[end + 1]))) &&
        (k = symbol_rule(n, pos)) > 0)
        return k;
    if ((k = rs__norm_roman(n, pos)) > 0)
        return k;
    if (end < limit && n->text[end] == '.' && end + 1 < limit && is_upper(n->text[end + 1]))
        return 0; /* initials such as U.N. are left to the lexicon or espeak-ng */
    if ((k = acronym_rule(n, pos, end)) > 0)
        return k;
    rs__norm_emit(n, n->text + pos, end - pos);
    return end - pos;
}

/* Characters that are replaced or dropped: controls, no-break and thin
 * spaces, zero-width characters, soft hyphens, bullets. */
static size_t character_rule(rs_norm *n, size_t pos)
{
    unsigned char c = (unsigned char)n->text[pos];
    size_t len;
    uint32_t cp;
    if (c < 0x20 || c == 0x7F) {
        rs__norm_emit(n, " ", 1);
        return 1;
    }
    if (c < 0x80)
        return 0;
    cp = rs__utf8_decode(n->text + pos, &len);
    if (pos + len > n->len)
        len = n->len - pos;
    if (cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2007 || (cp >= 0x80 && cp < 0xA0) || cp == 0x2022 ||
        cp == 0x25CF || cp == 0x25AA || cp == 0x2023 || cp == 0x25E6 || cp == 0x2043) {
        rs__norm_emit(n, " ", 1);
        return len;
    }
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD)
        return len;
    if (n->ctx->display)
        return 0;
    if (cp == 0x02BC || cp == 0x02BB || cp == 0x02B9) {
        rs__norm_emit(n, "'", 1); /* modifier-letter apostrophes: Kyivʼs, Hawaiʻi */
        return len;
    }
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) {
        char ascii = (char)(cp - 0xFEE0); /* full-width letters and digits: Ｈｅｌｌｏ */
        rs__norm_emit(n, &ascii, 1);
        return len;
    }
    if (!speakable_script(n, cp)) {
        /* a run of such characters is one change */
        size_t end = pos + len;
        while (end < n->len &&
               (!speakable_script(n, code_at(n, end)) || rs__cp_script(code_at(n, end)) == RS_SCRIPT_INHERITED))
            end += sequence_length(n, end);
        note_foreign(n, pos, end);
        rs__norm_change(n, pos, end, " ", "foreign script");
        return end - pos;
    }
    return 0;
}

/* Markdown and HTML residue at pos; returns the bytes consumed or 0. */
static size_t markup_rule(rs_norm *n, size_t pos, size_t end)
{
    const char *s = n->text + pos;
    char c = s[0];
    size_t k, close;
    if (c == '\\' && pos + 1 < end && strchr("\\`*_{}[]()#+-.!|<>~&", s[1])) {
        /* an escaped character is literal; markup characters are never spoken */
        if (!strchr("\\`*_#|~<>", s[1]))
            rs__norm_emit(n, s + 1, 1);
        return 2;
    }
    if (c == '!' && pos + 1 < end && s[1] == '[' && (close = closing_bracket(n, pos + 1)) > 0 && close < end &&
        (k = link_target_length(n, close + 1)) > 0) {
        rs__norm_change(n, pos, close + 1 + k, "", "image");
        return close + 1 + k - pos;
    }
    if (c == '[' && (close = closing_bracket(n, pos)) > 0 && close < end) {
        if (pos + 1 < end && s[1] == '^') {
            /* a footnote mark, or the "[^1]:" that opens a footnote's text */
            size_t stop = close + 1 < end && n->text[close + 1] == ':' ? close + 2 : close + 1;
            rs__norm_change(n, pos, stop, "", "footnote");
            return stop - pos;
        }
        if ((k = link_target_length(n, close + 1)) > 0 && close + 1 + k <= end) {
            process(n, pos + 1, close);
            return close + 1 + k - pos;
        }
    }
    if (c == '<' && (k = tag_length(n, pos)) > 0 && pos + k <= end) {
        rs__norm_emit(n, " ", 1);
        return k;
    }
    if (c == '&' && (k = entity_rule(n, pos)) > 0)
        return k;
    if (c == '*' || c == '`')
        return 1;
    if (c == '\'' && pos + 1 < end && s[1] == '\'' &&
        !(pos > 0 && rs__is_alpha_byte((unsigned char)n->text[pos - 1]) && pos + 2 < end &&
          rs__is_alpha_byte((unsigned char)s[2]))) {
        rs__norm_emit(n, "\"", 1); /* TeX's closing quotes */
        return 2;
    }
    if (c == '|') {
        rs__norm_emit(n, ", ", 2);
        return 1;
    }
    if (c == '~' && pos + 1 < end && s[1] == '~')
        return 2;
    if (c == '_') {
        /* emphasis at a word's edge disappears; inside a word it separates */
        int inside = n->out.len > 0 && rs__is_word_byte((unsigned char)n->out.data[n->out.len - 1]) && pos + 1 < end &&
                     rs__is_word_byte((unsigned char)s[1]);
        if (inside)
            rs__norm_emit(n, " ", 1);
        return 1;
    }
    if (c == '#') {
        if (pos + 1 < end && rs__is_digit(s[1]))
            rs__norm_change(n, pos, pos + 1, n->lang->word_number, "number sign");
        return 1;
    }
    return 0;
}

/* Notes that the output made since the last note came from the text's
 * bytes [start, end); output that a nested step has noted keeps its own
 * finer span. */
static void map_note(rs_norm *n, size_t start, size_t end)
{
    size_t i;
    if (!n->map_wanted || n->failed)
        return;
    if (n->mapped > n->out.len)
        n->mapped = n->out.len; /* output taken back */
    if (rs__grow(&n->map, &n->map_cap, n->out.len, sizeof *n->map) != 0) {
        n->failed = 1;
        return;
    }
    for (i = n->mapped; i < n->out.len; i++) {
        n->map[i].start = start;
        n->map[i].end = end;
    }
    n->mapped = n->out.len;
}

/* Languages without number rules of their own that write thousands in
 * groups parted by a space (or U+00A0, U+202F): espeak-ng reads "21 000"
 * as two numbers there, digit group by digit group. */
static int groups_with_spaces(const char *language)
{
    static const char *const spaced[] = {"ru", "uk", "be", "bg", "pl", "cs", "sk", "sl", "hr", "sr", "fi", "sv",
                                         "nb", "da", "et", "lv", "lt", "hu", "kk", "ky", "mk", "ro", NULL};
    size_t i;
    for (i = 0; language && spaced[i]; i++)
        if (rs__lang_same_primary(language, spaced[i]))
            return 1;
    return 0;
}

/* The width of a space between digit groups at pos: ' ', U+00A0, U+202F. */
static size_t group_space(const rs_norm *n, size_t pos)
{
    if (pos < n->len && n->text[pos] == ' ')
        return 1;
    if (pos + 1 < n->len && memcmp(n->text + pos, "\xC2\xA0", 2) == 0)
        return 2;
    if (pos + 2 < n->len && memcmp(n->text + pos, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

/* "21 000", "1 250 000": one number, its groups joined, where the
 * language groups thousands with spaces. */
static size_t digit_groups_rule(rs_norm *n, size_t pos)
{
    size_t i = pos, lead = 0, end = 0, groups = 0;
    rs_buf joined = {0};
    if (!at_word_start(n, pos))
        return 0;
    while (i < n->len && rs__is_digit(n->text[i]) && lead < 4)
        i++, lead++;
    if (lead == 0 || lead > 3)
        return 0;
    for (;;) {
        size_t sp = group_space(n, i), k = 0;
        while (sp && i + sp + k < n->len && rs__is_digit(n->text[i + sp + k]))
            k++;
        if (!sp || k != 3)
            break;
        i += sp + 3;
        end = i;
        groups++;
    }
    if (groups == 0)
        return 0;
    for (i = pos; i < end; i++)
        if (rs__is_digit(n->text[i]))
            rs__buf_putc(&joined, n->text[i]);
    if (joined.failed) {
        n->failed = 1;
        return 0;
    }
    rs__buf_putc(&joined, '\0');
    rs__norm_change(n, pos, end, joined.data, "grouped digits");
    rs__buf_free(&joined);
    return end - pos;
}

/* The bytes consumed by the rule that applies at i (at least one). */
static size_t step(rs_norm *n, size_t i, size_t start, size_t end)
{
    unsigned char c = (unsigned char)n->text[i];
    size_t k = 0;
    if ((c == '[' || c == '(' || strncmp(n->text + i, FULLWIDTH_OPEN, 3) == 0) && (k = direction_rule(n, i)) > 0)
        return k;
    if ((k = markup_rule(n, i, end)) > 0)
        return k;
    if (!n->ctx->display && n->lang->id != RS_LANG_OTHER && (k = rs__norm_number(n, i)) > 0)
        return k;
    if (!n->ctx->display && n->space_groups && rs__is_digit((char)c) && (k = digit_groups_rule(n, i)) > 0)
        return k;
    if ((k = character_rule(n, i)) > 0)
        return k;
    if (!n->ctx->display && is_letter_code(code_at(n, i)) && at_word_start(n, i) && (k = word_rule(n, i, end)) > 0)
        return k;
    if (c == '/' && i > start && i + 1 < end && letter_or_digit_at(n, i - 1) && !rs__is_digit(n->text[i - 1]) &&
        is_letter_code(code_at(n, i + 1))) {
        /* and/or, HIV/AIDS: the slash between words is not said */
        rs__norm_emit(n, " ", 1);
        return 1;
    }
    k = sequence_length(n, i);
    rs__norm_emit(n, n->text + i, k);
    return k;
}

static void process(rs_norm *n, size_t start, size_t end)
{
    size_t i = start;
    while (i < end && !n->failed) {
        size_t k = step(n, i, start, end);
        map_note(n, i, i + k);
        i += k;
    }
}

/* Collapses runs of white space and trims, in place; no space is left
 * before closing punctuation. */
static void collapse_spaces(rs_buf *b, rs_span *map)
{
    size_t r, w = 0, space = 0;
    int pending = 0;
    for (r = 0; r < b->len; r++) {
        char c = b->data[r];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!pending)
                space = r;
            pending = (w > 0);
            continue;
        }
        if (pending) {
            if (!(c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')')) {
                if (map)
                    map[w] = map[space];
                b->data[w++] = ' ';
            }
            pending = 0;
        }
        if (map)
            map[w] = map[r];
        b->data[w++] = c;
    }
    b->len = w;
    if (b->data)
        b->data[w] = '\0';
}

char *rs__normalize(const char *text, const rs_norm_context *ctx, rs_change_list *changes)
{
    return rs__normalize_mapped(text, ctx, changes, NULL);
}

char *rs__normalize_mapped(const char *text, const rs_norm_context *ctx, rs_change_list *changes, rs_span **map)
{
    rs_norm n;
    rs_norm_context fallback = {"en", NULL, 0, 0};
    memset(&n, 0, sizeof n);
    n.text = text;
    n.len = strlen(text);
    n.ctx = ctx ? ctx : &fallback;
    n.lang = rules_for(n.ctx->language);
    n.home_script = home_script_of(n.ctx->language);
    n.space_groups = groups_with_spaces(n.ctx->language);
    n.changes = changes;
    n.map_wanted = map != NULL;
    if (map)
        *map = NULL;
    if (rs__buf_reserve(&n.out, n.len) != 0)
        return NULL;
    process(&n, 0, n.len);
    if (n.failed || n.out.failed) {
        rs__buf_free(&n.out);
        rs__free(n.map);
        return NULL;
    }
    collapse_spaces(&n.out, n.map);
    if (map) {
        if (!n.map)
            n.map = rs__calloc(1, sizeof *n.map); /* an empty result has an empty map */
        if (!n.map) {
            rs__buf_free(&n.out);
            return NULL;
        }
        *map = n.map;
    }
    return rs__buf_take(&n.out);
}
