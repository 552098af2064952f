/* The JSON manifest: what was rendered, where every paragraph and chapter
 * lies in time, and the loudness figures. Pure: builds text in a buffer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sidecars/sidecars.h"

void rs__json_string(rs_buf *out, const char *s)
{
    if (!s) {
        rs__buf_puts(out, "null");
        return;
    }
    rs__buf_putc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            rs__buf_putc(out, '\\');
            rs__buf_putc(out, (char)c);
        } else if (c == '\n') {
            rs__buf_puts(out, "\\n");
        } else if (c == '\t') {
            rs__buf_puts(out, "\\t");
        } else if (c == '\r') {
            rs__buf_puts(out, "\\r");
        } else if (c < 0x20) {
            rs__buf_printf(out, "\\u%04x", c);
        } else {
            rs__buf_putc(out, (char)c);
        }
    }
    rs__buf_putc(out, '"');
}

/* Two decimals whatever the host's LC_NUMERIC: JSON wants a full stop. */
static void json_number(rs_buf *out, double v)
{
    long long hundredths;
    if (!isfinite(v) || fabs(v) > 1e12) {
        rs__buf_puts(out, "null");
        return;
    }
    hundredths = llround(v * 100.0);
    rs__buf_printf(out, "%s%lld.%02lld", hundredths < 0 ? "-" : "", llabs(hundredths) / 100, llabs(hundredths) % 100);
}

/* A text field of the manifest's top level, on a line of its own. */
static void top_text(rs_buf *out, const char *key, const char *value)
{
    rs__buf_printf(out, "  \"%s\": ", key);
    rs__json_string(out, value);
    rs__buf_puts(out, ",\n");
}

/* Whether a statement's language was found by identification: its own,
 * else the document's. */
static int statement_found(const rs_document *doc, const rs_statement *st)
{
    return st->lang ? st->lang_found : doc->language_found;
}

/* Each statement that was spoken: who, in which voice, when. */
static void statements_json(rs_buf *out, const rs_manifest_info *m)
{
    const rs_plan *plan = m->plan;
    size_t i = 0, n = 0;
    rs__buf_puts(out, "  \"statements\": [");
    while (i < plan->count) {
        size_t s = plan->segments[i].statement, last = i;
        const rs_statement *st = &m->doc->statements[s];
        const rs_voice_slot *voice = &m->cast->slots[m->cast->statement_voice[s]];
        while (last + 1 < plan->count && plan->segments[last + 1].statement == s)
            last++;
        rs__buf_puts(out, n++ ? ",\n    {" : "\n    {");
        rs__buf_printf(out, "\"index\": %zu, \"name\": ", s);
        rs__json_string(out, plan->statement_names[s]);
        rs__buf_puts(out, ", \"speaker\": ");
        rs__json_string(out, st->speaker);
        rs__buf_puts(out, ", \"language\": ");
        rs__json_string(out, voice->language);
        /* found by identification, for the statement or the whole document */
        rs__buf_printf(out, ", \"language_found\": %s", statement_found(m->doc, st) ? "true" : "false");
        rs__buf_puts(out, ", \"voice\": ");
        rs__json_string(out, voice->label);
        if (m->doc->structured) {
            /* what a structured record says of the speaker */
            rs__buf_puts(out, ", \"role\": ");
            rs__json_string(out, st->role);
            rs__buf_printf(out, ", \"chair\": %s, \"time\": ", st->chair ? "true" : "false");
            rs__json_string(out, st->time);
        }
        rs__buf_printf(out, ", \"line\": %zu, \"start_ms\": %llu, \"end_ms\": %llu}", st->line,
                       (unsigned long long)rs__samples_to_ms(plan->segments[i].start_sample, m->rate),
                       (unsigned long long)rs__samples_to_ms(plan->segments[last].end_sample, m->rate));
        i = last + 1;
    }
    rs__buf_puts(out, n ? "\n  ],\n" : "],\n");
}

/* Whether the render holds that part (intro or outro). */
static const rs_media_part *media_part(const rs_manifest_info *m, int part)
{
    return m->media && m->media->parts[part].audio.count > 0 ? &m->media->parts[part] : NULL;
}

/* The chapter of an intro or outro. */
static void part_chapter_json(rs_buf *out, const rs_manifest_info *m, int part, size_t *index, int *first)
{
    const rs_media_part *p = media_part(m, part);
    if (!p || !m->part_chapters)
        return;
    rs__buf_puts(out, *first ? "\n    {" : ",\n    {");
    *first = 0;
    rs__buf_printf(out, "\"index\": %zu, \"name\": ", (*index)++);
    rs__json_string(out, rs__media_chapter_name(part));
    rs__buf_printf(out, ", \"start_ms\": %llu, \"part\": \"%s\"}",
                   (unsigned long long)rs__samples_to_ms(p->start, m->rate), part == RS__INTRO ? "intro" : "outro");
}

/* The intro and outro: their files, where they lie, their own loudness
 * and the gain that matched them to the speech. */
static void parts_json(rs_buf *out, const rs_manifest_info *m)
{
    int part;
    for (part = RS__INTRO; part <= RS__OUTRO; part++) {
        const rs_media_part *p = media_part(m, part);
        if (!p)
            continue;
        rs__buf_printf(out, "  \"%s\": {\"file\": ", part == RS__INTRO ? "intro" : "outro");
        rs__json_string(out, p->path);
        rs__buf_printf(out, ", \"start_ms\": %llu, \"end_ms\": %llu, \"source_lufs\": ",
                       (unsigned long long)rs__samples_to_ms(p->start, m->rate),
                       (unsigned long long)rs__samples_to_ms(p->end, m->rate));
        json_number(out, p->audio.lufs);
        rs__buf_puts(out, ", \"gain_db\": ");
        json_number(out, p->gain_db);
        rs__buf_puts(out, "},\n");
    }
}

/* Counts code points of the input up to a byte offset, from where the
 * last count ended when that lies before it (spans come in order). */
typedef struct char_cursor {
    size_t byte, chars;
} char_cursor;

static size_t chars_at(const rs_manifest_info *m, char_cursor *at, size_t byte)
{
    if (!m->source)
        return 0;
    if (byte > m->source_size)
        byte = m->source_size;
    if (byte < at->byte)
        *at = (char_cursor){0, 0};
    at->chars += rs__utf8_count(m->source + at->byte, byte - at->byte);
    at->byte = byte;
    return at->chars;
}

/* A span of a paragraph's text as the input's bytes [start, end) and
 * code points [start, end), the line it starts on, and the text as shown. */
static void source_json(rs_buf *out, const rs_manifest_info *m, char_cursor *at, size_t paragraph, rs_span span)
{
    const rs_segment *seg = &m->plan->segments[paragraph];
    const rs_block *block = &m->doc->blocks[seg->block];
    size_t start = rs__block_source_at(block, span.start);
    size_t end = span.end > span.start ? rs__block_source_at(block, span.end - 1) + 1 : start;
    size_t char_start = chars_at(m, at, start);
    char_cursor past = *at;
    char *text = rs__caption_text(block->text, span.start, span.end, &m->cast->slots[seg->voice].context);
    rs__buf_printf(out, "\"line\": %zu, \"source\": [%zu, %zu], \"chars\": [%zu, %zu], \"text\": ",
                   rs__block_line_at(block, span.start), start, end, char_start, chars_at(m, &past, end));
    if (!text) {
        out->failed = ROSTRUM_ENOMEM;
        return;
    }
    rs__json_string(out, text);
    rs__free(text);
}

/* Every sentence and word captioned: times, and where it is in the input. */
static void timed_text_json(rs_buf *out, const rs_manifest_info *m)
{
    const rs_captions *c = m->captions;
    char_cursor at = {0, 0};
    size_t i;
    rs__buf_puts(out, "  \"sentences\": [");
    for (i = 0; c && i < c->sentence_count; i++) {
        const rs_caption_sentence *s = &c->sentences[i];
        rs__buf_printf(out, "%s{\"paragraph\": %zu, \"start_ms\": %llu, \"end_ms\": %llu, \"words\": [%zu, %zu], ",
                       i ? ",\n    " : "\n    ", s->paragraph, (unsigned long long)rs__samples_to_ms(s->start, m->rate),
                       (unsigned long long)rs__samples_to_ms(s->end, m->rate), s->first_word, s->word_count);
        source_json(out, m, &at, s->paragraph, s->source);
        rs__buf_putc(out, '}');
    }
    at = (char_cursor){0, 0};
    rs__buf_puts(out, c && c->sentence_count ? "\n  ],\n  \"words\": [" : "],\n  \"words\": [");
    for (i = 0; c && i < c->word_count; i++) {
        const rs_caption_word *w = &c->words[i];
        rs__buf_printf(out, "%s{\"paragraph\": %zu, \"start_ms\": %llu, \"end_ms\": %llu, ", i ? ",\n    " : "\n    ",
                       w->paragraph, (unsigned long long)rs__samples_to_ms(w->start, m->rate),
                       (unsigned long long)rs__samples_to_ms(w->end, m->rate));
        source_json(out, m, &at, w->paragraph, w->source);
        rs__buf_putc(out, '}');
    }
    rs__buf_puts(out, c && c->word_count ? "\n  ],\n" : "],\n");
}

/* Whether the language a block is spoken in was found by identification:
 * its own, else its statement's, else the document's. */
static int language_found(const rs_document *doc, const rs_block *b)
{
    if (b->lang)
        return b->lang_found;
    return b->statement < doc->statement_count ? statement_found(doc, &doc->statements[b->statement])
                                               : doc->language_found;
}

/* What is known of a paragraph: the language it is spoken in and whether
 * that was found; the time the source gives (structured formats), the page
 * it starts on (paged ones, such as PDF), and whether it is a stage
 * direction. */
static void block_json(rs_buf *out, const rs_manifest_info *m, const rs_segment *seg)
{
    const rs_document *doc = m->doc;
    const rs_block *b = &doc->blocks[seg->block];
    rs__buf_puts(out, ", \"language\": ");
    rs__json_string(out, m->cast->slots[seg->voice].language);
    rs__buf_printf(out, ", \"language_found\": %s", language_found(doc, b) ? "true" : "false");
    if (doc->structured) {
        rs__buf_puts(out, ", \"time\": ");
        rs__json_string(out, b->time);
    }
    if (b->page)
        rs__buf_printf(out, ", \"page\": %zu", b->page);
    if (doc->structured && b->kind == RS_BLOCK_DIRECTION)
        rs__buf_puts(out, ", \"direction\": true");
}

int rs__manifest_json(rs_buf *out, const rs_manifest_info *m)
{
    const rs_plan *plan = m->plan;
    const char *chapter = NULL;
    size_t i, chapter_index = 0;
    int first = 1;
    const struct {
        const char *key;
        double value;
    } loudness[] = {{"measured_lufs", m->measured_lufs}, {"true_peak_dbtp", m->true_peak_db},
                    {"target_lufs", m->target_lufs}, {"gain_db", m->gain_db}, {"output_lufs", m->output_lufs}};
    rs__buf_puts(out, "{\n");
    top_text(out, "rostrum", rostrum_version());
    top_text(out, "input", m->input_name);
    top_text(out, "title", m->title);
    top_text(out, "album", m->album);
    top_text(out, "speaker", m->speaker);
    top_text(out, "date", m->date);
    top_text(out, "language", m->language);
    rs__buf_printf(out, "  \"language_found\": %s,\n", m->doc && m->doc->language_found ? "true" : "false");
    top_text(out, "voice", m->voice);
    rs__buf_printf(out, "  \"sample_rate\": %u,\n", m->rate);
    rs__buf_printf(out, "  \"duration_ms\": %llu,\n",
                   (unsigned long long)rs__samples_to_ms(m->total_samples, m->rate));
    rs__buf_puts(out, "  \"loudness\": {");
    for (i = 0; i < sizeof loudness / sizeof loudness[0]; i++) {
        rs__buf_printf(out, "%s\"%s\": ", i ? ", " : "", loudness[i].key);
        json_number(out, loudness[i].value);
    }
    rs__buf_puts(out, "},\n");
    parts_json(out, m);
    rs__buf_puts(out, "  \"chapters\": [");
    part_chapter_json(out, m, RS__INTRO, &chapter_index, &first);
    for (i = 0; i < plan->count; i++) {
        const rs_segment *seg = &plan->segments[i];
        if (!seg->opens_chapter)
            continue;
        rs__buf_puts(out, first ? "\n    {" : ",\n    {");
        first = 0;
        rs__buf_printf(out, "\"index\": %zu, \"name\": ", chapter_index++);
        rs__json_string(out, seg->chapter_name);
        rs__buf_printf(out, ", \"start_ms\": %llu, \"paragraph\": %zu}",
                       (unsigned long long)rs__samples_to_ms(seg->start_sample, m->rate), i);
    }
    part_chapter_json(out, m, RS__OUTRO, &chapter_index, &first);
    rs__buf_puts(out, first ? "],\n" : "\n  ],\n");
    statements_json(out, m);
    timed_text_json(out, m);
    if (m->seam_count > 0) {
        /* where stretches encoded apart meet; silence on either side */
        rs__buf_puts(out, "  \"seams_ms\": [");
        for (i = 0; i < m->seam_count; i++)
            rs__buf_printf(out, "%s%llu", i ? ", " : "", (unsigned long long)rs__samples_to_ms(m->seams[i], m->rate));
        rs__buf_puts(out, "],\n");
    }
    rs__buf_puts(out, "  \"paragraphs\": [");
    for (i = 0; i < plan->count; i++) {
        const rs_segment *seg = &plan->segments[i];
        if (seg->opens_chapter)
            chapter = seg->chapter_name;
        rs__buf_puts(out, i == 0 ? "\n    {" : ",\n    {");
        rs__buf_printf(out, "\"index\": %zu, \"kind\": \"%s\", \"statement\": %zu, \"chapter\": ", i,
                       seg->is_heading ? "heading" : seg->is_announcement ? "announcement" : "paragraph",
                       seg->statement);
        rs__json_string(out, chapter);
        rs__buf_printf(out, ", \"opens_chapter\": %s, \"start_ms\": %llu, \"end_ms\": %llu, \"line\": %zu, \"text\": ",
                       seg->opens_chapter ? "true" : "false",
                       (unsigned long long)rs__samples_to_ms(seg->start_sample, m->rate),
                       (unsigned long long)rs__samples_to_ms(seg->end_sample, m->rate), seg->line);
        rs__json_string(out, seg->text);
        if (!seg->is_announcement)
            block_json(out, m, seg);
        rs__buf_putc(out, '}');
    }
    rs__buf_puts(out, plan->count ? "\n  ]\n}\n" : "]\n}\n");
    return rs__buf_status(out);
}
