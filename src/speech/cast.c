/* The cast: which voice speaks each statement. The document's voice comes
 * from flags, then front matter, then the language's default preset; a
 * statement may have its own from heading attributes ({lang=fr}), from the
 * user's voice map, or, with alternating voices, the language's next preset
 * for each new speaker. Every voice brings the lexicon of its language. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "speech/speech.h"

#define LEXICON_MAX_BYTES (16u * 1024 * 1024)
#define VOICE_MAP_MAX_BYTES (1u * 1024 * 1024)

/* Letters, digits, '-' and '_' only, up to 35 characters: a tag also names
 * a lexicon file, which must stay inside the data folder. */
/* Reads a whole small text file. */
static int read_text(const char *path, size_t max, char **out, char *errmsg, size_t errmsg_size, const char *what)
{
    FILE *f = fopen(path, "rb");
    rs_buf text = {0};
    char chunk[16384];
    size_t n;
    int read_error;
    *out = NULL;
    if (!f) {
        rs__set_error(errmsg, errmsg_size, "%s: cannot read %s: %s", path, what, strerror(errno));
        return ROSTRUM_EIO;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && text.len <= max)
        rs__buf_append(&text, chunk, n);
    read_error = ferror(f);
    fclose(f);
    if (read_error || text.failed || text.len > max) {
        int rc = text.failed ? ROSTRUM_ENOMEM : ROSTRUM_EIO;
        rs__buf_free(&text);
        rs__set_error(errmsg, errmsg_size, "%s: cannot read %s%s", path, what,
                      rc == ROSTRUM_ENOMEM ? " (out of memory)" : read_error ? "" : " (too large)");
        return rc;
    }
    if (rs__buf_putc(&text, '\0') != 0) {
        rs__buf_free(&text);
        return ROSTRUM_ENOMEM;
    }
    *out = rs__buf_take(&text);
    return *out ? 0 : ROSTRUM_ENOMEM;
}

/* Notes a file the cast read: its part (the voice map, the built-in or the
 * user's lexicon of a language, a lexicon option) and its text as the
 * parser reads it, up to a NUL. Its path is left out: a moved folder
 * changes no output. */
static void note_source(rs_cast *cast, const char *what, const char *text)
{
    rs__digest_field(&cast->sources, what, strlen(what));
    rs__digest_field(&cast->sources, text, strlen(text));
}

/* ---- the voice map: "speaker or delegation = voice", "= lang=fr voice=..." ---- */

int rs__voice_map_parse(rs_cast *cast, const char *name, char *text, char *errmsg, size_t errmsg_size)
{
    char *line = text;
    size_t number = 0;
    while (line && *line) {
        char *next = strchr(line, '\n'), *eq, *value, *tok, *save = NULL;
        rs_map_entry *e;
        number++;
        if (next)
            *next++ = '\0';
        line[strcspn(line, "#\r")] = '\0';
        if (strspn(line, " \t") == strlen(line)) {
            line = next;
            continue;
        }
        eq = strchr(line, '=');
        if (!eq) {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: expected \"speaker or delegation = voice\"", name, number);
            return ROSTRUM_EINPUT;
        }
        *eq = '\0';
        value = eq + 1;
        if (rs__grow(&cast->map, &cast->map_cap, cast->map_count + 1, sizeof *cast->map) != 0)
            return ROSTRUM_ENOMEM;
        e = &cast->map[cast->map_count];
        memset(e, 0, sizeof *e);
        e->line = number;
        e->key = rs__strdup_trimmed(line, strlen(line), 1);
        if (!e->key)
            return ROSTRUM_ENOMEM;
        cast->map_count++;
        for (tok = strtok_r(value, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
            char **slot = &e->voice;
            if (!strncmp(tok, "lang=", 5))
                slot = &e->lang, tok += 5;
            else if (!strncmp(tok, "voice=", 6))
                tok += 6;
            if (*slot || !*tok) {
                rs__set_error(errmsg, errmsg_size, "%s:%zu: give one voice and at most one lang=", name, number);
                return ROSTRUM_EINPUT;
            }
            *slot = rs__strdup(tok);
            if (!*slot)
                return ROSTRUM_ENOMEM;
        }
        if (!e->key[0] || (!e->voice && !e->lang)) {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: expected \"speaker or delegation = voice\"", name, number);
            return ROSTRUM_EINPUT;
        }
        if (e->lang && !rs__lang_tag_valid(e->lang)) {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: \"%s\" is not a language tag", name, number, e->lang);
            return ROSTRUM_EVOICE;
        }
        line = next;
    }
    return 0;
}

/* A key typed in any case, precomposed or not, finds the name as the
 * document writes it ("poslanec žák" finds "Poslanec Žák"). */
static int names_match(const char *key, const char *name)
{
    return name && rs__utf8_same(key, name, 1);
}

/* The map entry for a statement: by its label as written, the speaker's
 * name, the person, the delegation, or the heading. */
static const rs_map_entry *map_lookup(const rs_cast *cast, const rs_document *doc, const rs_statement *st)
{
    size_t i;
    for (i = 0; i < cast->map_count; i++) {
        const char *key = cast->map[i].key;
        if (names_match(key, st->label) || names_match(key, st->speaker) || names_match(key, st->person) ||
            names_match(key, st->qualifier) ||
            (st->heading_block != SIZE_MAX && names_match(key, doc->blocks[st->heading_block].text)))
            return &cast->map[i];
    }
    return NULL;
}

/* ---- voices and their lexicons ---- */

/* Keeps a line for the warnings, once: the same --lexicon is loaded for
 * every language of the cast. */
static int add_note(rs_cast *cast, rs_buf *line)
{
    size_t i;
    char *text;
    if (line->failed) {
        rs__buf_free(line);
        return ROSTRUM_ENOMEM;
    }
    for (i = 0; i < cast->note_count; i++) {
        if (line->data && strcmp(cast->notes[i], line->data) == 0) {
            rs__buf_free(line);
            return 0;
        }
    }
    if (rs__grow(&cast->notes, &cast->note_cap, cast->note_count + 1, sizeof *cast->notes) != 0) {
        rs__buf_free(line);
        return ROSTRUM_ENOMEM;
    }
    text = rs__buf_take(line);
    if (!text)
        return ROSTRUM_ENOMEM;
    cast->notes[cast->note_count++] = text;
    return 0;
}

/* The spoken form of one PLS lexeme: its first alias, or its first IPA
 * phoneme that espeak-ng's names can write ("[[t@m'A:toU]]"), in the
 * order written; NULL when none can be said. A phoneme that cannot be
 * written is noted with its file and line and the form read instead. */
static int pls_spoken(rs_cast *cast, const char *shown, const rs_pls_lexeme *x, const char *language, char **out,
                      size_t *line)
{
    rs_buf failed = {0};
    size_t k;
    int rc = 0;
    *out = NULL;
    for (k = 0; k < x->pronunciation_count; k++) {
        const rs_pls_pronunciation *p = &x->pronunciations[k];
        rs_buf phonemes = {0};
        size_t bad = 0, bad_len = 0;
        if (!p->is_phoneme) {
            *out = rs__strdup(p->text);
            *line = p->line;
            rc = *out ? 0 : ROSTRUM_ENOMEM;
            break;
        }
        if (strcasecmp(p->alphabet, "ipa") != 0) {
            if (!failed.len)
                rs__buf_printf(&failed, "%s:%zu: the alphabet \"%s\" is not IPA, which rostrum turns into espeak-ng phonemes",
                               shown, p->line, p->alphabet);
            continue;
        }
        rs__buf_puts(&phonemes, "[[");
        if (rs__ipa_to_espeak(language, p->text, &phonemes, &bad, &bad_len) == 0) {
            rs__buf_puts(&phonemes, "]]");
            if (phonemes.failed) {
                rs__buf_free(&phonemes);
                rc = ROSTRUM_ENOMEM;
                break;
            }
            *out = rs__buf_take(&phonemes);
            *line = p->line;
            break;
        } else {
            size_t n;
            uint32_t cp = rs__utf8_decode(p->text + bad, &n);
            if (!failed.len)
                rs__buf_printf(&failed, "%s:%zu: the IPA symbol \"%.*s\" (U+%04X) in /%s/ has no espeak-ng phoneme for %s",
                               shown, p->line, (int)bad_len, p->text + bad, (unsigned)cp, p->text,
                               language ? language : "this language");
            rs__buf_free(&phonemes);
        }
    }
    if (rc == 0 && failed.len) {
        if (!*out)
            rs__buf_puts(&failed, "; the word is read as written");
        else if (!x->pronunciations[k].is_phoneme)
            rs__buf_printf(&failed, "; the alias \"%s\" is read instead", *out);
        else
            rs__buf_printf(&failed, "; the phoneme of line %zu is read instead", *line);
        return add_note(cast, &failed);
    }
    rs__buf_free(&failed);
    return rc;
}

/* Adds a PLS lexicon's lexemes to lex, when it is of the lexicon's
 * language or names none: every grapheme said as its lexeme's first
 * pronunciation that can be said. */
static int load_pls(rs_cast *cast, rs_lexicon *lex, const char *shown, const char *text, const char *language,
                    char *errmsg, size_t errmsg_size)
{
    rs_pls pls;
    size_t i, g;
    int rc = rs__pls_read(&pls, shown, text, strlen(text), errmsg, errmsg_size);
    if (rc)
        return rc;
    if (pls.language && language && !rs__lang_same_primary(pls.language, language))
        goto done;
    for (i = 0; i < pls.count && rc == 0; i++) {
        const rs_pls_lexeme *x = &pls.lexemes[i];
        char *spoken = NULL, source[4200];
        size_t line = x->line;
        rc = pls_spoken(cast, shown, x, pls.language ? pls.language : language, &spoken, &line);
        snprintf(source, sizeof source, "%s:%zu", shown, line);
        for (g = 0; rc == 0 && spoken && g < x->grapheme_count; g++)
            rc = rs__lexicon_add(lex, x->graphemes[g], spoken, source);
        rs__free(spoken);
    }
    if (rc)
        rs__set_error(errmsg, errmsg_size, "%s: out of memory", shown);
done:
    rs__pls_free(&pls);
    return rc;
}

/* Loads one lexicon file into lex: "written = spoken" lines, or a W3C PLS
 * document (found by its content, whatever its name); an optional one may
 * be missing. what names its part for the cast's sources. */
static int load_lexicon_file(rs_cast *cast, rs_lexicon *lex, const char *path, const char *shown, const char *what,
                             const char *language, int optional, char *errmsg, size_t errmsg_size)
{
    char *text;
    int rc;
    if (optional) {
        FILE *f = fopen(path, "rb");
        if (!f)
            return 0;
        fclose(f);
    }
    rc = read_text(path, LEXICON_MAX_BYTES, &text, errmsg, errmsg_size, "lexicon");
    if (rc)
        return rc;
    note_source(cast, what, text);
    if (rs__pls_is(text, strlen(text)))
        rc = load_pls(cast, lex, shown, text, language, errmsg, errmsg_size);
    else
        rc = rs__lexicon_parse(lex, shown, text, errmsg, errmsg_size);
    rs__free(text);
    return rc;
}

/* The built-in lexicon of the language's primary subtag (voices/en.lexicon),
 * then the user's own of that name in their folder, then the --lexicon
 * files: later entries win. */
static int load_lexicons(rs_cast *cast, rs_lexicon **out, const char *language, const rs_cast_params *p,
                         char *errmsg, size_t errmsg_size)
{
    char path[4096], shown[64], what[80];
    size_t primary = strcspn(language, "-_"), i;
    int rc = rs__lexicon_create(out);
    if (rc)
        return rc;
    if (primary < 16)
        snprintf(shown, sizeof shown, "%.*s.lexicon", (int)primary, language);
    if (primary < 16 && p->data_dir && *p->data_dir) {
        snprintf(path, sizeof path, "%s/voices/%s", p->data_dir, shown);
        snprintf(what, sizeof what, "built-in %s", shown);
        rc = load_lexicon_file(cast, *out, path, shown, what, language, 1, errmsg, errmsg_size);
    }
    if (rc == 0 && primary < 16 && p->user_dir && *p->user_dir) {
        snprintf(path, sizeof path, "%s/%s", p->user_dir, shown);
        snprintf(what, sizeof what, "user %s", shown);
        rc = load_lexicon_file(cast, *out, path, path, what, language, 1, errmsg, errmsg_size);
    }
    for (i = 0; rc == 0 && i < p->lexicon_count; i++)
        rc = load_lexicon_file(cast, *out, p->lexicons[i], p->lexicons[i], "lexicon option", language, 0, errmsg,
                               errmsg_size);
    return rc ? rc : rs__lexicon_index(*out);
}

/* The voice for (voice, language), added to the cast unless it is there.
 * A voice without a language speaks the preset's language, else the
 * document's; a language without a voice gets its default preset. */
static int voice_for(rs_cast *cast, const rs_cast_params *p, const char *voice, const char *language, size_t *index,
                     char *errmsg, size_t errmsg_size)
{
    const rs_preset *preset = rs__preset_find(p->presets, voice);
    const char *label;
    rs_voice_slot *slot;
    size_t i;
    int rc;
    if (!language)
        language = preset ? preset->language : cast->count ? cast->slots[0].language : "en";
    if (!rs__lang_tag_valid(language)) {
        rs__set_error(errmsg, errmsg_size, "\"%s\" is not a language tag (such as en, fr-CA or es-419)", language);
        return ROSTRUM_EVOICE;
    }
    if (!voice)
        preset = rs__preset_default_for(p->presets, language);
    label = preset ? preset->name : voice ? voice : language;
    for (i = 0; i < cast->count; i++)
        if (!strcmp(cast->slots[i].label, label) && !strcmp(cast->slots[i].language, language)) {
            *index = i;
            return 0;
        }
    if (rs__grow(&cast->slots, &cast->slot_cap, cast->count + 1, sizeof *cast->slots) != 0)
        return ROSTRUM_ENOMEM;
    slot = &cast->slots[cast->count];
    memset(slot, 0, sizeof *slot);
    slot->language = rs__strdup(language);
    slot->label = rs__strdup(label);
    if (preset || voice)
        slot->choice.espeak_voice = rs__strdup(preset ? preset->espeak_voice : voice);
    if (!slot->language || !slot->label || ((preset || voice) && !slot->choice.espeak_voice)) {
        rs__free(slot->language);
        rs__free(slot->label);
        rs__free((char *)slot->choice.espeak_voice);
        return ROSTRUM_ENOMEM;
    }
    cast->count++;
    slot->choice.language = slot->language;
    slot->choice.rate = p->rate ? p->rate : preset ? preset->rate : 0;
    slot->choice.pitch = p->pitch >= 0 ? p->pitch : preset ? preset->pitch : -1;
    if (preset) {
        slot->has_preset = 1;
        slot->preset_digest = preset->digest;
    }
    /* voices of one language share its lexicon */
    for (i = 0; i + 1 < cast->count; i++)
        if (rs__lang_same_primary(cast->slots[i].language, language)) {
            slot->lexicon = cast->slots[i].lexicon;
            slot->borrows_lexicon = 1;
            break;
        }
    if (!slot->lexicon) {
        rc = load_lexicons(cast, &slot->lexicon, language, p, errmsg, errmsg_size);
        if (rc)
            return rc;
    }
    slot->context.language = slot->language;
    slot->context.lexicon = slot->lexicon;
    slot->context.read_directions = p->read_directions;
    *index = cast->count - 1;
    return 0;
}

/* The presets of the document's language, its own voice first: the voices
 * that take turns when they alternate. */
static size_t alternates(const rs_cast *cast, const rs_cast_params *p, const char **names, size_t max)
{
    size_t n = 0, i;
    names[n++] = cast->slots[0].label;
    for (i = 0; i < p->presets->count && n < max; i++) {
        const rs_preset *pr = &p->presets->items[i];
        if (rs__lang_same_primary(pr->language, cast->slots[0].language) && strcmp(pr->name, cast->slots[0].label) != 0)
            names[n++] = pr->name;
    }
    return n;
}

/* A block in a language other than its statement's (the source's
 * xml:lang, or found) is spoken by that language's voice; when no voice
 * speaks it, by the statement's. */
static int block_voices(rs_cast *cast, const rs_document *doc, const rs_cast_params *p, char *errmsg,
                        size_t errmsg_size)
{
    size_t b;
    cast->block_voice = rs__calloc(doc->block_count ? doc->block_count : 1, sizeof *cast->block_voice);
    if (!cast->block_voice)
        return ROSTRUM_ENOMEM;
    for (b = 0; b < doc->block_count; b++) {
        const rs_block *block = &doc->blocks[b];
        size_t own = block->statement < doc->statement_count ? cast->statement_voice[block->statement] : 0;
        int rc;
        cast->block_voice[b] = own;
        if (!block->lang || rs__lang_same_primary(block->lang, cast->slots[own].language))
            continue;
        rc = voice_for(cast, p, NULL, block->lang, &cast->block_voice[b], errmsg, errmsg_size);
        if (rc == ROSTRUM_ENOMEM)
            return rc;
        if (rc)
            cast->block_voice[b] = own;
    }
    return 0;
}

int rs__cast_build(rs_cast *cast, const rs_document *doc, const rs_cast_params *p, char *errmsg, size_t errmsg_size)
{
    const char *voice = p->voice, *language = p->language;
    const char *turns[16];
    const char **speakers = NULL;
    size_t i, turn_count = 0, speaker_count = 0;
    int rc;
    memset(cast, 0, sizeof *cast);
    rs__digest_init(&cast->sources);
    if (p->voice_map) {
        char *text;
        rc = read_text(p->voice_map, VOICE_MAP_MAX_BYTES, &text, errmsg, errmsg_size, "voice map");
        if (rc)
            return rc;
        note_source(cast, "voice map", text);
        rc = rs__voice_map_parse(cast, p->voice_map, text, errmsg, errmsg_size);
        rs__free(text);
        if (rc)
            return rc;
    }
    /* the document's voice: flags, then front matter */
    if (!voice && !language)
        voice = doc->voice;
    if (!language)
        language = doc->language;
    rc = voice_for(cast, p, voice, language, &i, errmsg, errmsg_size);
    if (rc == ROSTRUM_EVOICE && doc->language_found && !p->language)
        rc = voice_for(cast, p, voice, NULL, &i, errmsg, errmsg_size); /* found, but no voice speaks it */
    if (rc)
        return rc;
    cast->statement_voice = rs__calloc(doc->statement_count ? doc->statement_count : 1, sizeof *cast->statement_voice);
    speakers = rs__calloc(doc->statement_count ? doc->statement_count : 1, sizeof *speakers);
    if (!cast->statement_voice || !speakers) {
        rs__free(speakers);
        return ROSTRUM_ENOMEM;
    }
    if (p->alternate)
        turn_count = alternates(cast, p, turns, sizeof turns / sizeof turns[0]);
    for (i = 0; i < doc->statement_count && rc == 0; i++) {
        const rs_statement *st = &doc->statements[i];
        const rs_map_entry *e = NULL;
        const char *v = st->voice, *l = st->lang;
        if (!v && !l && (e = map_lookup(cast, doc, st)) != NULL)
            v = e->voice, l = e->lang;
        if (!v && !l && turn_count > 1 && st->speaker) {
            /* the same speaker keeps the same voice */
            size_t k;
            for (k = 0; k < speaker_count && strcmp(speakers[k], st->speaker) != 0; k++)
                ;
            if (k == speaker_count)
                speakers[speaker_count++] = st->speaker;
            v = turns[k % turn_count];
        }
        if (!v && l && rs__lang_same_primary(l, cast->slots[0].language))
            l = NULL; /* the document's own language keeps the document's voice */
        if (!v && !l) {
            cast->statement_voice[i] = 0;
            continue;
        }
        rc = voice_for(cast, p, v, l, &cast->statement_voice[i], errmsg, errmsg_size);
        if (rc == ROSTRUM_EVOICE && st->lang_found && !e && !v) {
            cast->statement_voice[i] = 0; /* found, but no voice speaks it */
            rc = 0;
        }
        if (rc == ROSTRUM_EVOICE || rc == ROSTRUM_EINPUT) {
            char detail[RS__ERRMSG_SIZE];
            snprintf(detail, sizeof detail, "%s", errmsg);
            if (e)
                rs__set_error(errmsg, errmsg_size, "%s:%zu: %s", p->voice_map, e->line, detail);
            else
                rs__set_error(errmsg, errmsg_size, "%s:%zu: %s", p->input_name, st->line, detail);
        }
    }
    rs__free(speakers);
    return rc ? rc : block_voices(cast, doc, p, errmsg, errmsg_size);
}

void rs__cast_free(rs_cast *cast)
{
    size_t i;
    for (i = 0; i < cast->count; i++) {
        rs_voice_slot *s = &cast->slots[i];
        rs__free(s->language);
        rs__free(s->label);
        rs__free((char *)s->choice.espeak_voice);
        if (!s->borrows_lexicon)
            rs__lexicon_destroy(s->lexicon);
    }
    for (i = 0; i < cast->map_count; i++) {
        rs__free(cast->map[i].key);
        rs__free(cast->map[i].voice);
        rs__free(cast->map[i].lang);
    }
    for (i = 0; i < cast->note_count; i++)
        rs__free(cast->notes[i]);
    rs__free(cast->notes);
    rs__free(cast->map);
    rs__free(cast->slots);
    rs__free(cast->statement_voice);
    rs__free(cast->block_voice);
    memset(cast, 0, sizeof *cast);
}
