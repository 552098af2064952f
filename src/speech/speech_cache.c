/* The speech cache: what espeak-ng made of a text in a voice (samples and
 * word and sentence events, in the order they came) kept under a key of
 * both, and passed on again as espeak-ng passed it. */
#include <string.h>

#include "speech/speech.h"

/* replayed samples go on in blocks of this many */
#define REPLAY_CHUNK 8192

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
            int16_t block[REPLAY_CHUNK];
            size_t count = n / 2, done = 0;
            while (rc == 0 && done < count) {
                size_t k = count - done < REPLAY_CHUNK ? count - done : REPLAY_CHUNK;
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
static void speech_key(const rs_voice_choice *c, const char *text, uint64_t key[2])
{
    static const char kind[] = "speech 3"; /* 3: phoneme input ([[...]]) on */
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

/* Speaks text with the selected voice (choice, which rs__synth_select was
 * given): samples to sink, word and sentence events to on_event (may be
 * NULL). With a cache, both come from there when this text was spoken by
 * this voice before: a paragraph's audio is a pure function of its text
 * and voice (synth.c seeds espeak-ng), so a re-render after an edit speaks
 * only what changed. */
int rs__speak(const char *cache_dir, const rs_voice_choice *choice, const char *text, rs_pcm_sink sink, void *user,
              rs_synth_event_fn on_event, void *event_user, char *errmsg, size_t errmsg_size)
{
    speech_recorder rec;
    unsigned char *data;
    size_t len;
    uint64_t key[2];
    int rc;
    if (!cache_dir)
        return rs__synth_text_events(text, sink, user, on_event, event_user, errmsg, errmsg_size);
    speech_key(choice, text, key);
    if (rs__cache_get_bytes(cache_dir, 's', key, &data, &len)) {
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
    rc = rs__synth_text_events(text, record_sink, &rec, record_event, &rec, errmsg, errmsg_size);
    if (rc == 0 && !rec.records.failed)
        rs__cache_put_bytes(cache_dir, 's', key, (const unsigned char *)rec.records.data, rec.records.len);
    rs__buf_free(&rec.records);
    return rc;
}
