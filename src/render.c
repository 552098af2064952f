/* The render that ties the stages together: synthesize (to a spool, or
 * straight to the stretch encoder), measure, encode, and the sidecars. */
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handle.h"

#define LEAD_IN_MS 250
#define TAIL_MS 500
#define GUARD_LEAD_MS 10
#define GUARD_TAIL_MS 40
#define HELD_LIMIT_MS 3000
#define SOUND_THRESHOLD 100 /* about -50 dBFS: quieter samples count as silence */
#define TRUE_PEAK_CEILING -1.0
#define SPOOL_CHUNK 8192
#define GAIN_ROUNDS 6
/* how deep (dB) the limiter may cut the highest peaks and still count as light */
#define LIGHT_LIMITING_DB 6.0
#define CANCEL_CHECK_SAMPLES (2 * RS__SAMPLE_RATE)
#define MAX_LIMITING_DB 10.0
#define GAIN_SETTLED_DB 0.1
/* the decoded true peak is kept this far under -1 dBTP, for meters that
 * read a tenth of a dB higher than libebur128 */
#define TRUE_PEAK_SAFETY_DB 0.2
/* the limiter aims a little under the ceiling: the codec and the
 * inter-sample peaks of the decoded 48 kHz audio add a few tenths of a dB */
#define LIMITER_MARGIN_DB 2.0
#define DEFAULT_CACHE_MB 512
/* seams between stretches: this far before a paragraph (60 ms of silence),
 * with at least SEAM_CLEAR of silence before them for the encoder's
 * lookahead and the resampler (together about 10 ms) */
#define SEAM_MARGIN (3 * RS__FRAME_SAMPLES)
#define SEAM_CLEAR (2 * RS__FRAME_SAMPLES)



/* ---- the render ---- */

/* Collects the trimmer's many small pieces into blocks, so that the spool
 * and the loudness meter see few large writes. */
typedef struct spool_writer {
    rostrum *r;
    FILE *spool;
    rs_meter *meter;         /* measures the speech on another core */
    float as_float[SPOOL_CHUNK];
    uint64_t position;       /* samples taken, buffered or not */
    int io_error;
    int16_t block[SPOOL_CHUNK];
    size_t block_len;
    double peak_db;          /* true peak of the speech (dBTP) */
    uint64_t pending_silence; /* owed before the next sample */
    uint64_t last_report;    /* position of the last progress report */
    size_t segment;          /* the paragraph being synthesized */
    int gain_q15;            /* level of the current voice, 32768 = unchanged */
    /* encoding while speaking: the blocks go through the limiter to the
     * stretch encoder instead of the spool */
    rs_encoder *encoder;
    rs_limiter *limiter;
    int16_t *limited;
    int awaiting_sound;      /* the paragraph has made no sound yet */
} spool_writer;

static int spool_flush(spool_writer *w)
{
    size_t n = w->block_len;
    if (n == 0)
        return 0;
    w->block_len = 0;
    if (w->encoder) {
        size_t limited = rs__limiter_process(w->limiter, w->block, n, w->limited);
        int rc = w->encoder->vt->write(w->encoder, w->limited, limited);
        if (rc)
            return rc;
    } else if (fwrite(w->block, sizeof *w->block, n, w->spool) != n) {
        w->io_error = errno ? errno : EIO;
        return ROSTRUM_EIO;
    }
    {
        size_t i;
        for (i = 0; i < n; i++)
            w->as_float[i] = (float)w->block[i] / 32768.0f;
    }
    return rs__meter_feed(w->meter, w->as_float, n);
}

static int spool_append(spool_writer *w, const int16_t *pcm, size_t count);

/* Writes the silence owed before the next sample. */
static int write_pending_silence(spool_writer *w)
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

static int report(rostrum *r, rostrum_stage stage, uint64_t done, uint64_t total);

static int add_seam(spool_writer *w);

static int spool_sink(void *user, const int16_t *pcm, size_t count)
{
    spool_writer *w = user;
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
        rc = report(w->r, ROSTRUM_STAGE_SYNTH, w->segment, w->r->plan.count);
    }
    return rc;
}

static int spool_append(spool_writer *w, const int16_t *pcm, size_t count)
{
    while (count > 0) {
        size_t room = SPOOL_CHUNK - w->block_len;
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
        if (w->block_len == SPOOL_CHUNK) {
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

static int report(rostrum *r, rostrum_stage stage, uint64_t done, uint64_t total)
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
    if (r->word_count == r->word_cap) {
        size_t cap = r->word_cap ? r->word_cap * 2 : 256;
        rs_spoken_word *grown = rs__realloc(r->words, cap * sizeof *grown);
        if (!grown)
            return ROSTRUM_ENOMEM;
        r->words = grown;
        r->word_cap = cap;
    }
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

static int loudness_sink(void *user, const int16_t *pcm, size_t count)
{
    return rs__loudness_add(user, pcm, count);
}

/* What espeak-ng said, passed on and kept for the cache: records of
 * samples and events in the order they came, each a kind byte, a 4-byte
 * length and the payload. */
#define RECORD_SAMPLES 0
#define RECORD_EVENT 1
#define EVENT_BYTES (4 + 8 + 8 + 8)

typedef struct speech_recorder {
    rs_buf records;          /* a failed growth only means nothing is kept */
    rs_pcm_sink sink;
    void *user;
    rs_synth_event_fn on_event;
    void *event_user;
} speech_recorder;

static void record(speech_recorder *rec, int kind, const void *payload, size_t len)
{
    unsigned char head[5];
    head[0] = (unsigned char)kind;
    rs__put_le(head + 1, len, 4);
    rs__buf_append(&rec->records, (const char *)head, sizeof head);
    rs__buf_append(&rec->records, payload, len);
}

static int record_sink(void *user, const int16_t *pcm, size_t count)
{
    speech_recorder *rec = user;
    record(rec, RECORD_SAMPLES, pcm, count * sizeof *pcm);
    return rec->sink(rec->user, pcm, count);
}

static int record_event(void *user, const rs_synth_event *event)
{
    speech_recorder *rec = user;
    unsigned char payload[EVENT_BYTES];
    rs__put_le(payload, (uint32_t)event->kind, 4);
    rs__put_le(payload + 4, event->char_position, 8);
    rs__put_le(payload + 12, event->char_length, 8);
    rs__put_le(payload + 20, event->sample, 8);
    record(rec, RECORD_EVENT, payload, sizeof payload);
    return rec->on_event ? rec->on_event(rec->event_user, event) : 0;
}

/* Passes recorded speech on as espeak-ng passed it. An entry whose
 * records do not add up is a miss (REPLAY_MISS), found before anything is
 * passed on. */
#define REPLAY_MISS 1
static int replay(const unsigned char *data, size_t len, rs_pcm_sink sink, void *user, rs_synth_event_fn on_event,
                  void *event_user)
{
    size_t at = 0;
    int rc = 0;
    while (at < len) {
        size_t n;
        if (len - at < 5)
            return REPLAY_MISS;
        n = (size_t)rs__get_le(data + at + 1, 4);
        if (n > len - at - 5 || (data[at] != RECORD_SAMPLES && data[at] != RECORD_EVENT) ||
            (data[at] == RECORD_SAMPLES ? n % 2 != 0 : n != EVENT_BYTES))
            return REPLAY_MISS;
        at += 5 + n;
    }
    for (at = 0; rc == 0 && at < len;) {
        size_t n = (size_t)rs__get_le(data + at + 1, 4);
        const unsigned char *payload = data + at + 5;
        if (data[at] == RECORD_SAMPLES) {
            int16_t block[SPOOL_CHUNK];
            size_t count = n / 2, done = 0;
            while (rc == 0 && done < count) {
                size_t k = count - done < SPOOL_CHUNK ? count - done : SPOOL_CHUNK;
                memcpy(block, payload + 2 * done, k * 2);
                rc = sink(user, block, k);
                done += k;
            }
        } else if (on_event) {
            rs_synth_event event;
            event.kind = (int)rs__get_le(payload, 4);
            event.char_position = (size_t)rs__get_le(payload + 4, 8);
            event.char_length = (size_t)rs__get_le(payload + 12, 8);
            event.sample = rs__get_le(payload + 20, 8);
            rc = on_event(event_user, &event);
        }
        at += 5 + n;
    }
    return rc;
}

/* The cache key of a text spoken by a voice: everything that shapes the
 * samples espeak-ng makes of it. Two hashes: one names the entry, the
 * other checks it. */
static void speech_key(const rostrum *r, size_t voice, const char *text, uint64_t key[2])
{
    static const char kind[] = "speech 2";
    const rs_voice_choice *c = &r->cast.slots[voice].choice;
    const char *version = rs__synth_version();
    int32_t numbers[2];
    int k;
    numbers[0] = c->rate;
    numbers[1] = c->pitch;
    for (k = 0; k < 2; k++) {
        uint64_t h = rs__hash(k ? ~RS__HASH_INIT : RS__HASH_INIT, kind, sizeof kind);
        h = rs__hash(h, version, strlen(version) + 1);
        h = rs__hash(h, c->espeak_voice ? c->espeak_voice : "", strlen(c->espeak_voice ? c->espeak_voice : "") + 1);
        h = rs__hash(h, c->language ? c->language : "", strlen(c->language ? c->language : "") + 1);
        h = rs__hash(h, numbers, sizeof numbers);
        key[k] = rs__hash(h, text, strlen(text) + 1);
    }
}

/* Speaks text with the selected voice: samples to sink, word and sentence
 * events to on_event (may be NULL). With a cache, both come from there
 * when this text was spoken by this voice before: a paragraph's audio is a
 * pure function of its text and voice (synth.c seeds espeak-ng), so a
 * re-render after an edit speaks only what changed. */
static int speak(rostrum *r, size_t voice, const char *text, rs_pcm_sink sink, void *user, rs_synth_event_fn on_event,
                 void *event_user)
{
    speech_recorder rec;
    unsigned char *data;
    size_t len;
    uint64_t key[2];
    int rc;
    if (!r->opt.cache_dir || !r->opt.cache_speech)
        return rs__synth_text_events(text, sink, user, on_event, event_user, r->errmsg, sizeof r->errmsg);
    speech_key(r, voice, text, key);
    if (rs__cache_get_bytes(r->opt.cache_dir, 's', key, &data, &len)) {
        rc = replay(data, len, sink, user, on_event, event_user);
        rs__free(data);
        if (rc != REPLAY_MISS)
            return rc;
    }
    memset(&rec, 0, sizeof rec);
    rec.sink = sink;
    rec.user = user;
    rec.on_event = on_event;
    rec.event_user = event_user;
    rc = rs__synth_text_events(text, record_sink, &rec, record_event, &rec, r->errmsg, sizeof r->errmsg);
    if (rc == 0 && !rec.records.failed)
        rs__cache_put_bytes(r->opt.cache_dir, 's', key, (const unsigned char *)rec.records.data, rec.records.len);
    rs__buf_free(&rec.records);
    return rc;
}

/* Text every voice reads to measure its level: the same whatever the
 * document says, so that an edit to the document changes neither the
 * matching of voices nor the limiter, and encoded stretches stay valid. */
static const char *calibration_text(const char *language)
{
    if (!strncasecmp(language, "fr", 2) && strcspn(language, "-_") == 2)
        return "Monsieur le Président, ma délégation remercie le Secrétariat pour la qualité de son rapport. "
               "La coopération des États reste la condition de l'efficacité de la Cour, et les victimes attendent "
               "depuis trop longtemps des réparations concrètes. Nous appuyons donc les propositions présentées ce "
               "matin, et nous sommes prêts à travailler avec toutes les délégations.";
    if (!strncasecmp(language, "es", 2) && strcspn(language, "-_") == 2)
        return "Señor Presidente, mi delegación agradece a la Secretaría la calidad de su informe. La cooperación "
               "de los Estados sigue siendo la condición de la eficacia de la Corte, y las víctimas esperan desde "
               "hace demasiado tiempo reparaciones concretas. Por ello apoyamos las propuestas presentadas esta "
               "mañana, y estamos dispuestos a trabajar con todas las delegaciones.";
    return "Mister President, my delegation thanks the Secretariat for the quality of its report. The cooperation "
           "of States remains the condition of the Court's effectiveness, and victims have waited far too long for "
           "reparations that change their lives. We therefore support the proposals made this morning, and we "
           "stand ready to work with every delegation.";
}

/* Voices differ in loudness. Before the render each voice in use reads the
 * calibration text of its language; the louder ones are turned down to the
 * quietest, so that a change of speaker does not jump in level and one gain
 * suits the whole file. The level they all meet is the render's expected
 * loudness. */
static int calibrate_voices(rostrum *r)
{
    size_t v, i;
    double quietest = HUGE_VAL;
    double *levels;
    int rc = 0;
    levels = rs__calloc(r->cast.count, sizeof *levels);
    if (!levels)
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    for (v = 0; v < r->cast.count && rc == 0; v++) {
        rs_loudness *meter = NULL;
        double peak;
        levels[v] = -HUGE_VAL;
        for (i = 0; i < r->plan.count && r->plan.segments[i].voice != v; i++)
            ;
        if (i == r->plan.count)
            continue; /* a voice no statement uses */
        rc = rs__synth_select(&r->cast.slots[v].choice, r->errmsg, sizeof r->errmsg);
        if (rc == 0)
            rc = rs__loudness_create(&meter, RS__SAMPLE_RATE, 0);
        if (rc == 0)
            rc = speak(r, v, calibration_text(r->cast.slots[v].language), loudness_sink, meter, NULL, NULL);
        if (rc == 0)
            rc = rs__loudness_result(meter, &levels[v], &peak);
        if (rc == 0 && isfinite(levels[v]) && levels[v] < quietest)
            quietest = levels[v];
        rs__loudness_destroy(meter);
    }
    for (v = 0; rc == 0 && v < r->cast.count; v++)
        r->cast.slots[v].level_db = isfinite(levels[v]) && isfinite(quietest) ? quietest - levels[v] : 0.0;
    r->calibrated_lufs = quietest;
    rs__free(levels);
    if (rc == 0)
        rc = rs__synth_select(&r->cast.slots[0].choice, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

/* Reserves silence for an intro or outro, after silence_before and on a
 * frame boundary (where a stretch can start); rs__media_fill() writes the
 * audio there once the speech's loudness is known. */
static int reserve_part(spool_writer *w, rs_media_part *part, uint64_t silence_before)
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
static int synthesize_all(rostrum *r, spool_writer *w)
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
        rc = report(r, ROSTRUM_STAGE_SYNTH, i, r->plan.count);
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
        rc = speak(r, voice, seg->text, trimmer_sink, &tap, word_event, &tap);
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

/* Sentences, words and cues of every spoken paragraph from the words
 * espeak-ng placed: each paragraph's text as written is normalized again
 * (a pure function, so it gives the segment's text) with the map from the
 * spoken bytes back to the written ones. An announcement ("Mr Lever.") is
 * not in the text and gets no cue; the speaker's voice tag says it. */
static int build_captions(rostrum *r)
{
    size_t i;
    int rc = 0;
    int transcript = r->doc.statement_count > 1;
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
            p.voice = transcript ? r->doc.statements[seg->statement].speaker : NULL;
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

/* Reads the spool back through the peak limiter, block by block, so that
 * every consumer sees the same limited samples. */
typedef struct limited_reader {
    FILE *spool;
    uint64_t total;
    uint64_t done;          /* spool samples read */
    rs_limiter *limiter;    /* NULL once flushed */
    int16_t *chunk;
    int16_t *limited;
} limited_reader;

static void limited_reader_close(limited_reader *lr)
{
    rs__limiter_destroy(lr->limiter);
    rs__free(lr->chunk);
    rs__free(lr->limited);
    memset(lr, 0, sizeof *lr);
}

static int limited_reader_open(limited_reader *lr, FILE *spool, uint64_t total, double ceiling_dbfs)
{
    int rc;
    memset(lr, 0, sizeof *lr);
    lr->spool = spool;
    lr->total = total;
    lr->chunk = rs__malloc(SPOOL_CHUNK * sizeof *lr->chunk);
    lr->limited = rs__malloc(SPOOL_CHUNK * sizeof *lr->limited);
    rc = (lr->chunk && lr->limited) ? 0 : ROSTRUM_ENOMEM;
    if (rc == 0)
        rc = rs__limiter_create(&lr->limiter, RS__SAMPLE_RATE, ceiling_dbfs);
    if (rc == 0 && fseek(spool, 0, SEEK_SET) != 0)
        rc = ROSTRUM_EIO;
    if (rc)
        limited_reader_close(lr);
    return rc;
}

/* The next block of limited samples in *out and *count; 0 samples at the end. */
static int limited_reader_next(limited_reader *lr, const int16_t **out, size_t *count)
{
    *out = lr->limited;
    *count = 0;
    if (lr->done < lr->total) {
        size_t want = lr->total - lr->done < SPOOL_CHUNK ? (size_t)(lr->total - lr->done) : SPOOL_CHUNK;
        if (fread(lr->chunk, sizeof *lr->chunk, want, lr->spool) != want)
            return ROSTRUM_EIO;
        lr->done += want;
        *count = rs__limiter_process(lr->limiter, lr->chunk, want, lr->limited);
    } else if (lr->limiter) {
        *count = rs__limiter_flush(lr->limiter, lr->limited);
        rs__limiter_destroy(lr->limiter);
        lr->limiter = NULL;
    }
    return 0;
}

static int limited_reader_more(const limited_reader *lr)
{
    return lr->done < lr->total || lr->limiter != NULL;
}

/* The limiter's ceiling: the few peaks the gain would lift over -1 dBTP are
 * held down, with a margin for inter-sample peaks and the codec. */
static double limiter_ceiling(const rostrum *r)
{
    return TRUE_PEAK_CEILING - r->gain_db - LIMITER_MARGIN_DB;
}

/* For a pipe, whose header cannot be rewritten after encoding: measures the
 * spool as the limiter will shape it, so that the estimated gain accounts
 * for the loudness the limiter takes away. */
static int measure_limited(rostrum *r, FILE *spool, uint64_t total, double *lufs)
{
    limited_reader lr;
    rs_loudness *loudness = NULL;
    double peak;
    int rc = limited_reader_open(&lr, spool, total, limiter_ceiling(r));
    if (rc == 0)
        rc = rs__loudness_create(&loudness, RS__SAMPLE_RATE, 0);
    while (rc == 0 && limited_reader_more(&lr)) {
        const int16_t *block;
        size_t count;
        rc = limited_reader_next(&lr, &block, &count);
        if (rc == 0)
            rc = rs__loudness_add(loudness, block, count);
    }
    if (rc == 0)
        rc = rs__loudness_result(loudness, lufs, &peak);
    limited_reader_close(&lr);
    rs__loudness_destroy(loudness);
    return rc ? rs__fail(r, rc, rc == ROSTRUM_EIO ? "cannot read temporary audio back" : NULL) : 0;
}

/* One gain for the whole file. The limiter that keeps the gained peaks
 * under the ceiling takes a little loudness away, more the louder the
 * target, so the gain is found by measuring the limited speech again until
 * it settles (once or twice for speech at -19 LUFS). Opus output then gets
 * its final gain from the decoded stream; WAV, FLAC and pipes keep this. */
static int estimate_gain(rostrum *r, FILE *spool, uint64_t total, double sample_peak_db, int rounds)
{
    int round;
    double max_gain = TRUE_PEAK_CEILING - LIMITER_MARGIN_DB - (sample_peak_db - MAX_LIMITING_DB);
    if (!isfinite(r->measured_lufs)) {
        r->gain_db = 0.0;
        return 0;
    }
    r->gain_db = r->opt.loudness_lufs - r->measured_lufs;
    if (r->gain_db > max_gain)
        r->gain_db = max_gain;
    for (round = 0; round < rounds; round++) {
        double limited_lufs, next;
        int rc;
        if (sample_peak_db <= limiter_ceiling(r))
            return 0; /* nothing to limit: the measurement stands */
        rc = measure_limited(r, spool, total, &limited_lufs);
        if (rc)
            return rc;
        if (!isfinite(limited_lufs))
            return 0;
        next = r->opt.loudness_lufs - limited_lufs;
        /* limiting deeper than MAX_LIMITING_DB only squashes: the target
         * is out of reach, and the file stays as loud as it can cleanly be */
        if (next > max_gain)
            next = max_gain;
        if (fabs(next - r->gain_db) < GAIN_SETTLED_DB) {
            r->gain_db = next;
            return 0;
        }
        r->gain_db = next;
    }
    return 0;
}

/* Appends the CHAPTERnnn/CHAPTERnnnNAME pair of a chapter; its keys and
 * time go into 64 bytes of storage at *p. */
static void add_chapter(rs_tag *tags, size_t *n, char **p, size_t index, uint64_t sample, const char *name)
{
    char *key = *p, *name_key = *p + 16, *time = *p + 32;
    snprintf(key, 16, "CHAPTER%03zu", index);
    snprintf(name_key, 16, "CHAPTER%03zuNAME", index);
    rs__format_chapter_time(sample, RS__SAMPLE_RATE, time);
    tags[*n].key = key, tags[(*n)++].value = time;
    tags[*n].key = name_key, tags[(*n)++].value = name;
    *p += 64;
}

/* Writes the intro and outro into the silence kept for them, at the
 * loudness the speech has once limited: the one gain then brings them all
 * to the target together. */
static int fill_media(rostrum *r, FILE *spool, uint64_t total)
{
    double speech = r->measured_lufs;
    int rc = 0;
    if (r->media.parts[RS__INTRO].audio.count == 0 && r->media.parts[RS__OUTRO].audio.count == 0)
        return 0;
    if (isfinite(speech))
        rc = measure_limited(r, spool, total, &speech);
    if (rc)
        return rc;
    rc = rs__media_fill(&r->media, spool, isfinite(speech) ? speech : r->calibrated_lufs);
    return rc ? rs__fail(r, rc, "cannot write temporary audio: %s", strerror(errno)) : 0;
}

/* Tags for the encoder: metadata, then a CHAPTERnnn/CHAPTERnnnNAME pair for
 * every chapter (the intro's first, the outro's last), then the cover.
 * Keys and times live in one allocation freed by the caller. */
static int build_tags(rostrum *r, rs_tag **tags_out, size_t *count_out, char **storage_out)
{
    size_t chapters = 2, i, n = 0;
    rs_tag *tags;
    char *storage, *p;
    const char *title = rs__title_of(r);
    const char *artist = r->opt.artist ? r->opt.artist : r->doc.speaker;
    const char *date = r->opt.date ? r->opt.date : r->doc.date;
    for (i = 0; i < r->plan.count; i++)
        chapters += r->plan.segments[i].opens_chapter != 0;
    tags = rs__calloc(7 + r->opt.extra_tag_count + 2 * chapters, sizeof *tags);
    storage = rs__malloc(chapters * 64 + 1);
    if (!tags || !storage) {
        rs__free(tags);
        rs__free(storage);
        return ROSTRUM_ENOMEM;
    }
    snprintf(r->encoder_tag, sizeof r->encoder_tag, "rostrum %s", ROSTRUM_VERSION);
    tags[n].key = "TITLE", tags[n++].value = title;
    tags[n].key = "ALBUM", tags[n++].value = rs__album_of(r);
    tags[n].key = "ARTIST", tags[n++].value = artist;
    tags[n].key = "DATE", tags[n++].value = date;
    tags[n].key = "LANGUAGE", tags[n++].value = r->cast.slots[0].language;
    tags[n].key = "ENCODER", tags[n++].value = r->encoder_tag;
    /* the caller's tags come early in the header, where a reader that looks
     * at the first bytes of the file (rostrum batch) finds them */
    for (i = 0; i < r->opt.extra_tag_count; i++) {
        tags[n].key = r->extra_tags[i];
        tags[n++].value = r->extra_tags[i] + strlen(r->extra_tags[i]) + 1;
    }
    p = storage;
    chapters = 0;
    if (rs__part_chapters(r) && r->media.parts[RS__INTRO].audio.count > 0)
        add_chapter(tags, &n, &p, chapters++, r->media.parts[RS__INTRO].start, rs__media_chapter_name(RS__INTRO));
    for (i = 0; i < r->plan.count; i++)
        if (r->plan.segments[i].opens_chapter)
            add_chapter(tags, &n, &p, chapters++, r->plan.segments[i].start_sample, r->plan.segments[i].chapter_name);
    if (rs__part_chapters(r) && r->media.parts[RS__OUTRO].audio.count > 0)
        add_chapter(tags, &n, &p, chapters++, r->media.parts[RS__OUTRO].start, rs__media_chapter_name(RS__OUTRO));
    /* last: a reader looking for the tags above in the first bytes of the
     * file (rostrum batch) need not read past the picture */
    tags[n].key = "METADATA_BLOCK_PICTURE", tags[n++].value = r->media.cover_tag;
    *tags_out = tags;
    *count_out = n;
    *storage_out = storage;
    return 0;
}

/* A serial number for the Ogg stream from the content, so the same input
 * and options give the same bytes and different renders differ. */
static uint32_t stream_serial(const rostrum *r)
{
    uint64_t h = RS__HASH_INIT;
    size_t i;
    for (i = 0; i < r->plan.count; i++)
        h = rs__hash(h, r->plan.segments[i].text, strlen(r->plan.segments[i].text) + 1);
    for (i = 0; i < r->cast.count; i++)
        h = rs__hash(h, r->cast.slots[i].label, strlen(r->cast.slots[i].label) + 1);
    h = rs__hash(h, &r->opt.pause_ms, sizeof r->opt.pause_ms);
    return (uint32_t)(h ^ (h >> 32));
}

/* Seams for encoding in stretches: SEAM_MARGIN before every paragraph
 * (which starts on a frame boundary), when the digital silence before it is
 * long enough. A stretch then holds one paragraph and the pause after it,
 * whatever comes before: an edit changes only its own stretch. */
static int seam_before(uint64_t prev_end, uint64_t start, uint64_t *seam)
{
    if (start < prev_end + SEAM_MARGIN + SEAM_CLEAR || start % RS__FRAME_SAMPLES != 0)
        return 0;
    *seam = start - SEAM_MARGIN;
    return 1;
}

static int seams_alloc(rostrum *r)
{
    rs__free(r->seams);
    r->seam_count = 0;
    /* one before every paragraph and the outro at most */
    r->seams = rs__malloc((r->plan.count + 1) * sizeof *r->seams);
    return r->seams ? 0 : ROSTRUM_ENOMEM;
}

static int find_seams(rostrum *r)
{
    const rs_media_part *intro = &r->media.parts[RS__INTRO], *outro = &r->media.parts[RS__OUTRO];
    uint64_t prev_end = intro->end;
    size_t i;
    int have_prev = intro->audio.count > 0;
    if (seams_alloc(r) != 0)
        return ROSTRUM_ENOMEM;
    /* the outro is cut off like a paragraph: a stretch of its own */
    for (i = 0; i <= r->plan.count; i++) {
        uint64_t start = i < r->plan.count ? r->plan.segments[i].start_sample : outro->start;
        uint64_t end = i < r->plan.count ? r->plan.segments[i].end_sample : outro->end;
        if (end == start)
            continue; /* made no sound, or no outro */
        if (have_prev && seam_before(prev_end, start, &r->seams[r->seam_count]))
            r->seam_count++;
        prev_end = end;
        have_prev = 1;
    }
    return 0;
}

/* Encoding while speaking: at a paragraph's first sound, the silence owed
 * before it is known, and with it the seam, long before the encoder gets
 * there. The end of the last sound is where the spool stands. */
static int add_seam(spool_writer *w)
{
    rostrum *r = w->r;
    uint64_t seam;
    int rc;
    if (w->position == 0 || !seam_before(w->position, w->position + w->pending_silence, &seam))
        return 0;
    rc = rs__encoder_stretch_cut(w->encoder, seam);
    if (rc == 0)
        r->seams[r->seam_count++] = seam;
    return rc;
}

/* What every encoder is given; the tags come apart. */
static void encode_params(const rostrum *r, rs_encode_params *params)
{
    memset(params, 0, sizeof *params);
    params->rate = RS__SAMPLE_RATE;
    params->bitrate_kbps = r->opt.bitrate_kbps;
    params->complexity = r->opt.complexity;
    params->gain_db = r->gain_db;
    params->serial = stream_serial(r);
    params->measure = 1;
}

static void stretch_options(rostrum *r, rs_stretch_options *so);

static int thread_count(const rostrum *r)
{
    long n = r->opt.threads ? r->opt.threads : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > RS__MAX_THREADS ? RS__MAX_THREADS : (int)n;
}

/* Whether a seekable output of format is encoded in stretches: Opus, on
 * several threads or with a cache. The bytes differ from those encoded in
 * one piece, so the render key (key.c) asks this too. */
int rs__encodes_in_stretches(const rostrum *r, rostrum_format format)
{
    return format == ROSTRUM_FORMAT_OPUS && (thread_count(r) > 1 || r->opt.cache_dir);
}

/* Whether the render is encoded in stretches: a seekable Opus file, on
 * several threads or with a cache. */
static int stretched(const rostrum *r, rostrum_format format, const rostrum_io *io)
{
    return io->seek && io->tell && rs__encodes_in_stretches(r, format);
}

static int finish_encoder(rostrum *r, rs_encoder *enc, rostrum_format format);

/* Pass two: the spool is read back through the peak limiter into the
 * encoder. What the encoder produces is decoded and measured on another
 * thread, and the Opus header gain is set from that measurement. */
static int encode_all(rostrum *r, FILE *spool, rostrum_format format, const rostrum_io *io, void *io_user,
                      uint64_t total)
{
    rs_encode_params params;
    rs_encoder *enc = NULL;
    limited_reader lr;
    rs_tag *tags = NULL;
    char *storage = NULL;
    size_t tag_count = 0;
    int rc = build_tags(r, &tags, &tag_count, &storage);
    memset(&lr, 0, sizeof lr);
    if (rc)
        return rs__fail(r, rc, NULL);
    encode_params(r, &params);
    params.tags = tags;
    params.tag_count = tag_count;
    rc = limited_reader_open(&lr, spool, total, limiter_ceiling(r));
    if (rc) {
        rs__fail(r, rc, NULL);
        goto done;
    }
    if (stretched(r, format, io)) {
        rs_stretch_options so;
        stretch_options(r, &so);
        rc = find_seams(r);
        so.cuts = r->seams;
        so.cut_count = r->seam_count;
        if (rc == 0)
            rc = rs__encoder_stretch_create(&enc, &params, &so, io, io_user, r->errmsg, sizeof r->errmsg);
    } else if (format == ROSTRUM_FORMAT_OPUS)
        rc = rs__encoder_opus_create(&enc, &params, io, io_user, r->errmsg, sizeof r->errmsg);
    else
        rc = rs__encoder_sndfile_create(&enc, format, &params, io, io_user, r->errmsg, sizeof r->errmsg);
    if (rc) {
        rs__fail(r, rc, NULL);
        goto done;
    }
    while (limited_reader_more(&lr)) {
        const int16_t *block;
        size_t count;
        rc = limited_reader_next(&lr, &block, &count);
        if (rc) {
            rs__fail(r, rc, "cannot read temporary audio back");
            goto done;
        }
        rc = enc->vt->write(enc, block, count);
        if (rc) {
            rs__fail(r, rc, rc == ROSTRUM_EIO ? "cannot write the output (disk full?)" : NULL);
            goto done;
        }
        rc = report(r, ROSTRUM_STAGE_ENCODE, lr.done, total);
        if (rc)
            goto done;
    }
    rc = finish_encoder(r, enc, format);
done:
    if (enc)
        enc->vt->destroy(enc);
    limited_reader_close(&lr);
    rs__free(tags);
    rs__free(storage);
    return rc;
}

/* Ends the encoding, and sets the final gain of an Opus file from what its
 * decoded stream measured. */
static void stretch_options(rostrum *r, rs_stretch_options *so)
{
    memset(so, 0, sizeof *so);
    so->threads = thread_count(r);
    so->cache_dir = r->opt.cache_dir;
    so->stats = &r->stretch_stats;
}

/* Encoding while speaking (a seekable Opus file in stretches): the limiter
 * works from the voices' calibrated level, so the stretches can be encoded
 * as soon as they are spoken; the headers, whose chapters are known only at
 * the end, wait until then. */
static int start_streaming(rostrum *r, spool_writer *w, const rostrum_io *io, void *io_user)
{
    rs_encode_params params;
    rs_stretch_options so;
    int rc;
    r->gain_db = r->opt.loudness_lufs - r->calibrated_lufs;
    encode_params(r, &params);
    stretch_options(r, &so);
    rc = seams_alloc(r);
    if (rc == 0)
        rc = rs__limiter_create(&w->limiter, RS__SAMPLE_RATE, limiter_ceiling(r));
    if (rc == 0) {
        w->limited = rs__malloc((SPOOL_CHUNK + rs__limiter_delay(w->limiter)) * sizeof *w->limited);
        rc = w->limited ? 0 : ROSTRUM_ENOMEM;
    }
    if (rc)
        return rs__fail(r, rc, NULL);
    rc = rs__encoder_stretch_create(&w->encoder, &params, &so, io, io_user, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

static int finish_streaming(rostrum *r, spool_writer *w)
{
    rs_tag *tags = NULL;
    char *storage = NULL;
    size_t count = 0, limited = rs__limiter_flush(w->limiter, w->limited);
    int rc = w->encoder->vt->write(w->encoder, w->limited, limited);
    if (rc == 0)
        rc = build_tags(r, &tags, &count, &storage);
    if (rc == 0)
        rc = rs__encoder_stretch_tags(w->encoder, tags, count);
    rs__free(tags);
    rs__free(storage);
    if (rc)
        return rs__fail(r, rc, rc == ROSTRUM_EIO ? "cannot write the output (disk full?)" : NULL);
    rc = finish_encoder(r, w->encoder, ROSTRUM_FORMAT_OPUS);
    if (rc == 0)
        rc = report(r, ROSTRUM_STAGE_ENCODE, w->position, w->position);
    return rc;
}

static int finish_encoder(rostrum *r, rs_encoder *enc, rostrum_format format)
{
    int rc = enc->vt->finish(enc);
    if (rc)
        return rs__fail(r, rc, rc == ROSTRUM_EIO ? "cannot write the output (disk full?)" : NULL);
    rc = enc->vt->result(enc, &r->output_lufs, &r->true_peak_db);
    if (rc)
        return rs__fail(r, rc, "cannot measure loudness");
    if (format == ROSTRUM_FORMAT_OPUS) {
        /* the meter heard the decoded stream without its header gain; set
         * the gain that brings exactly that to the target under the ceiling */
        double gain = r->opt.loudness_lufs - r->output_lufs;
        if (isfinite(r->true_peak_db) && r->true_peak_db + gain > TRUE_PEAK_CEILING - TRUE_PEAK_SAFETY_DB)
            gain = TRUE_PEAK_CEILING - TRUE_PEAK_SAFETY_DB - r->true_peak_db;
        if (!isfinite(gain))
            gain = r->gain_db;
        rc = enc->vt->set_gain(enc, gain);
        if (rc == 0)
            r->gain_db = gain;
        else if (rc != ROSTRUM_EUNSUPPORTED)
            return rs__fail(r, rc, "cannot write the output gain");
        /* a pipe keeps the gain estimated before encoding */
        r->output_lufs += r->gain_db;
        r->true_peak_db += r->gain_db;
    }
    return 0;
}

int rostrum_render(rostrum *r, rostrum_format format, const rostrum_io *io, void *io_user)
{
    spool_writer *w = NULL;
    int synth_open = 0;
    int rc;
    if (!r || !io || !io->write || (unsigned)format > ROSTRUM_FORMAT_FLAC)
        return ROSTRUM_EINVAL;
    if (r->failed)
        return r->failed;
    if (!r->loaded)
        return rs__fail(r, ROSTRUM_ESTATE, "rostrum_render: load a text first");
    if (format == ROSTRUM_FORMAT_AUTO)
        format = ROSTRUM_FORMAT_OPUS;
    if (r->opt.cover && format != ROSTRUM_FORMAT_OPUS)
        return rs__fail(r, ROSTRUM_EUNSUPPORTED, "%s: a cover can only be embedded in Ogg Opus (libsndfile writes no "
                    "pictures into WAV or FLAC)", r->opt.cover);
    /* the intro, outro and cover are read first: a bad one fails at once */
    rc = rs__media_load(&r->media, r->opt.intro, r->opt.outro, r->opt.cover, r->errmsg, sizeof r->errmsg);
    if (rc)
        return rs__fail(r, rc, NULL);
    w = rs__calloc(1, sizeof *w);
    if (!w)
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    w->r = r;
    w->gain_q15 = 32768;
    if (r->opt.cache_dir && mkdir(r->opt.cache_dir, 0777) != 0 && errno != EEXIST) {
        rc = rs__fail(r, ROSTRUM_EIO, "%s: cannot create the cache folder: %s", r->opt.cache_dir, strerror(errno));
        goto done;
    }
    rc = rs__synth_open(r->errmsg, sizeof r->errmsg);
    if (rc) {
        rs__fail(r, rc, NULL);
        goto done;
    }
    synth_open = 1;
    rc = calibrate_voices(r);
    if (rc)
        goto done;
    rc = rs__synth_select(&r->cast.slots[0].choice, r->errmsg, sizeof r->errmsg);
    if (rc) {
        rs__fail(r, rc, NULL);
        goto done;
    }
    /* an intro or outro is levelled to the speech once all is spoken, so
     * it goes through the spool */
    if (stretched(r, format, io) && isfinite(r->calibrated_lufs) && r->media.parts[RS__INTRO].audio.count == 0 &&
        r->media.parts[RS__OUTRO].audio.count == 0) {
        rc = start_streaming(r, w, io, io_user);
        if (rc)
            goto done;
    } else {
        w->spool = tmpfile();
        if (!w->spool) {
            rc = rs__fail(r, ROSTRUM_EIO, "cannot create temporary audio file: %s", strerror(errno));
            goto done;
        }
    }
    /* encoded in stretches, the limiter works from the calibrated level and
     * the decoded stream is measured: the speech's sample peak will do */
    rc = rs__meter_start(&w->meter, RS__SAMPLE_RATE, !stretched(r, format, io), NULL, NULL);
    if (rc) {
        rs__fail(r, rc, NULL);
        goto done;
    }
    rc = synthesize_all(r, w);
    if (rc == 0)
        rc = build_captions(r);
    if (rc)
        goto done;
    rs__synth_close();
    synth_open = 0;
    /* the true peak, a little above the sample peak, places the limiter */
    rc = rs__meter_finish(w->meter, &r->measured_lufs, &w->peak_db);
    if (rc) {
        rs__fail(r, rc, "cannot measure loudness");
        goto done;
    }
    r->total_samples = w->position;
    if (w->encoder) {
        rc = finish_streaming(r, w);
        goto rendered;
    }
    /* a seekable Opus file gets its final gain from the decoded stream, so
     * unless the limiter must work hard one round places it well enough;
     * other outputs keep this gain and get every round */
    if (stretched(r, format, io) && isfinite(r->calibrated_lufs) && isfinite(r->measured_lufs)) {
        /* the limiter works from the voices' calibrated level, not from
         * this text's: stretches then depend on their own audio alone (and
         * the cache holds); the decoded stream sets the final gain */
        r->gain_db = r->opt.loudness_lufs - r->calibrated_lufs;
    } else {
        double depth = w->peak_db + (r->opt.loudness_lufs - r->measured_lufs) - (TRUE_PEAK_CEILING - LIMITER_MARGIN_DB);
        int light = isfinite(r->measured_lufs) && depth < LIGHT_LIMITING_DB;
        rc = estimate_gain(r, w->spool, w->position, w->peak_db,
                           format == ROSTRUM_FORMAT_OPUS && io->seek && light ? 0 : GAIN_ROUNDS);
    }
    if (rc == 0)
        rc = fill_media(r, w->spool, w->position);
    if (rc)
        goto done;
    rc = encode_all(r, w->spool, format, io, io_user, w->position);
rendered:
    if (rc == 0)
        r->rendered = 1;
    if (r->opt.cache_dir)
        rs__cache_trim(r->opt.cache_dir, (uint64_t)(r->opt.cache_max_mb ? r->opt.cache_max_mb : DEFAULT_CACHE_MB) << 20);
done:
    /* espeak-ng knows no voice or language by that name: said of the input,
     * whose front matter or statements may have asked for it */
    if (rc == ROSTRUM_EVOICE)
        rs__name_the_file(r, r->input_name);
    if (synth_open)
        rs__synth_close();
    if (w->spool)
        fclose(w->spool);
    if (w->encoder)
        w->encoder->vt->destroy(w->encoder);
    rs__limiter_destroy(w->limiter);
    rs__free(w->limited);
    rs__meter_destroy(w->meter);
    rs__free(w);
    return rc;
}

/* Whether two paths name one regular file (a device such as /dev/null may
 * take both the audio and the manifest). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && !S_ISREG(sa.st_mode))
        return 0;
    if (strcmp(a, b) == 0)
        return 1;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int same_file_as_input(const rostrum *r, const char *path)
{
    struct stat st;
    return r->have_input_stat && stat(path, &st) == 0 && st.st_dev == r->input_stat.st_dev &&
           st.st_ino == r->input_stat.st_ino;
}

/* The manifest of the last render as JSON text. */
static int manifest_text(rostrum *r, rs_buf *json)
{
    rs_manifest_info m;
    memset(&m, 0, sizeof m);
    m.input_name = r->input_name;
    m.title = rs__title_of(r);
    m.album = rs__album_of(r);
    m.media = &r->media;
    m.part_chapters = rs__part_chapters(r) > 0;
    m.speaker = r->opt.artist ? r->opt.artist : r->doc.speaker;
    m.date = r->opt.date ? r->opt.date : r->doc.date;
    m.doc = &r->doc;
    m.source = r->source;
    m.source_size = r->source_size;
    m.plan = &r->plan;
    m.cast = &r->cast;
    m.captions = &r->captions;
    m.seams = r->seams;
    m.seam_count = r->seam_count;
    m.language = r->cast.slots[0].language;
    m.voice = r->cast.slots[0].label;
    m.rate = RS__SAMPLE_RATE;
    m.total_samples = r->total_samples;
    m.measured_lufs = r->measured_lufs;
    m.true_peak_db = r->true_peak_db;
    m.output_lufs = r->output_lufs;
    m.target_lufs = r->opt.loudness_lufs;
    m.gain_db = r->gain_db;
    return rs__manifest_json(json, &m);
}

/* Opens an output: stdout for "-", else a temporary file beside path (or
 * the device or pipe itself). */
static int open_output(rostrum *r, const char *path, const char *what, rs_outfile *out)
{
    int rc;
    memset(out, 0, sizeof *out);
    out->fd = -1;
    if (strcmp(path, "-") == 0) {
        out->fd = STDOUT_FILENO;
        out->direct = 1;
        out->seekable = 0;
        return 0;
    }
    if (same_file_as_input(r, path))
        return rs__fail(r, ROSTRUM_EINVAL, "%s: the %s would overwrite the input", path, what);
    rc = rs__outfile_open(out, path, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

static void close_output(rs_outfile *out)
{
    if (out->fd == STDOUT_FILENO && out->direct && !out->final_path) {
        out->fd = -1; /* stdout stays open */
        return;
    }
    rs__outfile_abandon(out);
}

static int commit_output(rostrum *r, rs_outfile *out)
{
    int rc;
    if (out->fd == STDOUT_FILENO && out->direct && !out->final_path) {
        out->fd = -1;
        return 0;
    }
    rc = rs__outfile_commit(out, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

static const char *sidecar_suffix(unsigned sidecar)
{
    switch (sidecar) {
    case ROSTRUM_SIDECAR_VTT: return ".vtt";
    case ROSTRUM_SIDECAR_SRT: return ".srt";
    case ROSTRUM_SIDECAR_CHAPTERS_VTT: return ".chapters.vtt";
    case ROSTRUM_SIDECAR_PAGE: return ".html";
    default: return NULL;
    }
}

int rostrum_sidecar_path(const char *path, unsigned sidecar, char *buf, size_t size)
{
    const char *suffix = sidecar_suffix(sidecar);
    const char *slash, *dot;
    size_t stem;
    if (!path || !suffix || !buf || strcmp(path, "-") == 0 || !path[0])
        return ROSTRUM_EINVAL;
    slash = strrchr(path, '/');
    dot = strrchr(slash ? slash + 1 : path, '.');
    stem = dot && dot != (slash ? slash + 1 : path) ? (size_t)(dot - path) : strlen(path);
    if (stem + strlen(suffix) + 1 > size)
        return ROSTRUM_EINVAL;
    memcpy(buf, path, stem);
    strcpy(buf + stem, suffix);
    return 0;
}

#define SIDECAR_KINDS 4

/* The sidecars asked for; the page needs its captions and chapters. */
static unsigned sidecars_wanted(const rostrum *r)
{
    unsigned wanted = r->opt.sidecars & 15u;
    if (wanted & ROSTRUM_SIDECAR_PAGE)
        wanted |= ROSTRUM_SIDECAR_VTT | ROSTRUM_SIDECAR_CHAPTERS_VTT;
    return wanted;
}

/* The chapters as cues: each lasts until the next one, the last until the
 * end of the file; the times are those of the Ogg CHAPTER tags. */
static int chapter_cues(const rostrum *r, rs_cue **out, size_t *count)
{
    size_t i, n = 0;
    rs_cue *cues = rs__calloc(r->plan.count ? r->plan.count : 1, sizeof *cues);
    *out = cues;
    *count = 0;
    if (!cues)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < r->plan.count; i++) {
        const rs_segment *seg = &r->plan.segments[i];
        if (!seg->opens_chapter)
            continue;
        if (n > 0)
            cues[n - 1].end = seg->start_sample;
        cues[n].start = seg->start_sample;
        cues[n].end = r->total_samples;
        cues[n].text = seg->chapter_name;
        cues[n].paragraph = i;
        n++;
    }
    *count = n;
    return 0;
}

/* The file name alone, as a page beside it refers to it. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The text of one sidecar of the last render. */
static int sidecar_text(rostrum *r, unsigned sidecar, const char *path, rs_buf *out)
{
    rs_cue *chapters = NULL;
    const char **languages = NULL;
    size_t chapter_count = 0, i;
    int rc;
    if (sidecar == ROSTRUM_SIDECAR_VTT)
        return rs__captions_vtt(out, r->captions.cues, r->captions.cue_count, RS__SAMPLE_RATE);
    if (sidecar == ROSTRUM_SIDECAR_SRT)
        return rs__captions_srt(out, r->captions.cues, r->captions.cue_count, RS__SAMPLE_RATE);
    rc = chapter_cues(r, &chapters, &chapter_count);
    if (rc == 0 && sidecar == ROSTRUM_SIDECAR_CHAPTERS_VTT)
        rc = rs__captions_vtt(out, chapters, chapter_count, RS__SAMPLE_RATE);
    if (rc == 0 && sidecar == ROSTRUM_SIDECAR_PAGE) {
        char captions_path[4096], chapters_path[4096];
        rs_page_info page;
        memset(&page, 0, sizeof page);
        rostrum_sidecar_path(path, ROSTRUM_SIDECAR_VTT, captions_path, sizeof captions_path);
        rostrum_sidecar_path(path, ROSTRUM_SIDECAR_CHAPTERS_VTT, chapters_path, sizeof chapters_path);
        page.title = rs__title_of(r);
        page.speaker = r->opt.artist ? r->opt.artist : r->doc.speaker;
        page.language = r->cast.slots[0].language;
        page.audio_name = base_name(path);
        page.captions_name = base_name(captions_path);
        page.chapters_name = base_name(chapters_path);
        page.plan = &r->plan;
        languages = rs__calloc(r->plan.count ? r->plan.count : 1, sizeof *languages);
        if (!languages) {
            rs__free(chapters);
            return ROSTRUM_ENOMEM;
        }
        for (i = 0; i < r->plan.count; i++) {
            const char *language = r->cast.slots[r->plan.segments[i].voice].language;
            if (strcmp(language, page.language) != 0)
                languages[i] = language;
        }
        page.paragraph_languages = languages;
        page.chapters = chapters;
        page.chapter_count = chapter_count;
        page.captions = &r->captions;
        page.rate = RS__SAMPLE_RATE;
        rc = rs__page_html(out, &page);
        rs__free(languages);
    }
    rs__free(chapters);
    return rc;
}

int rostrum_render_files(rostrum *r, const char *path, rostrum_format format, const char *manifest_path)
{
    rs_outfile audio, manifest, sidecar[SIDECAR_KINDS];
    char *sidecar_paths[SIDECAR_KINDS] = {NULL};
    rs_buf json = {0};
    rostrum_io io = rs__fd_io;
    unsigned wanted;
    size_t k;
    int rc;
    if (!r || !path)
        return ROSTRUM_EINVAL;
    if (r->failed)
        return r->failed;
    wanted = sidecars_wanted(r);
    if (wanted && strcmp(path, "-") == 0)
        return rs__fail(r, ROSTRUM_EINVAL, "captions, chapters and the page are written beside an output file, not stdout");
    if (manifest_path && same_file(path, manifest_path) && strcmp(path, "-") != 0)
        return rs__fail(r, ROSTRUM_EINVAL, "%s: the audio and the manifest cannot be the same file", path);
    if (manifest_path && strcmp(path, "-") == 0 && strcmp(manifest_path, "-") == 0)
        return rs__fail(r, ROSTRUM_EINVAL, "the audio and the manifest cannot both go to stdout");
    if (format == ROSTRUM_FORMAT_AUTO)
        format = rostrum_format_from_path(path);
    /* both destinations are opened first, so that a bad manifest path fails
     * at once and never after the audio has replaced a file */
    rc = open_output(r, path, "output", &audio);
    if (rc)
        return rc;
    if (manifest_path) {
        rc = open_output(r, manifest_path, "manifest", &manifest);
        if (rc) {
            close_output(&audio);
            return rc;
        }
        /* two spellings of one new file ("out.opus", "./out.opus") */
        if (audio.final_path && manifest.final_path && !audio.direct &&
            strcmp(audio.final_path, manifest.final_path) == 0) {
            close_output(&audio);
            close_output(&manifest);
            return rs__fail(r, ROSTRUM_EINVAL, "%s: the audio and the manifest cannot be the same file", path);
        }
    }
    /* the sidecars are opened before the render too, beside a file: not
     * beside a device or pipe written in place (/dev/null.vtt) */
    if (wanted && audio.direct) {
        close_output(&audio);
        if (manifest_path)
            close_output(&manifest);
        return rs__fail(r, ROSTRUM_EINVAL, "%s: captions, chapters and the page are written beside an output file, "
                    "not a device or pipe", path);
    }
    for (k = 0; k < SIDECAR_KINDS; k++) {
        char name[4096];
        sidecar[k].fd = -1;
        if (!(wanted & (1u << k)))
            continue;
        rc = rostrum_sidecar_path(path, 1u << k, name, sizeof name);
        if (rc == 0 && (strcmp(name, path) == 0 || (manifest_path && strcmp(name, manifest_path) == 0)))
            rc = rs__fail(r, ROSTRUM_EINVAL, "%s: the output and its %s would be the same file", name,
                      sidecar_suffix(1u << k) + 1);
        else if (rc)
            rc = rs__fail(r, rc, "%s: the name is too long for its sidecars", path);
        if (rc == 0) {
            sidecar_paths[k] = rs__strdup(name);
            rc = sidecar_paths[k] ? open_output(r, name, "captions", &sidecar[k]) : rs__fail(r, ROSTRUM_ENOMEM, NULL);
        }
        if (rc) {
            rs__free(sidecar_paths[k]); /* not opened */
            while (k-- > 0)
                if (sidecar_paths[k]) {
                    close_output(&sidecar[k]);
                    rs__free(sidecar_paths[k]);
                }
            close_output(&audio);
            if (manifest_path)
                close_output(&manifest);
            return rc;
        }
    }
    if (!audio.seekable) {
        /* a pipe or device cannot seek: only Ogg Opus streams */
        io.seek = NULL;
        io.tell = NULL;
    }
    rc = rostrum_render(r, format, &io, &audio.fd);
    /* a failed write (a full disk, the file size limit) is said of the
     * output it was for, also when it was the spooled audio */
    if (rc == ROSTRUM_EIO && strcmp(path, "-") != 0)
        rs__name_the_file(r, path);
    if (rc == 0 && manifest_path) {
        rc = manifest_text(r, &json);
        if (rc == 0 && rs__fd_io.write(&manifest.fd, json.data, json.len) != 0)
            rc = rs__fail(r, ROSTRUM_EIO, "%s: cannot write the manifest: %s", manifest_path, strerror(errno));
        else if (rc)
            rs__fail(r, rc, NULL);
    }
    rs__buf_free(&json);
    for (k = 0; rc == 0 && k < SIDECAR_KINDS; k++) {
        rs_buf text = {0};
        if (!sidecar_paths[k])
            continue;
        rc = sidecar_text(r, 1u << k, path, &text);
        if (rc)
            rs__fail(r, rc, NULL);
        else if (rs__fd_io.write(&sidecar[k].fd, text.data, text.len) != 0)
            rc = rs__fail(r, ROSTRUM_EIO, "%s: cannot write: %s", sidecar_paths[k], strerror(errno));
        rs__buf_free(&text);
    }
    if (rc == 0)
        rc = commit_output(r, &audio);
    else
        close_output(&audio);
    if (manifest_path) {
        if (rc == 0)
            rc = commit_output(r, &manifest);
        else
            close_output(&manifest);
    }
    for (k = 0; k < SIDECAR_KINDS; k++) {
        if (!sidecar_paths[k])
            continue;
        if (rc == 0)
            rc = commit_output(r, &sidecar[k]);
        else
            close_output(&sidecar[k]);
        rs__free(sidecar_paths[k]);
    }
    return rc;
}

int rostrum_render_file(rostrum *r, const char *path, rostrum_format format)
{
    return rostrum_render_files(r, path, format, NULL);
}

int rostrum_write_manifest(rostrum *r, const char *path)
{
    rs_buf json = {0};
    rs_outfile out;
    int rc;
    if (!r || !path)
        return ROSTRUM_EINVAL;
    if (r->failed)
        return r->failed;
    if (!r->rendered)
        return rs__fail(r, ROSTRUM_ESTATE, "rostrum_write_manifest: render first");
    rc = manifest_text(r, &json);
    if (rc) {
        rs__buf_free(&json);
        return rs__fail(r, rc, NULL);
    }
    rc = open_output(r, path, "manifest", &out);
    if (rc == 0) {
        if (rs__fd_io.write(&out.fd, json.data, json.len) != 0) {
            rc = rs__fail(r, ROSTRUM_EIO, "%s: cannot write: %s", path, strerror(errno));
            close_output(&out);
        } else {
            rc = commit_output(r, &out);
        }
    }
    rs__buf_free(&json);
    return rc;
}
