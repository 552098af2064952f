/* The speaking pass of a render: every paragraph synthesized, trimmed and
 * placed with the pauses between (to the spool, or through the limiter
 * straight to the stretch encoder), its words found in the audio, and the
 * captions built from them. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "handle.h"

#define LEAD_IN_MS 250
#define TAIL_MS 500
#define GUARD_LEAD_MS 10
#define GUARD_TAIL_MS 40
#define HELD_LIMIT_MS 3000
#define SOUND_THRESHOLD 100 /* about -50 dBFS: quieter samples count as silence */
#define CANCEL_CHECK_SAMPLES (2 * RS__SAMPLE_RATE)


static int spool_flush(rs_spool_writer *w)
{
    size_t n = w->block_len;
    if (n == 0)
        return 0;
    w->block_len = 0;
    if (w->encoder) {
        size_t limited = rs__limiter_process(w->limiter, w->block, n, w->limited);
        int rc = w->encoder->vt->write(w->encoder, w->limited, limited);
        /* the stretch encoder's temporary files */
        if (rc == RS__ESPOOL) {
            w->io_error = errno ? errno : EIO;
            rc = ROSTRUM_EIO;
        }
        if (rc)
            return rc;
    } else if (fwrite(w->block, sizeof *w->block, n, w->spool) != n) {
        w->io_error = errno ? errno : EIO;
        return ROSTRUM_EIO;
    }
    if (!w->meter)
        return 0;
    {
        size_t i;
        for (i = 0; i < n; i++)
            w->as_float[i] = (float)w->block[i] / 32768.0f;
    }
    return rs__meter_feed(w->meter, w->as_float, n);
}

static int spool_append(rs_spool_writer *w, const int16_t *pcm, size_t count);

/* Writes the silence owed before the next sample. */
static int write_pending_silence(rs_spool_writer *w)
{
    static const int16_t zeros[1024];
    while (w->pending_silence > 0) {
        size_t n = w->pending_silence < 1024 ? (size_t)w->pending_silence : 1024;
        int rc = spool_append(w, zeros, n);
        if (rc)
            return rc;
        w->pending_silence -= n;
    }
    return 0;
}

/* Encoding while speaking: at a paragraph's first sound, the silence owed
 * before it is known, and with it the seam, long before the encoder gets
 * there. The end of the last sound is where the spool stands. */
static int add_seam(rs_spool_writer *w)
{
    rostrum *r = w->r;
    uint64_t seam;
    int rc;
    if (w->position == 0 || !rs__seam_before(w->position, w->position + w->pending_silence, &seam))
        return 0;
    rc = rs__encoder_stretch_cut(w->encoder, seam);
    if (rc == 0)
        r->seams[r->seam_count++] = seam;
    return rc;
}

static int spool_sink(void *user, const int16_t *pcm, size_t count)
{
    rs_spool_writer *w = user;
    int rc = 0;
    if (w->encoder && w->awaiting_sound) {
        w->awaiting_sound = 0;
        rc = add_seam(w);
        if (rc)
            return rc;
    }
    rc = write_pending_silence(w);
    if (rc == 0)
        rc = spool_append(w, pcm, count);
    /* a long paragraph still listens for a cancel every few seconds of audio */
    if (rc == 0 && w->position - w->last_report >= CANCEL_CHECK_SAMPLES) {
        w->last_report = w->position;
        rc = rs__report(w->r, ROSTRUM_STAGE_SYNTH, w->segment, w->r->plan.count);
    }
    return rc;
}

static int spool_append(rs_spool_writer *w, const int16_t *pcm, size_t count)
{
    while (count > 0) {
        size_t room = RS__SPOOL_CHUNK - w->block_len;
        size_t take = count < room ? count : room;
        if (w->gain_q15 == 32768) {
            memcpy(w->block + w->block_len, pcm, take * sizeof *pcm);
        } else {
            /* voices are only ever turned down, so nothing clips */
            size_t i;
            for (i = 0; i < take; i++)
                w->block[w->block_len + i] = (int16_t)(((int32_t)pcm[i] * w->gain_q15) >> 15);
        }
        w->block_len += take;
        w->position += take;
        pcm += take;
        count -= take;
        if (w->block_len == RS__SPOOL_CHUNK) {
            int rc = spool_flush(w);
            if (rc)
                return rc;
        }
    }
    return 0;
}


static uint64_t ms_to_samples(int ms)
{
    return (uint64_t)ms * RS__SAMPLE_RATE / 1000;
}

int rs__report(rostrum *r, rostrum_stage stage, uint64_t done, uint64_t total)
{
    if (r->opt.progress && r->opt.progress(r->opt.progress_user, stage, done, total) != 0)
        return rs__fail(r, ROSTRUM_ECANCELLED, "%s: cancelled", r->input_name);
    return 0;
}

/* What a paragraph's samples pass on their way to the trimmer: where its
 * sound starts, and where each of its words does. */
typedef struct paragraph_tap {
    rs_trimmer *trimmer;
    rostrum *r;
    uint64_t raw;          /* samples espeak-ng made for the paragraph */
    uint64_t first_sound;  /* the first of them the trimmer keeps as sound */
    int heard;
    size_t first_word;     /* this paragraph's words in r->words */
    size_t next_onset;     /* the first word whose sound is not found yet */
} paragraph_tap;

/* espeak-ng marks a word where its phonemes begin, up to about 50 ms
 * before its sound (a pause, a stop's closure): a word starts at the first
 * sound from its mark on, looked for this far. */
#define ONSET_WINDOW_MS 1000

/* A paragraph's samples on their way to the trimmer: the first sound of
 * the paragraph and of each word is found here. */
static int trimmer_sink(void *user, const int16_t *pcm, size_t count)
{
    paragraph_tap *tap = user;
    rostrum *r = tap->r;
    uint64_t window = ms_to_samples(ONSET_WINDOW_MS);
    size_t i;
    for (i = 0; !tap->heard && i < count; i++)
        if (abs(pcm[i]) >= tap->trimmer->threshold) {
            tap->heard = 1;
            tap->first_sound = tap->raw + i;
        }
    i = 0;
    while (i < count && tap->next_onset < r->word_count) {
        rs_spoken_word *word = &r->words[tap->next_onset];
        uint64_t at = tap->raw + i;
        /* a word found (or given up) leaves i where it is: the next word
         * may start on the same sample */
        if (at < word->start)
            i = word->start - tap->raw < count ? (size_t)(word->start - tap->raw) : count;
        else if (abs(pcm[i]) >= tap->trimmer->threshold) {
            word->start = at;
            tap->next_onset++;
        } else if (at >= word->start + window)
            tap->next_onset++;
        else
            i++;
    }
    tap->raw += count;
    return rs__trimmer_push(tap->trimmer, pcm, count);
}

/* Keeps a word event of the paragraph being spoken, in espeak-ng's samples
 * for now (placed in the output when the paragraph ends). */
static int word_event(void *user, const rs_synth_event *event)
{
    paragraph_tap *tap = user;
    rostrum *r = tap->r;
    rs_spoken_word *word;
    if (event->kind != RS_SYNTH_WORD || event->char_length == 0)
        return 0;
    if (rs__grow(&r->words, &r->word_cap, r->word_count + 1, sizeof *r->words) != 0)
        return ROSTRUM_ENOMEM;
    word = &r->words[r->word_count++];
    rs__word_span(r->plan.segments[r->captioned_segment].text, event->char_position, event->char_length,
                  &word->spoken);
    word->start = event->sample;
    return 0;
}

/* Places the paragraph's words in the output: the trimmer kept everything
 * from the lead guard before the first sound on, so a sample of espeak-ng's
 * is that far from the segment's start. Words are kept in order of time. */
static void place_words(rostrum *r, rs_segment *seg, const paragraph_tap *tap, uint64_t lead)
{
    size_t i;
    seg->first_word = tap->first_word;
    seg->word_count = r->word_count - tap->first_word;
    for (i = tap->first_word; i < r->word_count; i++) {
        rs_spoken_word *word = &r->words[i];
        uint64_t at = word->start > tap->first_sound ? word->start - tap->first_sound : 0;
        at += seg->start_sample + lead;
        if (at >= seg->end_sample)
            at = seg->end_sample > seg->start_sample ? seg->end_sample - 1 : seg->start_sample;
        if (i > tap->first_word && at < r->words[i - 1].start)
            at = r->words[i - 1].start;
        word->start = at;
    }
}

/* A paragraph that made no sound (only "..." say) opens no chapter of its
 * own: its chapter moves to the next paragraph, unless that one opens its own. */
static int carry_chapter(rs_plan *plan, size_t index)
{
    rs_segment *from = &plan->segments[index];
    rs_segment *to = index + 1 < plan->count ? &plan->segments[index + 1] : NULL;
    if (!from->opens_chapter)
        return 0;
    from->opens_chapter = 0;
    if (!to || to->opens_chapter) {
        plan->chapter_count--;
        return 0;
    }
    to->opens_chapter = 1;
    if (!to->chapter_name) {
        to->chapter_name = from->is_heading ? rs__strdup(from->chapter_name)
                                            : rs__chapter_name_from_text(to->text, CHAPTER_NAME_BYTES);
        if (!to->chapter_name)
            return ROSTRUM_ENOMEM;
    }
    return 0;
}

/* Where paragraphs' speech is cached, or NULL. */
const char *rs__speech_cache(const rostrum *r)
{
    return r->opt.cache_dir && r->opt.cache_speech ? r->opt.cache_dir : NULL;
}

/* Reserves silence for an intro or outro, after silence_before and on a
 * frame boundary (where a stretch can start); rs__media_fill() writes the
 * audio there once the speech's loudness is known. */
static int reserve_part(rs_spool_writer *w, rs_media_part *part, uint64_t silence_before)
{
    int rc;
    if (part->audio.count == 0)
        return 0;
    w->pending_silence = silence_before;
    w->pending_silence += (RS__FRAME_SAMPLES - (w->position + w->pending_silence) % RS__FRAME_SAMPLES) %
                          RS__FRAME_SAMPLES;
    rc = write_pending_silence(w);
    part->start = w->position;
    w->pending_silence = part->audio.count;
    if (rc == 0)
        rc = write_pending_silence(w);
    part->end = w->position;
    return rc;
}

/* Pass one: every paragraph is synthesized, trimmed and spooled with the
 * pauses between, while its loudness is measured and its place recorded. */
int rs__synthesize_all(rostrum *r, rs_spool_writer *w)
{
    rs_trimmer trimmer;
    paragraph_tap tap;
    uint64_t lead = ms_to_samples(GUARD_LEAD_MS), tail = ms_to_samples(GUARD_TAIL_MS);
    uint64_t pause = ms_to_samples(r->opt.pause_ms), statement_pause = ms_to_samples(r->opt.pause_statement_ms);
    uint64_t gap = pause > lead + tail ? pause - lead - tail : 0;
    uint64_t statement_gap = statement_pause > lead + tail ? statement_pause - lead - tail : 0;
    uint64_t speech_from;
    size_t i, voice = 0;
    int rc = rs__trimmer_init(&trimmer, SOUND_THRESHOLD, (size_t)lead, (size_t)tail,
                              (size_t)ms_to_samples(HELD_LIMIT_MS), spool_sink, w);
    if (rc)
        return rs__fail(r, rc, NULL);
    r->word_count = 0; /* a second render of the handle starts afresh */
    /* silence is owed, and written only before the next sound, so that a
     * paragraph without sound adds no second pause */
    w->pending_silence = ms_to_samples(LEAD_IN_MS);
    /* the intro starts the file; the pause between statements follows it */
    if (r->media.parts[RS__INTRO].audio.count > 0) {
        rc = reserve_part(w, &r->media.parts[RS__INTRO], 0);
        w->pending_silence = statement_pause > lead ? statement_pause - lead : 0;
    }
    speech_from = w->position;
    for (i = 0; rc == 0 && i < r->plan.count; i++) {
        rs_segment *seg = &r->plan.segments[i];
        uint64_t before;
        rc = rs__report(r, ROSTRUM_STAGE_SYNTH, i, r->plan.count);
        if (rc)
            break;
        w->segment = i;
        if (i > 0 && w->position > speech_from)
            w->pending_silence = seg->statement != r->plan.segments[i - 1].statement ? statement_gap : gap;
        /* paragraphs start on a 20 ms frame: an edit then moves what follows
         * by whole frames, and its encoded stretches stay the same */
        w->pending_silence += (RS__FRAME_SAMPLES - (w->position + w->pending_silence) % RS__FRAME_SAMPLES) %
                              RS__FRAME_SAMPLES;
        if (seg->voice != voice) {
            voice = seg->voice;
            rc = rs__synth_select(&r->cast.slots[voice].choice, r->errmsg, sizeof r->errmsg);
            if (rc)
                break;
        }
        w->gain_q15 = (int)lround(32768.0 * pow(10.0, r->cast.slots[voice].level_db / 20.0));
        w->awaiting_sound = 1;
        before = w->position;
        seg->start_sample = w->position + w->pending_silence;
        rs__trimmer_reset(&trimmer);
        memset(&tap, 0, sizeof tap);
        tap.trimmer = &trimmer;
        tap.r = r;
        tap.first_word = r->word_count;
        tap.next_onset = r->word_count;
        r->captioned_segment = i;
        rc = rs__speak(rs__speech_cache(r), &r->cast.slots[voice].choice, seg->text, trimmer_sink, &tap, word_event, &tap,
                       r->errmsg, sizeof r->errmsg);
        if (rc == 0)
            rc = rs__trimmer_finish(&trimmer);
        if (w->position == before) {
            seg->start_sample = seg->end_sample = w->position;
            r->word_count = tap.first_word;
            seg->first_word = tap.first_word;
            seg->word_count = 0;
            if (rc == 0)
                rc = carry_chapter(&r->plan, i);
            continue;
        }
        seg->end_sample = w->position;
        place_words(r, seg, &tap, lead);
    }
    /* only silence ("...", a lone "-"): a file of it would help no one, and
     * no gain can bring it to the loudness asked for */
    if (rc == 0 && w->position == speech_from)
        rc = rs__fail(r, ROSTRUM_EINPUT, "%s: no text to speak (nothing in it makes a sound)", r->input_name);
    if (rc == 0)
        rc = reserve_part(w, &r->media.parts[RS__OUTRO], statement_pause > tail ? statement_pause - tail : 0);
    if (rc == 0) {
        w->pending_silence = ms_to_samples(TAIL_MS);
        rc = write_pending_silence(w);
    }
    if (rc == 0)
        rc = spool_flush(w);
    if (rc == 0 && w->spool && fflush(w->spool) != 0) {
        w->io_error = errno;
        rc = ROSTRUM_EIO;
    }
    rs__trimmer_free(&trimmer);
    if (rc && !r->failed) {
        if (w->io_error)
            return rs__fail(r, ROSTRUM_EIO, "cannot write temporary audio: %s", strerror(w->io_error));
        return rs__fail(r, rc, NULL);
    }
    return rc;
}

/* Who speaks a segment, for the captions' voice tag: its statement's
 * speaker; in a document of one statement without a turn of its own, the
 * speaker it is tagged with (--artist, the front matter). A transcript's
 * statement without a speaker (a heading, the record's own words) has none. */
static const char *caption_voice(const rostrum *r, const rs_segment *seg)
{
    const char *speaker = seg->statement < r->doc.statement_count ? r->doc.statements[seg->statement].speaker : NULL;
    if (!speaker && r->doc.statement_count <= 1)
        speaker = r->opt.artist ? r->opt.artist : r->doc.speaker;
    return speaker && speaker[0] ? speaker : NULL;
}

/* Sentences, words and cues of every spoken paragraph from the words
 * espeak-ng placed: each paragraph's text as written is normalized again
 * (a pure function, so it gives the segment's text) with the map from the
 * spoken bytes back to the written ones. An announcement ("Mr Lever.") is
 * not in the text and gets no cue; the speaker's voice tag says it, on
 * every cue of a statement that has a speaker. */
int rs__build_captions(rostrum *r)
{
    size_t i;
    int rc = 0;
    rs__captions_free(&r->captions);
    for (i = 0; rc == 0 && i < r->plan.count; i++) {
        const rs_segment *seg = &r->plan.segments[i];
        const rs_block *block = &r->doc.blocks[seg->block];
        const rs_norm_context *ctx = &r->cast.slots[seg->voice].context;
        rs_caption_paragraph p;
        rs_span *map = NULL;
        char *spoken;
        if (seg->is_announcement || seg->word_count == 0)
            continue;
        spoken = rs__normalize_mapped(block->text, ctx, NULL, &map);
        if (!spoken) {
            rc = ROSTRUM_ENOMEM;
            break;
        }
        if (strcmp(spoken, seg->text) == 0) {
            memset(&p, 0, sizeof p);
            p.paragraph = i;
            p.source = block->text;
            p.spoken = spoken;
            p.map = map;
            p.words = r->words + seg->first_word;
            p.word_count = seg->word_count;
            p.end_sample = seg->end_sample;
            p.voice = caption_voice(r, seg);
            p.display = ctx;
            rc = rs__captions_add_paragraph(&r->captions, &p);
        }
        rs__free(spoken);
        rs__free(map);
    }
    if (rc)
        return rs__fail(r, rc, NULL);
    rs__captions_finish(&r->captions);
    return 0;
}
