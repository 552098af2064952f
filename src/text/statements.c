/* Statements of a session transcript: a heading at the statement level or a
 * speaker turn opens one; the text before the first is a statement of its
 * own. A speaker label leaves the spoken text (the announcement and the
 * chapter name say who speaks). Pure. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/text.h"

#define EXACT_SEED 0x9e3779b97f4a7c15ULL

static uint64_t exact_hash(const char *s, size_t len)
{
    return rs__hash(EXACT_SEED, s, len);
}

/* "the NCOP" names an acronym; "Mr DURR" a person. */
static int is_article(const char *w, size_t n)
{
    static const char *const articles[] = {"the", "la", "le", "el", "les", "los", "las", NULL};
    size_t i;
    for (i = 0; articles[i]; i++)
        if (strlen(articles[i]) == n && strncasecmp(articles[i], w, n) == 0)
            return 1;
    return 0;
}

/* Capitals and small letters in s[0, len), in any script. */
static void count_case(const char *s, size_t len, size_t *upper, size_t *lower)
{
    size_t i = 0, n;
    *upper = *lower = 0;
    while (i < len) {
        uint32_t cp = rs__utf8_decode(s + i, &n);
        *upper += rs__cp_is_upper(cp);
        *lower += rs__cp_is_lower(cp);
        i += n;
    }
}

/* Words in capitals that the running text of the document uses: acronyms
 * ("the NCOP", "ООН"), kept in capitals in the names shown. */
static void collect_caps(rs_hashset *caps, const char *s, size_t len)
{
    size_t i, upper, lower, prev_len = 0;
    const char *prev = s;
    count_case(s, len, &upper, &lower);
    if (lower <= upper)
        return; /* text in capitals says nothing about acronyms */
    i = 0;
    while (i < len) {
        size_t start, big, small;
        while (i < len && !rs__is_word_byte((unsigned char)s[i]))
            i++;
        start = i;
        while (i < len && rs__is_word_byte((unsigned char)s[i]))
            i++;
        count_case(s + start, i - start, &big, &small);
        /* a surname after "Mr" or an initial is a name, not an acronym */
        if (big >= 2 && small == 0 &&
            !(rs__utf8_count(prev, prev_len) == 1 || (rs__is_title_word(prev, prev_len) && !is_article(prev, prev_len))))
            rs__hashset_add(caps, exact_hash(s + start, i - start));
        prev = s + start;
        prev_len = i - start;
    }
}

static int keep_caps(void *user, const char *word, size_t len)
{
    return rs__hashset_has(user, exact_hash(word, len));
}

/* The heading that titles the whole session, not a statement: marked
 * {.session}, or the first block, a heading above every other heading. */
static size_t session_heading(const rs_document *doc)
{
    size_t i;
    int others = 0;
    const rs_block *first = doc->block_count ? &doc->blocks[0] : NULL;
    for (i = 0; i < doc->block_count; i++)
        if (doc->blocks[i].kind == RS_BLOCK_HEADING && doc->blocks[i].session)
            return i;
    if (!first || first->kind != RS_BLOCK_HEADING)
        return SIZE_MAX;
    for (i = 1; i < doc->block_count; i++) {
        if (doc->blocks[i].kind != RS_BLOCK_HEADING)
            continue;
        if (doc->blocks[i].level <= first->level)
            return SIZE_MAX;
        others = 1;
    }
    return others ? 0 : SIZE_MAX;
}

static rs_statement *open_statement(rs_document *doc, size_t block)
{
    rs_statement *s;
    if (rs__grow(&doc->statements, &doc->statement_cap, doc->statement_count + 1, sizeof *doc->statements) != 0)
        return NULL;
    s = &doc->statements[doc->statement_count++];
    memset(s, 0, sizeof *s);
    s->first_block = block;
    s->line = doc->blocks[block].line;
    s->heading_block = SIZE_MAX;
    return s;
}

/* Takes the label off the block's text and names the statement's speaker. */
static int take_label(rs_statement *s, rs_block *block, const rs_turn *turn, rs_hashset *caps)
{
    rs_turn_names names;
    size_t i, len = strlen(block->text);
    int rc = rs__turn_names(block->text + turn->label_start, turn->label_len, turn->main_len, keep_caps, caps, &names);
    if (rc)
        return rc;
    s->label = rs__strndup(block->text + turn->label_start, turn->label_len);
    if (!s->label) {
        rs__turn_names_free(&names);
        return ROSTRUM_ENOMEM;
    }
    s->speaker = names.name;
    s->person = names.person;
    s->qualifier = names.qualifier;
    memmove(block->text, block->text + turn->consumed, len - turn->consumed + 1);
    for (i = 0; i < block->line_count; i++) {
        /* a line that began inside the label now begins where the speech does */
        if (block->line_starts[i] <= turn->consumed)
            block->line_sources[i] += turn->consumed - block->line_starts[i];
        block->line_starts[i] = block->line_starts[i] > turn->consumed ? block->line_starts[i] - turn->consumed : 0;
    }
    return 0;
}

/* "TABLINGS:" alone on its line heads a section; "PRESIDENT: I call ..."
 * speaks. A label without a title must have speech beside it. */
static int speech_on_label_line(const rs_block *b, const rs_turn *t)
{
    size_t line_end = b->line_count > 1 ? b->line_starts[1] : strlen(b->text);
    size_t i;
    for (i = t->consumed; i < line_end; i++)
        if (b->text[i] != ' ')
            return 1;
    return 0;
}

/* A structured record gives the speaker's name as printed ("The SPEAKER",
 * "Claire Baker (Mid Scotland and Fife) (Lab)"): shaped as a turn's label
 * is, so that the name shown and announced reads the same as in text. */
static int shape_given_names(rs_document *doc)
{
    rs_hashset caps = {0};
    size_t i;
    int rc = 0;
    for (i = 0; i < doc->block_count; i++)
        collect_caps(&caps, doc->blocks[i].text, strlen(doc->blocks[i].text));
    if (caps.failed)
        rc = ROSTRUM_ENOMEM;
    for (i = 0; i < doc->statement_count && rc == 0; i++) {
        rs_statement *st = &doc->statements[i];
        rs_turn_names names;
        const char *open;
        size_t len;
        if (!st->label)
            continue;
        len = strlen(st->label);
        open = strchr(st->label, '(');
        rc = rs__turn_names(st->label, len, open ? (size_t)(open - st->label) : len, keep_caps, &caps, &names);
        if (rc)
            break;
        if (!names.name[0] || !names.person[0]) {
            rs__turn_names_free(&names);
            continue;
        }
        rs__free(st->speaker);
        rs__free(st->person);
        st->speaker = names.name;
        st->person = names.person;
        if (!st->role) { /* a role the record gives is the qualifier already */
            rs__free(st->qualifier);
            st->qualifier = names.qualifier;
        } else {
            rs__free(names.qualifier);
        }
    }
    rs__free(caps.keys);
    return rc;
}

/* Whether block b of a statement given by a structured reader is the
 * record's own line: its markup says so, or its words do ("The House
 * adjourned at 16:48", "Motion agreed to."). The chair says "La séance
 * est levée." and "Se levanta la sesión." aloud, so a paragraph of the
 * chair's keeps them; a direction never was the chair's words. */
static int record_line(const rs_block *b, int chair)
{
    if (b->kind == RS_BLOCK_HEADING)
        return 0;
    if (b->record)
        return 1;
    return (b->kind == RS_BLOCK_DIRECTION || !chair) && rs__is_procedural_line(b->text, strlen(b->text));
}

/* Where the record's lines at the end of statement st begin, or SIZE_MAX:
 * the first record line after which nothing but record lines and
 * directions follows, once the speaker has said something before it.
 * Applause after the speech stays with it; a record line amid the speech
 * ("I beg to move" and the motion in italics, then the speech) too. */
static size_t record_tail(const rs_document *doc, const rs_statement *st)
{
    size_t end = st->first_block + st->block_count, k = end, i;
    while (k > st->first_block &&
           (doc->blocks[k - 1].kind == RS_BLOCK_DIRECTION || record_line(&doc->blocks[k - 1], st->chair)))
        k--;
    while (k < end && !record_line(&doc->blocks[k], st->chair))
        k++;
    if (k == end)
        return SIZE_MAX;
    for (i = st->first_block; i < k; i++)
        if (doc->blocks[i].kind == RS_BLOCK_PARAGRAPH && !record_line(&doc->blocks[i], st->chair))
            return k;
    return SIZE_MAX;
}

/* A structured record puts its own lines where they fall: "Motion agreed
 * to." inside the minister's <speech>, "The House adjourned at 16:48" in
 * an <adjournment> after it, "Question put and agreed to." in italics at
 * the end of the last speech. Each such run at the end of a speaker's
 * statement becomes a statement of no speaker, as the text reader makes
 * them: its own chapter, the document's voice, no announcement, no voice
 * tag. */
static int split_record_lines(rs_document *doc)
{
    size_t s, b;
    for (s = 0; s < doc->statement_count; s++) {
        rs_statement *st = &doc->statements[s], *record, moved;
        size_t at, end;
        if (!st->label)
            continue; /* a statement of no speaker is the record's already */
        at = record_tail(doc, st);
        if (at == SIZE_MAX)
            continue;
        end = st->first_block + st->block_count;
        record = open_statement(doc, at);
        if (!record)
            return ROSTRUM_ENOMEM;
        record->block_count = end - at;
        if (doc->blocks[at].time && !(record->time = rs__strdup(doc->blocks[at].time))) {
            doc->statement_count--;
            return ROSTRUM_ENOMEM;
        }
        /* the new statement goes right after the speaker's */
        moved = *record;
        memmove(&doc->statements[s + 2], &doc->statements[s + 1],
                (doc->statement_count - s - 2) * sizeof doc->statements[0]);
        doc->statements[s + 1] = moved;
        doc->statements[s].block_count = at - doc->statements[s].first_block;
        s++;
    }
    for (s = 0; s < doc->statement_count; s++)
        for (b = doc->statements[s].first_block; b < doc->statements[s].first_block + doc->statements[s].block_count;
             b++)
            doc->blocks[b].statement = s;
    return 0;
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether statement next goes on with statement st: the same speaker
 * (name, qualifier, role, chair), in the same language and voice, and
 * neither a heading nor a section of the record (a TEI <div> without a
 * heading: the next agenda item) opens next. */
static int continues(const rs_statement *st, const rs_statement *next)
{
    return st->label && next->label && next->heading_block == SIZE_MAX && !next->opens_section &&
           next->first_block == st->first_block + st->block_count && same_text(st->speaker, next->speaker) &&
           same_text(st->qualifier, next->qualifier) && same_text(st->role, next->role) &&
           !st->chair == !next->chair && same_text(st->lang, next->lang) && same_text(st->voice, next->voice);
}

/* One speaker's uninterrupted turn is one statement: one announcement,
 * one chapter. Records split a turn where nobody else spoke: ParlaMint
 * closes a <u> at a <note> or <incident> and opens another for the same
 * speaker, a Hansard prints "Mr LEVER:" again after "[Interruption.]".
 * The time the later part gives stays with its first paragraph. */
static void join_continued_turns(rs_document *doc)
{
    size_t s, kept = 0, b;
    for (s = 0; s < doc->statement_count; s++) {
        rs_statement *st = &doc->statements[s];
        if (kept > 0 && continues(&doc->statements[kept - 1], st)) {
            rs_block *first = &doc->blocks[st->first_block];
            doc->statements[kept - 1].block_count += st->block_count;
            if (st->time && !first->time) {
                first->time = st->time;
                st->time = NULL;
            }
            rs__statement_free(st);
            continue;
        }
        doc->statements[kept++] = *st;
    }
    doc->statement_count = kept;
    for (s = 0; s < doc->statement_count; s++)
        for (b = doc->statements[s].first_block; b < doc->statements[s].first_block + doc->statements[s].block_count;
             b++)
            doc->blocks[b].statement = s;
}

/* A chair whom the record does not name (ParlaMint's <u ana="#chair">
 * without who) is named by the office, in the document's language, so
 * that its chapters are named after who speaks, as every other
 * statement's are, rather than after its first words; and its turns, its
 * record lines and its announcement are those of a speaker, as when the
 * record prints "The PRESIDENT:". */
static int name_chairs(rs_document *doc)
{
    const char *office = rs__chair_name(doc->language);
    size_t i;
    for (i = 0; i < doc->statement_count; i++) {
        rs_statement *st = &doc->statements[i];
        if (!st->chair || st->label)
            continue;
        st->label = rs__strdup(office);
        st->speaker = rs__strdup(office);
        st->person = rs__strdup(office);
        if (!st->label || !st->speaker || !st->person)
            return ROSTRUM_ENOMEM;
    }
    return 0;
}

int rs__find_statements(rs_document *doc)
{
    rs_turn *turns = NULL;
    rs_hashset caps = {0}, weak_once = {0}, weak_twice = {0};
    rs_statement *current = NULL;
    size_t i, session, level = 7, titled_weak = 0;
    int rc = ROSTRUM_ENOMEM, current_has_text = 0;
    /* a structured reader gave the statements: they stand as the record has them */
    if (doc->block_count == 0)
        return 0;
    if (doc->structured) {
        /* the chair's name is made after the printed names are shaped */
        rc = shape_given_names(doc);
        if (rc == 0)
            rc = name_chairs(doc);
        if (rc == 0)
            rc = split_record_lines(doc);
        if (rc == 0)
            join_continued_turns(doc);
        return rc;
    }
    turns = rs__calloc(doc->block_count, sizeof *turns);
    if (!turns)
        goto done;
    /* first the evidence: labels, how often a weak one recurs, acronyms */
    for (i = 0; i < doc->block_count; i++) {
        const rs_block *b = &doc->blocks[i];
        size_t len = strlen(b->text);
        if (b->kind == RS_BLOCK_PARAGRAPH && rs__find_turn(b->text, len, &turns[i]) && turns[i].weak &&
            turns[i].titled && speech_on_label_line(b, &turns[i])) {
            titled_weak++;
        } else if (turns[i].weak) {
            uint64_t h = exact_hash(b->text + turns[i].label_start, turns[i].label_len);
            rs__hashset_add(rs__hashset_has(&weak_once, h) ? &weak_twice : &weak_once, h);
        }
        collect_caps(&caps, b->text + turns[i].consumed, len - turns[i].consumed);
    }
    if (caps.failed || weak_once.failed || weak_twice.failed)
        goto done;
    session = session_heading(doc);
    if (session != SIZE_MAX)
        doc->session_title = doc->blocks[session].text;
    for (i = 0; i < doc->block_count; i++)
        if (doc->blocks[i].kind == RS_BLOCK_HEADING && i != session && doc->blocks[i].level < (int)level)
            level = (size_t)doc->blocks[i].level;
    for (i = 0; i < doc->block_count; i++) {
        rs_block *b = &doc->blocks[i];
        rs_turn *t = &turns[i];
        /* a weak label counts when it recurs; "M. Dupont. Je ..." when
         * the document has more such turns */
        int is_turn = t->label_len > 0 &&
                      (!t->weak || (t->titled ? titled_weak >= 2 && speech_on_label_line(b, t)
                                              : rs__hashset_has(&weak_twice, exact_hash(b->text + t->label_start,
                                                                                        t->label_len)))) &&
                      (t->titled || speech_on_label_line(b, t));
        if (b->kind == RS_BLOCK_HEADING && i != session && b->level == (int)level) {
            current = open_statement(doc, i);
            if (!current)
                goto done;
            current->heading_block = i;
            current->lang = b->lang;
            current->voice = b->voice;
            current_has_text = 0;
        } else if (is_turn) {
            /* a turn right under a heading names that statement's speaker */
            if (!current || current_has_text || current->label) {
                current = open_statement(doc, i);
                if (!current)
                    goto done;
            }
            rc = take_label(current, b, t, &caps);
            if (rc)
                goto done;
            rc = ROSTRUM_ENOMEM;
            current_has_text = 1;
        } else if (!current) {
            current = open_statement(doc, i);
            if (!current)
                goto done;
        } else if (b->kind == RS_BLOCK_PARAGRAPH && current_has_text &&
                   (current->label || current->heading_block != SIZE_MAX) &&
                   rs__is_procedural_line(b->text, strlen(b->text))) {
            /* "The meeting rose at 1.05 p.m." after a speaker's statement
             * is the record's: a statement without a speaker, read by the
             * document's voice, with its own chapter and no voice tag */
            current = open_statement(doc, i);
            if (!current)
                goto done;
        }
        /* the session's title is no statement's: a turn after it opens one */
        if (b->kind == RS_BLOCK_PARAGRAPH || i == session)
            current_has_text = 1;
        b->statement = doc->statement_count - 1;
        current->block_count = i + 1 - current->first_block;
    }
    join_continued_turns(doc);
    rc = 0;
done:
    rs__free(turns);
    rs__free(caps.keys);
    rs__free(weak_once.keys);
    rs__free(weak_twice.keys);
    return rc;
}

void rs__statement_free(rs_statement *s)
{
    rs__free(s->label);
    rs__free(s->speaker);
    rs__free(s->person);
    rs__free(s->qualifier);
    rs__free(s->role);
    rs__free(s->time);
    rs__free(s->lang_owned);
}

void rs__statements_free(rs_document *doc)
{
    size_t i;
    for (i = 0; i < doc->statement_count; i++)
        rs__statement_free(&doc->statements[i]);
    rs__free(doc->statements);
    doc->statements = NULL;
    doc->statement_count = doc->statement_cap = 0;
}
