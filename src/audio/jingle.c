/* Intro and outro audio: any file libsndfile reads (WAV, FLAC, Ogg, MP3),
 * mixed down to mono, resampled to the render's rate and measured. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>
#include <soxr.h>

#include "audio/audio.h"

#define READ_FRAMES 4096
#define RESAMPLE_QUALITY SOXR_HQ
#define MAX_JINGLE_SECONDS 600
/* libebur128 gives no integrated loudness for less than one 400 ms block */
#define MEASURE_MIN_SAMPLES (RS__SAMPLE_RATE * 2 / 5)
/* the spool holds 16-bit samples: a jingle brought up to the speech keeps
 * its true peak under full scale (the limiter does the rest) */
#define JINGLE_PEAK_CEILING_DB -0.5

const char *rs__soxr_version(void)
{
    return soxr_version();
}

void rs__jingle_free(rs_jingle *j)
{
    rs__free(j->pcm);
    memset(j, 0, sizeof *j);
}

/* Appends count mono samples to the jingle, growing it. */
static int append(rs_jingle *j, size_t *cap, const float *pcm, size_t count)
{
    if (count == 0)
        return 0;
    if (rs__grow(&j->pcm, cap, j->count + count, sizeof *j->pcm) != 0)
        return ROSTRUM_ENOMEM;
    memcpy(j->pcm + j->count, pcm, count * sizeof *pcm);
    j->count += count;
    return 0;
}

/* Passes mono samples through the resampler (or straight on when rs is
 * NULL) into the jingle. in NULL: the end, and what the resampler still
 * holds comes out. */
static int resample_into(rs_jingle *j, size_t *cap, soxr_t rs, const float *in, size_t count)
{
    float out[READ_FRAMES];
    for (;;) {
        size_t in_len = count < READ_FRAMES / 4 ? count : READ_FRAMES / 4, out_len = READ_FRAMES;
        int rc;
        if (!in && !rs)
            return 0;
        if (in && count == 0)
            return 0;
        if (!rs) {
            in_len = out_len = count < READ_FRAMES ? count : READ_FRAMES;
            memcpy(out, in, in_len * sizeof *out);
        } else if (soxr_process(rs, in, in_len, &in_len, out, READ_FRAMES, &out_len) != NULL) {
            return ROSTRUM_EINVAL;
        }
        rc = append(j, cap, out, out_len);
        if (rc)
            return rc;
        if (!in && out_len == 0)
            return 0; /* all given back */
        if (in) {
            in += in_len;
            count -= in_len;
        }
    }
}

/* Integrated loudness and true peak. A clip shorter than one 400 ms block
 * is measured played over and over, which is what its level sounds like. */
static int measure(rs_jingle *j)
{
    rs_loudness *meter = NULL;
    size_t fed = 0;
    int rc = rs__loudness_create(&meter, RS__SAMPLE_RATE, 1);
    while (rc == 0 && (fed == 0 || fed < MEASURE_MIN_SAMPLES)) {
        rc = rs__loudness_add_float(meter, j->pcm, j->count);
        fed += j->count;
    }
    if (rc == 0)
        rc = rs__loudness_result(meter, &j->lufs, &j->peak_db);
    rs__loudness_destroy(meter);
    return rc;
}

int rs__jingle_load(rs_jingle *j, const char *path, const char *what, char *errmsg, size_t errmsg_size)
{
    SF_INFO info;
    SNDFILE *file;
    soxr_t rs = NULL;
    float *frames = NULL, *mono = NULL;
    size_t cap = 0;
    sf_count_t got, total = 0;
    int rc = ROSTRUM_ENOMEM;
    memset(j, 0, sizeof *j);
    memset(&info, 0, sizeof info);
    file = sf_open(path, SFM_READ, &info);
    if (!file) {
        /* a missing file is said plainly; anything else in libsndfile's words */
        if (access(path, R_OK) != 0)
            rs__set_error(errmsg, errmsg_size, "%s: cannot read the %s: %s", path, what, strerror(errno));
        else
            rs__set_error(errmsg, errmsg_size, "%s: the %s is not audio that libsndfile can read (%s)", path, what,
                          sf_strerror(NULL));
        return ROSTRUM_EINPUT;
    }
    if (info.channels < 1 || info.samplerate < 1000 || info.samplerate > 768000) {
        rs__set_error(errmsg, errmsg_size, "%s: the %s has %d channels at %d Hz", path, what, info.channels,
                      info.samplerate);
        sf_close(file);
        return ROSTRUM_EINPUT;
    }
    frames = rs__malloc((size_t)READ_FRAMES * (size_t)info.channels * sizeof *frames);
    mono = rs__malloc(READ_FRAMES * sizeof *mono);
    if (!frames || !mono)
        goto fail;
    if (info.samplerate != RS__SAMPLE_RATE) {
        /* libsoxr makes up for its own delay: output sample n is input time n */
        soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        soxr_quality_spec_t quality = soxr_quality_spec(RESAMPLE_QUALITY, 0);
        soxr_error_t failure = NULL;
        rs = soxr_create(info.samplerate, RS__SAMPLE_RATE, 1, &failure, &io, &quality, NULL);
        if (!rs || failure)
            goto fail;
    }
    while ((got = sf_readf_float(file, frames, READ_FRAMES)) > 0) {
        sf_count_t f;
        int c;
        total += got;
        if (total > (sf_count_t)MAX_JINGLE_SECONDS * info.samplerate) {
            rs__set_error(errmsg, errmsg_size, "%s: the %s is longer than %d minutes", path, what,
                          MAX_JINGLE_SECONDS / 60);
            rc = ROSTRUM_EINPUT;
            goto done;
        }
        /* mono: the mean of the channels, so a centred sound keeps its level */
        for (f = 0; f < got; f++) {
            float sum = 0.0f;
            for (c = 0; c < info.channels; c++)
                sum += frames[f * info.channels + c];
            mono[f] = sum / (float)info.channels;
        }
        rc = resample_into(j, &cap, rs, mono, (size_t)got);
        if (rc)
            goto fail;
    }
    if (sf_error(file) != SF_ERR_NO_ERROR) {
        rs__set_error(errmsg, errmsg_size, "%s: cannot read the %s: %s", path, what, sf_strerror(file));
        rc = ROSTRUM_EINPUT;
        goto done;
    }
    if (rs) {
        /* what the filter still holds */
        rc = resample_into(j, &cap, rs, NULL, 0);
        if (rc)
            goto fail;
        /* the output is exactly as long as the input, at the new rate */
        {
            size_t want = (size_t)(((uint64_t)total * RS__SAMPLE_RATE + (uint64_t)info.samplerate / 2) /
                                   (uint64_t)info.samplerate);
            if (j->count > want)
                j->count = want;
        }
    }
    rc = j->count > 0 ? measure(j) : 0;
    if (rc)
        goto fail;
    if (j->count == 0 || !isfinite(j->lufs)) {
        rs__set_error(errmsg, errmsg_size, "%s: the %s %s", path, what, j->count == 0 ? "holds no audio" : "is silent");
        rc = ROSTRUM_EINPUT;
    }
    goto done;
fail:
    rs__set_error(errmsg, errmsg_size, "%s: cannot read the %s: %s", path, what,
                  rc == ROSTRUM_ENOMEM ? "out of memory" : "the resampler failed");
done:
    soxr_delete(rs);
    sf_close(file);
    rs__free(frames);
    rs__free(mono);
    if (rc)
        rs__jingle_free(j);
    return rc;
}

double rs__jingle_gain(const rs_jingle *j, double speech_lufs, double peak_ceiling_db)
{
    double gain = speech_lufs - j->lufs;
    if (!isfinite(gain))
        gain = 0.0;
    if (isfinite(j->peak_db) && j->peak_db + gain > peak_ceiling_db)
        gain = peak_ceiling_db - j->peak_db;
    return gain;
}

int rs__jingle_write(const rs_jingle *j, double gain_db, FILE *f)
{
    int16_t block[READ_FRAMES];
    float factor = (float)(32768.0 * pow(10.0, gain_db / 20.0));
    size_t done = 0;
    while (done < j->count) {
        size_t n = j->count - done < READ_FRAMES ? j->count - done : READ_FRAMES, i;
        for (i = 0; i < n; i++) {
            float v = j->pcm[done + i] * factor;
            block[i] = (int16_t)(v >= 32767.0f ? 32767 : v <= -32768.0f ? -32768 : lrintf(v));
        }
        if (fwrite(block, sizeof *block, n, f) != n)
            return ROSTRUM_EIO;
        done += n;
    }
    return 0;
}

const char *rs__media_chapter_name(int part)
{
    return part == RS__INTRO ? "Introduction" : "Closing";
}

void rs__media_free(rs_media *m)
{
    int i;
    for (i = 0; i < 2; i++)
        rs__jingle_free(&m->parts[i].audio);
    rs__free(m->cover_tag);
    memset(m, 0, sizeof *m);
}

int rs__media_load(rs_media *m, const char *intro, const char *outro, const char *cover, char *errmsg,
                   size_t errmsg_size)
{
    int rc = 0;
    rs__media_free(m);
    m->parts[RS__INTRO].path = intro;
    m->parts[RS__OUTRO].path = outro;
    if (intro)
        rc = rs__jingle_load(&m->parts[RS__INTRO].audio, intro, "intro", errmsg, errmsg_size);
    if (rc == 0 && outro)
        rc = rs__jingle_load(&m->parts[RS__OUTRO].audio, outro, "outro", errmsg, errmsg_size);
    if (rc == 0 && cover)
        rc = rs__picture_tag(cover, &m->cover_tag, errmsg, errmsg_size);
    if (rc == ROSTRUM_ENOMEM)
        rs__set_error(errmsg, errmsg_size, "out of memory");
    return rc;
}

int rs__media_fill(rs_media *m, FILE *spool, double speech_lufs)
{
    int i;
    for (i = 0; i < 2; i++) {
        rs_media_part *part = &m->parts[i];
        if (part->audio.count == 0)
            continue;
        part->gain_db = rs__jingle_gain(&part->audio, speech_lufs, JINGLE_PEAK_CEILING_DB);
        if (fseek(spool, (long)(part->start * sizeof(int16_t)), SEEK_SET) != 0 ||
            rs__jingle_write(&part->audio, part->gain_db, spool) != 0)
            return ROSTRUM_EIO;
    }
    return fflush(spool) == 0 ? 0 : ROSTRUM_EIO;
}
