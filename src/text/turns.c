/* Speaker turns: the label that opens a paragraph of a transcript and names
 * who speaks, as parliaments and the UN publish them:
 *   Mr L G LEVER: ...                      The PRESIDENT: ...
 *   The DEPUTY CHAIRPERSON OF THE NCOP (Mr M L Mushwana): ...
 *   Mr. Kishida (Japan): ...               M. Dupont (France) : ...
 *   PRESIDENTA.- ...                       ГОЛОВА. ...
 *   何俊仁議員：...                          السيد الرئيس: ...
 *   ТУРЧИНОВ О.В., член Комітету ... (виборчий округ 154). Шановні ...
 * and the short name a listener hears and sees ("Mr Lever"). Pure. */
#include <string.h>
#include <strings.h>

#include "text/text.h"

#define MAX_LABEL_BYTES 120
#define MAX_LABEL_WORDS 10
#define MAX_CAPS_LABEL_WORDS 6

/* Words that open a speaker's name or office. Compared without a final '.'. */
static const char *const title_words[] = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "hon",
    "honourable", "honorable", "rev", "reverend", "the", "h.e", "his", "her", "ambassador", "minister",
    "senator", "president", "chairperson", "chairman", "chair", "speaker", "judge", "justice",
    "m", "mme", "mlle", "me", "sr", "sra", "srta", "don", "doña", "dña", "la", "el", "le",
    "mnr", "mev", "dhr", "mevr", "herr", "frau", "sig", "an", /* "An HON MEMBER:", "An hon. Member:" */
    /* German, Polish, Czech, Russian and Ukrainian offices and titles:
     * "Präsident Dr. Wolfgang Schäuble", "Poseł Jan Kowalski", "Místopředseda
     * PSP Jan Novák", "Председательствующий (Иванов И.И.)" */
    "präsident", "präsidentin", "vizepräsident", "vizepräsidentin", "alterspräsident", "alterspräsidentin",
    "bundeskanzler", "bundeskanzlerin", "bundesminister", "bundesministerin", "staatsminister",
    "staatsministerin", "abg", "marszałek", "wicemarszałek", "poseł", "posłanka", "pan", "pani", "prezes",
    "premier", "prezydent", "przewodniczący", "przewodnicząca", "sekretarz", "předseda", "předsedkyně",
    "místopředseda", "místopředsedkyně", "poslanec", "poslankyně", "ministr", "ministryně", "senátor",
    "senátorka", "paní", "председатель", "председательствующий", "депутат", "голова", "головуючий",
    "заступник", "міністр", "министр", "presidente", "presidenta", "président", "présidente", NULL};

/* Offices that make a label on their own ("Marszałek:", "Председательствующий.",
 * "President:"): the chair, whose name the record does not repeat. */
static const char *const office_words[] = {
    "president", "chairperson", "chairman", "chair", "speaker", "präsident", "präsidentin", "vizepräsident",
    "vizepräsidentin", "alterspräsident", "alterspräsidentin", "marszałek", "wicemarszałek", "przewodniczący",
    "przewodnicząca", "předseda", "předsedkyně", "místopředseda", "místopředsedkyně", "председатель",
    "председательствующий", "голова", "головуючий", "presidente", "presidenta", "président", "présidente",
    NULL};

/* Articles that open a sentence about a body, not a member's name:
 * "Die Bundesregierung (BMI): ...". */
static const char *const body_articles[] = {"die", "der", "das", "den", "dem", "des", "ein", "eine", "a", "an",
                                            "los", "las", "il", "lo", "gli", "het", "een", NULL};

/* Words kept in lower case inside an office or a name. */
static const char *const small_words[] = {
    "of", "the", "and", "for", "on", "in", "to", "at", "de", "del", "la", "le", "les", "des", "du",
    "et", "y", "e", "da", "do", "dos", "das", "von", "van", "der", "al", "bin", "el", "hon", NULL};

/* How many bytes of text[0, len) match prefix in any case, in any script
 * ("ПРЕДСЕДАТЕЛЬСТВУЮЩИЙ", "Marszałek"), or 0 when it does not open with
 * it; prefix is in small letters. A curly apostrophe matches a straight
 * one ("s’aixeca" is "s'aixeca"). */
static size_t opens_with(const char *text, size_t len, const char *prefix)
{
    size_t i = 0, r = 0, a, b;
    while (prefix[r]) {
        uint32_t ct, cp;
        if (i >= len)
            return 0;
        ct = rs__cp_to_lower(rs__utf8_decode(text + i, &a));
        cp = rs__utf8_decode(prefix + r, &b);
        if (ct == 0x2019)
            ct = '\'';
        if (ct != cp || a == 0 || b == 0)
            return 0;
        i += a;
        r += b;
    }
    return i;
}

/* Whether w[0, n) is the word ref in any case; ref is in small letters. */
static int same_word(const char *w, size_t n, const char *ref)
{
    return n > 0 && opens_with(w, n, ref) == n;
}

static int in_list(const char *const *list, const char *w, size_t n)
{
    size_t i;
    while (n > 0 && w[n - 1] == '.')
        n--;
    for (i = 0; list[i]; i++)
        if (same_word(w, n, list[i]))
            return 1;
    return 0;
}

/* The chair when the record names no one (ParlaMint's <u ana="#chair">
 * without who), in the languages of ParlaMint's parliaments: whoever
 * presides, as that language's records call the office. A word without
 * gender where the language has one ("La Presidencia", not "La
 * Presidenta"; "Předsedající"), else the form the records print when
 * they name no one ("Головуючий"); with its article where the records
 * use one, as the text reader shows "La PRESIDENTA:" as "La Presidenta"
 * and "The PRESIDENT:" as "The President". */
static const struct {
    const char *lang;
    const char *name;
} chair_names[] = {
    {"en", "The Chair"},
    {"es", "La Presidencia"},
    {"ca", "La Presidència"},
    {"gl", "A Presidencia"},
    {"eu", "Presidentea"},
    {"fr", "La présidence"},
    {"it", "La Presidenza"},
    {"pt", "A Presidência"},
    {"ro", "Președintele de ședință"},
    {"de", "Der Vorsitz"},
    {"nl", "De voorzitter"},
    {"da", "Formanden"},
    {"sv", "Talmannen"},
    {"no", "Presidenten"},
    {"nb", "Presidenten"},
    {"nn", "Presidenten"},
    {"is", "Forseti"},
    {"fi", "Puhemies"},
    {"et", "Esimees"},
    {"lv", "Sēdes vadītājs"},
    {"lt", "Pirmininkas"},
    {"pl", "Marszałek"},
    {"cs", "Předsedající"},
    {"sk", "Predsedajúci"},
    {"sl", "Predsedujoči"},
    {"hr", "Predsjedatelj"},
    {"bs", "Predsjedavajući"},
    {"sr", "Predsedavajući"},
    {"bg", "Председателят"},
    {"ru", "Председательствующий"},
    {"uk", "Головуючий"},
    {"el", "Το Προεδρείο"},
    {"hu", "Az elnök"},
    {"tr", "Başkan"},
};

const char *rs__chair_name(const char *lang)
{
    size_t i;
    for (i = 0; lang && i < sizeof chair_names / sizeof chair_names[0]; i++)
        if (rs__lang_same_primary(lang, chair_names[i].lang))
            return chair_names[i].name;
    return chair_names[0].name; /* English for a language not listed, or none */
}

int rs__is_title_word(const char *w, size_t n)
{
    return in_list(title_words, w, n);
}

/* Counts upper and lower case letters in s[0, len). */
static void count_case(const char *s, size_t len, size_t *upper, size_t *lower)
{
    size_t i = 0;
    *upper = *lower = 0;
    while (i < len) {
        size_t n;
        uint32_t cp = rs__utf8_decode(s + i, &n);
        *upper += rs__cp_is_upper(cp);
        *lower += rs__cp_is_lower(cp);
        i += n ? n : 1;
    }
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Length of white space at s: blanks and the no-break spaces French
 * typography puts before a colon. */
static size_t space_at(const char *s, size_t len)
{
    if (len >= 1 && is_blank(s[0]))
        return 1;
    if (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    if (len >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xAF)
        return 3;
    return 0;
}

static size_t trim_end(const char *s, size_t len)
{
    for (;;) {
        if (len >= 1 && is_blank(s[len - 1]))
            len--;
        else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0)
            len -= 2;
        else if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x80 &&
                 (unsigned char)s[len - 1] == 0xAF)
            len -= 3;
        else
            return len;
    }
}

/* The part of a label before its first parenthesis, and whether the label
 * is well formed: balanced parentheses, nothing after the last one. */
static int split_label(const char *s, size_t len, size_t *main_len)
{
    const char *open = memchr(s, '(', len);
    size_t i;
    int depth = 0;
    *main_len = open ? (size_t)(open - s) : len;
    for (i = *main_len; i < len; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')') {
            if (--depth < 0)
                return 0;
        } else if (depth == 0 && !is_blank(s[i]))
            return 0;
    }
    *main_len = trim_end(s, *main_len);
    return depth == 0 && *main_len > 0;
}

/* "O señor ", "La señora ", "A senhora ": an article and a title in small
 * letters, as Spanish, Galician and Portuguese session diaries open a
 * turn before a name in capitals. Its length, or 0. */
static size_t article_and_title(const char *s, size_t len)
{
    static const char *const articles[] = {"o", "a", "el", "la", NULL};
    static const char *const titles[] = {"señor", "señora", "senhor", "senhora", "sr.", "sra.", NULL};
    size_t first = strcspn(s, " "), second, k;
    if (first >= len)
        return 0;
    for (k = 0; articles[k] && !(strlen(articles[k]) == first && !strncasecmp(s, articles[k], first)); k++)
        ;
    if (!articles[k])
        return 0;
    second = strcspn(s + first + 1, " ");
    if (first + 1 + second >= len)
        return 0;
    for (k = 0; titles[k]; k++)
        if (strlen(titles[k]) == second && !strncmp(s + first + 1, titles[k], second))
            return first + 1 + second + 1;
    return 0;
}

/* Whether the parentheses after a name hold what a party is called, as a
 * parliament prints it beside a member's name ("CDU/CSU", "AfD",
 * "BÜNDNIS 90/DIE GRÜNEN"): a few words, each begun by a capital, and no
 * number a year or a document symbol would have ("Paris Agreement (2015)",
 * "Security Council (S/RES/2334)"). */
static int is_party(const char *s, size_t len)
{
    size_t i = 0, words = 0, digits = 0;
    while (i < len && (s[i] == '(' || is_blank(s[i])))
        i++;
    if (len - i > 32)
        return 0;
    while (i < len && s[i] != ')') {
        size_t n;
        if (!(rs__cp_is_upper(rs__utf8_decode(s + i, &n)) || rs__is_digit(s[i])) || ++words > 3)
            return 0;
        for (; i < len && s[i] != ')' && !is_blank(s[i]); i++) {
            digits = rs__is_digit(s[i]) ? digits + 1 : 0;
            if (digits > 2)
                return 0;
        }
        while (i < len && is_blank(s[i]))
            i++;
    }
    return words > 0;
}

/* Words of the name or office before any parenthesis: a title word and
 * then capitalized words, initials and particles; or every letter a
 * capital ("PRESIDENTA", "The PRESIDENT", "O señor PRESIDENTE"). */
static int is_name_part(const char *s, size_t len, int caps_only, int qualified)
{
    size_t i = 0, words = 0, upper, lower, lead = article_and_title(s, len), small_after_title = 0;
    int titled = 0, all_capitalized = 1, office = 0, last_capitalized = 0, before_last_capitalized = 0;
    if (lead) {
        count_case(s + lead, len - lead, &upper, &lower);
        return lower == 0 && upper >= 2;
    }
    count_case(s, len, &upper, &lower);
    if (upper == 0)
        return 0;
    for (i = 0; i < len; i++)
        if (rs__is_digit(s[i]) || s[i] == ',' || s[i] == ';' || s[i] == '"' || s[i] == '?' || s[i] == '!')
            return 0;
    i = 0;
    while (i < len) {
        size_t start = i, n;
        uint32_t first;
        while (i < len && !is_blank(s[i]))
            i++;
        first = rs__utf8_decode(s + start, &n);
        before_last_capitalized = last_capitalized;
        last_capitalized = rs__cp_is_upper(first);
        if (words == 0) {
            titled = in_list(title_words, s + start, i - start);
            office = in_list(office_words, s + start, i - start);
        } else if (!rs__cp_is_upper(first) && !in_list(small_words, s + start, i - start)) {
            /* "Předseda vlády Andrej Babiš", "Pan poseł Jan Kowalski": an
             * office in small letters between a title and the name */
            if (titled && (size_t)words == small_after_title + 1 && small_after_title < 2)
                small_after_title++;
            else
                all_capitalized = 0;
        }
        words++;
        while (i < len && is_blank(s[i]))
            i++;
    }
    if (words > (caps_only ? MAX_CAPS_LABEL_WORDS : MAX_LABEL_WORDS))
        return 0;
    /* "The PRESIDENT", "PRESIDENTA": capitals say it is a label */
    {
        size_t skip = 0;
        if (len > 4 && strncasecmp(s, "the ", 4) == 0)
            skip = 4;
        count_case(s + skip, len - skip, &upper, &lower);
        if (lower == 0 && upper >= 2)
            return 1;
    }
    if (caps_only)
        return 0;
    /* "Marszałek", "Председательствующий (Иванов И.И.)": an office alone */
    if (words == 1 && office)
        return 1;
    /* the office in small letters must be followed by a name */
    if (small_after_title && !(last_capitalized && before_last_capitalized && words >= small_after_title + 3))
        return 0;
    /* "Mr. Kishida", "The Acting President": a title and capitalized words */
    if (titled && all_capitalized && words >= 2)
        return 1;
    /* "Alexander Dobrindt (CDU/CSU)": a name and the party, as the
     * Bundestag prints a member's turn */
    return qualified && all_capitalized && rs__cp_is_upper(rs__utf8_decode(s, &i)) && words >= 2 && words <= 4 &&
           !in_list(body_articles, s, strcspn(s, " \t")) && !in_list(small_words, s, strcspn(s, " \t"));
}

static int is_emphasis(char c)
{
    return c == '*' || c == '_';
}

/* The label without emphasis around it ("**Mr. Kishida**:"). */
static size_t trim_label(const char *s, size_t len)
{
    len = trim_end(s, len);
    while (len > 0 && is_emphasis(s[len - 1]))
        len--;
    return trim_end(s, len);
}

/* Offices that end a Chinese speaker label ("何俊仁議員", "主席", "政務司司長")
 * and words that open an Arabic one ("السيد الرئيس"): scripts without
 * capitals, where the label is known by its office. */
static const char *const han_offices[] = {
    "主席", "議員", "议员", "秘書", "秘书", "先生", "女士", "司長", "司长", "局長", "局长", "部長", "部长",
    "主任", "代表", "委員", "委员", "總理", "总理", "會長", "会长", "長官", "长官", "署長", "署长", "處長", "处长",
    "秘書長", "秘书长", "委員長", "委员长", "大使", "總統", "总统", NULL};
static const char *const arabic_titles[] = {"السيد", "السيدة", "الرئيس", "الرئيسة", "معالي", "سعادة", NULL};

#define FULLWIDTH_COLON "\xEF\xBC\x9A"
#define FULLWIDTH_OPEN "\xEF\xBC\x88"  /* （ */
#define FULLWIDTH_CLOSE "\xEF\xBC\x89" /* ） */
#define HAN_LABEL_MAX_BYTES 36   /* twelve characters */
#define ARABIC_LABEL_MAX_WORDS 8

/* A label in a script without capitals, ended by ':' or '：' with speech
 * after it on the same line. */
static int caseless_turn(const char *s, size_t len, size_t lead, rs_turn *out)
{
    size_t i, colon = 0, after, k, words = 1, office_end, main_len = 0;
    for (i = 0; i < len && i < MAX_LABEL_BYTES && !colon; i++) {
        if (s[i] == ':')
            colon = i, after = i + 1;
        else if (strncmp(s + i, FULLWIDTH_COLON, 3) == 0)
            colon = i, after = i + 3;
        else if (s[i] == '.' || s[i] == ',' || s[i] == '\n' || strncmp(s + i, "\xEF\xBC\x8C", 3) == 0 ||
                 strncmp(s + i, "\xE3\x80\x82", 3) == 0 || strncmp(s + i, "\xD8\x8C", 2) == 0)
            return 0; /* a sentence, or a list, before any colon */
    }
    if (!colon)
        return 0;
    while (after < len && space_at(s + after, len - after))
        after += space_at(s + after, len - after);
    if (after >= len)
        return 0; /* "出席議員：" over a list of names */
    /* "代理主席（李華明議員）": the office, then who holds it in full-width
     * parentheses; the office names the label */
    office_end = colon;
    if (colon >= 3 && memcmp(s + colon - 3, FULLWIDTH_CLOSE, 3) == 0) {
        for (i = colon - 3; i >= 3 && memcmp(s + i - 3, FULLWIDTH_OPEN, 3) != 0; i--)
            ;
        if (i >= 3 && colon - i <= HAN_LABEL_MAX_BYTES)
            office_end = i - 3;
    }
    for (k = 0; han_offices[k] && office_end <= HAN_LABEL_MAX_BYTES; k++) {
        size_t n = strlen(han_offices[k]);
        if (office_end >= n && memcmp(s + office_end - n, han_offices[k], n) == 0 && !memchr(s, ' ', colon)) {
            main_len = office_end;
            goto found;
        }
    }
    for (i = 0; i < colon; i++)
        words += s[i] == ' ' && i + 1 < colon && s[i + 1] != ' ';
    for (k = 0; arabic_titles[k] && words <= ARABIC_LABEL_MAX_WORDS; k++) {
        size_t n = strlen(arabic_titles[k]);
        if (colon >= n && memcmp(s, arabic_titles[k], n) == 0 && (colon == n || s[n] == ' '))
            goto found;
    }
    return 0;
found:
    memset(out, 0, sizeof *out);
    out->label_start = lead;
    out->label_len = out->main_len = trim_end(s, colon);
    if (main_len)
        out->main_len = main_len;
    out->consumed = lead + after;
    out->titled = 1;
    return 1;
}

#define STENOGRAM_LABEL_MAX_BYTES 1000 /* the office and constituency can be long */

/* A stenogram's label of name_len bytes at lead, whose speech starts
 * past the blanks after at: a strong turn. */
static int stenogram_label(const char *s, size_t len, size_t lead, size_t name_len, size_t at, rs_turn *out)
{
    while (at < len && space_at(s + at, len - at))
        at += space_at(s + at, len - at);
    memset(out, 0, sizeof *out);
    out->label_start = lead;
    out->label_len = out->main_len = name_len;
    out->consumed = lead + at;
    out->titled = 1;
    return 1;
}

/* "ТУРЧИНОВ О.В., член Комітету ... (округ 154). Шановні колеги": a
 * stenogram's speaker, surname in capitals and initials, then after a
 * comma the office and constituency, to the full stop that closes them.
 * The name is the label; the office is not spoken. */
static int stenogram_turn(const char *s, size_t len, size_t lead, rs_turn *out)
{
    size_t i = 0, n, upper = 0, lower = 0, initials = 0, name_len, depth = 0;
    uint32_t cp = rs__utf8_decode(s, &n);
    /* "Володин В. В.": the Duma writes the surname in small letters after
     * its capital; Cyrillic only, as "Figure A. Shows" is no speaker */
    int cyrillic = cp >= 0x400 && cp <= 0x4FF;
    while (i < len) {
        cp = rs__utf8_decode(s + i, &n);
        if (rs__cp_is_upper(cp) && lower == 0)
            upper++;
        else if (rs__cp_is_lower(cp) && upper == 1 && cyrillic)
            lower++;
        else if (!(s[i] == '-' && upper > 0))
            break;
        i += n ? n : 1;
    }
    if ((upper < 2 && lower < 2) || i >= len || s[i] != ' ')
        return 0;
    i++;
    while (i + 1 < len && rs__cp_is_upper(rs__utf8_decode(s + i, &n)) && s[i + n] == '.') {
        initials++;
        i += n + 1;
        if (i < len && s[i] == ' ' && initials < 3 && i + 1 < len && rs__cp_is_upper(rs__utf8_decode(s + i + 1, &n)) &&
            i + 1 + n < len && s[i + 1 + n] == '.')
            i++; /* "О. В." */
    }
    if (initials == 0 || i >= len)
        return 0;
    name_len = i;
    if (s[i] == ' ' && initials <= 3) {
        /* "ТУРЧИНОВ О.В. Шановні колеги": a speaker named again, without
         * the office, the speech on the same line */
        i++;
        cp = rs__utf8_decode(s + i, &n);
        if (i + n >= len || !rs__cp_is_upper(cp) || !rs__cp_is_lower(rs__utf8_decode(s + i + n, &n)))
            return 0;
        memset(out, 0, sizeof *out);
        out->label_start = lead;
        out->label_len = out->main_len = name_len;
        out->consumed = lead + i;
        /* "Правительство В. В. Путина заявило" looks the same once: a
         * surname in small letters, or one initial, must recur */
        out->weak = lower > 0 || initials < 2;
        out->titled = !out->weak;
        return 1;
    }
    if (s[i] == ':' && (i + 1 == len || space_at(s + i + 1, len - i - 1)))
        return stenogram_label(s, len, lead, name_len, i + 1, out); /* "Иванов И.И.: Уважаемые коллеги" */
    if (s[i] != ',')
        return 0;
    for (i++; i < len && i < STENOGRAM_LABEL_MAX_BYTES; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth > 0)
            depth--;
        else if (s[i] == '.' && depth == 0 && (i + 1 == len || space_at(s + i + 1, len - i - 1)))
            break;
    }
    if (i >= len || i >= STENOGRAM_LABEL_MAX_BYTES || s[i] != '.')
        return 0;
    /* the office says it is a label, though the speech starts lines later */
    return stenogram_label(s, len, lead, name_len, i + 1, out);
}

int rs__find_turn(const char *text, size_t text_len, rs_turn *out)
{
    size_t lead = 0, i, len, limit;
    const char *s;
    int depth = 0;
    rs_turn weak = {0};
    memset(out, 0, sizeof *out);
    while (lead < text_len && lead < 3 && is_emphasis(text[lead]))
        lead++;
    s = text + lead;
    len = text_len - lead;
    if (len > 0 && (unsigned char)s[0] >= 0xC0 && caseless_turn(s, len, lead, out))
        return 1;
    if (stenogram_turn(s, len, lead, out))
        return 1;
    limit = len < MAX_LABEL_BYTES ? len : MAX_LABEL_BYTES;
    for (i = 0; i < limit; i++) {
        char c = s[i];
        size_t label_len, main_len, after;
        if (c == '(')
            depth++;
        else if (c == ')')
            depth--;
        if (depth != 0)
            continue;
        if (c == ',' || c == ';' || c == '?' || c == '!')
            goto none;
        if (c == ':') {
            /* "Mr L G LEVER: Chairperson", "M. Dupont (France) : Monsieur" */
            after = i + 1;
            while (after < len && is_emphasis(s[after]))
                after++;
            if (after < len && !space_at(s + after, len - after))
                goto none; /* "10:30", "http://" */
            label_len = trim_label(s, i);
            if (!split_label(s, label_len, &main_len) ||
                !is_name_part(s, main_len, 0, main_len < label_len && is_party(s + main_len, label_len - main_len)))
                goto none;
        } else if (c == '.' && i + 1 < len &&
                   (s[i + 1] == '-' || (i + 3 < len && (unsigned char)s[i + 1] == 0xE2 &&
                                        (unsigned char)s[i + 2] == 0x80 &&
                                        ((unsigned char)s[i + 3] == 0x93 || (unsigned char)s[i + 3] == 0x94)))) {
            /* "PRESIDENTA.- Buenos días" (a hyphen, en or em dash) */
            label_len = trim_label(s, i);
            if (!split_label(s, label_len, &main_len) || !is_name_part(s, main_len, 1, 0))
                goto none;
            after = i + (s[i + 1] == '-' ? 2 : 4);
        } else if (c == '.' && (i + 1 == len || space_at(s + i + 1, len - i - 1))) {
            /* "ГОЛОВА. Шановні колеги": one word in capitals; weak, since
             * "INTRODUCTION. The Court ..." looks the same once */
            size_t upper, lower, k;
            label_len = i;
            for (k = 0; k < label_len; k++)
                if (is_blank(s[k]) || s[k] == '.' || s[k] == '(')
                    break;
            count_case(s, label_len, &upper, &lower);
            /* "Mr. Kishida", "SR. LÓPEZ: ..." go on to ':' or ".-" */
            if (k == label_len && lower == 0 && upper >= 3 && strspn(s, "IVXLCDM") != label_len &&
                weak.label_len == 0) {
                weak.weak = 1;
                weak.label_start = lead;
                weak.label_len = weak.main_len = label_len;
            } else if (k == label_len && weak.label_len == 0 && in_list(office_words, s, label_len)) {
                /* "Председательствующий. Уважаемые коллеги": the chair's
                 * office alone, as the Duma prints it; weak as well */
                weak.weak = 1;
                weak.titled = 1;
                weak.label_start = lead;
                weak.label_len = weak.main_len = label_len;
            } else if (k < label_len && weak.label_len == 0 && rs__is_title_word(s, strcspn(s, " \t")) &&
                       split_label(s, label_len, &main_len) && is_name_part(s, main_len, 0, 0)) {
                /* "M. le Président du Conseil. Je sais ...", as the French
                 * Journal officiel prints turns: weak as well */
                weak.weak = 1;
                weak.titled = 1;
                weak.label_start = lead;
                weak.label_len = label_len;
                weak.main_len = main_len;
            }
            if (weak.label_len == label_len) {
                weak.consumed = i + 1;
                while (weak.consumed < len && space_at(s + weak.consumed, len - weak.consumed))
                    weak.consumed += space_at(s + weak.consumed, len - weak.consumed);
                weak.consumed += lead;
            }
            continue;
        } else {
            continue;
        }
        while (after < len) {
            size_t sp = is_emphasis(s[after]) ? 1 : space_at(s + after, len - after);
            if (!sp)
                break;
            after += sp;
        }
        if (label_len == 0)
            goto none;
        memset(out, 0, sizeof *out);
        out->label_start = lead;
        out->titled = in_list(title_words, s, strcspn(s, " \t"));
        out->label_len = label_len;
        out->main_len = main_len;
        out->consumed = lead + after;
        return 1;
    }
none:
    *out = weak;
    return weak.label_len > 0;
}

/* ---- procedural lines of the record ---- */

/* How the records of the UN and of parliaments say that a sitting opens,
 * is suspended, resumes or closes, in small letters. A paragraph that
 * begins so and is short is the record's own line. */
static const char *const procedural_openings[] = {
    /* en */
    "the meeting rose", "the meeting was called to order", "the meeting was suspended",
    "the meeting was resumed", "the meeting resumed", "the meeting was adjourned", "the meeting adjourned",
    "the meeting ended", "the meeting closed", "the meeting was closed", "the meeting was opened",
    "the meeting opened", "the sitting rose", "the sitting was suspended", "the sitting was resumed",
    "the sitting resumed", "the sitting was adjourned", "the sitting closed", "the sitting was opened",
    "the sitting opened", "the house rose", "the house adjourned", "the council rose", "the council adjourned",
    "the session rose", "the session was adjourned", "the session was suspended", "the session closed",
    "parliament rose", "parliament adjourned", "the assembly rose", "the assembly adjourned", "the senate rose",
    "the senate adjourned", "the committee rose", "the committee adjourned", "the sitting was called to order",
    "the joint sitting rose", "the house was adjourned", "the assembly was adjourned", "house adjourned",
    "sitting adjourned", "sitting suspended", "adjourned at", "the house met at", "the assembly met at",
    /* en, the decisions that Westminster-style records print after a debate
     * ("Debate concluded.", "Motion agreed to.", "Bill read a second time.") */
    "debate concluded", "question put", "question accordingly", "bill accordingly", "the house divided", "ayes ",
    "question agreed to", "motion agreed to", "amendment agreed to", "amendments agreed to",
    "bill read a first time", "bill read a second time", "bill read a third time", "report accordingly adopted",
    "order disposed of without debate",
    /* fr */
    "la séance est levée", "la séance est ouverte", "la séance est suspendue", "la séance est reprise",
    "la séance, suspendue", "la séance a été levée", "la séance a été suspendue", "la séance est close",
    /* es */
    "se levanta la sesión", "se abre la sesión", "se suspende la sesión", "se reanuda la sesión",
    "se levantó la sesión", "se abrió la sesión", "se suspendió la sesión", "se reanudó la sesión",
    "se declara abierta la sesión", "se levanta la reunión", "se abre la reunión",
    /* ru */
    "заседание закрывается", "заседание открывается", "заседание закрыто", "заседание прерывается",
    "заседание возобновляется", "заседание было прервано", "заседание было закрыто", "заседание объявляется",
    /* uk */
    "засідання закривається", "засідання відкривається", "засідання закрито", "засідання переривається",
    "засідання відновлюється", "засідання оголошується",
    /* de */
    "die sitzung ist geschlossen", "die sitzung ist eröffnet", "die sitzung ist unterbrochen",
    "die sitzung wird unterbrochen", "die sitzung wird fortgesetzt", "die sitzung ist wieder eröffnet",
    "schluss der sitzung", "unterbrechung der sitzung",
    /* pt */
    "levanta-se a sessão", "está encerrada a sessão", "está aberta a sessão", "encerra-se a sessão",
    "a sessão é suspensa", "a sessão é reaberta", "a sessão foi encerrada", "a sessão foi suspensa",
    /* it */
    "la seduta termina", "la seduta è tolta", "la seduta è sospesa", "la seduta riprende",
    "la seduta ha inizio", "la seduta è aperta",
    /* ca: the Parliament of Catalonia ("La sessió s’aixeca a la una del migdia.") */
    "la sessió s'aixeca", "s'aixeca la sessió", "la sessió s'obre", "la sessió se suspèn", "se suspèn la sessió",
    "es reprèn la sessió", "la sessió es reprèn",
    /* pl */
    "posiedzenie zakończyło się", "posiedzenie zostało zamknięte", "zamknięcie posiedzenia",
    /* ar: UN records, "رفعت الجلسة الساعة 13/05." */
    "رفعت الجلسة", "افتتحت الجلسة", "علقت الجلسة", "استؤنفت الجلسة", NULL};

/* Whole lines of the record too short to tell by their opening: "Agreed to." */
static const char *const procedural_lines[] = {"agreed to", NULL};

/* Records that give the hour first and what happened after it: Chinese
 * "上午10时05分开会。", "下午1时散会。"; the Spanish Cortes close with the
 * hour alone, "Eran las dos y treinta y cinco minutos de la tarde.". */
static const char *const han_day_parts[] = {"上午", "下午", "晚上", "中午", NULL};
static const char *const han_sitting_words[] = {"散会", "散會", "开会", "開會", "休会", "休會", "复会", "復會", NULL};
static const char *const es_hour_openings[] = {"eran las ", "era la ", NULL};
static const char *const es_day_parts[] = {" de la mañana", " de la tarde", " de la noche", " del mediodía", NULL};
static const struct {
    const char *const *openings;
    const char *const *words;
} hour_lines[] = {{han_day_parts, han_sitting_words}, {es_hour_openings, es_day_parts}};

#define PROCEDURAL_MAX_BYTES 200 /* a line of the record, not a speech */

static int contains(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle), i;
    for (i = 0; i + n <= len; i++)
        if (memcmp(text + i, needle, n) == 0)
            return 1;
    return 0;
}

int rs__is_procedural_line(const char *text, size_t len)
{
    size_t k, w, h;
    while (len > 0 && (is_blank(*text) || *text == '(' || *text == '[' || *text == '-' || is_emphasis(*text))) {
        /* "(Schluss der Sitzung: 18.03 Uhr)" is a direction already;
         * "-Se levantó la sesión a las 16.45 horas." as Chile prints it */
        text++;
        len--;
    }
    if (len == 0 || len > PROCEDURAL_MAX_BYTES)
        return 0;
    for (k = 0; procedural_openings[k]; k++)
        if (opens_with(text, len, procedural_openings[k]))
            return 1;
    for (k = 0; procedural_lines[k]; k++) {
        size_t n = opens_with(text, len, procedural_lines[k]);
        /* the line and nothing after it but its full stop and brackets */
        while (n > 0 && n < len && text[n] && (strchr(".:)] ", text[n]) || is_emphasis(text[n])))
            n++;
        if (n == len)
            return 1;
    }
    for (h = 0; h < sizeof hour_lines / sizeof hour_lines[0]; h++)
        for (k = 0; hour_lines[h].openings[k]; k++)
            if (opens_with(text, len, hour_lines[h].openings[k]))
                for (w = 0; hour_lines[h].words[w]; w++)
                    if (contains(text, len, hour_lines[h].words[w]))
                        return 1;
    return 0;
}

/* "L", "G.", and initials written together: "О.В." */
static int is_initial(const char *w, size_t n)
{
    size_t len, at = 0;
    do {
        uint32_t cp = rs__utf8_decode(w + at, &len);
        if (!rs__cp_is_upper(cp))
            return 0;
        at += len;
        if (at == n)
            return 1;
        if (w[at] != '.')
            return 0;
        at++;
    } while (at < n);
    return 1;
}

/* Appends one word of a label as it should be shown: a word in capitals
 * becomes capitalized ("LEVER" -> "Lever") unless the document shows it in
 * capitals inside running text (an acronym, "NCOP"). */
static int put_word(rs_buf *b, const char *w, size_t n, int first, rs_caps_fn keep_caps, void *user)
{
    size_t upper, lower, i = 0;
    count_case(w, n, &upper, &lower);
    if (b->len > 0 && rs__buf_putc(b, ' '))
        return ROSTRUM_ENOMEM;
    if (lower > 0 || upper < 2 || is_initial(w, n) || (keep_caps && keep_caps(user, w, n)))
        return rs__buf_append(b, w, n); /* "О.В." stays as written */
    if (!first && in_list(small_words, w, n)) {
        for (i = 0; i < n; i++)
            if (rs__buf_putc(b, (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i])))
                return ROSTRUM_ENOMEM;
        return 0;
    }
    while (i < n) {
        size_t len, next_len;
        uint32_t cp = rs__utf8_decode(w + i, &len);
        char enc[4];
        int word_start = i == 0 || w[i - 1] == '-' || w[i - 1] == '\'';
        if (len == 0)
            len = 1;
        if (!word_start)
            cp = rs__cp_to_lower(cp);
        /* Greek ends a word with a final sigma: "ΠΑΠΑΣ" -> "Παπας" */
        if (!word_start && cp == 0x3C3 &&
            (i + len == n || !rs__cp_is_letter(rs__utf8_decode(w + i + len, &next_len))))
            cp = 0x3C2;
        if (rs__buf_append(b, enc, rs__utf8_encode(cp, enc)))
            return ROSTRUM_ENOMEM;
        i += len;
    }
    return 0;
}

/* The words of one part, initials between a title and a surname dropped
 * ("Mr L G LEVER" -> "Mr Lever"). */
static int clean_part(rs_buf *b, const char *s, size_t len, rs_caps_fn keep_caps, void *user)
{
    const char *words[MAX_LABEL_WORDS * 2];
    size_t lens[MAX_LABEL_WORDS * 2], count = 0, i = 0, k;
    int rc = 0;
    while (i < len && count < MAX_LABEL_WORDS * 2) {
        size_t start;
        while (i < len && is_blank(s[i]))
            i++;
        start = i;
        while (i < len && !is_blank(s[i]))
            i++;
        if (i > start) {
            words[count] = s + start;
            lens[count++] = i - start;
        }
    }
    for (k = 0; k < count && rc == 0; k++) {
        int titled = count > 0 && in_list(title_words, words[0], lens[0]) && strncasecmp(words[0], "the", 3) != 0;
        if (titled && k > 0 && k + 1 < count && is_initial(words[k], lens[k]))
            continue;
        rc = put_word(b, words[k], lens[k], k == 0, keep_caps, user);
    }
    return rc ? ROSTRUM_ENOMEM : 0;
}

void rs__turn_names_free(rs_turn_names *names)
{
    rs__free(names->name);
    rs__free(names->person);
    rs__free(names->qualifier);
    memset(names, 0, sizeof *names);
}

int rs__turn_names(const char *label, size_t len, size_t main_len, rs_caps_fn keep_caps, void *user,
                   rs_turn_names *out)
{
    rs_buf b = {0};
    const char *open;
    int rc;
    memset(out, 0, sizeof *out);
    rc = clean_part(&b, label, main_len, keep_caps, user);
    out->person = rc ? NULL : rs__buf_take(&b);
    /* the first parenthesis that starts with a capital names a delegation
     * or the person holding an office; "(spoke in French)" names neither */
    open = memchr(label + main_len, '(', len - main_len);
    if (rc == 0 && open) {
        const char *close = memchr(open, ')', (size_t)(label + len - open));
        size_t n;
        if (close && rs__cp_is_upper(rs__utf8_decode(open + 1, &n))) {
            rc = clean_part(&b, open + 1, (size_t)(close - open - 1), keep_caps, user);
            out->qualifier = rc ? NULL : rs__buf_take(&b);
        }
    }
    if (rc == 0 && out->person) {
        rs__buf_puts(&b, out->person);
        if (out->qualifier) {
            rs__buf_puts(&b, " (");
            rs__buf_puts(&b, out->qualifier);
            rs__buf_putc(&b, ')');
        }
        out->name = rs__buf_take(&b);
    }
    rs__buf_free(&b);
    if (rc || !out->person || !out->name) {
        rs__turn_names_free(out);
        return ROSTRUM_ENOMEM;
    }
    return 0;
}
