/* Language identification for what the input does not label: the script
 * first (Arabic, Han, Greek ... say most of it), then, within a script that
 * many languages share (Latin, Cyrillic, Arabic, Devanagari), libexttextcat's
 * n-gram fingerprints of the languages written in it, scored by rostrum's
 * own table, and letters that tell close pairs apart (Ukrainian from
 * Russian, Slovak from Czech, Spanish from Catalan). A call too close to
 * tell, or a text too short, gives no answer, and the caller keeps the
 * language it had. The fingerprints are read once per process, when a
 * text first needs them; everything else is pure. */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

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

/* The fingerprints of every candidate in one table: an n-gram's hash
 * leads to the (language, rank) pairs of the fingerprints that list it, so
 * a text's n-grams are looked up once for all the languages of its
 * script, instead of once per language as libexttextcat's fp_Compare
 * does (which, with its allocations per text, was most of the cost). */
typedef struct posting {
    uint16_t language; /* index in candidates[] */
    uint16_t rank;     /* line in the fingerprint file, from 0 */
} posting;

typedef struct model_slot {
    uint64_t hash; /* 0: empty */
    uint32_t first, count; /* postings[first, first + count) */
} model_slot;

/* One n-gram counted in the text at hand. */
typedef struct text_slot {
    uint64_t hash; /* 0: empty */
    uint32_t count;
} text_slot;

#define TEXT_SLOTS 65536 /* a power of two above 8 slots per character of SAMPLE_BYTES */
#define UNITS_MAX (SAMPLE_BYTES + 2)

/* Every candidate's fingerprint in one table; read once per process for
 * the default folder (shared by every identifier, never changed after), or
 * per identifier for another folder. */
typedef struct model {
    model_slot *slots;
    size_t mask;
    posting *postings;
    unsigned char offered[CANDIDATE_COUNT]; /* a fingerprint was read */
} model;

static model shared_model;
static int shared_ready;
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

struct rs_identifier {
    char *dir;
    int loaded;          /* 0 not yet, 1 loaded, -1 failed (out of memory) */
    const model *model;  /* &shared_model or &own */
    model own;
    /* the text at hand, kept between calls so that no call allocates */
    text_slot *text;
    uint32_t *used;         /* its slots in the order first met */
    uint32_t *ranks2;       /* per used slot: twice its rank, or UINT32_MAX beyond the kept */
    uint32_t *histogram;    /* by count: how many n-grams, then their doubled middle rank */
    uint32_t histogram_top; /* its highest count in use */
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
    if (!id)
        return;
    rs__free(id->own.slots);
    rs__free(id->own.postings);
    rs__free(id->text);
    rs__free(id->used);
    rs__free(id->ranks2);
    rs__free(id->histogram);
    rs__free(id->dir);
    rs__free(id);
}

/* FNV-1a, 64 bits: an n-gram is known by its hash alone (a collision
 * between two of the few thousand n-grams at hand is beyond likely). */
#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t fnv_bytes(uint64_t h, const char *bytes, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char)bytes[i]) * FNV_PRIME;
    return h;
}

typedef struct triple {
    uint64_t hash;
    posting p;
} triple;

static int compare_triples(const void *a, const void *b)
{
    const triple *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    if (x->p.language != y->p.language)
        return (int)x->p.language - (int)y->p.language;
    return (int)x->p.rank - (int)y->p.rank;
}

/* Reads every candidate's fingerprint in dir (a line per n-gram, the
 * commonest first: "_the_<TAB> 843") into m. A missing file leaves its
 * language out. 0 or ROSTRUM_ENOMEM, m left empty. */
static int read_model(const char *dir, model *m)
{
    triple *triples = NULL;
    size_t count = 0, capacity = CANDIDATE_COUNT * FINGERPRINT_NGRAMS, i, kept, unique = 0, slots = 1;
    int rc = ROSTRUM_ENOMEM;
    memset(m, 0, sizeof *m);
    triples = rs__calloc(capacity, sizeof *triples);
    if (!triples)
        goto done;
    for (i = 0; i < CANDIDATE_COUNT; i++) {
        char path[4096], line[256];
        unsigned rank = 0;
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", dir, candidates[i].file);
        f = fopen(path, "r");
        if (!f)
            continue;
        while (rank < FINGERPRINT_NGRAMS && fgets(line, sizeof line, f)) {
            size_t n = strcspn(line, "\t \r\n");
            if (n == 0)
                continue;
            triples[count].hash = fnv_bytes(FNV_OFFSET, line, n) | 1; /* never 0, the empty slot */
            triples[count].p.language = (uint16_t)i;
            triples[count].p.rank = (uint16_t)rank++;
            count++;
        }
        fclose(f);
        m->offered[i] = rank > 0;
    }
    qsort(triples, count, sizeof *triples, compare_triples);
    /* an n-gram listed twice in one file counts once, at its first rank */
    for (i = 0, kept = 0; i < count; i++)
        if (kept == 0 || triples[i].hash != triples[kept - 1].hash ||
            triples[i].p.language != triples[kept - 1].p.language)
            triples[kept++] = triples[i];
    count = kept;
    for (i = 0; i < count; i++)
        unique += i == 0 || triples[i].hash != triples[i - 1].hash;
    while (slots < 2 * unique + 2)
        slots <<= 1;
    m->slots = rs__calloc(slots, sizeof *m->slots);
    m->postings = rs__calloc(count ? count : 1, sizeof *m->postings);
    if (!m->slots || !m->postings)
        goto done;
    m->mask = slots - 1;
    for (i = 0; i < count; i++) {
        size_t at = (size_t)triples[i].hash & m->mask;
        m->postings[i] = triples[i].p;
        if (i > 0 && triples[i].hash == triples[i - 1].hash)
            continue;
        while (m->slots[at].hash)
            at = (at + 1) & m->mask;
        m->slots[at].hash = triples[i].hash;
        m->slots[at].first = (uint32_t)i;
        while (i + m->slots[at].count < count && triples[i + m->slots[at].count].hash == triples[i].hash)
            m->slots[at].count++;
    }
    rc = 0;
done:
    if (rc) {
        rs__free(m->slots);
        rs__free(m->postings);
        memset(m, 0, sizeof *m);
    }
    rs__free(triples);
    return rc;
}

/* The identifier's fingerprints (the process's, for the default folder,
 * read by the first identifier that needs them) and its tables for the
 * text at hand. 0 or ROSTRUM_ENOMEM. */
static int load(rs_identifier *id)
{
    int ready;
    id->text = rs__calloc(TEXT_SLOTS, sizeof *id->text);
    id->used = rs__calloc(TEXT_SLOTS, sizeof *id->used);
    id->ranks2 = rs__calloc(TEXT_SLOTS, sizeof *id->ranks2);
    id->histogram = rs__calloc(UNITS_MAX + 1, sizeof *id->histogram);
    if (!id->text || !id->used || !id->ranks2 || !id->histogram)
        return ROSTRUM_ENOMEM;
    if (strcmp(id->dir, ROSTRUM_TEXTCAT_DIR) != 0) {
        if (read_model(id->dir, &id->own))
            return ROSTRUM_ENOMEM;
        id->model = &id->own;
        return 0;
    }
    pthread_mutex_lock(&shared_lock);
    if (!shared_ready && read_model(id->dir, &shared_model) == 0)
        shared_ready = 1;
    ready = shared_ready; /* read under the lock, as it was written */
    pthread_mutex_unlock(&shared_lock);
    if (!ready)
        return ROSTRUM_ENOMEM;
    id->model = &shared_model;
    return 0;
}

static const model_slot *model_find(const model *m, uint64_t hash)
{
    size_t at = (size_t)hash & m->mask;
    while (m->slots[at].hash) {
        if (m->slots[at].hash == hash)
            return &m->slots[at];
        at = (at + 1) & m->mask;
    }
    return NULL;
}

void rs__script_census(const char *text, size_t len, rs_script_census *out)
{
    size_t i = 0, n;
    memset(out, 0, sizeof *out);
    out->script = RS_SCRIPT_COMMON;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        uint32_t cp;
        int script;
        size_t k;
        if (c < 0x80) {
            /* ASCII, most of most texts: no table to look up */
            i++;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                continue;
            script = USCRIPT_LATIN;
        } else {
            cp = rs__utf8_decode(text + i, &n);
            i += n ? n : 1;
            if (!rs__cp_is_letter(cp))
                continue;
            script = rs__cp_script(cp);
        }
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

/* The text as libexttextcat's fingerprints were made from it: letters and
 * combining marks, each run of anything else one boundary '_', with a
 * boundary before and after. Each unit is one character's UTF-8 bytes. */
typedef struct unit {
    char bytes[4];
    unsigned char len;
} unit;

static int boundary(const unit *u)
{
    return u->len == 1 && u->bytes[0] == '_';
}

static size_t units_of(const char *text, size_t len, unit *units)
{
    size_t i = 0, n, count = 0;
    units[count].bytes[0] = '_';
    units[count++].len = 1;
    while (i < len && count < UNITS_MAX - 1) {
        unsigned char c = (unsigned char)text[i];
        int keep;
        if (c < 0x80) {
            keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            n = 1;
        } else {
            uint32_t cp = rs__utf8_decode(text + i, &n);
            keep = n && (rs__cp_is_letter(cp) || rs__cp_script(cp) > RS_SCRIPT_COMMON);
        }
        if (!n)
            n = 1;
        if (keep) {
            memcpy(units[count].bytes, text + i, n);
            units[count++].len = (unsigned char)n;
        } else if (!boundary(&units[count - 1])) {
            units[count].bytes[0] = '_';
            units[count++].len = 1;
        }
        i += n;
    }
    if (!boundary(&units[count - 1])) {
        units[count].bytes[0] = '_';
        units[count++].len = 1;
    }
    return count;
}

/* Counts the n-grams of one to five characters of the units (an n-gram
 * ends at a boundary it reaches); returns how many distinct ones, their
 * slots in id->used in the order first met. */
static size_t count_ngrams(rs_identifier *id, const unit *units, size_t count)
{
    size_t i, distinct = 0, mask = 63;
    /* a table that fits the text (at most five n-grams per character, at
     * most 5/8 full) stays in the processor's cache */
    while (mask + 1 < 8 * count && mask + 1 < TEXT_SLOTS)
        mask = 2 * mask + 1;
    for (i = 0; i < count; i++) {
        uint64_t h = FNV_OFFSET;
        size_t n;
        for (n = 0; n < 5 && i + n < count; n++) {
            uint64_t key;
            size_t at;
            h = fnv_bytes(h, units[i + n].bytes, units[i + n].len);
            key = h | 1;
            at = (size_t)key & mask;
            while (id->text[at].hash && id->text[at].hash != key)
                at = (at + 1) & mask;
            if (!id->text[at].hash) {
                id->text[at].hash = key;
                id->used[distinct++] = (uint32_t)at;
            }
            id->text[at].count++;
            if (n > 0 && boundary(&units[i + n]))
                break;
        }
    }
    return distinct;
}

/* Ranks the FINGERPRINT_NGRAMS commonest n-grams, twice over so that the
 * middle of a tie is whole: n-grams counted as often share the rank of
 * the middle of the places they take (libexttextcat orders ties as its
 * sort happens to leave them; the middle is the same for every order).
 * Where the last places are cut within a tie, the first met are kept. */
static void rank_ngrams(rs_identifier *id, size_t distinct)
{
    uint32_t max = 0, c, above = 0, threshold = 0, needed, taken = 0;
    size_t i;
    for (i = 0; i < distinct; i++) {
        uint32_t k = id->text[id->used[i]].count;
        id->histogram[k]++;
        if (k > max)
            max = k;
    }
    id->histogram_top = max;
    /* the count at which the kept places run out (0: every n-gram is kept) */
    for (c = max; c > 0; c--) {
        if (above + id->histogram[c] >= FINGERPRINT_NGRAMS) {
            threshold = c;
            break;
        }
        above += id->histogram[c];
    }
    needed = threshold ? FINGERPRINT_NGRAMS - above : 0;
    /* histogram[c] becomes twice the middle rank of the n-grams counted c */
    above = 0;
    for (c = max; c > 0 && c >= threshold; c--) {
        uint32_t kept = c == threshold ? needed : id->histogram[c];
        id->histogram[c] = kept ? 2 * above + kept - 1 : UINT32_MAX;
        above += kept;
    }
    for (i = 0; i < distinct; i++) {
        uint32_t k = id->text[id->used[i]].count;
        if (k > threshold || (k == threshold && taken++ < needed))
            id->ranks2[i] = id->histogram[k];
        else
            id->ranks2[i] = UINT32_MAX;
    }
}

/* Forgets the text at hand: only the slots it used are cleared. */
static void clear_text(rs_identifier *id, size_t distinct)
{
    size_t i;
    memset(id->histogram, 0, (id->histogram_top + 1) * sizeof *id->histogram);
    for (i = 0; i < distinct; i++)
        id->text[id->used[i]] = (text_slot){0, 0};
}

/* The out-of-place distance (Cavnar and Trenkle's, as libexttextcat
 * measures it) of the text to each fingerprint of the script, doubled:
 * for each kept n-gram of the text, how far its rank is from the
 * fingerprint's, or FINGERPRINT_NGRAMS when the fingerprint lacks it. */
static void distances(rs_identifier *id, int script, const char *text, size_t len, uint32_t *out)
{
    static const uint32_t missing = 2 * FINGERPRINT_NGRAMS;
    unit units[UNITS_MAX];
    size_t count = units_of(text, len < SAMPLE_BYTES ? len : SAMPLE_BYTES, units);
    size_t distinct = count_ngrams(id, units, count), i, kept = 0;
    rank_ngrams(id, distinct);
    for (i = 0; i < distinct; i++)
        kept += id->ranks2[i] != UINT32_MAX;
    for (i = 0; i < CANDIDATE_COUNT; i++)
        out[i] = (uint32_t)kept * missing;
    for (i = 0; i < distinct; i++) {
        const model_slot *slot;
        uint32_t k;
        if (id->ranks2[i] == UINT32_MAX)
            continue;
        slot = model_find(id->model, id->text[id->used[i]].hash);
        for (k = 0; slot && k < slot->count; k++) {
            const posting *p = &id->model->postings[slot->first + k];
            uint32_t model2 = 2u * p->rank, r = id->ranks2[i];
            if (candidates[p->language].script != script)
                continue;
            out[p->language] -= missing - (model2 > r ? model2 - r : r - model2);
        }
    }
    clear_text(id, distinct);
}

/* Letters one language of a pair writes and the other never does: where
 * the fingerprints choose one of the pair, these decide between the two
 * when the text has several of one side's and (next to) none of the
 * other's. Ukrainian і ї є ґ against Russian ы э ъ ё; Slovak ä ľ ĺ ŕ ô
 * against Czech ř ů ě, which are so common in Czech that a long text
 * without any is not Czech; Slovak against Slovene, which has none of
 * them, nor acute accents; Spanish ñ ¿ ¡ against Catalan's grave accents, ç and l·l and
 * Portuguese ã õ â ê ç. */
static const struct {
    const char *a, *b;
    const char *a_letters, *b_letters;
} kin[] = {
    {"uk", "ru", "іїєґІЇЄҐ", "ыэъёЫЭЪЁ"},
    {"sk", "cs", "äľĺŕôÄĽĹŔÔ", "řůěŘŮĚ"},
    {"sk", "sl", "äľĺŕôďťáéíóúýÄĽĹŔÔĎŤÁÉÍÓÚÝ", ""},
    {"es", "ca", "ñ¿¡Ñ", "àèòçÀÈÒÇ·"},
    {"es", "pt", "ñ¿¡Ñ", "ãõâêçÃÕÂÊÇ"},
};
#define KIN_EVIDENCE 2 /* letters at least, */
#define KIN_RATIO 4    /* and this many times the other side's */
/* letters at least against the language the statement is known to be in:
 * a name in the other's spelling ("Київ" in Russian) is not enough */
#define KIN_AGAINST_PREFERRED 6
#define KIN_ABSENT_LETTERS 200 /* letters of a text that must show b's letters if it is in b */

static size_t letters_among(const char *text, size_t len, const char *set)
{
    size_t i = 0, n, hits = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        {
            char one[5] = {0};
            rs__utf8_decode(text + i, &n);
            if (!n)
                n = 1;
            memcpy(one, text + i, n < 4 ? n : 4);
            hits += n > 1 && strstr(set, one) != NULL;
            i += n;
        }
    }
    return hits;
}

/* The language of the pair the letters choose instead of tag, or NULL;
 * letters is how many the text has, evidence how many of the other's
 * letters it takes at least. */
static const char *by_letters(const char *tag, const char *text, size_t len, size_t letters, size_t evidence)
{
    size_t i;
    for (i = 0; i < sizeof kin / sizeof kin[0]; i++) {
        size_t a, b;
        if (strcmp(tag, kin[i].a) != 0 && strcmp(tag, kin[i].b) != 0)
            continue;
        a = letters_among(text, len, kin[i].a_letters);
        b = *kin[i].b_letters ? letters_among(text, len, kin[i].b_letters) : 0;
        if (strcmp(tag, kin[i].b) == 0 && a >= evidence && a >= KIN_RATIO * b)
            return kin[i].a;
        if (strcmp(tag, "cs") == 0 && strcmp(kin[i].b, "cs") == 0 && b == 0 && letters >= KIN_ABSENT_LETTERS)
            return kin[i].a;
        if (strcmp(tag, kin[i].a) == 0 && b >= evidence && b >= KIN_RATIO * a)
            return kin[i].b;
    }
    return NULL;
}

/* The closest fingerprint of the script's languages, and whether it is
 * clearly the closest; prefer wins when it is as close as the best (or
 * nearly: CLEAR_MARGIN), unless a pair's letters decide. letters_text is
 * the text as given, for the letters. */
static const char *by_ngrams(rs_identifier *id, int script, const char *text, size_t len, const char *letters_text,
                             size_t letters_len, size_t letters, const char *prefer, int *confident)
{
    uint32_t distance[CANDIDATE_COUNT];
    uint32_t best = UINT32_MAX, second = UINT32_MAX, preferred = UINT32_MAX;
    const char *tag = NULL, *kin_tag;
    size_t i;
    if (letters_len > SAMPLE_BYTES)
        letters_len = SAMPLE_BYTES; /* the letters of as much as the n-grams see */
    if (!id->loaded)
        id->loaded = load(id) == 0 ? 1 : -1;
    if (id->loaded < 0)
        return NULL;
    distances(id, script, text, len, distance);
    for (i = 0; i < CANDIDATE_COUNT; i++) {
        if (candidates[i].script != script || !id->model->offered[i])
            continue;
        if (prefer && rs__lang_same_primary(candidates[i].tag, prefer))
            preferred = distance[i];
        if (distance[i] < best) {
            second = best;
            best = distance[i];
            tag = candidates[i].tag;
        } else if (distance[i] < second) {
            second = distance[i];
        }
    }
    if (!tag)
        return NULL;
    kin_tag = by_letters(tag, letters_text, letters_len, letters,
                         prefer && rs__lang_same_primary(prefer, tag) ? KIN_AGAINST_PREFERRED : KIN_EVIDENCE);
    if (kin_tag) {
        /* one step more: Slovene to Slovak, then Slovak to Czech */
        const char *again = by_letters(kin_tag, letters_text, letters_len, letters, KIN_EVIDENCE);
        if (again && strcmp(again, tag) != 0)
            kin_tag = again;
        *confident = 1;
        return prefer && rs__lang_same_primary(prefer, kin_tag) ? prefer : kin_tag;
    }
    if (preferred != UINT32_MAX && preferred <= best * CLEAR_MARGIN) {
        /* unless the letters say the preferred language is not it */
        kin_tag = by_letters(prefer, letters_text, letters_len, letters, KIN_AGAINST_PREFERRED);
        if (!kin_tag || rs__lang_same_primary(kin_tag, prefer))
            return prefer;
    }
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
        unsigned char c = (unsigned char)text[i];
        uint32_t cp;
        if (c < 0x80) {
            upper += c >= 'A' && c <= 'Z';
            lower += c >= 'a' && c <= 'z';
            i++;
            continue;
        }
        cp = rs__utf8_decode(text + i, &n);
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
        tag = small_len ? by_ngrams(id, census.script, small, small_len, text, len, census.script_letters, prefer,
                                    &confident)
                        : by_ngrams(id, census.script, text, len, text, len, census.script_letters, prefer, &confident);
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
