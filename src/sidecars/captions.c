/* Captions from the synthesizer's own timing: sentences of the spoken text,
 * cues of the source text as written, and WebVTT and SubRip formatting. Pure. */
#include <stdlib.h>
#include <string.h>

#include "sidecars/sidecars.h"

static int is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Closing quotes and brackets that may follow a sentence's last mark. */
static size_t closer_length(const char *s, size_t avail)
{
    static const char *const closers[] = {"\"", "'", ")", "]", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB", NULL};
    size_t i;
    for (i = 0; closers[i]; i++) {
        size_t n = strlen(closers[i]);
        if (n <= avail && memcmp(s, closers[i], n) == 0)
            return n;
    }
    return 0;
}

/* Whether the full stop at dot ends an initial or an acronym ("L. G.",
 * "I.C.C."): a single letter before it, at a word start or after a dot. */
static int dot_after_single_letter(const char *text, size_t dot)
{
    size_t start = dot, len;
    uint32_t cp;
    while (start > 0 && ((unsigned char)text[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return 0;
    start--;
    while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80)
        start--;
    cp = rs__utf8_decode(text + start, &len);
    if (start + len != dot || !(rs__cp_is_upper(cp) || rs__cp_is_lower(cp)))
        return 0;
    return start == 0 || text[start - 1] == ' ' || text[start - 1] == '.';
}

size_t rs__split_sentences(const char *text, rs_span **out)
{
    size_t len = strlen(text), i = 0, start = 0, count = 0, cap = 0;
    rs_span *spans = NULL;
    *out = NULL;
    while (i <= len) {
        size_t end = 0, k;
        int at_end = i == len;
        if (!at_end) {
            size_t mark = 0;
            if (text[i] == '!' || text[i] == '?')
                mark = 1;
            else if (text[i] == '.' && !dot_after_single_letter(text, i))
                mark = 1;
            else if (len - i >= 3 && memcmp(text + i, "\xE2\x80\xA6", 3) == 0)
                mark = 3;
            if (mark == 0) {
                i++;
                continue;
            }
            k = i + mark;
            while (k < len && (text[k] == '.' || text[k] == '!' || text[k] == '?'))
                k++;
            for (;;) {
                size_t c = closer_length(text + k, len - k);
                if (c == 0)
                    break;
                k += c;
            }
            if (k < len && !is_space_byte(text[k])) {
                i = k > i ? k : i + 1;
                continue;
            }
            /* the next word must not go on in lower case ("etc. and") */
            {
                size_t next = k, cp_len;
                while (next < len && is_space_byte(text[next]))
                    next++;
                if (next < len && rs__cp_is_lower(rs__utf8_decode(text + next, &cp_len))) {
                    i = k;
                    continue;
                }
            }
            end = k;
        } else {
            end = len;
        }
        while (start < end && is_space_byte(text[start]))
            start++;
        {
            size_t stop = end;
            while (stop > start && is_space_byte(text[stop - 1]))
                stop--;
            if (stop > start) {
                if (rs__grow(&spans, &cap, count + 1, sizeof *spans) != 0) {
                    rs__free(spans);
                    return (size_t)-1;
                }
                spans[count].start = start;
                spans[count].end = stop;
                count++;
            }
        }
        start = end;
        i = end + (at_end ? 1 : 0);
        if (at_end)
            break;
    }
    *out = spans;
    return count;
}

/* Byte offset of the character at index chars of text (clamped to its end). */
static size_t byte_of_char(const char *text, size_t len, size_t chars)
{
    size_t at = 0;
    while (chars > 0 && at < len) {
        at++;
        while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
            at++;
        chars--;
    }
    return at;
}

void rs__word_span(const char *text, size_t char_position, size_t char_length, rs_span *out)
{
    size_t len = strlen(text);
    out->start = byte_of_char(text, len, char_position);
    out->end = out->start + byte_of_char(text + out->start, len - out->start, char_length);
}

/* Collapses white space (a line break included) to single spaces and trims. */
static void squeeze(char *s)
{
    size_t r, w = 0;
    int pending = 0;
    for (r = 0; s[r]; r++) {
        if (is_space_byte(s[r])) {
            pending = w > 0;
            continue;
        }
        if (pending)
            s[w++] = ' ';
        pending = 0;
        s[w++] = s[r];
    }
    s[w] = '\0';
}

char *rs__caption_text(const char *source, size_t start, size_t end, const rs_norm_context *ctx)
{
    rs_norm_context shown;
    char *piece = rs__strndup(source + start, end - start), *text;
    if (!piece)
        return NULL;
    memset(&shown, 0, sizeof shown);
    shown.language = ctx && ctx->language ? ctx->language : "en";
    shown.read_directions = ctx ? ctx->read_directions : 0;
    shown.display = 1;
    text = rs__normalize(piece, &shown, NULL);
    rs__free(piece);
    if (text)
        squeeze(text);
    return text;
}

/* Byte offset after chars code points of s, or strlen(s). */
static size_t after_chars(const char *s, size_t chars)
{
    return byte_of_char(s, strlen(s), chars);
}

/* Words a caption line or cue should not end on, because they lean on the
 * word after them: articles, prepositions, conjunctions, determiners. */
static const char *const lean_en[] = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with",
                                      "into", "onto", "upon", "about", "as", "and", "or", "nor", "but", "that",
                                      "which", "who", "whose", "whom", "than", "if", "our", "my", "your", "their",
                                      "its", "his", "her", "this", "these", "those", "every", "each", "no", "not",
                                      "very", "such", NULL};
static const char *const lean_fr[] = {"le", "la", "les", "un", "une", "des", "du", "de", "au", "aux", "\xC3\xA0",
                                      "et", "ou", "ni", "mais", "que", "qui", "dont", "ce", "cet", "cette", "ces",
                                      "son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos", "mon",
                                      "ma", "mes", "en", "dans", "par", "pour", "sur", "sous", "avec", "sans",
                                      "entre", "vers", "chez", "ne", "se", "tr\xC3\xA8s", "car", NULL};
static const char *const lean_es[] = {"el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "de", "del", "al",
                                      "a", "y", "e", "o", "u", "ni", "pero", "que", "en", "con", "por", "para",
                                      "sin", "sobre", "entre", "hacia", "desde", "su", "sus", "nuestro", "nuestra",
                                      "nuestros", "nuestras", "mi", "mis", "tu", "tus", "este", "esta", "estos",
                                      "estas", "se", "no", "muy", "como", NULL};

/* A-Z to a-z, every other byte as it is (not the locale's tolower, which
 * may take a byte of UTF-8 for a Latin-1 capital). */
static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether the word of len bytes leans on the next one in this language
 * (en, fr or es by the primary subtag, "fr-CA" or "FR_ca" alike; none in
 * others). */
static int leans_forward(const char *language, const char *word, size_t len)
{
    const char *const *list = NULL;
    size_t i;
    if (language && strcspn(language, "-_") == 2) {
        char primary[3] = {ascii_lower(language[0]), ascii_lower(language[1]), '\0'};
        if (strcmp(primary, "en") == 0)
            list = lean_en;
        else if (strcmp(primary, "fr") == 0)
            list = lean_fr;
        else if (strcmp(primary, "es") == 0)
            list = lean_es;
    }
    /* capitals made small in every script: "TRÈS" leans as "très" does */
    for (i = 0; list && list[i]; i++)
        if (len > 0 && rs__utf8_match_small(word, len, list[i]) == len)
            return 1;
    return 0;
}

/* Whether the word of text that ends right before byte at (a space or the
 * end) leans on the next one. */
static int leans_before(const char *language, const char *text, size_t at)
{
    size_t start = at;
    while (start > 0 && text[start - 1] != ' ' && text[start - 1] != '\n')
        start--;
    return leans_forward(language, text + start, at - start);
}

char *rs__wrap_caption(const char *text, size_t width, const char *language)
{
    size_t chars = rs__utf8_count(text, strlen(text));
    size_t len = strlen(text), best = 0, i, half;
    size_t best_distance = (size_t)-1;
    int best_tier = -1;
    rs_buf out = {0};
    if (chars <= width)
        return rs__strdup(text);
    /* two lines as even as the spaces allow, each within width; the first
     * ends on a word that leans on the next only when no other near the
     * middle (within a quarter of the text) can */
    half = after_chars(text, chars / 2);
    for (i = 1; i < len; i++) {
        size_t left, right, distance;
        int tier;
        if (text[i] != ' ')
            continue;
        left = rs__utf8_count(text, i);
        right = chars - left - 1;
        if (left > width || right > width)
            continue;
        distance = i > half ? i - half : half - i;
        tier = distance <= len / 4 && !leans_before(language, text, i);
        if (tier > best_tier || (tier == best_tier && distance < best_distance)) {
            best_tier = tier;
            best_distance = distance;
            best = i;
        }
    }
    if (best) {
        rs__buf_append(&out, text, best);
        rs__buf_putc(&out, '\n');
        rs__buf_puts(&out, text + best + 1);
        return rs__buf_take(&out);
    }
    /* no even break: fill lines word by word, a word longer than a line
     * cut between characters (never inside one) */
    {
        size_t at = 0, line_chars = 0;
        while (at < len) {
            size_t word_end = at, word_chars;
            while (word_end < len && text[word_end] != ' ')
                word_end++;
            word_chars = rs__utf8_count(text + at, word_end - at);
            if (line_chars > 0 && line_chars + 1 + word_chars <= width) {
                rs__buf_putc(&out, ' ');
                line_chars++;
            } else if (line_chars > 0) {
                rs__buf_putc(&out, '\n');
                line_chars = 0;
            }
            while (line_chars + word_chars > width) {
                size_t cut = after_chars(text + at, width - line_chars);
                rs__buf_append(&out, text + at, cut);
                rs__buf_putc(&out, '\n');
                at += cut;
                word_chars -= width - line_chars;
                line_chars = 0;
            }
            rs__buf_append(&out, text + at, word_end - at);
            line_chars += word_chars;
            at = word_end;
            while (at < len && text[at] == ' ')
                at++;
        }
    }
    return rs__buf_take(&out);
}

/* ---- cues ---- */

/* Whether a clause ends right before word w of the spoken text: a comma,
 * semicolon, colon or dash at the end of what follows the word before
 * (espeak-ng may count the mark into that word). */
static int clause_before(const char *spoken, const rs_span *words, size_t w)
{
    size_t i = words[w].start, from = words[w - 1].start;
    unsigned char c;
    while (i > from && (spoken[i - 1] == ' ' || spoken[i - 1] == '\t'))
        i--;
    if (i == from)
        return 0;
    c = (unsigned char)spoken[i - 1];
    if (c == ',' || c == ';' || c == ':' || c == '-')
        return 1;
    /* an en or em dash */
    return i >= from + 3 && (unsigned char)spoken[i - 3] == 0xE2 && (unsigned char)spoken[i - 2] == 0x80 &&
           (c == 0x93 || c == 0x94);
}

typedef struct cue_builder {
    const rs_caption_paragraph *p;
    const rs_span *word_spans;   /* spoken bytes of each word */
    const uint64_t *word_starts; /* output sample of each word */
    rs_captions *out;
    size_t sentence;
    size_t max_lines;
    uint64_t max_samples;
} cue_builder;

/* The source bytes of the spoken bytes [start, end). */
static rs_span source_of(const rs_caption_paragraph *p, size_t start, size_t end)
{
    rs_span s;
    size_t i;
    s.start = (size_t)-1;
    s.end = 0;
    for (i = start; i < end; i++) {
        if (is_space_byte(p->spoken[i]))
            continue;
        if (p->map[i].start < s.start)
            s.start = p->map[i].start;
        if (p->map[i].end > s.end)
            s.end = p->map[i].end;
    }
    if (s.start == (size_t)-1)
        s.start = s.end = 0;
    return s;
}

/* The text shown for words first..last of a sentence (up to the next
 * word, so that their punctuation comes along), wrapped; *src gets its
 * source bytes. NULL when out of memory. */
static char *piece_text(const cue_builder *b, size_t first, size_t last, size_t sentence_end, rs_span *src)
{
    size_t spoken_end = last + 1 < b->p->word_count ? b->word_spans[last + 1].start : sentence_end;
    char *text, *wrapped;
    if (spoken_end > sentence_end)
        spoken_end = sentence_end;
    *src = source_of(b->p, b->word_spans[first].start, spoken_end);
    text = rs__caption_text(b->p->source, src->start, src->end, b->p->display);
    wrapped = text ? rs__wrap_caption(text, RS__CAPTION_LINE, b->p->display ? b->p->display->language : NULL) : NULL;
    rs__free(text);
    return wrapped;
}

static int add_cue(cue_builder *b, size_t first, size_t last, size_t sentence_end)
{
    rs_captions *out = b->out;
    rs_span src;
    rs_cue *cue;
    char *text = piece_text(b, first, last, sentence_end, &src);
    if (!text)
        return ROSTRUM_ENOMEM;
    if (!text[0]) {
        rs__free(text);
        return 0;
    }
    if (rs__grow(&out->cues, &out->cue_cap, out->cue_count + 1, sizeof *out->cues) != 0) {
        rs__free(text);
        return ROSTRUM_ENOMEM;
    }
    cue = &out->cues[out->cue_count++];
    memset(cue, 0, sizeof *cue);
    cue->text = text;
    cue->start = b->word_starts[first];
    cue->end = b->p->end_sample;
    cue->voice = b->p->voice;
    cue->paragraph = b->p->paragraph;
    cue->sentence = b->sentence;
    cue->source = src;
    return 0;
}

/* Whether spoken word w, up to the space or mark after it, leans on the
 * next word. */
static int word_leans(const cue_builder *b, size_t w, const char *language)
{
    const char *word = b->p->spoken + b->word_spans[w].start;
    return leans_forward(language, word, strcspn(word, " \t,;:.!?"));
}

/* Lines of the cue that words first..last would make. */
static size_t cue_lines(const cue_builder *b, size_t first, size_t last, size_t sentence_end)
{
    rs_span src;
    char *wrapped = piece_text(b, first, last, sentence_end, &src);
    size_t n, i;
    if (!wrapped)
        return (size_t)-1;
    for (n = 1, i = 0; wrapped[i]; i++)
        n += wrapped[i] == '\n';
    rs__free(wrapped);
    return n;
}

/* Makes cues of words first..last of a sentence, halving it at the clause
 * boundary nearest its middle (else the word boundary nearest it, after a
 * word that does not lean on the next if there is one) while it is longer
 * than two lines or than the longest cue. */
static int split_cues(cue_builder *b, size_t first, size_t last, size_t sentence_end, uint64_t end_sample)
{
    size_t lines, w, best = 0, best_distance = (size_t)-1, middle;
    int best_tier = -1;
    const char *language = b->p->display ? b->p->display->language : NULL;
    if (first < last) {
        lines = cue_lines(b, first, last, sentence_end);
        if (lines == (size_t)-1)
            return ROSTRUM_ENOMEM;
        if (lines > b->max_lines || end_sample - b->word_starts[first] > b->max_samples) {
            size_t end = last + 1 < b->p->word_count && b->word_spans[last + 1].start < sentence_end
                             ? b->word_spans[last + 1].start
                             : sentence_end;
            size_t span = end - b->word_spans[first].start;
            middle = b->word_spans[first].start + span / 2;
            for (w = first + 1; w <= last; w++) {
                size_t at = b->word_spans[w].start;
                size_t distance = at > middle ? at - middle : middle - at;
                int tier = 1;
                /* a word that does not lean is preferred near the middle
                 * only, so that no cue is left with a word or two */
                if (clause_before(b->p->spoken, b->word_spans, w))
                    tier = 2;
                else if (distance > span / 4 || word_leans(b, w - 1, language))
                    tier = 0;
                if (tier > best_tier || (tier == best_tier && distance < best_distance)) {
                    best_tier = tier;
                    best_distance = distance;
                    best = w;
                }
            }
            if (best) {
                int rc = split_cues(b, first, best - 1, sentence_end, b->word_starts[best]);
                return rc ? rc : split_cues(b, best, last, sentence_end, end_sample);
            }
        }
    }
    return add_cue(b, first, last, sentence_end);
}

static int add_sentence(rs_captions *out, const rs_caption_paragraph *p, rs_span spoken, size_t first_word,
                        size_t word_count)
{
    rs_caption_sentence *s;
    if (rs__grow(&out->sentences, &out->sentence_cap, out->sentence_count + 1, sizeof *out->sentences) != 0)
        return ROSTRUM_ENOMEM;
    s = &out->sentences[out->sentence_count++];
    memset(s, 0, sizeof *s);
    s->paragraph = p->paragraph;
    s->source = source_of(p, spoken.start, spoken.end);
    s->first_word = out->word_count - p->word_count + first_word;
    s->word_count = word_count;
    s->first_cue = out->cue_count;
    return 0;
}

int rs__captions_add_paragraph(rs_captions *out, const rs_caption_paragraph *p)
{
    rs_span *sentences = NULL, *word_spans = NULL;
    uint64_t *word_starts = NULL;
    size_t count, i, w = 0, spoken_len = strlen(p->spoken);
    cue_builder b;
    int rc = ROSTRUM_ENOMEM;
    if (p->word_count == 0)
        return 0;
    word_spans = rs__calloc(p->word_count, sizeof *word_spans);
    word_starts = rs__calloc(p->word_count, sizeof *word_starts);
    if (!word_spans || !word_starts)
        goto done;
    for (i = 0; i < p->word_count; i++) {
        word_spans[i] = p->words[i].spoken;
        word_starts[i] = p->words[i].start;
        if (word_spans[i].end > spoken_len)
            word_spans[i].end = spoken_len;
        if (word_spans[i].start > word_spans[i].end)
            word_spans[i].start = word_spans[i].end;
    }
    /* the words, with their source spans and times */
    if (rs__grow(&out->words, &out->word_cap, out->word_count + p->word_count, sizeof *out->words) != 0)
        goto done;
    for (i = 0; i < p->word_count; i++) {
        rs_caption_word *cw = &out->words[out->word_count++];
        cw->paragraph = p->paragraph;
        cw->source = source_of(p, word_spans[i].start, word_spans[i].end);
        cw->start = word_starts[i];
        cw->end = i + 1 < p->word_count ? word_starts[i + 1] : p->end_sample;
        if (cw->end < cw->start)
            cw->end = cw->start;
    }
    count = rs__split_sentences(p->spoken, &sentences);
    if (count == (size_t)-1)
        goto done;
    memset(&b, 0, sizeof b);
    b.p = p;
    b.word_spans = word_spans;
    b.word_starts = word_starts;
    b.out = out;
    b.max_lines = 2;
    b.max_samples = (uint64_t)RS__CAPTION_MAX_MS * RS__SAMPLE_RATE / 1000;
    rc = 0;
    for (i = 0; i < count && rc == 0; i++) {
        size_t first = w, last;
        /* the words that start in this sentence (a word espeak-ng placed
         * before the first sentence counts with it) */
        while (w < p->word_count && (word_spans[w].start < sentences[i].end || i + 1 == count))
            w++;
        if (w == first)
            continue;
        last = w - 1;
        b.sentence = out->sentence_count;
        rc = add_sentence(out, p, sentences[i], first, w - first);
        if (rc == 0)
            rc = split_cues(&b, first, last, sentences[i].end, w < p->word_count ? word_starts[w] : p->end_sample);
        if (rc == 0)
            out->sentences[b.sentence].cue_count = out->cue_count - out->sentences[b.sentence].first_cue;
    }
done:
    rs__free(sentences);
    rs__free(word_spans);
    rs__free(word_starts);
    return rc;
}

void rs__captions_finish(rs_captions *c)
{
    size_t i;
    /* a cue ends where the next one starts, or where its paragraph's speech ends */
    for (i = 0; i < c->cue_count; i++) {
        rs_cue *cue = &c->cues[i];
        if (i + 1 < c->cue_count && c->cues[i + 1].start < cue->end)
            cue->end = c->cues[i + 1].start;
        if (cue->end < cue->start)
            cue->end = cue->start;
    }
    for (i = 0; i < c->sentence_count; i++) {
        rs_caption_sentence *s = &c->sentences[i];
        if (s->cue_count == 0) {
            /* nothing to show (only markup): the times of its words */
            s->start = c->words[s->first_word].start;
            s->end = c->words[s->first_word + s->word_count - 1].end;
            continue;
        }
        s->start = c->cues[s->first_cue].start;
        s->end = c->cues[s->first_cue + s->cue_count - 1].end;
    }
}

void rs__captions_free(rs_captions *c)
{
    size_t i;
    for (i = 0; i < c->cue_count; i++)
        rs__free(c->cues[i].text);
    rs__free(c->cues);
    rs__free(c->sentences);
    rs__free(c->words);
    memset(c, 0, sizeof *c);
}

/* ---- formats ---- */

void rs__caption_time(uint64_t ms, char separator, char out[32])
{
    snprintf(out, 32, "%02llu:%02u:%02u%c%03u", (unsigned long long)(ms / 3600000), (unsigned)(ms / 60000 % 60),
             (unsigned)(ms / 1000 % 60), separator, (unsigned)(ms % 1000));
}

static void cue_timing(rs_buf *out, const rs_cue *cue, unsigned rate, char separator)
{
    char from[32], to[32];
    uint64_t start = rs__samples_to_ms(cue->start, rate), end = rs__samples_to_ms(cue->end, rate);
    if (end <= start)
        end = start + 1;
    rs__caption_time(start, separator, from);
    rs__caption_time(end, separator, to);
    rs__buf_printf(out, "%s --> %s\n", from, to);
}

int rs__captions_vtt(rs_buf *out, const rs_cue *cues, size_t count, unsigned rate)
{
    size_t i;
    rs__buf_puts(out, "WEBVTT\n");
    for (i = 0; i < count; i++) {
        rs__buf_printf(out, "\n%zu\n", i + 1);
        cue_timing(out, &cues[i], rate, '.');
        /* a voice span runs to the end of the cue, over its line break;
         * & < > as references, so that no "-->" nor tag can appear */
        if (cues[i].voice && cues[i].voice[0]) {
            rs__buf_puts(out, "<v ");
            rs__markup_escape(out, cues[i].voice, RS__MARKUP_ONE_LINE);
            rs__buf_putc(out, '>');
        }
        rs__markup_escape(out, cues[i].text, 0);
        rs__buf_putc(out, '\n');
    }
    return rs__buf_status(out);
}

int rs__captions_srt(rs_buf *out, const rs_cue *cues, size_t count, unsigned rate)
{
    size_t i;
    for (i = 0; i < count; i++) {
        rs__buf_printf(out, "%s%zu\n", i ? "\n" : "", i + 1);
        cue_timing(out, &cues[i], rate, ',');
        rs__buf_puts(out, cues[i].text);
        rs__buf_putc(out, '\n');
    }
    return rs__buf_status(out);
}
