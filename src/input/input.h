/* The input stage: a file's bytes in, the document model out (title, date,
 * statements, headings, paragraphs with their source lines). Private. */
#ifndef ROSTRUM_INPUT_H
#define ROSTRUM_INPUT_H

#include "core/core.h"

/* ---- the document model (input/: one reader per format) ---- */
/* A direction is what the record says was not said by a speaker
 * ("Applause", "The sitting was suspended"): kept, not spoken unless
 * directions are read. */
typedef enum { RS_BLOCK_PARAGRAPH = 0, RS_BLOCK_HEADING, RS_BLOCK_DIRECTION } rs_block_kind;

typedef enum { RS_LAYOUT_BLANK = 0, RS_LAYOUT_LINE, RS_LAYOUT_WRAPPED } rs_layout;

typedef struct rs_block {
    rs_block_kind kind;
    int level;         /* heading level 1..6, 0 for paragraphs */
    char *text;        /* inline text as written, lines joined with spaces */
    size_t line;       /* 1-based line of the block's first line */
    size_t offset;     /* byte offset of that line in the input */
    size_t *line_starts;  /* offsets in text where each source line begins */
    size_t *line_numbers; /* and that line's number */
    size_t *line_sources; /* and the input byte offset of that text */
    size_t line_count;
    char *lang;           /* heading attributes: {lang=fr voice=fr-statement .session} */
    char *voice;
    int session;
    size_t statement;     /* index of the statement the block belongs to */
    size_t page;          /* 1-based page of its first line in a paged source (PDF), else 0 */
    char *time;           /* time the source gives ("14:05", an ISO time), or NULL */
    int lang_found;       /* lang was found by identification, not given */
    int record;           /* the reader knows it for the record's own line (an italic
                           * line of ParlParse, an <adjournment>, a DOCX paragraph in
                           * the record's style), not the speaker's */
} rs_block;

/* The source line of byte offset in a block's text. */
size_t rs__block_line_at(const rs_block *block, size_t offset);
/* A block's source lines as a reader gathers them, in the three arrays a
 * block keeps them in: where each begins in the block's text, its number,
 * where it begins in the input. Zero-initialize; count = 0 starts the
 * next block with the room kept. */
typedef struct rs_block_lines {
    size_t *starts, *numbers, *sources;
    size_t count;
    size_t starts_cap, numbers_cap, sources_cap;
} rs_block_lines;
int rs__block_lines_add(rs_block_lines *lines, size_t start, size_t number, size_t source);
void rs__block_lines_free(rs_block_lines *lines);
/* The input byte offset of byte offset of a block's text (text joined
 * from several lines maps into each line; a joining space to the end of
 * the line before). */
size_t rs__block_source_at(const rs_block *block, size_t offset);

typedef struct rs_removed_line {
    size_t line;
    char *text;
    size_t page;          /* 1-based page in a paged source, else 0 */
    const char *why;      /* "page number", "footnote", ...; NULL: page furniture */
} rs_removed_line;

typedef struct rs_document {
    char *title;       /* front matter; NULL when absent */
    char *speaker;
    char *date;
    char *language;
    char *voice;
    char *session;     /* "session:" (or "album:"), the ALBUM tag */
    rs_block *blocks;
    size_t block_count;
    size_t block_cap;
    rs_removed_line *removed; /* page furniture the reader left out */
    size_t removed_count;
    rs_layout layout;  /* the layout the reader used */
    struct rs_statement *statements; /* at least one once read */
    size_t statement_count;
    size_t statement_cap;
    const char *session_title; /* text of a session-title heading, or NULL */
    int structured;    /* the reader gave the statements (a structured format) */
    size_t removed_cap;
    int statement_open; /* builder: a given statement takes the blocks that follow */
    int section_begun;  /* builder: a section began; the next statement opens it */
    int language_found; /* language was found by identification, not given */
} rs_document;

/* A statement: what one speaker says, opened by a heading, a speaker turn
 * or the start of the document. Its blocks are consecutive. */
typedef struct rs_statement {
    size_t first_block;
    size_t block_count;
    size_t line;
    size_t heading_block;  /* its heading's block, or SIZE_MAX */
    char *label;           /* the speaker label as written, or NULL */
    char *speaker;         /* shown: "Mr Lever", "Mr. Kishida (Japan)", or NULL */
    char *person;          /* "Mr. Kishida" */
    char *qualifier;       /* "Japan", or NULL */
    const char *lang;      /* from the heading's attributes, or NULL */
    const char *voice;
    char *role;            /* role or delegation the record gives, or NULL */
    int chair;             /* the chair speaks */
    char *time;            /* when the statement began, as the source says, or NULL */
    char *lang_owned;      /* lang when the reader gave it (xml:lang) or it was found */
    int lang_found;        /* lang was found by identification, not given */
    int opens_section;     /* the first of a section of the record (a TEI <div>): the
                            * statement before it does not go on into it */
} rs_statement;


/* ---- readers (formats.c holds their table) ---- */

/* How sure a sniffer is that bytes are in its format: not at all; they may
 * be (plain text takes any bytes; any text may be Markdown); the marks of
 * the format are there; or certain (a signature such as "%PDF-" or a
 * namespace that nothing else uses). Values in between may be used. */
#define RS_SNIFF_NO 0
#define RS_SNIFF_ANY 1
#define RS_SNIFF_LIKELY 50
#define RS_SNIFF_CERTAIN 100

typedef int (*rs_read_fn)(rs_document *doc, const char *name, const char *data, size_t size,
                          rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);

/* One input format: a row of the table in formats.c. */
typedef struct rs_reader {
    const char *name;              /* "markdown", "text": what a --format option takes */
    const char *description;       /* "Markdown", for people */
    const char *const *extensions; /* ".md", ...: lower case, NULL-terminated; a hint only */
    const char *mime_type;
    /* Looks at the bytes alone: RS_SNIFF_NO .. RS_SNIFF_CERTAIN. Pure. */
    int (*sniff)(const char *data, size_t size);
    /* Reads into doc (which must be zeroed); on failure a negative code and
     * "name:line: cause" in errmsg, and doc is left empty. Pure. */
    rs_read_fn read;
} rs_reader;

size_t rs__input_count(void);
const rs_reader *rs__input_at(size_t index);       /* NULL past the end */
const rs_reader *rs__input_find(const char *name); /* by name; NULL when unknown */
/* The first reader that claims the extension of path (any case), or NULL. */
const rs_reader *rs__input_from_path(const char *path);
/* The reader for these bytes, never NULL: see formats.c for the rule. */
const rs_reader *rs__input_detect(const char *name, const char *data, size_t size);

/* Detects the format of data (name's extension a hint) and reads it with
 * that reader into doc (which must be zeroed). On failure returns a
 * negative code and writes "name:line: cause" into errmsg. Pure. */
int rs__read(rs_document *doc, const char *name, const char *data, size_t size,
             rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);
void rs__document_free(rs_document *doc);
/* Room for one more block in doc->blocks (grown by doubling). */
int rs__doc_reserve_block(rs_document *doc);
/* Appends a block of what a reader gathered: the text taken from its
 * buffer, a copy of its source lines, every other field zero. NULL when
 * out of memory (or when the buffer had failed). */
rs_block *rs__doc_add_gathered(rs_document *doc, rs_buf *text, const rs_block_lines *lines);

/* document.c: how every reader fills the model, the same way. Text is
 * copied with its runs of white space made one space and trimmed; an
 * empty text adds nothing. A heading outside a statement opens a statement
 * of its own (named by the heading); a statement begun by the reader takes
 * the blocks that follow until the next one begins or it is ended. Each
 * call returns 0 or ROSTRUM_ENOMEM. rs__doc_finish closes the model. */
typedef struct rs_block_info {
    const char *lang; /* xml:lang, or NULL */
    const char *time; /* or NULL */
    int page;         /* or 0 */
    int record;       /* the record's own line by its markup (rs_block.record) */
} rs_block_info;
int rs__doc_add_heading(rs_document *doc, int level, const char *text, size_t line, const rs_block_info *info);
int rs__doc_add_paragraph(rs_document *doc, const char *text, size_t line, const rs_block_info *info);
int rs__doc_add_direction(rs_document *doc, const char *text, size_t line, const rs_block_info *info);
/* Opens a statement: name as the record shows it (or NULL), role or
 * delegation (or NULL), whether the chair speaks; lang and time may be NULL. */
int rs__doc_begin_statement(rs_document *doc, const char *name, const char *role, int chair, size_t line,
                            const char *lang, const char *time);
void rs__doc_end_statement(rs_document *doc);
/* A section of the record begins or ends (a TEI <div>, an agenda item,
 * with or without a heading): the statement open is ended, and the next
 * block opens a statement of its own (a direction too), which a turn of
 * the speaker before does not go on into. */
void rs__doc_section_break(rs_document *doc);
/* Goes on with the last block when it is a paragraph: text (squeezed) joins
 * it after a space, as a paragraph that a page or column break cut in two.
 * 0, 1 when the last block is no paragraph (nothing done), or ROSTRUM_ENOMEM. */
int rs__doc_continue_paragraph(rs_document *doc, const char *text);
/* Something the reader left out, and why ("a note of the editor"). */
int rs__doc_removed(rs_document *doc, size_t line, const char *text, const char *why);
/* Sets one of the document's strings (&doc->title ...) unless set already. */
int rs__doc_set(char **slot, const char *text);
/* Drops statements that hold no block and shapes the names given as
 * printed ("The SPEAKER" -> "The Speaker"); 0 or ROSTRUM_ENOMEM. */
int rs__doc_finish(rs_document *doc);
/* How a structured reader ends, given its status so far (0, or a negative
 * code with errmsg set): on 0 the model is finished, and a model without a
 * statement is refused as "NAME: no text to speak (empty)". On failure the
 * message is set (out of memory is said here) and doc is freed. Returns
 * the status. */
int rs__doc_end(rs_document *doc, const char *name, int rc, const char *empty, char *errmsg, size_t errmsg_size);

/* xml.c: the XML readers (tei.c, akn.c, parlparse.c) and their sniffers. */
int rs__read_tei(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                 char *errmsg, size_t errmsg_size);
int rs__read_akn(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                 char *errmsg, size_t errmsg_size);
int rs__read_parlparse(rs_document *doc, const char *name, const char *data, size_t size,
                       rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);
int rs__sniff_tei(const char *data, size_t size);
int rs__sniff_akn(const char *data, size_t size);
int rs__sniff_parlparse(const char *data, size_t size);
/* XML of another vocabulary: refused, its root element named. */
int rs__read_xml(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                 char *errmsg, size_t errmsg_size);
int rs__sniff_xml(const char *data, size_t size);

/* html.c: HTML pages of official reports and stenograms. */
int rs__read_html(rs_document *doc, const char *name, const char *data, size_t size,
                  rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);
int rs__sniff_html(const char *data, size_t size);
/* Whether name (any case) is an element of HTML that may open a page or a
 * part of one ("div", "p", "table"): not XML of another vocabulary. */
int rs__is_html_element(const char *name);

/* text.c: UTF-8 text and Markdown, one reader for both today. */
int rs__read_text(rs_document *doc, const char *name, const char *data, size_t size,
                  rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);
int rs__sniff_markdown(const char *data, size_t size);
int rs__sniff_text(const char *data, size_t size);

/* pdf.c: a PDF's text layer, read with poppler-glib. */
int rs__read_pdf(rs_document *doc, const char *name, const char *data, size_t size,
                 rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);
int rs__sniff_pdf(const char *data, size_t size);

/* docx.c: Word DOCX read with libzip and xml.c; old binary Word .doc
 * refused with the way to convert it. */
int rs__read_docx(rs_document *doc, const char *name, const char *data, size_t size,
                  rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);
int rs__sniff_docx(const char *data, size_t size);
int rs__read_doc(rs_document *doc, const char *name, const char *data, size_t size,
                 rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);
int rs__sniff_doc(const char *data, size_t size);


/* ---- PLS lexicons (pls.c): read here, where libxml2 is ---- */
/* One pronunciation of a lexeme: an <alias> (text to say) or a <phoneme>
 * in an alphabet ("ipa"), with its line in the file. */
typedef struct rs_pls_pronunciation {
    int is_phoneme;
    char *text;
    char *alphabet;       /* phonemes only */
    size_t line;
    int preferred;        /* prefer="true" */
} rs_pls_pronunciation;
typedef struct rs_pls_lexeme {
    char **graphemes;
    size_t grapheme_count, grapheme_cap;
    rs_pls_pronunciation *pronunciations; /* the preferred first, then in the order written */
    size_t pronunciation_count, pronunciation_cap;
    size_t line;
} rs_pls_lexeme;
typedef struct rs_pls {
    char *language;       /* the <lexicon>'s xml:lang, or NULL */
    char *alphabet;       /* its alphabet, or NULL */
    rs_pls_lexeme *lexemes;
    size_t count, cap;
} rs_pls;
/* Whether the bytes are a PLS document: XML whose root is <lexicon> in the
 * PLS namespace. A look at the root tag, no parsing. */
int rs__pls_is(const char *data, size_t size);
/* Reads a PLS 1.0 document. On failure a negative code, nothing in out,
 * and "name:line: cause" in errmsg. */
int rs__pls_read(rs_pls *out, const char *name, const char *data, size_t size, char *errmsg, size_t errmsg_size);
void rs__pls_free(rs_pls *pls);

#endif
