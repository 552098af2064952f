/* Language identification for what the input does not label: the script
 * first (Arabic, Han, Greek ... say most of it), then, within a script that
 * many languages share (Latin, Cyrillic, Arabic, Devanagari), libexttextcat's
 * n-gram fingerprints of the languages written in it. A call too close to
 * tell, or a text too short, gives no answer, and the caller keeps the
 * language it had. The fingerprints are read once per identifier, for the
 * scripts met; everything else is pure. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <fingerprint.h>
#include <unicode/uscript.h>

#include "text/text.h"

#ifndef ROSTRUM_TEXTCAT_DIR
#define ROSTRUM_TEXTCAT_DIR "/usr/share/libexttextcat"
#endif

/* Fewer letters than these and the script decides alone, or nothing does;
 * fingerprints need a sentence or two to tell Spanish from Portuguese. */
#define SCRIPT_MIN_LETTERS 8
#define NGRAM_MIN_LETTERS 60
/* The runner-up must score this much worse for the best to count
 * (libexttextcat's own threshold, THRESHOLDVALUE). */
#define CLEAR_MARGIN 1.03
/* How much of a text is looked at: enough for any language. */
#define SAMPLE_BYTES 4096
#define FINGERPRINT_NGRAMS 400

typedef struct candidate {
    int script;        /* USCRIPT_* */
    const char *file;  /* the fingerprint in libexttextcat's data folder */
    const char *tag;   /* the language rostrum gives */
} candidate;

/* Languages espeak-ng speaks, by script, with a fingerprint each: what is
 * found must have a voice. (espeak-ng 1.51 has no Galician: a Galician
 * text is found as its nearest, Portuguese or Spanish.) */
static const candidate candidates[] = {
    {USCRIPT_LATIN, "en.lm", "en"},   {USCRIPT_LATIN, "fr.lm", "fr"},   {USCRIPT_LATIN, "es.lm", "es"},
    {USCRIPT_LATIN, "pt.lm", "pt"},   {USCRIPT_LATIN, "de.lm", "de"},   {USCRIPT_LATIN, "it.lm", "it"},
    {USCRIPT_LATIN, "nl.lm", "nl"},   {USCRIPT_LATIN, "pl.lm", "pl"},   {USCRIPT_LATIN, "ca.lm", "ca"},
    {USCRIPT_LATIN, "eu.lm", "eu"},   {USCRIPT_LATIN, "ro.lm", "ro"},
    {USCRIPT_LATIN, "cs.lm", "cs"},   {USCRIPT_LATIN, "sk.lm", "sk"},   {USCRIPT_LATIN, "sl.lm", "sl"},
    {USCRIPT_LATIN, "hr.lm", "hr"},   {USCRIPT_LATIN, "hu.lm", "hu"},   {USCRIPT_LATIN, "fi.lm", "fi"},
    {USCRIPT_LATIN, "sv.lm", "sv"},   {USCRIPT_LATIN, "da.lm", "da"},   {USCRIPT_LATIN, "nb.lm", "nb"},
    {USCRIPT_LATIN, "et.lm", "et"},   {USCRIPT_LATIN, "lv.lm", "lv"},   {USCRIPT_LATIN, "lt.lm", "lt"},
    {USCRIPT_LATIN, "tr.lm", "tr"},   {USCRIPT_LATIN, "id.lm", "id"},   {USCRIPT_LATIN, "ms.lm", "ms"},
    {USCRIPT_LATIN, "sw.lm", "sw"},   {USCRIPT_LATIN, "tn.lm", "tn"},   {USCRIPT_LATIN, "af.lm", "af"},   {USCRIPT_LATIN, "sq.lm", "sq"},
    {USCRIPT_LATIN, "cy.lm", "cy"},   {USCRIPT_LATIN, "ga.lm", "ga"},   {USCRIPT_LATIN, "is.lm", "is"},
    {USCRIPT_LATIN, "mt.lm", "mt"},   {USCRIPT_LATIN, "az.lm", "az"},   {USCRIPT_LATIN, "vi.lm", "vi"},
    {USCRIPT_LATIN, "eo.lm", "eo"},   {USCRIPT_LATIN, "la.lm", "la"},   {USCRIPT_CYRILLIC, "ru.lm", "ru"},
    {USCRIPT_CYRILLIC, "uk.lm", "uk"}, {USCRIPT_CYRILLIC, "bg.lm", "bg"}, {USCRIPT_CYRILLIC, "be.lm", "be"},
    {USCRIPT_CYRILLIC, "mk.lm", "mk"}, {USCRIPT_CYRILLIC, "sr-Cyrl.lm", "sr"}, {USCRIPT_CYRILLIC, "kk.lm", "kk"},
    {USCRIPT_CYRILLIC, "ky.lm", "ky"}, {USCRIPT_CYRILLIC, "tt.lm", "tt"},  {USCRIPT_ARABIC, "ar.lm", "ar"},
    {USCRIPT_ARABIC, "fa.lm", "fa"},  {USCRIPT_ARABIC, "ur.lm", "ur"},  {USCRIPT_ARABIC, "sd.lm", "sd"},
    {USCRIPT_ARABIC, "ug.lm", "ug"},  {USCRIPT_DEVANAGARI, "hi.lm", "hi"}, {USCRIPT_DEVANAGARI, "mr.lm", "mr"},
    {USCRIPT_DEVANAGARI, "ne.lm", "ne"},
};
#define CANDIDATE_COUNT (sizeof candidates / sizeof candidates[0])

/* Scripts that one language (of those espeak-ng speaks) writes. */
static const struct {
    int script;
    const char *tag;
} sole_language[] = {
    {USCRIPT_HAN, "zh"},       {USCRIPT_HANGUL, "ko"},   {USCRIPT_HIRAGANA, "ja"}, {USCRIPT_KATAKANA, "ja"},
    {USCRIPT_GREEK, "el"},     {USCRIPT_HEBREW, "he"},   {USCRIPT_ARMENIAN, "hy"}, {USCRIPT_GEORGIAN, "ka"},
    {USCRIPT_THAI, "th"},      {USCRIPT_BENGALI, "bn"},  {USCRIPT_TAMIL, "ta"},    {USCRIPT_TELUGU, "te"},
    {USCRIPT_KANNADA, "kn"},   {USCRIPT_MALAYALAM, "ml"}, {USCRIPT_GUJARATI, "gu"}, {USCRIPT_GURMUKHI, "pa"},
    {USCRIPT_SINHALA, "si"},   {USCRIPT_ETHIOPIC, "am"}, {USCRIPT_MYANMAR, "my"},  {USCRIPT_ORIYA, "or"},
};

int rs__identify_offers(const char *tag)
{
    size_t i;
    for (i = 0; i < CANDIDATE_COUNT; i++)
        if (rs__lang_same_primary(candidates[i].tag, tag))
            return 1;
    for (i = 0; i < sizeof sole_language / sizeof sole_language[0]; i++)
        if (rs__lang_same_primary(sole_language[i].tag, tag))
            return 1;
    return rs__lang_same_primary(tag, "yue");
}

struct rs_identifier {
    char *dir;
    void *prints[CANDIDATE_COUNT]; /* loaded when their script is first met */
    unsigned char tried[CANDIDATE_COUNT];
};

rs_identifier *rs__identifier_create(const char *dir)
{
    rs_identifier *id = rs__calloc(1, sizeof *id);
    if (!id)
        return NULL;
    id->dir = rs__strdup(dir ? dir : ROSTRUM_TEXTCAT_DIR);
    if (!id->dir) {
        rs__free(id);
        return NULL;
    }
    return id;
}

void rs__identifier_destroy(rs_identifier *id)
{
    size_t i;
    if (!id)
        return;
    for (i = 0; i < CANDIDATE_COUNT; i++)
        if (id->prints[i])
            fp_Done(id->prints[i]);
    rs__free(id->dir);
    rs__free(id);
}

void rs__script_census(const char *text, size_t len, rs_script_census *out)
{
    size_t i = 0, n;
    memset(out, 0, sizeof *out);
    out->script = RS_SCRIPT_COMMON;
    while (i < len) {
        uint32_t cp = rs__utf8_decode(text + i, &n);
        int script;
        size_t k;
        i += n ? n : 1;
        if (!rs__cp_is_letter(cp))
            continue;
        script = rs__cp_script(cp);
        if (script == RS_SCRIPT_COMMON || script == RS_SCRIPT_INHERITED || script < 0)
            continue;
        if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA)
            out->kana++;
        out->letters++;
        for (k = 0; k < out->count && out->scripts[k] != script; k++)
            ;
        if (k == out->count) {
            if (k == RS_CENSUS_SCRIPTS)
                continue; /* a seventh script in one text: too few to matter */
            out->scripts[out->count++] = script;
        }
        out->counts[k]++;
    }
    for (i = 0; i < out->count; i++)
        if (out->counts[i] > out->script_letters) {
            out->script = out->scripts[i];
            out->script_letters = out->counts[i];
        }
}

static void *fingerprint(rs_identifier *id, size_t index)
{
    char path[4096];
    void *fp;
    if (id->tried[index])
        return id->prints[index];
    id->tried[index] = 1;
    snprintf(path, sizeof path, "%s/%s", id->dir, candidates[index].file);
    fp = fp_Init(candidates[index].tag);
    if (!fp)
        return NULL;
    fp_SetProperty(fp, TCPROP_UTF8AWARE, TC_TRUE);
    if (fp_Read(fp, path, FINGERPRINT_NGRAMS) == 0) {
        fp_Done(fp); /* no such file: the language is not offered */
        return NULL;
    }
    id->prints[index] = fp;
    return fp;
}

/* Whether some language of the script is clearly closer to unknown than
 * prefer (a language of the script): the usual question about a paragraph
 * of a statement whose language is known, answered with each comparison
 * cut off as soon as it cannot beat prefer's distance by the margin. */
static int clearly_not(rs_identifier *id, int script, void *unknown, const char *prefer)
{
    sint4 expected = INT_MAX, cutoff;
    size_t i;
    for (i = 0; i < CANDIDATE_COUNT && expected == INT_MAX; i++) {
        void *fp;
        if (candidates[i].script == script && rs__lang_same_primary(candidates[i].tag, prefer) &&
            (fp = fingerprint(id, i)) != NULL)
            expected = fp_Compare(fp, unknown, INT_MAX);
    }
    if (expected == INT_MAX)
        return 1; /* prefer does not write this script, or has no fingerprint */
    cutoff = (sint4)(expected / CLEAR_MARGIN);
    for (i = 0; i < CANDIDATE_COUNT; i++) {
        void *fp;
        if (candidates[i].script != script || rs__lang_same_primary(candidates[i].tag, prefer) ||
            (fp = fingerprint(id, i)) == NULL)
            continue;
        if (fp_Compare(fp, unknown, cutoff) < cutoff)
            return 1;
    }
    return 0;
}

/* The closest fingerprint of the script's languages, and whether it is
 * clearly the closest; prefer wins when it is as close as the best. */
static const char *by_ngrams(rs_identifier *id, int script, const char *text, size_t len, const char *prefer,
                             int *confident)
{
    void *unknown = fp_Init("text");
    sint4 best = INT_MAX, second = INT_MAX, preferred = INT_MAX;
    const char *tag = NULL;
    size_t i;
    if (!unknown)
        return NULL;
    fp_SetProperty(unknown, TCPROP_UTF8AWARE, TC_TRUE);
    if (fp_Create(unknown, text, (uint4)(len < SAMPLE_BYTES ? len : SAMPLE_BYTES), FINGERPRINT_NGRAMS) == 0) {
        fp_Done(unknown); /* a fingerprint is made once: fp_Create again would lose the last */
        return NULL;
    }
    if (prefer && !clearly_not(id, script, unknown, prefer)) {
        fp_Done(unknown);
        return prefer; /* no language is clearly closer than the one expected */
    }
    for (i = 0; i < CANDIDATE_COUNT; i++) {
        void *fp;
        sint4 score, cutoff;
        if (candidates[i].script != script || (fp = fingerprint(id, i)) == NULL)
            continue;
        /* a distance past the margin of the best so far matters to
         * nothing: the comparison may stop there */
        cutoff = best == INT_MAX ? INT_MAX : (sint4)(best * CLEAR_MARGIN) + 1;
        score = fp_Compare(fp, unknown, cutoff);
        if (prefer && rs__lang_same_primary(candidates[i].tag, prefer))
            preferred = score;
        if (score < best) {
            second = best;
            best = score;
            tag = candidates[i].tag;
        } else if (score < second) {
            second = score;
        }
    }
    fp_Done(unknown);
    if (!tag)
        return NULL;
    if (preferred != INT_MAX && preferred <= best * CLEAR_MARGIN)
        return prefer;
    *confident = second > best * CLEAR_MARGIN;
    return tag;
}

/* A text set in capitals ("MR PRESIDENT, I WISH TO ..."), in small letters:
 * the fingerprints were made from running text, and its n-grams are small
 * letters. Writes at most size - 4 bytes to out; 0 when the text is not
 * mostly capitals. */
static size_t small_letters(const char *text, size_t len, char *out, size_t size)
{
    size_t i = 0, n, upper = 0, lower = 0, at = 0;
    while (i < len) {
        uint32_t cp = rs__utf8_decode(text + i, &n);
        i += n ? n : 1;
        upper += rs__cp_is_upper(cp);
        lower += rs__cp_is_lower(cp);
    }
    if (upper <= lower)
        return 0;
    for (i = 0; i < len && at + 4 < size; i += n ? n : 1)
        at += rs__utf8_encode(rs__cp_to_lower(rs__utf8_decode(text + i, &n)), out + at);
    return at;
}

const char *rs__identify(rs_identifier *id, const char *text, size_t len, const char *prefer)
{
    rs_script_census census;
    const char *tag;
    size_t i;
    int confident = 0;
    rs__script_census(text, len, &census);
    if (census.script_letters < SCRIPT_MIN_LETTERS)
        return NULL;
    if (census.script == USCRIPT_HAN && census.kana > 0)
        return "ja"; /* Japanese writes Han with kana beside it */
    for (i = 0; i < sizeof sole_language / sizeof sole_language[0]; i++)
        if (sole_language[i].script == census.script)
            return prefer && rs__lang_same_primary(prefer, sole_language[i].tag) ? prefer : sole_language[i].tag;
    if (id && census.script_letters >= NGRAM_MIN_LETTERS) {
        char small[SAMPLE_BYTES + 4];
        size_t small_len = small_letters(text, len < SAMPLE_BYTES ? len : SAMPLE_BYTES, small, sizeof small);
        tag = small_len ? by_ngrams(id, census.script, small, small_len, prefer, &confident)
                        : by_ngrams(id, census.script, text, len, prefer, &confident);
    } else {
        tag = NULL;
    }
    if (confident)
        return tag;
    /* unsure within the script: a preferred language that writes it
     * stays; one that writes another script cannot speak this text, so
     * the likeliest language does, else the script's most spoken (the
     * table's first) */
    for (i = 0; prefer && i < CANDIDATE_COUNT; i++)
        if (candidates[i].script == census.script && rs__lang_same_primary(candidates[i].tag, prefer))
            return NULL;
    for (i = 0; !tag && i < CANDIDATE_COUNT; i++)
        if (candidates[i].script == census.script)
            tag = candidates[i].tag;
    return tag;
}

/* The first SAMPLE_BYTES of what a statement says (not its directions). */
static void statement_sample(const rs_document *doc, const rs_statement *st, rs_buf *out)
{
    size_t b;
    out->len = 0;
    for (b = st->first_block; b < st->first_block + st->block_count && out->len < SAMPLE_BYTES; b++) {
        const rs_block *block = &doc->blocks[b];
        if (block->kind == RS_BLOCK_DIRECTION || !block->text)
            continue;
        if (out->len)
            rs__buf_putc(out, ' ');
        rs__buf_puts(out, block->text);
    }
}

/* Whether the source gives the language of everything a statement says
 * (TEI's xml:lang on each segment, DOCX's w:lang): nothing to find. */
static int labelled(const rs_document *doc, const rs_statement *st)
{
    size_t b;
    if (st->lang)
        return 1;
    for (b = st->first_block; b < st->first_block + st->block_count; b++)
        if (doc->blocks[b].kind == RS_BLOCK_PARAGRAPH && !doc->blocks[b].lang)
            return 0;
    return 1;
}

/* The language most letters were found in, or NULL. */
static const char *most_letters(const char *const *found, const size_t *letters, size_t count)
{
    const char *best = NULL;
    size_t best_letters = 0, i, k;
    for (i = 0; i < count; i++) {
        size_t sum = 0;
        if (!found[i])
            continue;
        for (k = 0; k < count; k++)
            if (found[k] && strcmp(found[k], found[i]) == 0)
                sum += letters[k];
        if (sum > best_letters) {
            best = found[i];
            best_letters = sum;
        }
    }
    return best;
}

/* A statement found in another language than the document's: when the
 * document's language was itself found, asked again with it preferred, so
 * that a close call keeps it. 0 or ROSTRUM_ENOMEM. */
static int found_statement(const rs_document *doc, rs_identifier *id, rs_statement *st, const char *lang,
                           const char *language, const char *given, rs_buf *sample)
{
    if (language && !given) {
        statement_sample(doc, st, sample);
        lang = rs__identify(id, sample->data ? sample->data : "", sample->len, language);
        if (!lang || rs__lang_same_primary(lang, language))
            return sample->failed ? ROSTRUM_ENOMEM : 0;
    }
    st->lang_owned = rs__strdup(lang);
    if (!st->lang_owned)
        return ROSTRUM_ENOMEM;
    st->lang = st->lang_owned;
    st->lang_found = 1;
    return 0;
}

/* Each paragraph of a statement that the source does not label, in a
 * language other than the statement's (language, or NULL when unknown):
 * a quotation within a paragraph leaves it as it is, a paragraph of
 * its own in another language gets that language. 0 or ROSTRUM_ENOMEM. */
static int identify_blocks(rs_document *doc, rs_identifier *id, const rs_statement *st, const char *language)
{
    size_t b;
    if (st->block_count < 2)
        return 0; /* the statement's own language is its one paragraph's */
    for (b = st->first_block; b < st->first_block + st->block_count; b++) {
        rs_block *block = &doc->blocks[b];
        const char *lang;
        if (block->lang || block->kind != RS_BLOCK_PARAGRAPH || !block->text)
            continue;
        lang = rs__identify(id, block->text, strlen(block->text), language);
        if (!lang || (language && rs__lang_same_primary(lang, language)))
            continue;
        block->lang = rs__strdup(lang);
        if (!block->lang)
            return ROSTRUM_ENOMEM;
        block->lang_found = 1;
    }
    return 0;
}

int rs__identify_document(rs_document *doc, rs_identifier *id, const char *given)
{
    const char **found = rs__calloc(doc->statement_count + 1, sizeof *found);
    size_t *letters = rs__calloc(doc->statement_count + 1, sizeof *letters);
    const char *language = given;
    rs_buf sample = {0};
    size_t i;
    int rc = ROSTRUM_ENOMEM;
    if (!found || !letters)
        goto done;
    for (i = 0; i < doc->statement_count; i++) {
        rs_script_census census;
        if (given && labelled(doc, &doc->statements[i]))
            continue;
        statement_sample(doc, &doc->statements[i], &sample);
        if (sample.failed)
            goto done;
        rs__script_census(sample.data ? sample.data : "", sample.len, &census);
        letters[i] = census.letters;
        found[i] = rs__identify(id, sample.data ? sample.data : "", sample.len, given);
    }
    if (!language && (language = most_letters(found, letters, doc->statement_count)) != NULL) {
        if (rs__doc_set(&doc->language, language))
            goto done;
        doc->language_found = 1;
    }
    for (i = 0; i < doc->statement_count; i++) {
        rs_statement *st = &doc->statements[i];
        const char *lang = found[i];
        if (!st->lang && lang && !(language && rs__lang_same_primary(lang, language)))
            if (found_statement(doc, id, st, lang, language, given, &sample))
                goto done;
        if (identify_blocks(doc, id, st, st->lang ? st->lang : language))
            goto done;
    }
    rc = sample.failed ? ROSTRUM_ENOMEM : 0;
done:
    rs__buf_free(&sample);
    rs__free(found);
    rs__free(letters);
    return rc;
}
