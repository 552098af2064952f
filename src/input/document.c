/* The document model that every reader fills: where a block's text came
 * from in the input, how readers add blocks, statements given by the
 * record and what was left out (so that the model looks the same whatever
 * the format), and freeing it all. Pure. */
#include <stdint.h>
#include <string.h>

#include "input/input.h"
#include "text/text.h"

size_t rs__block_source_at(const rs_block *block, size_t offset)
{
    size_t i, at = block->offset;
    for (i = 0; i < block->line_count && block->line_starts[i] <= offset; i++)
        at = block->line_sources[i] + (offset - block->line_starts[i]);
    return at;
}

size_t rs__block_line_at(const rs_block *block, size_t offset)
{
    size_t i, line = block->line;
    for (i = 0; i < block->line_count && block->line_starts[i] <= offset; i++)
        line = block->line_numbers[i];
    return line;
}

/* Each array keeps its own room, so that a growth that fails halfway
 * leaves every room true to its array. */
int rs__block_lines_add(rs_block_lines *lines, size_t start, size_t number, size_t source)
{
    size_t need = lines->count + 1;
    if (rs__grow(&lines->starts, &lines->starts_cap, need, sizeof *lines->starts) != 0 ||
        rs__grow(&lines->numbers, &lines->numbers_cap, need, sizeof *lines->numbers) != 0 ||
        rs__grow(&lines->sources, &lines->sources_cap, need, sizeof *lines->sources) != 0)
        return ROSTRUM_ENOMEM;
    lines->starts[lines->count] = start;
    lines->numbers[lines->count] = number;
    lines->sources[lines->count] = source;
    lines->count++;
    return 0;
}

static int block_lines_give(const rs_block_lines *lines, rs_block *block)
{
    size_t bytes = lines->count * sizeof(size_t);
    block->line_starts = rs__malloc(bytes);
    block->line_numbers = rs__malloc(bytes);
    block->line_sources = rs__malloc(bytes);
    if (!block->line_starts || !block->line_numbers || !block->line_sources)
        return ROSTRUM_ENOMEM;
    if (bytes) {
        memcpy(block->line_starts, lines->starts, bytes);
        memcpy(block->line_numbers, lines->numbers, bytes);
        memcpy(block->line_sources, lines->sources, bytes);
    }
    block->line_count = lines->count;
    return 0;
}

void rs__block_lines_free(rs_block_lines *lines)
{
    rs__free(lines->starts);
    rs__free(lines->numbers);
    rs__free(lines->sources);
    memset(lines, 0, sizeof *lines);
}

void rs__document_free(rs_document *doc)
{
    size_t i;
    if (!doc)
        return;
    for (i = 0; i < doc->block_count; i++) {
        rs__free(doc->blocks[i].text);
        rs__free(doc->blocks[i].line_starts);
        rs__free(doc->blocks[i].line_numbers);
        rs__free(doc->blocks[i].line_sources);
        rs__free(doc->blocks[i].lang);
        rs__free(doc->blocks[i].voice);
        rs__free(doc->blocks[i].time);
    }
    rs__statements_free(doc);
    rs__free(doc->blocks);
    for (i = 0; i < doc->removed_count; i++)
        rs__free(doc->removed[i].text);
    rs__free(doc->removed);
    rs__free(doc->title);
    rs__free(doc->speaker);
    rs__free(doc->session);
    rs__free(doc->date);
    rs__free(doc->language);
    rs__free(doc->voice);
    memset(doc, 0, sizeof *doc);
}

int rs__doc_reserve_block(rs_document *doc)
{
    return rs__grow(&doc->blocks, &doc->block_cap, doc->block_count + 1, sizeof *doc->blocks);
}

rs_block *rs__doc_add_gathered(rs_document *doc, rs_buf *text, const rs_block_lines *lines)
{
    rs_block *block;
    char *taken;
    if (rs__doc_reserve_block(doc) != 0)
        return NULL;
    taken = rs__buf_take(text);
    if (!taken)
        return NULL;
    block = &doc->blocks[doc->block_count++];
    memset(block, 0, sizeof *block);
    block->text = taken;
    return block_lines_give(lines, block) == 0 ? block : NULL;
}

/* A copy of text with each run of white space made one space, trimmed. */
static char *squeeze(const char *text)
{
    size_t len = text ? strlen(text) : 0, i, n = 0;
    char *out = rs__malloc(len + 1);
    int space = 0;
    if (!out)
        return NULL;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = n > 0;
            continue;
        }
        /* U+00A0 no-break space counts as a space too */
        if (c == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] == 0xA0) {
            space = n > 0;
            i++;
            continue;
        }
        if (space)
            out[n++] = ' ';
        space = 0;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return out;
}

int rs__doc_set(char **slot, const char *text)
{
    if (*slot || !text)
        return 0;
    *slot = squeeze(text);
    if (!*slot)
        return ROSTRUM_ENOMEM;
    if (!(*slot)[0]) {
        rs__free(*slot);
        *slot = NULL;
    }
    return 0;
}

static rs_statement *new_statement(rs_document *doc, size_t line)
{
    rs_statement *s;
    if (rs__grow(&doc->statements, &doc->statement_cap, doc->statement_count + 1, sizeof *doc->statements) != 0)
        return NULL;
    s = &doc->statements[doc->statement_count++];
    memset(s, 0, sizeof *s);
    s->first_block = doc->block_count;
    s->line = line;
    s->heading_block = SIZE_MAX;
    s->opens_section = doc->section_begun;
    doc->section_begun = 0;
    doc->structured = 1;
    return s;
}

static int add_block(rs_document *doc, rs_block_kind kind, int level, const char *text, size_t line,
                     const rs_block_info *info)
{
    rs_block *b;
    rs_statement *st;
    char *t = squeeze(text);
    if (!t)
        return ROSTRUM_ENOMEM;
    if (!t[0]) {
        rs__free(t);
        return 0;
    }
    if (rs__doc_reserve_block(doc) != 0)
        goto nomem;
    /* a heading outside a given statement opens one of its own; so does
     * text before any statement or after one was ended; a direction after
     * a statement ended stays with it ("Applause" after a speech), unless
     * a section began since: then it is the new section's */
    if (kind == RS_BLOCK_HEADING ? doc->statement_open <= 0
                                 : doc->statement_count == 0 ||
                                       (doc->statement_open < 0 &&
                                        (kind != RS_BLOCK_DIRECTION || doc->section_begun))) {
        st = new_statement(doc, line);
        if (!st)
            goto nomem;
        if (kind == RS_BLOCK_HEADING)
            st->heading_block = doc->block_count;
        doc->statement_open = 0;
    }
    b = &doc->blocks[doc->block_count];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->level = kind == RS_BLOCK_HEADING ? (level < 1 ? 1 : level > 6 ? 6 : level) : 0;
    b->text = t;
    b->line = line;
    b->line_starts = rs__calloc(1, sizeof *b->line_starts);
    b->line_numbers = rs__malloc(sizeof *b->line_numbers);
    b->line_sources = rs__calloc(1, sizeof *b->line_sources);
    doc->block_count++; /* from here on the document frees what the block holds */
    if (!b->line_starts || !b->line_numbers || !b->line_sources)
        return ROSTRUM_ENOMEM;
    b->line_numbers[0] = line;
    b->line_count = 1;
    if (info) {
        b->page = info->page;
        b->record = info->record;
        if ((info->lang && !(b->lang = rs__strdup(info->lang))) || (info->time && !(b->time = rs__strdup(info->time))))
            return ROSTRUM_ENOMEM;
    }
    st = &doc->statements[doc->statement_count - 1];
    b->statement = doc->statement_count - 1;
    st->block_count = doc->block_count - st->first_block;
    if (!st->time && b->time && !(st->time = rs__strdup(b->time)))
        return ROSTRUM_ENOMEM;
    return 0;
nomem:
    rs__free(t);
    return ROSTRUM_ENOMEM;
}

int rs__doc_add_heading(rs_document *doc, int level, const char *text, size_t line, const rs_block_info *info)
{
    return add_block(doc, RS_BLOCK_HEADING, level, text, line, info);
}

int rs__doc_add_paragraph(rs_document *doc, const char *text, size_t line, const rs_block_info *info)
{
    return add_block(doc, RS_BLOCK_PARAGRAPH, 0, text, line, info);
}

int rs__doc_add_direction(rs_document *doc, const char *text, size_t line, const rs_block_info *info)
{
    return add_block(doc, RS_BLOCK_DIRECTION, 0, text, line, info);
}

int rs__doc_begin_statement(rs_document *doc, const char *name, const char *role, int chair, size_t line,
                            const char *lang, const char *time)
{
    rs_statement *st = new_statement(doc, line);
    if (!st)
        return ROSTRUM_ENOMEM;
    doc->statement_open = 1;
    st->chair = chair;
    if (rs__doc_set(&st->label, name) || rs__doc_set(&st->role, role) || rs__doc_set(&st->time, time) ||
        rs__doc_set(&st->lang_owned, lang))
        return ROSTRUM_ENOMEM;
    st->lang = st->lang_owned;
    if (st->label && (!(st->speaker = rs__strdup(st->label)) || !(st->person = rs__strdup(st->label))))
        return ROSTRUM_ENOMEM;
    if (st->role && !(st->qualifier = rs__strdup(st->role)))
        return ROSTRUM_ENOMEM;
    return 0;
}

void rs__doc_end_statement(rs_document *doc)
{
    if (doc->statement_open > 0)
        doc->statement_open = -1;
}

void rs__doc_section_break(rs_document *doc)
{
    if (doc->statement_count > 0)
        doc->statement_open = -1;
    doc->section_begun = 1;
}

int rs__doc_continue_paragraph(rs_document *doc, const char *text)
{
    rs_block *b = doc->block_count ? &doc->blocks[doc->block_count - 1] : NULL;
    char *t, *joined;
    size_t n;
    if (!b || b->kind != RS_BLOCK_PARAGRAPH)
        return 1;
    t = squeeze(text);
    if (!t)
        return ROSTRUM_ENOMEM;
    n = strlen(b->text);
    joined = t[0] ? rs__realloc(b->text, n + 1 + strlen(t) + 1) : b->text;
    if (joined && t[0]) {
        joined[n] = ' ';
        memcpy(joined + n + 1, t, strlen(t) + 1);
    }
    rs__free(t);
    if (!joined)
        return ROSTRUM_ENOMEM;
    b->text = joined;
    return 0;
}

int rs__doc_removed(rs_document *doc, size_t line, const char *text, const char *why)
{
    rs_removed_line *r;
    char *t;
    if (rs__grow(&doc->removed, &doc->removed_cap, doc->removed_count + 1, sizeof *doc->removed) != 0)
        return ROSTRUM_ENOMEM;
    t = squeeze(text ? text : "");
    if (!t)
        return ROSTRUM_ENOMEM;
    r = &doc->removed[doc->removed_count++];
    memset(r, 0, sizeof *r);
    r->line = line;
    r->text = t;
    r->why = why;
    return 0;
}

int rs__doc_finish(rs_document *doc)
{
    size_t i, n = 0, b;
    int opens_section = 0;
    for (i = 0; i < doc->statement_count; i++) {
        rs_statement *s = &doc->statements[i];
        /* a section whose first statement was empty begins with the next */
        opens_section |= s->opens_section;
        if (s->block_count == 0) {
            rs__statement_free(s);
            continue;
        }
        s->opens_section = opens_section;
        opens_section = 0;
        for (b = s->first_block; b < s->first_block + s->block_count; b++)
            doc->blocks[b].statement = n;
        doc->statements[n++] = *s;
    }
    doc->statement_count = n;
    doc->statement_open = 0;
    doc->section_begun = 0;
    return rs__find_statements(doc);
}

int rs__doc_end(rs_document *doc, const char *name, int rc, const char *empty, char *errmsg, size_t errmsg_size)
{
    if (!rc && rs__doc_finish(doc))
        rc = ROSTRUM_ENOMEM;
    if (!rc && (doc->block_count == 0 || doc->statement_count == 0)) {
        rc = ROSTRUM_EINPUT;
        rs__set_error(errmsg, errmsg_size, "%s: no text to speak (%s)", name, empty);
    }
    if (rc == ROSTRUM_ENOMEM)
        rs__set_error(errmsg, errmsg_size, "%s: out of memory while reading", name);
    if (rc)
        rs__document_free(doc);
    return rc;
}
