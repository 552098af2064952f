/* The sidecars: the JSON manifest, captions (WebVTT, SubRip), the JSON
 * chapters and the listening page, each built as text in a buffer. Pure. Private. */
#ifndef ROSTRUM_SIDECARS_H
#define ROSTRUM_SIDECARS_H

#include "audio/audio.h"
#include "speech/speech.h"

/* ---- markup (markup.c) ---- */
/* What rs__markup_escape does beside writing & < > as references. */
enum {
    RS__MARKUP_QUOTES = 1,    /* " and ' as references too, for attribute values */
    RS__MARKUP_ONE_LINE = 2,  /* a line feed becomes a space */
    RS__MARKUP_XML_CHARS = 4, /* the control characters XML 1.0 forbids are left out */
    /* XML character data or attribute values (the EPUB's files) */
    RS__MARKUP_XML = RS__MARKUP_QUOTES | RS__MARKUP_XML_CHARS,
    /* HTML text or attribute values on one line (the listening page) */
    RS__MARKUP_HTML = RS__MARKUP_QUOTES | RS__MARKUP_ONE_LINE
};
/* s (NULL: nothing) as markup text, escaped as how says. */
void rs__markup_escape(rs_buf *out, const char *s, unsigned how);

/* ---- manifest (manifest.c) ---- */
typedef struct rs_manifest_info {
    const char *input_name;
    const char *title;      /* as tagged: flags over front matter */
    const char *album;
    const rs_media *media;  /* intro and outro, or NULL */
    int part_chapters;      /* whether they open chapters of their own */
    const char *speaker;
    const char *date;
    const rs_document *doc;
    const char *source;     /* the input as loaded, for character offsets */
    size_t source_size;
    const rs_plan *plan;
    const rs_cast *cast;
    const struct rs_captions *captions; /* sentences and words, or NULL */
    const uint64_t *seams;  /* where encoding stretches meet, or NULL */
    size_t seam_count;
    const char *language;
    const char *voice;
    unsigned rate;
    uint64_t total_samples;
    double measured_lufs;
    double true_peak_db;
    double target_lufs;
    double gain_db;
    double output_lufs;
} rs_manifest_info;

int rs__manifest_json(rs_buf *out, const rs_manifest_info *m);
void rs__json_string(rs_buf *out, const char *s);

/* ---- captions (captions.c): sentences, cues, WebVTT and SubRip ---- */
#define RS__CAPTION_LINE 42       /* characters a caption line holds */
#define RS__CAPTION_MAX_MS 7000   /* a cue longer than this is split at a clause */

/* The sentences of a spoken text, as byte spans without the white space
 * around them: a sentence ends at . ! ? or an ellipsis (and the closing
 * quotes after it) before a space and a word that is not in lower case;
 * a full stop after a single letter ("L. G.", "I.C.C.") ends none. Returns
 * the count, (size_t)-1 when out of memory. Pure. */
size_t rs__split_sentences(const char *text, rs_span **out);
/* The bytes of text of the char_length code points from char_position. */
void rs__word_span(const char *text, size_t char_position, size_t char_length, rs_span *out);
/* The source bytes [start, end) as shown in a caption: markup and entities
 * gone, white space single. */
char *rs__caption_text(const char *source, size_t start, size_t end, const rs_norm_context *ctx);
/* text in one line, or two of at most width characters (code points) as
 * even as its spaces allow, else as many as it takes; '\n' between. The
 * first of two lines ends on a word that leans on the next ("the", "de")
 * only when no other break fits within a quarter of the text from its
 * middle; language (en, fr, es by the primary subtag; NULL: none) says
 * which words lean. */
char *rs__wrap_caption(const char *text, size_t width, const char *language);
/* HH:MM:SS.mmm (or with ',' for SubRip); the hours grow past 99. */
void rs__caption_time(uint64_t ms, char separator, char out[32]);

/* A word as espeak-ng spoke it: bytes of the spoken text, output sample. */
typedef struct rs_spoken_word {
    rs_span spoken;
    uint64_t start;
} rs_spoken_word;

/* One paragraph to caption: its text as written (the block's), as spoken
 * with the map between them (rs__normalize_mapped), and its words. */
typedef struct rs_caption_paragraph {
    size_t paragraph;               /* index of the plan's segment */
    const char *source;
    const char *spoken;
    const rs_span *map;
    const rs_spoken_word *words;
    size_t word_count;
    uint64_t end_sample;            /* where its speech ends */
    const char *voice;              /* the speaker, for a voice tag, or NULL */
    const rs_norm_context *display; /* its language */
} rs_caption_paragraph;

typedef struct rs_cue {
    uint64_t start, end;  /* output samples */
    char *text;           /* as shown, lines split by '\n' */
    const char *voice;    /* borrowed */
    size_t paragraph;
    size_t sentence;
    rs_span source;       /* bytes of the paragraph's source text */
} rs_cue;

typedef struct rs_caption_sentence {
    size_t paragraph;
    rs_span source;
    uint64_t start, end;
    size_t first_word, word_count;
    size_t first_cue, cue_count;
} rs_caption_sentence;

typedef struct rs_caption_word {
    size_t paragraph;
    rs_span source;
    uint64_t start, end;
} rs_caption_word;

typedef struct rs_captions rs_captions;
struct rs_captions {
    rs_cue *cues;
    size_t cue_count, cue_cap;
    rs_caption_sentence *sentences;
    size_t sentence_count, sentence_cap;
    rs_caption_word *words;
    size_t word_count, word_cap;
};

/* Adds a paragraph's sentences, words and cues (a sentence longer than two
 * lines or RS__CAPTION_MAX_MS is split at clauses). Paragraphs in order. */
int rs__captions_add_paragraph(rs_captions *c, const rs_caption_paragraph *p);
/* Ends every cue before the next one starts; sets the sentences' times. */
void rs__captions_finish(rs_captions *c);
void rs__captions_free(rs_captions *c);
int rs__captions_vtt(rs_buf *out, const rs_cue *cues, size_t count, unsigned rate);
int rs__captions_srt(rs_buf *out, const rs_cue *cues, size_t count, unsigned rate);

/* ---- chapters (chapters.c) ---- */
/* The chapters (start and text of each cue; their ends do not count) as a
 * JSON chapters file: version "1.2.0", startTime in seconds. Pure. */
int rs__chapters_json(rs_buf *out, const rs_cue *chapters, size_t count, unsigned rate);

/* ---- the listening page (page.c) ---- */
typedef struct rs_page_info {
    const char *title;          /* may be NULL */
    const char *speaker;        /* may be NULL */
    const char *language;
    const char *audio_name;     /* file names relative to the page */
    const char *captions_name;
    const char *chapters_name;
    const rs_plan *plan;
    const char *const *paragraph_languages; /* per segment: its language where it is not the page's, or NULL */
    const rs_cue *chapters;     /* text: the chapter's name */
    size_t chapter_count;
    const rs_captions *captions;
    unsigned rate;
} rs_page_info;

/* One self-contained HTML page: the audio with its caption and chapter
 * tracks, the chapter list and the transcript, every cue a span with its
 * times, highlighted while it is spoken. Pure. */
int rs__page_html(rs_buf *out, const rs_page_info *page);

/* ---- the EPUB publication (epub.c) ---- */
typedef struct rs_epub_info {
    const char *identifier;     /* dc:identifier, stable for a render key */
    const char *title;          /* may be NULL: the audio's name then */
    const char *speaker;        /* dc:creator, or NULL */
    const char *language;       /* the document's */
    const char *date;           /* dc:date when it is a W3C date, else left out; may be NULL */
    const char *modified;       /* dcterms:modified, CCYY-MM-DDThh:mm:ssZ */
    const char *narrator;       /* the voice, or NULL */
    const char *audio_href;     /* the audio's path inside the book, from the package: "audio/speech.mp3" */
    const char *audio_type;     /* its media type: "audio/mpeg" */
    int word_level;             /* one par per word, else per sentence */
    int per_statement;          /* a transcript: one content document per statement */
    const rs_document *doc;
    const rs_plan *plan;
    const char *const *paragraph_languages; /* per segment: its language where it is not the book's, or NULL */
    const rs_norm_context *const *contexts; /* per segment: how its text is shown */
    const rs_captions *captions;
    const rs_cue *chapters;     /* text: the chapter's name, paragraph: where it starts */
    size_t chapter_count;
    unsigned rate;
} rs_epub_info;

/* One file of the book: its path inside the archive and its bytes. */
typedef struct rs_epub_file {
    char name[64];
    rs_buf text;
    int store;                  /* kept uncompressed (the mimetype) */
} rs_epub_file;

typedef struct rs_epub {
    rs_epub_file *files;        /* mimetype first, then the container, package, navigation, style,
                                   content documents and their overlays */
    size_t count;
    uint64_t duration_ms;       /* media:duration of the whole book */
} rs_epub;

/* Builds every file of the book but its audio: XHTML content whose
 * sentences (or words) have ids, one SMIL overlay per content document
 * timed as the manifest is (milliseconds of the captions' samples), the
 * navigation with the chapters, and the package document with its
 * accessibility metadata. Pure. */
int rs__epub_build(rs_epub *out, const rs_epub_info *info);
void rs__epub_free(rs_epub *book);
/* A SMIL clock value of milliseconds: H:MM:SS.mmm, the hours growing as
 * needed. */
void rs__smil_clock(rs_buf *out, uint64_t ms);

#endif
