/* The render's gain: the spool read back through the peak limiter, and
 * the one gain that brings the limited speech to the target loudness. */
#include <math.h>
#include <string.h>

#include "audio/audio.h"

/* the limiter aims a little under the ceiling: the codec and the
 * inter-sample peaks of the decoded 48 kHz audio add a few tenths of a dB */
#define LIMITER_MARGIN_DB 2.0
/* limiting deeper than this only squashes */
#define MAX_LIMITING_DB 10.0
/* the gain has settled when a round moves it less than this */
#define GAIN_SETTLED_DB 0.1


void rs__limited_reader_close(rs_limited_reader *lr)
{
    rs__limiter_destroy(lr->limiter);
    rs__free(lr->chunk);
    rs__free(lr->limited);
    memset(lr, 0, sizeof *lr);
}

int rs__limited_reader_open(rs_limited_reader *lr, FILE *spool, uint64_t total, double ceiling_dbfs)
{
    int rc;
    memset(lr, 0, sizeof *lr);
    lr->spool = spool;
    lr->total = total;
    lr->chunk = rs__malloc(RS__SPOOL_CHUNK * sizeof *lr->chunk);
    lr->limited = rs__malloc(RS__SPOOL_CHUNK * sizeof *lr->limited);
    rc = (lr->chunk && lr->limited) ? 0 : ROSTRUM_ENOMEM;
    if (rc == 0)
        rc = rs__limiter_create(&lr->limiter, RS__SAMPLE_RATE, ceiling_dbfs);
    if (rc == 0 && fseek(spool, 0, SEEK_SET) != 0)
        rc = ROSTRUM_EIO;
    if (rc)
        rs__limited_reader_close(lr);
    return rc;
}

/* The next block of limited samples in *out and *count; 0 samples at the end. */
int rs__limited_reader_next(rs_limited_reader *lr, const int16_t **out, size_t *count)
{
    *out = lr->limited;
    *count = 0;
    if (lr->done < lr->total) {
        size_t want = lr->total - lr->done < RS__SPOOL_CHUNK ? (size_t)(lr->total - lr->done) : RS__SPOOL_CHUNK;
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

int rs__limited_reader_more(const rs_limited_reader *lr)
{
    return lr->done < lr->total || lr->limiter != NULL;
}

/* The limiter's ceiling at a gain: the few peaks the gain would lift over
 * the true-peak ceiling are held down, with a margin for inter-sample
 * peaks and the codec. */
double rs__limiter_ceiling(double gain_db)
{
    return RS__TRUE_PEAK_CEILING - gain_db - LIMITER_MARGIN_DB;
}

/* For a gain that goes into the samples (WAV, FLAC, AAC, MP3): measures
 * the spool as the limiter will shape it, so that the estimated gain
 * accounts for the loudness the limiter takes away. */
int rs__measure_limited(FILE *spool, uint64_t total, double ceiling_dbfs, double *lufs)
{
    rs_limited_reader lr;
    rs_loudness *loudness = NULL;
    double peak;
    int rc = rs__limited_reader_open(&lr, spool, total, ceiling_dbfs);
    if (rc == 0)
        rc = rs__loudness_create(&loudness, RS__SAMPLE_RATE, 0);
    while (rc == 0 && rs__limited_reader_more(&lr)) {
        const int16_t *block;
        size_t count;
        rc = rs__limited_reader_next(&lr, &block, &count);
        if (rc == 0)
            rc = rs__loudness_add(loudness, block, count);
    }
    if (rc == 0)
        rc = rs__loudness_result(loudness, lufs, &peak);
    rs__limited_reader_close(&lr);
    rs__loudness_destroy(loudness);
    return rc;
}

/* One gain for the whole file. The limiter that keeps the gained peaks
 * under the ceiling takes a little loudness away, more the louder the
 * target, so the gain is found by measuring the limited speech again until
 * it settles (once or twice for speech at -19 LUFS). Opus output then gets
 * its final gain from the decoded stream; WAV, FLAC, AAC and MP3 keep this. */
int rs__estimate_gain(FILE *spool, uint64_t total, double target_lufs, double measured_lufs, double sample_peak_db,
                      int rounds, double *gain_db)
{
    int round;
    double max_gain = rs__max_gain(sample_peak_db);
    if (!isfinite(measured_lufs)) {
        *gain_db = 0.0;
        return 0;
    }
    *gain_db = target_lufs - measured_lufs;
    if (*gain_db > max_gain)
        *gain_db = max_gain;
    for (round = 0; round < rounds; round++) {
        double limited_lufs, next;
        int rc;
        if (sample_peak_db <= rs__limiter_ceiling(*gain_db))
            return 0; /* nothing to limit: the measurement stands */
        rc = rs__measure_limited(spool, total, rs__limiter_ceiling(*gain_db), &limited_lufs);
        if (rc)
            return rc;
        if (!isfinite(limited_lufs))
            return 0;
        next = target_lufs - limited_lufs;
        /* limiting deeper than MAX_LIMITING_DB only squashes: the target
         * is out of reach, and the file stays as loud as it can cleanly be */
        if (next > max_gain)
            next = max_gain;
        if (fabs(next - *gain_db) < GAIN_SETTLED_DB) {
            *gain_db = next;
            return 0;
        }
        *gain_db = next;
    }
    return 0;
}

/* The highest gain that leaves the limiter at most MAX_LIMITING_DB to do
 * on speech of this sample peak. */
double rs__max_gain(double sample_peak_db)
{
    return RS__TRUE_PEAK_CEILING - LIMITER_MARGIN_DB - (sample_peak_db - MAX_LIMITING_DB);
}

/* How deep (dB) the limiter would cut the highest peaks of speech measured
 * at measured_lufs with this sample peak, brought to target_lufs. */
double rs__limiting_depth(double sample_peak_db, double target_lufs, double measured_lufs)
{
    return sample_peak_db + (target_lufs - measured_lufs) - (RS__TRUE_PEAK_CEILING - LIMITER_MARGIN_DB);
}
