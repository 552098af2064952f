/* The stretch encoder lowers only where the peaks are: one loud sentence
 * among quiet ones is encoded again at a gain of its own, the packets of
 * every other sentence stay those of the first encoding, and the decoded
 * file, at its final header gain, keeps under the ceiling. Two loud
 * sentences of one stretch are each encoded again alone: the sentences
 * between them keep their packets. A pipe, which cannot seek, gets the
 * same bytes, all at the end. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ebur128.h>
#include <opusfile.h>

#include "encode/encode.h"
#include "check.h"
#include "memory_io.h"

#define RATE RS__SAMPLE_RATE
#define FRAME 441                 /* 20 ms at 22050 Hz: one packet */
#define SENTENCES 12
#define SENTENCE_FRAMES 150       /* 3 s */
#define PAUSE_FRAMES 30           /* 0.6 s of digital silence */
#define LOUD 6                    /* the sentence read too loud */
/* two sentences of the second stretch (4 to 7) read too loud, two quiet between */
#define LOUD_FIRST 4
#define LOUD_LAST 7
#define LOUD_TWO 0.8              /* their level: over the ceiling, yet not most of the loudness */
#define TARGET_LUFS -19.0
#define CEILING_DB -1.2

/* Sentences of a voiced sound (a few partials under syllables that never
 * fall to zero), each followed by a pause of digital silence; sentences
 * loud_a and loud_b read too loud. */
static int16_t *sentences(size_t *count, size_t loud_a, size_t loud_b)
{
    size_t per = (SENTENCE_FRAMES + PAUSE_FRAMES) * FRAME, i, s;
    int16_t *pcm = calloc(per * SENTENCES, sizeof *pcm);
    for (s = 0; pcm && s < SENTENCES; s++) {
        double level = s == loud_a || s == loud_b ? (loud_a == loud_b ? 0.9 : LOUD_TWO) : 0.2, f0 = 110.0 + 7.0 * (double)s;
        for (i = 0; i < SENTENCE_FRAMES * FRAME; i++) {
            double t = (double)i / RATE, v = 0.0;
            double syllable = 0.55 + 0.45 * sin(2.0 * M_PI * 4.0 * t);
            double fade = i < 200 ? (double)i / 200.0 : i > SENTENCE_FRAMES * FRAME - 200 ? (double)(SENTENCE_FRAMES * FRAME - i) / 200.0 : 1.0;
            int h;
            for (h = 1; h <= 8; h++)
                v += sin(2.0 * M_PI * f0 * h * t + h) / h;
            pcm[s * per + i] = (int16_t)lrint(32767.0 * level * syllable * fade * v / 2.3);
        }
    }
    *count = per * SENTENCES;
    return pcm;
}

typedef struct rendered {
    memory_out out;
    rs_stretch_stats stats;
    double lufs, true_peak_db, gain_db;
    size_t before_gain; /* bytes written when the encoding was finished */
} rendered;

/* An output that cannot seek, as a pipe. */
static const rostrum_io pipe_io = {memory_write, NULL, NULL};

static int refuse_write(void *user, const void *data, size_t len)
{
    (void)user;
    (void)data;
    (void)len;
    return -1;
}

/* A pipe that is closed: every write fails. */
static const rostrum_io closed_pipe_io = {refuse_write, NULL, NULL};

/* Encodes pcm to io: *e is left for the caller to destroy (NULL if it
 * could not start). */
static int encode_to(const rostrum_io *io, const int16_t *pcm, size_t count, int lower, int threads, rendered *r,
                     rs_encoder **out)
{
    static const rs_tag tags[] = {{"TITLE", "stretch test"}};
        uint64_t cuts[SENTENCES];
    size_t cut_count = 0, s;
    rs_encode_params p;
    rs_stretch_options so;
    rs_encoder *e = NULL;
    char errmsg[256];
    int rc;
    /* a stretch of four sentences, cut in the middle of a pause */
    for (s = 4; s < SENTENCES; s += 4)
        cuts[cut_count++] = (uint64_t)(s * (SENTENCE_FRAMES + PAUSE_FRAMES) - PAUSE_FRAMES / 2) * FRAME;
    memset(r, 0, sizeof *r);
    memset(&p, 0, sizeof p);
    p.rate = RATE;
    p.bitrate_kbps = 24;
    p.complexity = 5;
    p.serial = 7;
    p.measure = 1;
    p.lower_peaks = lower;
    p.target_lufs = TARGET_LUFS;
    p.ceiling_db = CEILING_DB;
    p.tags = tags;
    p.tag_count = 1;
    memset(&so, 0, sizeof so);
    so.cuts = cuts;
    so.cut_count = cut_count;
    so.threads = threads;
    so.stats = &r->stats;
    rc = rs__encoder_stretch_create(&e, &p, &so, io, &r->out, errmsg, sizeof errmsg);
    if (rc == 0)
        rc = e->vt->write(e, pcm, count);
    if (rc == 0)
        rc = e->vt->finish(e);
    r->before_gain = r->out.len;
    if (rc == 0)
        rc = e->vt->result(e, &r->lufs, &r->true_peak_db);
    if (rc == 0) {
        r->gain_db = TARGET_LUFS - r->lufs;
        rc = e->vt->set_gain(e, r->gain_db);
    }
    *out = e;
    return rc;
}

static int render_to(const rostrum_io *io, const int16_t *pcm, size_t count, int lower, int threads, rendered *r)
{
    rs_encoder *e = NULL;
    int rc = encode_to(io, pcm, count, lower, threads, r, &e);
    if (e)
        e->vt->destroy(e);
    return rc;
}

static int render(const int16_t *pcm, size_t count, int lower, int threads, rendered *r)
{
    return render_to(&memory_io, pcm, count, lower, threads, r);
}

/* The Opus packets of an Ogg stream, after its two headers. */
static size_t packets_of(const memory_out *m, const unsigned char **starts, size_t *lengths, size_t most)
{
    size_t at = 0, n = 0, len = 0, seen = 0;
    const unsigned char *start = NULL;
    while (at + 27 <= m->len && memcmp(m->data + at, "OggS", 4) == 0) {
        size_t segments = m->data[at + 26], body = at + 27 + segments, k;
        for (k = 0; k < segments; k++) {
            size_t lace = m->data[at + 27 + k];
            if (!start)
                start = m->data + body;
            len += lace;
            body += lace;
            if (lace < 255) {
                if (seen++ >= 2 && n < most) {
                    starts[n] = start;
                    lengths[n++] = len;
                }
                start = NULL;
                len = 0;
            }
        }
        at = body;
    }
    return n;
}

/* The true peak of the file as a player decodes it, header gain and all,
 * as libebur128 finds it (sample peaks included). */
static double decoded_peak_db(const memory_out *m)
{
    int err = 0;
    OggOpusFile *of = op_open_memory(m->data, m->len, &err);
    ebur128_state *st = ebur128_init(1, 48000, EBUR128_MODE_M | EBUR128_MODE_TRUE_PEAK | EBUR128_MODE_SAMPLE_PEAK);
    float pcm[5760];
    double peak = HUGE_VAL, sample = 0.0, interpolated = 0.0;
    int n = -1;
    while (of && st && (n = op_read_float(of, pcm, 5760, NULL)) > 0)
        if (ebur128_add_frames_float(st, pcm, (size_t)n) != EBUR128_SUCCESS)
            break;
    if (n == 0 && ebur128_sample_peak(st, 0, &sample) == EBUR128_SUCCESS &&
        ebur128_true_peak(st, 0, &interpolated) == EBUR128_SUCCESS)
        peak = 20.0 * log10(sample > interpolated ? sample : interpolated);
    if (st)
        ebur128_destroy(&st);
    if (of)
        op_free(of);
    return peak;
}

/* Whether packet i lies in (or next to) loud sentence a or b. */
static int near_loud(size_t i, size_t a, size_t b)
{
    size_t k, loud[2] = {a, b};
    for (k = 0; k < 2; k++) {
        size_t from = loud[k] * (SENTENCE_FRAMES + PAUSE_FRAMES), to = from + SENTENCE_FRAMES;
        if (i + 1 >= from && i <= to + 1)
            return 1;
    }
    return 0;
}

static void test_only_the_loud(size_t loud_a, size_t loud_b)
{
    size_t count = 0, i, a_n, b_n, changed = 0, outside = 0, parts = loud_a == loud_b ? 1 : 2;
    int16_t *pcm = sentences(&count, loud_a, loud_b);
    static const unsigned char *a_at[4096], *b_at[4096];
    static size_t a_len[4096], b_len[4096];
    rendered first, lowered, threaded, piped;
    CHECK(pcm != NULL);
    if (!pcm)
        return;
    CHECK(render(pcm, count, 0, 1, &first) == 0);
    CHECK(render(pcm, count, 1, 1, &lowered) == 0);
    CHECK(render(pcm, count, 1, 3, &threaded) == 0);
    CHECK(render_to(&pipe_io, pcm, count, 1, 2, &piped) == 0);
    /* the test means something: as first encoded, the loud sentence would
     * break the ceiling at the final gain */
    fprintf(stderr, "first: %.2f LUFS, peak %.2f dBTP at %+.2f dB; lowered: %.2f LUFS, peak %.2f dBTP at %+.2f dB\n",
            first.lufs, first.true_peak_db, first.gain_db, lowered.lufs, lowered.true_peak_db, lowered.gain_db);
    CHECK(first.true_peak_db + first.gain_db > CEILING_DB + (parts == 1 ? 1.0 : 0.0));
    CHECK(first.stats.lowered == 0);
    CHECK(lowered.stats.lowered >= 1);
    CHECK(lowered.true_peak_db + lowered.gain_db <= CEILING_DB + 0.05);
    /* as a player hears it */
    CHECK(decoded_peak_db(&lowered.out) <= CEILING_DB + 0.1);
    /* every packet outside the loud sentences is the first encoding's */
    a_n = packets_of(&first.out, a_at, a_len, 4096);
    b_n = packets_of(&lowered.out, b_at, b_len, 4096);
    CHECK(a_n == b_n && a_n >= count / FRAME);
    for (i = 0; i < a_n && i < b_n; i++) {
        if (a_len[i] == b_len[i] && memcmp(a_at[i], b_at[i], a_len[i]) == 0)
            continue;
        changed++;
        if (!near_loud(i, loud_a, loud_b))
            outside++;
    }
    fprintf(stderr, "%zu packets, %zu encoded again, %zu outside the loud sentences\n", a_n, changed, outside);
    CHECK(changed > parts * SENTENCE_FRAMES / 2);
    CHECK(outside == 0);
    /* any thread count gives the same bytes */
    CHECK(threaded.out.len == lowered.out.len &&
          memcmp(threaded.out.data, lowered.out.data, lowered.out.len) == 0);
    /* a pipe gets nothing until the gain is set, and then a file's bytes */
    CHECK(lowered.before_gain > 0 && piped.before_gain == 0);
    CHECK(piped.out.len == lowered.out.len && memcmp(piped.out.data, lowered.out.data, lowered.out.len) == 0);
    free(piped.out.data);
    free(first.out.data);
    free(lowered.out.data);
    free(threaded.out.data);
    free(pcm);
}

/* A pipe's gain is set once: again, nothing more is written. A pipe that
 * cannot be written fails the setting of the gain, when its bytes go. */
static void test_pipe_once(void)
{
    size_t count = 0, len;
    int16_t *pcm = sentences(&count, LOUD, LOUD);
    rs_encoder *e = NULL;
    rendered piped, closed;
    CHECK(pcm != NULL);
    if (!pcm)
        return;
    CHECK(encode_to(&pipe_io, pcm, count / 3, 1, 1, &piped, &e) == 0);
    len = piped.out.len;
    CHECK(len > 0 && e != NULL);
    CHECK(e == NULL || e->vt->set_gain(e, piped.gain_db) == ROSTRUM_ESTATE);
    CHECK(piped.out.len == len);
    if (e)
        e->vt->destroy(e);
    e = NULL;
    CHECK(encode_to(&closed_pipe_io, pcm, count / 3, 1, 1, &closed, &e) == ROSTRUM_EIO);
    CHECK(closed.before_gain == 0);
    if (e)
        e->vt->destroy(e);
    free(piped.out.data);
    free(pcm);
}

int main(void)
{
    test_pipe_once();
    test_only_the_loud(LOUD, LOUD);
    test_only_the_loud(LOUD_FIRST, LOUD_LAST);
    return check_report("test_stretch");
}
