/* The planner: one segment per spoken block, with the chapter each may open
 * and the names of those chapters; keeps within the chapter limit. Pure. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"


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

int rs__plan_build(rs_plan *plan, const rs_document *doc, const rs_norm_context *ctx,
                   rostrum_chapters mode, size_t max_chapters, int explain)
{
    size_t i;
    int after_heading = 0;
    int rc = ROSTRUM_ENOMEM;
    memset(plan, 0, sizeof *plan);
    plan->segments = rs__calloc(doc->block_count, sizeof *plan->segments);
    if (!plan->segments)
        goto fail;
    for (i = 0; i < doc->block_count; i++) {
        const rs_block *block = &doc->blocks[i];
        rs_segment *seg = &plan->segments[plan->count];
        rs_change_list changes = {0};
        char *spoken = rs__normalize(block->text, ctx, explain ? &changes : NULL);
        int is_heading = block->kind == RS_BLOCK_HEADING;
        if (!spoken) {
            rs__changes_free(&changes);
            goto fail;
        }
        if (spoken[0] == '\0') {
            rs__free(spoken);
            rs__changes_free(&changes);
            continue;
        }
        seg->text = spoken;
        seg->changes = changes;
        seg->block = i;
        seg->line = block->line;
        seg->is_heading = is_heading;
        plan->count++;
        if (mode == ROSTRUM_CHAPTERS_NONE)
            continue;
        if (is_heading) {
            seg->chapter_priority = 2;
        } else if (mode == ROSTRUM_CHAPTERS_PARAGRAPH && !after_heading) {
            seg->chapter_priority = 1;
        } else if (plan->count == 1) {
            /* heading mode, text before any heading: a chapter for the start */
            seg->chapter_priority = 1;
        }
        /* a paragraph right after a heading belongs to the heading's chapter */
        after_heading = is_heading;
        if (seg->chapter_priority > 0) {
            /* chapter names are shown, so they come from the text as
             * written (markup gone), not from its spoken form */
            rs_norm_context shown = *ctx;
            char *display;
            shown.display = 1;
            shown.lexicon = NULL;
            display = rs__normalize(block->text, &shown, NULL);
            if (!display)
                goto fail;
            seg->chapter_name = rs__chapter_name_from_text(display[0] ? display : spoken,
                                                           is_heading ? 120 : CHAPTER_NAME_BYTES);
            rs__free(display);
            if (!seg->chapter_name)
                goto fail;
        }
    }
    rc = select_chapters(plan, max_chapters);
    if (rc)
        goto fail;
    return 0;
fail:
    rs__plan_free(plan);
    return rc;
}
