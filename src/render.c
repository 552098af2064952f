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

#define GAIN_ROUNDS 6
/* how deep (dB) the limiter may cut the highest peaks and still count as light */
#define LIGHT_LIMITING_DB 6.0
/* the decoded true peak is kept this far under -1 dBTP, for meters that
 * read a tenth of a dB higher than libebur128 */
#define TRUE_PEAK_SAFETY_DB 0.2
#define DEFAULT_CACHE_MB 512
/* how much speech a trial encoding of a lossy codec without a header gain
 * hears: its effect on the loudness came out the same (within 0.05 LU) as
 * with 10 s, at half the cost (a tenth of a 2-minute statement's AAC) */
#define TRIAL_SECONDS 5
/* The cache's kind for calibrated gains (see calibrated_gain), and the
 * version of how they are found: raise it when that changes. */
#define CALIBRATED_GAIN_KIND 'g'
#define CALIBRATED_GAIN_FORMAT 1
/* what a trial encoding's overshoot of the peaks is taken to miss */
#define CODEC_OVERSHOOT_SAFETY_DB 0.5
/* a codec changes the loudness by a LU or so; a trial that says more
 * heard too little speech to tell */
#define CODEC_CHANGE_MAX_DB 3.0



/* The limiter's ceiling at the render's gain, lower by what a codec
 * without a header gain needs (correct_for_codec). */
static double limiter_ceiling(const rostrum *r)
{
    return rs__limiter_ceiling(r->gain_db) - r->codec_headroom_db;
}

/* The render's one gain (see rs__estimate_gain). */
static int estimate_gain(rostrum *r, FILE *spool, uint64_t total, double sample_peak_db, int rounds)
{
    int rc = rs__estimate_gain(spool, total, r->opt.loudness_lufs, r->measured_lufs, sample_peak_db, rounds,
                               &r->gain_db);
    return rc ? rs__fail(r, rc, rc == ROSTRUM_EIO ? "cannot read temporary audio back" : NULL) : 0;
}

/* The loudness of the spool as the limiter will shape it. */
static int measure_limited(rostrum *r, FILE *spool, uint64_t total, double *lufs)
{
    int rc = rs__measure_limited(spool, total, limiter_ceiling(r), lufs);
    return rc ? rs__fail(r, rc, rc == ROSTRUM_EIO ? "cannot read temporary audio back" : NULL) : 0;
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

/* Tags for the encoder: metadata, the caller's tags, a chapter for the
 * intro, every chapter of the plan and the outro, then the cover. Keys and
 * times live in storage, freed by the caller with the tags. */
static int build_tags(rostrum *r, rs_tag **tags_out, size_t *count_out, char **storage_out)
{
    rs_tag_info info;
    rs_chapter_mark *marks = rs__calloc(r->plan.count + 2, sizeof *marks);
    size_t n;
    int rc;
    if (!marks)
        return ROSTRUM_ENOMEM;
    n = rs__audio_chapters(r, marks);
    snprintf(r->encoder_tag, sizeof r->encoder_tag, "rostrum %s", ROSTRUM_VERSION);
    memset(&info, 0, sizeof info);
    info.title = rs__title_of(r);
    info.album = rs__album_of(r);
    info.artist = r->opt.artist ? r->opt.artist : r->doc.speaker;
    info.date = r->opt.date ? r->opt.date : r->doc.date;
    info.language = r->cast.slots[0].language;
    info.encoder = r->encoder_tag;
    info.extra = r->extra_tags;
    info.extra_count = r->opt.extra_tag_count;
    info.chapters = marks;
    info.chapter_count = n;
    info.cover = r->media.cover_tag;
    rc = rs__tags_build(&info, RS__SAMPLE_RATE, tags_out, count_out, storage_out);
    rs__free(marks);
    return rc;
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

/* Where the stretches meet (see rs__seam_before): before every paragraph
 * and the outro whose silence allows it. */
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
        if (have_prev && rs__seam_before(prev_end, start, &r->seams[r->seam_count]))
            r->seam_count++;
        prev_end = end;
        have_prev = 1;
    }
    return 0;
}

int rs__bitrate_kbps(const rostrum *r, rostrum_format format)
{
    const rs_container *container = rs__container_of(format);
    if (r->opt.bitrate_kbps > 0)
        return r->opt.bitrate_kbps;
    return container && container->default_kbps ? container->default_kbps : 24;
}

/* What every encoder of format is given; the tags come apart. */
static void encode_params(const rostrum *r, rostrum_format format, rs_encode_params *params)
{
    memset(params, 0, sizeof *params);
    params->rate = RS__SAMPLE_RATE;
    params->bitrate_kbps = rs__bitrate_kbps(r, format);
    params->complexity = r->opt.complexity;
    params->gain_db = r->gain_db;
    params->serial = stream_serial(r);
    params->measure = 1;
    params->lower_peaks = 1;
    params->target_lufs = r->opt.loudness_lufs;
    params->ceiling_db = RS__TRUE_PEAK_CEILING - TRUE_PEAK_SAFETY_DB;
}

static void stretch_options(rostrum *r, rs_stretch_options *so);

static int thread_count(const rostrum *r)
{
    long n = r->opt.threads ? r->opt.threads : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > RS__MAX_THREADS ? RS__MAX_THREADS : (int)n;
}

/* Whether an output of format is encoded in stretches: a container that
 * can be (Ogg Opus), on any number of threads (one too: only stretches can
 * be lowered one by one where their peaks need it, and they skip encoding
 * pauses), to a file or a pipe alike (a pipe gets the stream at the end,
 * with its final gain). Stretches shape the bytes, so the render key
 * (key.c) counts this too. */
int rs__encodes_in_stretches(const rostrum *r, rostrum_format format)
{
    const rs_container *container = rs__container_of(format);
    (void)r;
    return container && container->create_stretched;
}

static int finish_encoder(rostrum *r, rs_encoder *enc, rostrum_format format);

/* Says why the encoder failed: a temporary file of its own, the output,
 * or what rc says. */
static int encoder_failed(rostrum *r, int rc)
{
    if (rc == RS__ESPOOL)
        return rs__fail(r, ROSTRUM_EIO, "cannot write temporary audio: %s", strerror(errno));
    return rs__fail(r, rc, rc == ROSTRUM_EIO ? "cannot write the output (disk full?)" : NULL);
}

/* Pass two: the spool is read back through the peak limiter into the
 * encoder. What the encoder produces is decoded and measured on another
 * thread, and the Opus header gain is set from that measurement. */
static int encode_all(rostrum *r, FILE *spool, rostrum_format format, const rostrum_io *io, void *io_user,
                      uint64_t total)
{
    rs_encode_params params;
    rs_encoder *enc = NULL;
    rs_limited_reader lr;
    rs_tag *tags = NULL;
    char *storage = NULL;
    size_t tag_count = 0;
    int rc = build_tags(r, &tags, &tag_count, &storage);
    memset(&lr, 0, sizeof lr);
    if (rc)
        return rs__fail(r, rc, NULL);
    encode_params(r, format, &params);
    params.tags = tags;
    params.tag_count = tag_count;
    params.total_samples = total;
    rc = rs__limited_reader_open(&lr, spool, total, limiter_ceiling(r));
    if (rc) {
        rs__fail(r, rc, NULL);
        goto done;
    }
    if (rs__encodes_in_stretches(r, format)) {
        rs_stretch_options so;
        stretch_options(r, &so);
        rc = find_seams(r);
        so.cuts = r->seams;
        so.cut_count = r->seam_count;
        if (rc == 0)
            rc = rs__container_of(format)->create_stretched(&enc, &params, &so, io, io_user, r->errmsg,
                                                            sizeof r->errmsg);
    } else
        rc = rs__container_of(format)->create(&enc, format, &params, io, io_user, r->errmsg, sizeof r->errmsg);
    if (rc) {
        rs__fail(r, rc, NULL);
        goto done;
    }
    while (rs__limited_reader_more(&lr)) {
        const int16_t *block;
        size_t count;
        rc = rs__limited_reader_next(&lr, &block, &count);
        if (rc) {
            rs__fail(r, rc, "cannot read temporary audio back");
            goto done;
        }
        rc = enc->vt->write(enc, block, count);
        if (rc) {
            encoder_failed(r, rc);
            goto done;
        }
        rc = rs__report(r, ROSTRUM_STAGE_ENCODE, lr.done, total);
        if (rc)
            goto done;
    }
    rc = finish_encoder(r, enc, format);
done:
    if (enc)
        enc->vt->destroy(enc);
    rs__limited_reader_close(&lr);
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
    so->job_server_read = r->opt.job_server_read;
    so->job_server_write = r->opt.job_server_write;
    so->stats = &r->stretch_stats;
}

/* The gain the limiter works from when it is placed before the speech is
 * measured (a stretched Opus file): the voices' calibrated level, less
 * what the limiter takes from the calibration speech at that gain, found
 * in rounds as for a spool (rs__estimate_gain). Without that the final
 * gain would come out higher than the limiter's by what the limiter took
 * (most of a dB), and lift its peaks over the ceiling. It depends on the
 * voices alone, so stretches keep their place in the cache. */
static int trial_encode(rostrum *r, FILE *spool, rostrum_format format, uint64_t from, uint64_t total,
                        double *loudness_db, double *overshoot_db);

/* A trial's change in loudness (dB) as the codec's: 0 when it cannot be. */
static double codec_change(double loudness_db)
{
    return fabs(loudness_db) < CODEC_CHANGE_MAX_DB ? loudness_db : 0.0;
}

/* The key of a calibrated gain in the cache: everything that shapes it. */
static void calibrated_key(const rostrum *r, const rs_calibration *c, rostrum_format format, uint64_t key[2])
{
    rs_encode_params params;
    double numbers[4];
    int32_t settings[6];
    rs_digest d;
    encode_params(r, format, &params);
    numbers[0] = r->opt.loudness_lufs;
    numbers[1] = r->calibrated_lufs;
    numbers[2] = r->codec_headroom_db;
    numbers[3] = CODEC_CHANGE_MAX_DB;
    settings[0] = CALIBRATED_GAIN_FORMAT;
    settings[1] = (int32_t)format;
    settings[2] = params.bitrate_kbps;
    settings[3] = params.complexity;
    settings[4] = GAIN_ROUNDS;
    settings[5] = TRIAL_SECONDS;
    rs__digest_init(&d);
    rs__digest_versions(&d, r, format);
    rs__digest_field(&d, settings, sizeof settings);
    rs__digest_field(&d, numbers, sizeof numbers);
    rs__digest_field(&d, c->speech, c->count * sizeof *c->speech);
    key[0] = d.lane[0];
    key[1] = d.lane[1];
}

/* A calibrated gain kept in r's cache: 1 if found. */
static int cached_gain(const rostrum *r, const uint64_t key[2], double *gain_db)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int found = 0;
    if (rs__cache_get_bytes(r->opt.cache_dir, CALIBRATED_GAIN_KIND, key, &data, &len)) {
        uint64_t bits;
        double kept;
        if (len == sizeof bits) {
            bits = rs__get_le(data, 8);
            memcpy(&kept, &bits, sizeof kept);
            found = isfinite(kept);
            if (found)
                *gain_db = kept;
        }
        rs__free(data);
    }
    return found;
}

static int calibrated_gain(rostrum *r, rs_spool_writer *w, rostrum_format format)
{
    const rs_calibration *c = &w->calibration;
    FILE *speech;
    int peak = 0, rc;
    double peak_db, change = NAN, overshoot;
    uint64_t key[2], bits;
    unsigned char kept[8];
    size_t i;
    r->gain_db = r->opt.loudness_lufs - r->calibrated_lufs;
    if (c->count == 0 || !isfinite(r->calibrated_lufs))
        return 0;
    /* the same voices at the same settings: the gain a render found before
     * (the key hashes the calibration speech: only when there is a cache) */
    if (r->opt.cache_dir) {
        calibrated_key(r, c, format, key);
        if (cached_gain(r, key, &r->gain_db))
            return 0;
    }
    for (i = 0; i < c->count; i++)
        if (abs(c->speech[i]) > peak)
            peak = abs(c->speech[i]);
    peak_db = peak ? 20.0 * log10(peak / 32768.0) : -HUGE_VAL;
    speech = fmemopen(c->speech, c->count * sizeof *c->speech, "rb");
    if (!speech)
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    rc = rs__estimate_gain(speech, c->count, r->opt.loudness_lufs, r->calibrated_lufs, peak_db, GAIN_ROUNDS,
                           &r->gain_db);
    /* the codec takes its share of the loudness, more for some voices than
     * others (0.5 LU of English at 24 kbit/s, 2.5 of Russian, whose
     * hissing sounds lie where the codec cuts): the decoded stream gets
     * that much more gain, so the limiter must work from it too, or the
     * peaks it let through are lifted over the ceiling */
    if (rc == 0)
        rc = trial_encode(r, speech, format, 0, c->count, &change, &overshoot);
    if (rc == 0 && codec_change(change) != 0.0)
        rc = rs__estimate_gain(speech, c->count, r->opt.loudness_lufs - codec_change(change), r->calibrated_lufs,
                               peak_db, GAIN_ROUNDS, &r->gain_db);
    fclose(speech);
    if (rc)
        return rs__fail(r, rc, NULL);
    /* a cache that cannot be written costs speed, not the render */
    memcpy(&bits, &r->gain_db, sizeof bits);
    rs__put_le(kept, bits, 8);
    if (r->opt.cache_dir)
        rs__cache_put_bytes(r->opt.cache_dir, CALIBRATED_GAIN_KIND, key, kept, sizeof kept);
    return 0;
}

/* Encoding while speaking (Opus in stretches): the limiter
 * works from the voices' calibrated level, so the stretches can be encoded
 * as soon as they are spoken; the headers, whose chapters are known only at
 * the end, wait until then. */
static int start_streaming(rostrum *r, rs_spool_writer *w, const rostrum_io *io, void *io_user)
{
    rs_encode_params params;
    rs_stretch_options so;
    int rc;
    rc = calibrated_gain(r, w, ROSTRUM_FORMAT_OPUS);
    if (rc)
        return rc;
    encode_params(r, ROSTRUM_FORMAT_OPUS, &params);
    stretch_options(r, &so);
    rc = seams_alloc(r);
    if (rc == 0)
        rc = rs__limiter_create(&w->limiter, RS__SAMPLE_RATE, limiter_ceiling(r));
    if (rc == 0) {
        w->limited = rs__malloc((RS__SPOOL_CHUNK + rs__limiter_delay(w->limiter)) * sizeof *w->limited);
        rc = w->limited ? 0 : ROSTRUM_ENOMEM;
    }
    if (rc)
        return rs__fail(r, rc, NULL);
    rc = rs__encoder_stretch_create(&w->encoder, &params, &so, io, io_user, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

static int finish_streaming(rostrum *r, rs_spool_writer *w)
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
        return encoder_failed(r, rc);
    rc = finish_encoder(r, w->encoder, ROSTRUM_FORMAT_OPUS);
    /* what the gain was applied to: the decoded stream before it */
    r->measured_lufs = r->output_lufs - r->gain_db;
    if (rc == 0)
        rc = rs__report(r, ROSTRUM_STAGE_ENCODE, w->position, w->position);
    return rc;
}

static int finish_encoder(rostrum *r, rs_encoder *enc, rostrum_format format)
{
    int rc = enc->vt->finish(enc);
    if (rc)
        return encoder_failed(r, rc);
    rc = enc->vt->result(enc, &r->output_lufs, &r->true_peak_db);
    if (rc == RS__ESPOOL)
        return encoder_failed(r, rc);
    if (rc)
        return rs__fail(r, rc, "cannot measure loudness");
    if (rs__container_of(format)->header_gain) {
        /* the meter heard the decoded stream without its header gain; set
         * the gain that brings exactly that to the target under the ceiling */
        double gain = r->opt.loudness_lufs - r->output_lufs;
        if (isfinite(r->true_peak_db) && r->true_peak_db + gain > RS__TRUE_PEAK_CEILING - TRUE_PEAK_SAFETY_DB)
            gain = RS__TRUE_PEAK_CEILING - TRUE_PEAK_SAFETY_DB - r->true_peak_db;
        if (!isfinite(gain))
            gain = r->gain_db;
        /* (a pipe's stream goes out now, with its headers) */
        rc = enc->vt->set_gain(enc, gain);
        if (rc == 0)
            r->gain_db = gain;
        else if (rc != ROSTRUM_EUNSUPPORTED)
            return encoder_failed(r, rc);
        /* an encoder that cannot set it keeps the gain estimated before */
        r->output_lufs += r->gain_db;
        r->true_peak_db += r->gain_db;
    }
    return 0;
}

/* Opens the synthesizer (w->synth_open) and matches the voices' levels;
 * the document's voice is selected after. */
static int prepare_voices(rostrum *r, rs_spool_writer *w)
{
    int rc;
    if (r->opt.cache_dir && mkdir(r->opt.cache_dir, 0777) != 0 && errno != EEXIST)
        return rs__fail(r, ROSTRUM_EIO, "%s: cannot create the cache folder: %s", r->opt.cache_dir, strerror(errno));
    rc = rs__synth_open(r->errmsg, sizeof r->errmsg);
    if (rc)
        return rs__fail(r, rc, NULL);
    w->synth_open = 1;
    rc = rs__calibrate_voices(&r->cast, &r->plan, rs__speech_cache(r), &w->calibration, r->errmsg, sizeof r->errmsg);
    r->calibrated_lufs = w->calibration.lufs;
    if (rc == 0)
        rc = rs__synth_select(&r->cast.slots[0].choice, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

/* Where the speech goes: straight through the limiter to the stretch
 * encoder, or to a spool read back once its loudness is known; and the
 * meter that hears it on the way. */
static int open_destination(rostrum *r, rs_spool_writer *w, rostrum_format format, const rostrum_io *io,
                            void *io_user)
{
    int rc;
    /* an intro or outro is levelled to the speech once all is spoken, so
     * it goes through the spool */
    if (rs__encodes_in_stretches(r, format) && isfinite(r->calibrated_lufs) &&
        r->media.parts[RS__INTRO].audio.count == 0 && r->media.parts[RS__OUTRO].audio.count == 0) {
        rc = start_streaming(r, w, io, io_user);
        if (rc)
            return rc;
    } else {
        w->spool = tmpfile();
        if (!w->spool)
            return rs__fail(r, ROSTRUM_EIO, "cannot create temporary audio file: %s", strerror(errno));
    }
    /* encoding while speaking, the stretches' decoded stream is measured
     * and gives the loudness before the gain too (finish_streaming): the
     * speech needs no meter of its own */
    if (w->encoder)
        return 0;
    /* encoded in stretches later, the decoded stream is measured: the
     * speech's sample peak will do */
    rc = rs__meter_start(&w->meter, RS__SAMPLE_RATE, !rs__encodes_in_stretches(r, format), NULL, NULL);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

/* Speaks every paragraph, builds the captions from its words, closes the
 * synthesizer and takes the speech's loudness and peak from the meter. */
static int speak_and_measure(rostrum *r, rs_spool_writer *w)
{
    int rc = rs__synthesize_all(r, w);
    if (rc == 0)
        rc = rs__build_captions(r);
    if (rc)
        return rc;
    rs__synth_close();
    w->synth_open = 0;
    /* the true peak, a little above the sample peak, places the limiter */
    rc = w->meter ? rs__meter_finish(w->meter, &r->measured_lufs, &w->peak_db) : 0;
    if (rc)
        return rs__fail(r, rc, "cannot measure loudness");
    r->total_samples = w->position;
    return 0;
}

/* An output that keeps nothing: a trial encoding goes there. */
typedef struct discard_output {
    int64_t at, end;
} discard_output;

static int discard_write(void *user, const void *data, size_t len)
{
    discard_output *d = user;
    (void)data;
    d->at += (int64_t)len;
    if (d->at > d->end)
        d->end = d->at;
    return 0;
}

static int discard_seek(void *user, int64_t offset, int whence)
{
    discard_output *d = user;
    int64_t to = whence == SEEK_SET ? offset : whence == SEEK_CUR ? d->at + offset : d->end + offset;
    if (to < 0)
        return -1;
    d->at = to;
    return 0;
}

static int64_t discard_tell(void *user)
{
    return ((discard_output *)user)->at;
}

static const rostrum_io discard_io = {discard_write, discard_seek, discard_tell};

/* Encodes TRIAL_SECONDS of the limited speech (from the first paragraph)
 * at the render's gain to an output that keeps nothing, decodes it, and
 * says how the codec changed the loudness (*loudness_db) and by how much
 * the decoded true peak passes the sample peak that went in
 * (*overshoot_db); NAN when there was too little sound to tell. */
static int trial_encode(rostrum *r, FILE *spool, rostrum_format format, uint64_t from, uint64_t total,
                        double *loudness_db, double *overshoot_db)
{
    const rs_container *container = rs__container_of(format);
    uint64_t seen = 0;
    uint64_t want = (uint64_t)TRIAL_SECONDS * RS__SAMPLE_RATE;
    discard_output discard = {0, 0};
    rs_encode_params params;
    rs_limited_reader lr;
    rs_loudness *heard = NULL;
    rs_encoder *enc = NULL;
    double in_lufs = NAN, in_peak = NAN, out_lufs = NAN, out_peak = NAN;
    char errmsg[256] = "";
    int rc;
    encode_params(r, format, &params);
    rc = rs__limited_reader_open(&lr, spool, total, limiter_ceiling(r));
    if (rc == 0)
        rc = rs__loudness_create(&heard, RS__SAMPLE_RATE, 0);
    if (rc == 0)
        rc = container->create(&enc, format, &params, &discard_io, &discard, errmsg, sizeof errmsg);
    while (rc == 0 && rs__limited_reader_more(&lr) && seen < from + want) {
        const int16_t *block;
        size_t count, skip = 0;
        rc = rs__limited_reader_next(&lr, &block, &count);
        /* what comes before the first paragraph (an intro) is left out */
        if (seen < from)
            skip = from - seen < count ? (size_t)(from - seen) : count;
        seen += count;
        if (rc == 0 && count > skip)
            rc = rs__loudness_add(heard, block + skip, count - skip);
        if (rc == 0 && count > skip)
            rc = enc->vt->write(enc, block + skip, count - skip);
    }
    if (rc == 0)
        rc = enc->vt->finish(enc);
    if (rc == 0)
        rc = enc->vt->result(enc, &out_lufs, &out_peak);
    if (rc == 0)
        rc = rs__loudness_result(heard, &in_lufs, &in_peak);
    /* an Opus encoder measures what it decoded before its header gain */
    if (container->header_gain)
        out_lufs += r->gain_db, out_peak += r->gain_db;
    *loudness_db = out_lufs - (in_lufs + r->gain_db);
    *overshoot_db = out_peak - (in_peak + r->gain_db);
    if (!isfinite(*loudness_db) || !isfinite(*overshoot_db))
        *loudness_db = *overshoot_db = NAN;
    if (enc)
        enc->vt->destroy(enc);
    rs__limited_reader_close(&lr);
    rs__loudness_destroy(heard);
    return rc ? rs__fail(r, rc, "%s", errmsg[0] ? errmsg : "the trial encoding failed") : 0;
}

/* Lossy codecs that take the gain in their samples (AAC, MP3) change the
 * loudness a little (LAME at 64 kbit/s takes about 0.45 LU off speech,
 * FFmpeg's AAC at 24 kbit/s adds 1) and overshoot the peaks they are given
 * (AAC at 16-24 kbit/s by up to 4.5 dB), and neither can be mended once
 * written. A trial encoding (trial_encode) measures both. The gain is
 * corrected by the change in loudness; an overshoot that the limiter's
 * margin (the ceiling's distance from RS__TRUE_PEAK_CEILING, less
 * TRUE_PEAK_SAFETY_DB) cannot hold, with CODEC_OVERSHOOT_SAFETY_DB more for
 * peaks the trial did not hear, makes the limiter aim lower, and the gain
 * is then found again on the whole speech limited that way. */
static int correct_for_codec(rostrum *r, FILE *spool, rostrum_format format, uint64_t total, double sample_peak_db)
{
    const rs_container *container = rs__container_of(format);
    double loudness_db, overshoot_db, held, max_gain = rs__max_gain(sample_peak_db);
    int rc, round;
    /* a header gain is set from the decoded stream, at the end */
    if (container->header_gain || !container->default_kbps || !isfinite(r->measured_lufs))
        return 0;
    rc = trial_encode(r, spool, format, r->plan.count > 0 ? r->plan.segments[0].start_sample : 0, total,
                      &loudness_db, &overshoot_db);
    if (rc || isnan(loudness_db))
        return rc;
    r->gain_db -= codec_change(loudness_db);
    held = RS__TRUE_PEAK_CEILING - TRUE_PEAK_SAFETY_DB - (rs__limiter_ceiling(0.0));
    if (overshoot_db + CODEC_OVERSHOOT_SAFETY_DB <= held)
        return 0;
    r->codec_headroom_db = overshoot_db + CODEC_OVERSHOOT_SAFETY_DB - held;
    /* the limiter cuts no deeper than MAX_LIMITING_DB below its new ceiling */
    max_gain -= r->codec_headroom_db;
    for (round = 0; round < GAIN_ROUNDS; round++) {
        double limited_lufs, next;
        rc = measure_limited(r, spool, total, &limited_lufs);
        if (rc || !isfinite(limited_lufs))
            return rc;
        next = r->opt.loudness_lufs - codec_change(loudness_db) - limited_lufs;
        if (next > max_gain)
            next = max_gain;
        if (fabs(next - r->gain_db) < 0.1) {
            r->gain_db = next;
            break;
        }
        r->gain_db = next;
    }
    return 0;
}

/* The spool to the output: the gain, the intro and outro at the speech's
 * level, then the encoding. */
static int encode_spool(rostrum *r, rs_spool_writer *w, rostrum_format format, const rostrum_io *io, void *io_user)
{
    int rc = 0;
    /* an Opus stream gets its final gain from the decoded stream, so
     * unless the limiter must work hard one round places it well enough;
     * other outputs keep this gain and get every round */
    if (rs__encodes_in_stretches(r, format) && isfinite(r->calibrated_lufs) && isfinite(r->measured_lufs)) {
        /* the limiter works from the voices' calibrated level, not from
         * this text's: stretches then depend on their own audio alone (and
         * the cache holds); the decoded stream sets the final gain */
        rc = calibrated_gain(r, w, format);
    } else {
        double depth = rs__limiting_depth(w->peak_db, r->opt.loudness_lufs, r->measured_lufs);
        int light = isfinite(r->measured_lufs) && depth < LIGHT_LIMITING_DB;
        rc = estimate_gain(r, w->spool, w->position, w->peak_db,
                           format == ROSTRUM_FORMAT_OPUS && light ? 0 : GAIN_ROUNDS);
    }
    if (rc == 0)
        rc = fill_media(r, w->spool, w->position);
    if (rc == 0)
        rc = correct_for_codec(r, w->spool, format, w->position, w->peak_db);
    return rc ? rc : encode_all(r, w->spool, format, io, io_user, w->position);
}

static void spool_writer_free(rs_spool_writer *w)
{
    if (w->synth_open)
        rs__synth_close();
    if (w->spool)
        fclose(w->spool);
    if (w->encoder)
        w->encoder->vt->destroy(w->encoder);
    rs__limiter_destroy(w->limiter);
    rs__free(w->limited);
    rs__meter_destroy(w->meter);
    rs__calibration_free(&w->calibration);
    rs__free(w);
}

/* Whether a render may start; reads the intro, outro and cover first, so
 * that a bad one fails at once. */
static int render_allowed(rostrum *r, rostrum_format format, const rostrum_io *io)
{
    int rc;
    if (!r || !io || !io->write || !rs__container_of(format))
        return ROSTRUM_EINVAL;
    rc = rs__usable(r, 0, "rostrum_render");
    if (rc)
        return rc;
    if (r->opt.cover && !rs__container_of(format)->cover)
        return rs__fail(r, ROSTRUM_EUNSUPPORTED, "%s: a cover can only be embedded in Ogg Opus, M4B or MP3 "
                    "(libsndfile writes no pictures into WAV or FLAC)", r->opt.cover);
    rc = rs__media_load(&r->media, r->opt.intro, r->opt.outro, r->opt.cover, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

/* The render: voices levelled, every paragraph spoken and measured, the
 * audio encoded at the one gain (while speaking, for Opus in stretches),
 * and the cache kept within its size. */
int rostrum_render(rostrum *r, rostrum_format format, const rostrum_io *io, void *io_user)
{
    rs_spool_writer *w;
    int rc;
    if (format == ROSTRUM_FORMAT_AUTO)
        format = ROSTRUM_FORMAT_OPUS;
    rc = render_allowed(r, format, io);
    if (rc)
        return rc;
    r->codec_headroom_db = 0.0;
    /* a book renders its audio in another container, then packs it */
    if (rs__container_of(format)->publication)
        return rs__render_book(r, io, io_user);
    w = rs__calloc(1, sizeof *w);
    if (!w)
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    w->r = r;
    w->gain_q15 = 32768;
    rc = prepare_voices(r, w);
    if (rc == 0)
        rc = open_destination(r, w, format, io, io_user);
    if (rc == 0)
        rc = speak_and_measure(r, w);
    if (rc == 0) {
        rc = w->encoder ? finish_streaming(r, w) : encode_spool(r, w, format, io, io_user);
        if (rc == 0)
            r->rendered = 1;
        if (r->opt.cache_dir)
            rs__cache_trim(r->opt.cache_dir, (uint64_t)(r->opt.cache_max_mb ? r->opt.cache_max_mb : DEFAULT_CACHE_MB)
                                                 << 20);
    }
    /* espeak-ng knows no voice or language by that name: said of the input,
     * whose front matter or statements may have asked for it */
    if (rc == ROSTRUM_EVOICE)
        rs__name_the_file(r, r->input_name);
    spool_writer_free(w);
    return rc;
}
