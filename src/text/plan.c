/* The planner: one segment per spoken block, with the chapter each may open
 * and the names of those chapters; keeps within the chapter limit. Pure. */
#include <stdlib.h>
#include <string.h>

#include "text/text.h"


static int is_trailing_junk(char c)
{
    return c == ',' || c == ';' || c == ':' || c == ' ' || c == '-' || c == '(' || c == '.';
}

char *rs__chapter_name_from_text(const char *text, size_t max_bytes)
{
    size_t len = strlen(text);
    size_t cut = len;
    int shortened = 0;
    rs_buf name = {0};
    if (len > max_bytes) {
        /* cut at the last space that keeps the name within max_bytes */
        cut = max_bytes;
        while (cut > 0 && text[cut] != ' ')
            cut--;
        if (cut == 0) {
            /* one very long word: cut at a character boundary */
            cut = max_bytes;
            while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
                cut--;
        }
        shortened = 1;
    }
    while (cut > 0 && is_trailing_junk(text[cut - 1]))
        cut--;
    rs__buf_append(&name, text, cut);
    if (shortened)
        rs__buf_puts(&name, "\xE2\x80\xA6");
    return rs__buf_take(&name);
}

void rs__plan_free(rs_plan *plan)
{
    size_t i;
    if (!plan)
        return;
    for (i = 0; i < plan->count; i++) {
        rs__free(plan->segments[i].text);
        rs__free(plan->segments[i].chapter_name);
        rs__changes_free(&plan->segments[i].changes);
    }
    rs__free(plan->segments);
    for (i = 0; i < plan->statement_count; i++)
        rs__free(plan->statement_names[i]);
    rs__free(plan->statement_names);
    rs__free(plan->drops);
    memset(plan, 0, sizeof *plan);
}

typedef struct candidate {
    size_t index;
    int priority;
} candidate;

static int by_priority_then_order(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->priority != y->priority)
        return y->priority - x->priority;
    return (x->index > y->index) - (x->index < y->index);
}

/* Marks which segments open chapters: every candidate while they fit, else
 * headings first and then paragraphs in reading order. The first segment
 * always opens one, so that the chapter list covers the whole file. */
static int select_chapters(rs_plan *plan, size_t max_chapters)
{
    candidate *list;
    size_t n = 0, i, keep;
    for (i = 0; i < plan->count; i++)
        if (plan->segments[i].chapter_priority > 0)
            n++;
    plan->chapter_count = 0;
    plan->chapters_dropped = 0;
    if (n == 0)
        return 0;
    list = rs__malloc(n * sizeof *list);
    if (!list)
        return ROSTRUM_ENOMEM;
    n = 0;
    for (i = 0; i < plan->count; i++) {
        int priority = plan->segments[i].chapter_priority;
        if (priority > 0) {
            list[n].index = i;
            /* the first chapter is kept above all others */
            list[n].priority = (n == 0) ? 3 : priority;
            n++;
        }
    }
    qsort(list, n, sizeof *list, by_priority_then_order);
    keep = n < max_chapters ? n : max_chapters;
    for (i = 0; i < keep; i++)
        plan->segments[list[i].index].opens_chapter = 1;
    plan->chapter_count = keep;
    plan->chapters_dropped = n - keep;
    rs__free(list);
    return 0;
}

/* The name a chapter is shown by, from the text as written (markup gone),
 * not from its spoken form; spoken stands in when nothing is left. */
static char *shown_name(const char *written, const char *spoken, const rs_norm_context *ctx, size_t max_bytes)
{
    rs_norm_context shown = *ctx;
    char *display, *name;
    shown.display = 1;
    shown.lexicon = NULL;
    display = rs__normalize(written, &shown, NULL);
    if (!display)
        return NULL;
    name = rs__chapter_name_from_text(display[0] ? display : spoken, max_bytes);
    rs__free(display);
    return name;
}

/* What a statement's chapters are called: its heading, else its speaker;
 * NULL for text that opens a document without either. */
static char *statement_name(const rs_document *doc, const rs_statement *st, const rs_norm_context *ctx)
{
    if (st->heading_block != SIZE_MAX)
        return shown_name(doc->blocks[st->heading_block].text, "", ctx, STATEMENT_NAME_BYTES);
    if (st->speaker)
        return rs__chapter_name_from_text(st->speaker, STATEMENT_NAME_BYTES);
    return rs__strdup("");
}

static rs_segment *add_segment(rs_plan *plan, char *spoken, rs_change_list *changes, size_t block, size_t line,
                               size_t statement)
{
    rs_segment *seg = &plan->segments[plan->count++];
    seg->text = spoken;
    if (changes)
        seg->changes = *changes;
    seg->block = block;
    seg->line = line;
    seg->statement = statement;
    return seg;
}

/* "Mr Lever." or "Mr. Kishida, Japan.", said before the statement; under a
 * heading ("## Japan") the person alone. */
static int add_announcement(rs_plan *plan, const rs_statement *st, size_t statement, const rs_norm_context *ctx)
{
    rs_buf text = {0};
    char *written, *spoken;
    rs__buf_puts(&text, st->person);
    if (st->qualifier && st->heading_block == SIZE_MAX) {
        rs__buf_puts(&text, ", ");
        rs__buf_puts(&text, st->qualifier);
    }
    if (text.len == 0 || text.data[text.len - 1] != '.') /* "Турчинов О.В." ends in one */
        rs__buf_putc(&text, '.');
    written = rs__buf_take(&text);
    if (!written)
        return ROSTRUM_ENOMEM;
    spoken = rs__normalize(written, ctx, NULL);
    rs__free(written);
    if (!spoken)
        return ROSTRUM_ENOMEM;
    if (!spoken[0]) {
        rs__free(spoken);
        return 0;
    }
    add_segment(plan, spoken, NULL, st->first_block, st->line, statement)->is_announcement = 1;
    return 0;
}

/* Names one chapter: the statement's name ("Mr Lever", "Mr Lever, 2") in a
 * transcript, else the text's opening words or the heading. */
static int name_chapter(rs_segment *seg, const rs_block *block, const char *statement, size_t paragraph,
                        const rs_norm_context *ctx)
{
    if (statement && statement[0]) {
        rs_buf b = {0};
        if (paragraph <= 1)
            rs__buf_puts(&b, statement);
        else
            rs__buf_printf(&b, "%s, %zu", statement, paragraph);
        seg->chapter_name = rs__buf_take(&b);
    } else {
        seg->chapter_name = shown_name(block->text, seg->text, ctx,
                                       block->kind == RS_BLOCK_HEADING ? STATEMENT_NAME_BYTES : CHAPTER_NAME_BYTES);
    }
    return seg->chapter_name ? 0 : ROSTRUM_ENOMEM;
}

/* What every statement of one plan is planned with. */
typedef struct planning {
    rs_plan *plan;
    const rs_document *doc;
    const rs_plan_options *options;
    rostrum_chapters mode; /* never AUTO */
    int transcript;        /* more than one statement */
} planning;

/* How strongly a segment just added claims a chapter under the chapter
 * mode: 2 opens a statement or a heading, 1 a paragraph, 0 none. first is
 * the statement's first segment, after_opening that a heading or an
 * announcement came right before it. */
static int chapter_priority(const planning *p, int first, int is_heading, int after_opening)
{
    switch (p->mode) {
    case ROSTRUM_CHAPTERS_STATEMENT:
        return first ? 2 : 0;
    case ROSTRUM_CHAPTERS_HEADING:
        return is_heading ? 2 : p->plan->count == 1 ? 1 : 0;
    case ROSTRUM_CHAPTERS_PARAGRAPH:
        if (!p->transcript && first && !is_heading)
            return 1;
        /* a paragraph right after a heading or an announcement belongs to
         * the chapter those open */
        return first ? 2 : is_heading ? 2 : after_opening ? 0 : 1;
    default:
        return 0;
    }
}

/* Notes that block lost letters of a script its voice does not speak. */
static int note_drop(rs_plan *plan, const rs_block *block, size_t index, const rs_change_list *changes)
{
    rs_plan_drop *drop;
    if (rs__grow(&plan->drops, &plan->drop_cap, plan->drop_count + 1, sizeof *plan->drops) != 0)
        return ROSTRUM_ENOMEM;
    drop = &plan->drops[plan->drop_count++];
    drop->block = index;
    drop->line = rs__block_line_at(block, changes->foreign_first);
    drop->letters = changes->foreign_letters;
    drop->script = changes->foreign_script;
    return 0;
}

/* Adds the segments of statement s: each block that leaves something to
 * say once normalized, and the announcement of who speaks (when wanted)
 * after the statement's heading if it has one. */
static int plan_statement(const planning *p, size_t s, const rs_norm_context *ctx)
{
    rs_plan *plan = p->plan;
    const rs_statement *st = &p->doc->statements[s];
    size_t i, first_segment = plan->count;
    int announce = p->options->announce && st->person;
    int after_opening = 0;
    int rc;
    for (i = st->first_block; i < st->first_block + st->block_count; i++) {
        const rs_block *block = &p->doc->blocks[i];
        rs_segment *seg;
        rs_change_list changes = {0};
        char *spoken;
        int is_heading = block->kind == RS_BLOCK_HEADING;
        int first;
        /* what the record says was not said is not spoken */
        if (block->kind == RS_BLOCK_DIRECTION && !ctx->read_directions)
            continue;
        if (announce && !is_heading) {
            rc = add_announcement(plan, st, s, ctx);
            if (rc)
                return rc;
            announce = 0;
            after_opening = 1;
        }
        changes.summary_only = !p->options->explain;
        spoken = rs__normalize(block->text,
                               p->options->block_contexts && p->options->block_contexts[i] ? p->options->block_contexts[i]
                                                                                          : ctx,
                               &changes);
        first = plan->count == first_segment;
        if (!spoken || (changes.foreign_letters && note_drop(plan, block, i, &changes))) {
            rs__free(spoken);
            rs__changes_free(&changes);
            return ROSTRUM_ENOMEM;
        }
        if (spoken[0] == '\0') {
            rs__free(spoken);
            rs__changes_free(&changes);
            continue;
        }
        seg = add_segment(plan, spoken, &changes, i, block->line, s);
        seg->is_heading = is_heading;
        seg->chapter_priority = chapter_priority(p, first, is_heading, after_opening);
        after_opening = is_heading;
    }
    return 0;
}

/* Names the chapters among a statement's segments, from first_segment to
 * the end of the plan; the statement's chapter opens with its first
 * segment, an announcement included. name is the statement's, or NULL. */
static int name_chapters(const planning *p, size_t first_segment, const char *name, const rs_norm_context *ctx)
{
    rs_plan *plan = p->plan;
    size_t i;
    for (i = first_segment; i < plan->count; i++) {
        rs_segment *seg = &plan->segments[i];
        size_t number = 0, k;
        int rc;
        if (i == first_segment && seg->is_announcement && p->mode != ROSTRUM_CHAPTERS_NONE &&
            p->mode != ROSTRUM_CHAPTERS_HEADING)
            seg->chapter_priority = 2;
        if (seg->chapter_priority == 0)
            continue;
        for (k = first_segment; k <= i; k++)
            number += !plan->segments[k].is_heading && !plan->segments[k].is_announcement;
        rc = name_chapter(seg, &p->doc->blocks[seg->block], name, i == first_segment ? 1 : number, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

int rs__plan_build(rs_plan *plan, const rs_document *doc, const rs_norm_context *base,
                   const rs_norm_context *const *contexts, const rs_plan_options *po)
{
    planning p;
    size_t s;
    int rc = ROSTRUM_ENOMEM;
    char *name = NULL;
    p.plan = plan;
    p.doc = doc;
    p.options = po;
    p.transcript = doc->statement_count > 1;
    p.mode = po->chapters;
    if (p.mode == ROSTRUM_CHAPTERS_AUTO)
        p.mode = p.transcript ? ROSTRUM_CHAPTERS_STATEMENT : ROSTRUM_CHAPTERS_PARAGRAPH;
    memset(plan, 0, sizeof *plan);
    plan->segments = rs__calloc(doc->block_count + doc->statement_count, sizeof *plan->segments);
    plan->statement_names = rs__calloc(doc->statement_count + 1, sizeof *plan->statement_names);
    if (!plan->segments || !plan->statement_names)
        goto fail;
    plan->statement_count = doc->statement_count;
    for (s = 0; s < doc->statement_count; s++) {
        const rs_norm_context *ctx = contexts ? contexts[s] : base;
        size_t first_segment = plan->count;
        rc = ROSTRUM_ENOMEM;
        name = p.transcript ? statement_name(doc, &doc->statements[s], ctx) : NULL;
        if (p.transcript && !name)
            goto fail;
        rc = plan_statement(&p, s, ctx);
        if (rc)
            goto fail;
        rc = name_chapters(&p, first_segment, name, ctx);
        if (rc)
            goto fail;
        plan->statement_names[s] = name;
        name = NULL;
    }
    rc = select_chapters(plan, po->max_chapters);
    if (rc)
        goto fail;
    return 0;
fail:
    rs__free(name);
    rs__plan_free(plan);
    return rc;
}
