/* The timeline: sample offsets to chapter times, and the streaming trimmer
 * that makes the silence around every paragraph the same. Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio.h"

uint64_t rs__samples_to_ms(uint64_t sample, unsigned rate)
{
    return (sample * 1000 + rate / 2) / rate;
}

void rs__format_chapter_time(uint64_t sample, unsigned rate, char out[32])
{
    uint64_t ms = rs__samples_to_ms(sample, rate);
    uint64_t hours = ms / 3600000;
    unsigned minutes = (unsigned)(ms / 60000 % 60);
    unsigned seconds = (unsigned)(ms / 1000 % 60);
    unsigned millis = (unsigned)(ms % 1000);
    snprintf(out, 32, "%02llu:%02u:%02u.%03u", (unsigned long long)hours, minutes, seconds, millis);
}

int rs__trimmer_init(rs_trimmer *t, int threshold, size_t lead_guard, size_t tail_guard,
                     size_t held_limit, rs_pcm_sink sink, void *user)
{
    memset(t, 0, sizeof *t);
    t->threshold = threshold;
    t->lead_guard = lead_guard;
    t->tail_guard = tail_guard;
    t->held_limit = held_limit > lead_guard ? held_limit : lead_guard;
    t->sink = sink;
    t->sink_user = user;
    t->held_cap = t->held_limit;
    t->held = rs__malloc(t->held_cap * sizeof *t->held);
    return t->held ? 0 : ROSTRUM_ENOMEM;
}

void rs__trimmer_reset(rs_trimmer *t)
{
    t->heard = 0;
    t->held_len = 0;
}

void rs__trimmer_free(rs_trimmer *t)
{
    rs__free(t->held);
    t->held = NULL;
}

static int commit(rs_trimmer *t, const int16_t *pcm, size_t count)
{
    int rc;
    if (count == 0)
        return 0;
    rc = t->sink(t->sink_user, pcm, count);
    if (rc == 0)
        t->committed += count;
    return rc;
}

static int commit_zeros(rs_trimmer *t, size_t count)
{
    static const int16_t zeros[256];
    int rc = 0;
    while (rc == 0 && count > 0) {
        size_t n = count < 256 ? count : 256;
        rc = commit(t, zeros, n);
        count -= n;
    }
    return rc;
}

/* Adds quiet samples to the held run. Before the first sound only the last
 * lead_guard samples matter; inside speech a run longer than held_limit is
 * committed as it is (a long pause the author wrote). */
static int hold(rs_trimmer *t, const int16_t *pcm, size_t count)
{
    while (count > 0) {
        size_t room, take;
        if (t->held_len == t->held_cap) {
            if (!t->heard) {
                size_t drop = t->held_len - t->lead_guard;
                memmove(t->held, t->held + drop, t->lead_guard * sizeof *t->held);
                t->held_len = t->lead_guard;
            } else {
                int rc = commit(t, t->held, t->held_len);
                if (rc)
                    return rc;
                t->held_len = 0;
            }
        }
        room = t->held_cap - t->held_len;
        take = count < room ? count : room;
        memcpy(t->held + t->held_len, pcm, take * sizeof *pcm);
        t->held_len += take;
        pcm += take;
        count -= take;
    }
    return 0;
}

int rs__trimmer_push(rs_trimmer *t, const int16_t *pcm, size_t count)
{
    size_t i = 0;
    while (i < count) {
        size_t start = i;
        int rc;
        /* a quiet run */
        while (i < count && abs(pcm[i]) < t->threshold)
            i++;
        rc = hold(t, pcm + start, i - start);
        if (rc)
            return rc;
        if (i == count)
            break;
        /* sound: release what is held (only the lead guard before the first sound) */
        if (!t->heard) {
            size_t keep = t->held_len < t->lead_guard ? t->held_len : t->lead_guard;
            /* pad a short lead with silence so every paragraph starts alike */
            rc = commit_zeros(t, t->lead_guard - keep);
            if (rc == 0)
                rc = commit(t, t->held + (t->held_len - keep), keep);
            t->heard = 1;
        } else {
            rc = commit(t, t->held, t->held_len);
        }
        t->held_len = 0;
        if (rc)
            return rc;
        start = i;
        while (i < count && abs(pcm[i]) >= t->threshold)
            i++;
        /* a loud run ends at the next quiet sample */
        rc = commit(t, pcm + start, i - start);
        if (rc)
            return rc;
    }
    return 0;
}

int rs__trimmer_finish(rs_trimmer *t)
{
    int rc = 0;
    if (t->heard) {
        size_t keep = t->held_len < t->tail_guard ? t->held_len : t->tail_guard;
        rc = commit(t, t->held, keep);
        /* pad a short tail with silence so every paragraph ends alike */
        if (rc == 0)
            rc = commit_zeros(t, t->tail_guard - keep);
    }
    t->held_len = 0;
    t->heard = 0;
    return rc;
}

/* seams between stretches: this far before a paragraph (60 ms of silence),
 * with at least SEAM_CLEAR of silence before them for the encoder's
 * lookahead and the resampler (together about 10 ms) */
#define SEAM_MARGIN (3 * RS__FRAME_SAMPLES)
#define SEAM_CLEAR (2 * RS__FRAME_SAMPLES)

/* Seams for encoding in stretches: SEAM_MARGIN before every paragraph
 * (which starts on a frame boundary), when the digital silence before it is
 * long enough. A stretch then holds one paragraph and the pause after it,
 * whatever comes before: an edit changes only its own stretch. */
int rs__seam_before(uint64_t prev_end, uint64_t start, uint64_t *seam)
{
    if (start < prev_end + SEAM_MARGIN + SEAM_CLEAR || start % RS__FRAME_SAMPLES != 0)
        return 0;
    *seam = start - SEAM_MARGIN;
    return 1;
}
