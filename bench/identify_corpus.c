/* How often language identification names the language of a paragraph of
 * 20 words or more, each paragraph alone and with no hint, on real
 * statements whose language is known:
 *   identify_corpus [--expect LANG] [--misses N] [--apart] [--hint] FILE...
 * (--hint: each paragraph with its file's language expected, as rostrum
 * asks about the paragraphs of a statement whose language it knows).
 *
 * The truth of a paragraph, by these rules and no list of exceptions:
 * 1. the language the source labels it with (TEI's xml:lang, DOCX's w:lang,
 *    a {lang=} heading), else LANG, else the file name's prefix up to the
 *    first '_', '-' or '.' ("fr_..." is French, "zh-hant_..." Chinese);
 * 2. an unlabelled paragraph is taken to be in that language only when the
 *    share of its words that are among that language's commonest (listed
 *    below) is at least a third of the median share over the file's
 *    unlabelled paragraphs, and no other language of the table has twice
 *    its share (for Arabic, when the Arabic script is its main script, for
 *    Chinese and Japanese, when Han is, since their words are not set apart
 *    by spaces or take their small words as prefixes). A
 *    paragraph that fails is set apart, not scored: a passage in another
 *    language (an Afrikaans or isiZulu speech in an English record), a list
 *    of names, or OCR that is no language at all. Each language's line says
 *    how many were set apart and what they were found as;
 * 3. a language espeak-ng has no voice for (Galician) cannot be named, since
 *    rostrum names only languages it can speak: its paragraphs are shown
 *    apart with what they were found as, and a second total counts them as
 *    missed.
 * Files are read as rostrum reads them (every format). Prints each
 * language's paragraphs and hits, the overall share, the misses (the first
 * N of each language, 3 by default) and the processor time identification
 * took. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/uscript.h>

#include "text/text.h"
#include "bench_util.h"

#define MIN_WORDS 20
#define MAX_LANGUAGES 48
#define MAX_FOUND 12
/* a paragraph with less than this part of its file's median share of
 * common words is set apart */
#define SHARE_OF_MEDIAN 3.0
#define MAX_PARAGRAPHS 65536

typedef struct tally {
    char lang[16];
    size_t paragraphs, hits, shown;
    size_t apart; /* set apart by rule 2 */
    struct {
        char lang[16];
        size_t count;
    } found[MAX_FOUND]; /* what the paragraphs set apart (or without a voice) were found as */
    size_t found_count;
} tally;

/* The commonest words of the languages of the corpus's files: articles,
 * prepositions, conjunctions, pronouns and auxiliaries, small letters. A
 * paragraph in the language has many of them in any subject. */
static const struct {
    const char *lang;
    const char *words;
} common_words[] = {
    {"en", " the of and to in a is that for it on with as be are by this we our have not has will was at from which "
           "an its their all us been or these i you they he his who would can"},
    {"fr", " de la le et les des en un une du pour que qui dans est nous au par sur pas plus ne ce il sont avec se "
           "aux a été cette son ses"},
    {"es", " de la que el en y a los las del se por un una para con no es al lo como más su sus ha este esta "
           "nuestro hemos muy"},
    {"ca", " de la el i a que en els les per un una amb del no es és al com més seu seva hem aquest aquesta "
           "però també ha"},
    {"gl", " de a o e que en os as da do na no un unha para con non é por se ao dos das pola polo máis moi"},
    {"pt", " de a o e que em os as da do na no um uma para com não é por se ao dos das pela pelo mais"},
    {"it", " di e il la che in a per un una del della non è con si le i al sono gli"},
    {"de", " der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden "
           "wir"},
    {"af", " die en van in is het nie dat te vir op met om wat n ek ons sy hy hulle word ook as aan deur by kan sal "
           "moet"},
    {"nl", " de het een en van in is dat op te voor met zijn niet die wij aan ook"},
    {"ru", " и в во на не что с со по к о об из за для от до это как мы но а его их также все был была было быть он "
           "она они я вы же бы ли только так уже если чтобы когда еще ещё или ни без под над между после через более "
           "всех всего этот эта эти этой этих того том который которые которая которых при про кроме"},
    {"uk", " і й в у на не що з із зі по до та це як ми але за для від його їх також все був була бути є він вона "
           "вони я ви ж би лише тільки так вже якщо щоб коли ще або ні без під над між після через більш всіх всього про щодо "
           "цей ця ці цієї цих того тому який які яка яких при"},
    {"pl", " i w na nie się z do to że jest o jak za od po co ale przez dla jego są"},
    {"cs", " a v na se je že to s z do o jako pro ale by jsou byl které který"},
    {"sk", " a v na sa je že to s z do o ako pre ale by sú bol ktoré ktorý aj tak"},
    {"sl", " in je v na se da za z so ki bi ne pa to s tudi kot po"},
};

static const char *common_words_of(const char *lang)
{
    size_t i;
    for (i = 0; i < sizeof common_words / sizeof common_words[0]; i++)
        if (rs__lang_same_primary(common_words[i].lang, lang))
            return common_words[i].words;
    return NULL;
}

/* Rule 2: the share of a paragraph's words that are among lang's
 * commonest; for a language known by its script, 1 when that is the
 * paragraph's main script, else 0; 1 when the bench has no words for lang. */
static double common_share(const char *text, const char *lang)
{
    const char *words = common_words_of(lang);
    char list[1024];
    size_t total = 0, common = 0, i = 0, len = strlen(text);
    if (rs__lang_same_primary(lang, "zh") || rs__lang_same_primary(lang, "ja") || rs__lang_same_primary(lang, "ar")) {
        rs_script_census census;
        rs__script_census(text, len, &census);
        return rs__lang_same_primary(lang, "ar") ? census.script == USCRIPT_ARABIC
                                                 : census.script == USCRIPT_HAN || census.kana > 0;
    }
    if (!words)
        return 1.0;
    snprintf(list, sizeof list, "%s ", words); /* every word between two spaces */
    while (i < len) {
        char word[64];
        size_t at = 0, n;
        /* a word: letters (and apostrophes), small; punctuation and
         * digits separate words */
        while (i < len) {
            uint32_t cp = rs__utf8_decode(text + i, &n);
            if (rs__cp_is_letter(cp))
                break;
            i += n ? n : 1;
        }
        while (i < len) {
            uint32_t cp = rs__utf8_decode(text + i, &n);
            if (!rs__cp_is_letter(cp))
                break;
            if (at + 5 < sizeof word)
                at += rs__utf8_encode(rs__cp_to_lower(cp), word + at);
            i += n ? n : 1;
        }
        if (!at)
            break;
        word[at] = '\0';
        total++;
        {
            char needle[68];
            snprintf(needle, sizeof needle, " %s ", word);
            common += strstr(list, needle) != NULL;
        }
    }
    return total ? (double)common / (double)total : 0.0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median share of lang's commonest words over the unlabelled
 * paragraphs of 20 words or more of a document. */
static double file_median(const rs_document *doc, const char *lang)
{
    static double shares[MAX_PARAGRAPHS];
    size_t count = 0, b;
    for (b = 0; b < doc->block_count && count < MAX_PARAGRAPHS; b++) {
        const rs_block *block = &doc->blocks[b];
        if (block->kind == RS_BLOCK_PARAGRAPH && !block->lang && count_words(block->text) >= MIN_WORDS)
            shares[count++] = common_share(block->text, lang);
    }
    if (!count)
        return 0.0;
    qsort(shares, count, sizeof shares[0], compare_doubles);
    return shares[count / 2];
}

/* Rule 2 for an unlabelled paragraph: some of its words are among lang's
 * commonest, at least a third as many as is usual in its file, and no other
 * language of the table has twice as many of its own. */
static int reads_as(const char *text, const char *lang, double median)
{
    double own = common_share(text, lang);
    size_t i;
    if (own == 0.0 || own < median / SHARE_OF_MEDIAN)
        return 0;
    for (i = 0; i < sizeof common_words / sizeof common_words[0]; i++)
        if (!rs__lang_same_primary(common_words[i].lang, lang) && common_share(text, common_words[i].lang) >= 2 * own)
            return 0;
    return 1;
}

static tally *tally_of(tally *tallies, size_t *count, const char *lang)
{
    size_t i;
    for (i = 0; i < *count; i++)
        if (strcmp(tallies[i].lang, lang) == 0)
            return &tallies[i];
    if (*count == MAX_LANGUAGES)
        return NULL;
    memset(&tallies[*count], 0, sizeof tallies[*count]);
    snprintf(tallies[*count].lang, sizeof tallies[*count].lang, "%s", lang);
    return &tallies[(*count)++];
}

static void count_found(tally *t, const char *found)
{
    size_t i;
    if (!found)
        found = "unsure";
    for (i = 0; i < t->found_count; i++)
        if (strcmp(t->found[i].lang, found) == 0) {
            t->found[i].count++;
            return;
        }
    if (t->found_count < MAX_FOUND) {
        snprintf(t->found[t->found_count].lang, sizeof t->found[0].lang, "%s", found);
        t->found[t->found_count++].count = 1;
    }
}

/* The primary subtag of a tag, small ("ca-ES" is "ca"). */
static void primary(const char *tag, char *out, size_t size)
{
    size_t n = strcspn(tag, "_-.");
    size_t k;
    if (n >= size)
        n = size - 1;
    for (k = 0; k < n; k++)
        out[k] = (char)(tag[k] >= 'A' && tag[k] <= 'Z' ? tag[k] - 'A' + 'a' : tag[k]);
    out[n] = '\0';
}

static void print_found(const tally *t)
{
    size_t i;
    for (i = 0; i < t->found_count; i++)
        printf("%s %s %zu", i ? "," : "", t->found[i].lang, t->found[i].count);
}

int main(int argc, char **argv)
{
    tally tallies[MAX_LANGUAGES];
    size_t tally_count = 0, paragraphs = 0, hits = 0, voiceless = 0, apart = 0, i;
    const char *expect = NULL;
    rs_identifier *id = rs__identifier_create(NULL);
    double spent = 0.0;
    int a = 1, failures = 0, misses_shown = 3, show_apart = 0, hint = 0;
    if (!id)
        return 2;
    while (a + 1 < argc && argv[a][0] == '-') {
        if (strcmp(argv[a], "--apart") == 0 || strcmp(argv[a], "--hint") == 0) {
            if (strcmp(argv[a], "--apart") == 0)
                show_apart = 1; /* prints each paragraph set apart */
            else
                hint = 1;
            a++;
            continue;
        }
        if (strcmp(argv[a], "--expect") == 0)
            expect = argv[a + 1];
        else if (strcmp(argv[a], "--misses") == 0)
            misses_shown = atoi(argv[a + 1]);
        else
            break;
        a += 2;
    }
    for (; a < argc; a++) {
        rs_document doc;
        char err[RS__ERRMSG_SIZE], file_lang[16];
        size_t size = 0, b;
        double median;
        char *data = slurp(argv[a], &size);
        const char *base = strrchr(argv[a], '/');
        primary(expect ? expect : base ? base + 1 : argv[a], file_lang, sizeof file_lang);
        memset(&doc, 0, sizeof doc);
        if (!data || rs__read(&doc, argv[a], data, size, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) != 0) {
            fprintf(stderr, "%s: not read\n", argv[a]);
            failures++;
            free(data);
            continue;
        }
        median = file_median(&doc, file_lang);
        for (b = 0; b < doc.block_count; b++) {
            const rs_block *block = &doc.blocks[b];
            const char *found;
            char lang[16];
            double start;
            tally *t;
            if (block->kind != RS_BLOCK_PARAGRAPH || count_words(block->text) < MIN_WORDS)
                continue;
            primary(block->lang ? block->lang : file_lang, lang, sizeof lang);
            t = tally_of(tallies, &tally_count, lang);
            if (!t)
                continue;
            start = now();
            if (hint) {
                /* as rostrum asks within a statement: an unsure answer
                 * keeps the language expected */
                found = rs__identify(id, block->text, strlen(block->text), file_lang);
                if (!found)
                    found = file_lang;
            } else {
                found = rs__identify(id, block->text, strlen(block->text), NULL);
            }
            spent += now() - start;
            if (!block->lang && !reads_as(block->text, lang, median)) {
                t->apart++;
                apart++;
                if (show_apart)
                    printf("apart %s:%zu: found %s: %.70s...\n", argv[a], block->line, found ? found : "(unsure)",
                           block->text);
                count_found(t, found);
                continue;
            }
            if (!rs__identify_offers(lang)) {
                t->paragraphs++;
                voiceless++;
                count_found(t, found);
                continue;
            }
            t->paragraphs++;
            paragraphs++;
            if (found && rs__lang_same_primary(found, lang)) {
                t->hits++;
                hits++;
            } else if ((int)t->shown++ < misses_shown) {
                printf("miss %s:%zu: %s, not %s: %.70s...\n", argv[a], block->line, found ? found : "(unsure)", lang,
                       block->text);
            }
        }
        rs__document_free(&doc);
        free(data);
    }
    for (i = 0; i < tally_count; i++) {
        const tally *t = &tallies[i];
        if (!rs__identify_offers(t->lang)) {
            printf("%-8s %6zu paragraphs of %d words or more: no espeak-ng voice, so never named; found as", t->lang,
                   t->paragraphs, MIN_WORDS);
            print_found(t);
            printf("\n");
            continue;
        }
        printf("%-8s %6zu paragraphs of %d words or more, %6zu found, %6.2f%%", t->lang, t->paragraphs, MIN_WORDS,
               t->hits, t->paragraphs ? 100.0 * t->hits / t->paragraphs : 0.0);
        if (t->apart) {
            printf("; %zu set apart, found as", t->apart);
            print_found(t);
        }
        printf("\n");
    }
    printf("all      %6zu paragraphs, %6zu found, %6.2f%%, identification %.3f s of processor time\n", paragraphs, hits,
           paragraphs ? 100.0 * hits / paragraphs : 0.0, spent);
    if (voiceless)
        printf("with the %zu paragraphs of languages without a voice as misses: %.2f%%\n", voiceless,
               100.0 * hits / (double)(paragraphs + voiceless));
    printf("set apart as not in their file's language (rule 2): %zu\n", apart);
    rs__identifier_destroy(id);
    return failures ? 1 : 0;
}
