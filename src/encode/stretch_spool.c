/* The stretch encoder's spool: finished stretches wait in temporary files
 * until the end of the render, where their level can still change. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "encode/stretch_internal.h"

/* Each finished stretch leaves a record in memory (a few dozen bytes) and
 * three things in files, so that memory stays the same however long the
 * render: its packets (lengths, then data, then the decoded peak of each
 * part between pauses), the energy of each 20 ms frame
 * the meter heard, and, when its decoded peak came near the ceiling, the
 * speech it was encoded from. At the end the loudness of the whole stream
 * is known; a stretch whose peak the final gain would lift over the
 * ceiling is encoded again from that speech and its packets (the parts of
 * it that hold such peaks, see stretch_encode.c), and its packets and
 * frames replace the old ones. Then every stretch is muxed in order. */

static int grow_records(rs_stretch_spool *sp)
{
    return rs__grow(&sp->records, &sp->cap, sp->count + 1, sizeof *sp->records);
}

static int open_file(FILE **f)
{
    if (!*f)
        *f = tmpfile();
    return *f ? 0 : RS__ESPOOL;
}

/* Appends the packets to their file, and the peaks of its parts; *at is
 * where they start. */
static int write_packets(rs_stretch_spool *sp, const rs_packets *out, int64_t *at)
{
    const rs_heard *heard = &out->heard;
    int ok;
    if (open_file(&sp->packets) != 0 || fseeko(sp->packets, 0, SEEK_END) != 0)
        return RS__ESPOOL;
    *at = ftello(sp->packets);
    ok = *at >= 0 && fwrite(out->lengths, sizeof *out->lengths, out->packets, sp->packets) == out->packets;
    ok = ok && fwrite(out->data, 1, out->bytes, sp->packets) == out->bytes;
    ok = ok && fwrite(heard->parts, sizeof *heard->parts, heard->part_count, sp->packets) == heard->part_count;
    return ok ? 0 : RS__ESPOOL;
}

/* Writes the frames heard at frame index first (over what was there). */
static int write_frames(rs_stretch_spool *sp, const rs_heard *heard, uint64_t first)
{
    if (heard->frame_count == 0)
        return 0;
    if (open_file(&sp->frames) != 0 || fseeko(sp->frames, (off_t)(first * sizeof(double)), SEEK_SET) != 0)
        return RS__ESPOOL;
    return fwrite(heard->frames, sizeof *heard->frames, heard->frame_count, sp->frames) == heard->frame_count
               ? 0
               : RS__ESPOOL;
}

/* A running estimate of the stream's loudness: the mean energy of the
 * frames above the absolute gate. Within a dB or so of the gated loudness,
 * which is what keeping speech needs. */
static void add_estimate(rs_stretch_spool *sp, const rs_heard *heard)
{
    const double absolute = pow(10.0, (-70.0 + 0.691) / 10.0);
    size_t i;
    for (i = 0; i < heard->frame_count; i++)
        if (heard->frames[i] >= absolute) {
            sp->energy += heard->frames[i];
            sp->energy_frames++;
        }
}

double rs__stretch_spool_estimate(const rs_stretch_spool *sp)
{
    return sp->energy_frames ? 10.0 * log10(sp->energy / (double)sp->energy_frames) - 0.691 : -HUGE_VAL;
}

int rs__stretch_spool_add(rs_stretch_spool *sp, const rs_stretch *s)
{
    rs_stretch_record *rec;
    int64_t at = 0;
    int rc = grow_records(sp);
    if (rc == 0)
        rc = write_packets(sp, &s->out, &at);
    if (rc == 0)
        rc = write_frames(sp, &s->out.heard, sp->frame_total);
    if (rc)
        return rc;
    rec = &sp->records[sp->count];
    memset(rec, 0, sizeof *rec);
    rec->start = s->start;
    rec->count = s->count;
    rec->last = s->last;
    rec->packets_at = at;
    rec->packets = s->out.packets;
    rec->bytes = s->out.bytes;
    rec->parts = s->out.heard.part_count;
    rec->first_frame = sp->frame_total;
    rec->frame_count = s->out.heard.frame_count;
    rec->peak = s->out.heard.peak;
    rec->speech_at = -1;
    if (s->pcm) {
        if (open_file(&sp->speech) != 0 || fseeko(sp->speech, 0, SEEK_END) != 0)
            return RS__ESPOOL;
        rec->speech_at = ftello(sp->speech);
        if (rec->speech_at < 0 || fwrite(s->pcm, sizeof *s->pcm, s->count, sp->speech) != s->count)
            return RS__ESPOOL;
    }
    sp->frame_total += rec->frame_count;
    sp->count++;
    sp->lufs_known = 0;
    add_estimate(sp, &s->out.heard);
    return 0;
}

int rs__stretch_spool_replace(rs_stretch_spool *sp, size_t index, const rs_stretch *s)
{
    rs_stretch_record *rec = &sp->records[index];
    int64_t at = 0;
    int rc;
    /* the same samples give the same number of frames and packets */
    if (s->out.packets != rec->packets || s->out.heard.frame_count != rec->frame_count)
        return ROSTRUM_EENCODE;
    rc = write_packets(sp, &s->out, &at);
    if (rc == 0)
        rc = write_frames(sp, &s->out.heard, rec->first_frame);
    if (rc)
        return rc;
    rec->packets_at = at;
    rec->bytes = s->out.bytes;
    rec->parts = s->out.heard.part_count;
    rec->peak = s->out.heard.peak;
    rec->fix = s->fix;
    sp->lufs_known = 0;
    return 0;
}

int rs__stretch_spool_speech(rs_stretch_spool *sp, size_t index, int16_t **pcm)
{
    const rs_stretch_record *rec = &sp->records[index];
    *pcm = NULL;
    if (rec->speech_at < 0 || !sp->speech)
        return ROSTRUM_ESTATE;
    *pcm = rs__malloc((rec->count ? rec->count : 1) * sizeof **pcm);
    if (!*pcm)
        return ROSTRUM_ENOMEM;
    if (fseeko(sp->speech, (off_t)rec->speech_at, SEEK_SET) != 0 ||
        fread(*pcm, sizeof **pcm, rec->count, sp->speech) != rec->count) {
        rs__free(*pcm);
        *pcm = NULL;
        return RS__ESPOOL;
    }
    return 0;
}

typedef struct frame_file {
    FILE *f;
    uint64_t total, at;
} frame_file;

static long read_frames(void *user, double *out, size_t max)
{
    frame_file *ff = user;
    size_t n;
    if (!out) {
        ff->at = 0;
        return ff->f && fseeko(ff->f, 0, SEEK_SET) != 0 ? -1 : 0;
    }
    n = ff->total - ff->at < max ? (size_t)(ff->total - ff->at) : max;
    if (n && fread(out, sizeof *out, n, ff->f) != n)
        return -1;
    ff->at += n;
    return (long)n;
}

/* Read twice over from the frame file, so kept until the spool changes:
 * the last round of lowering and the encoder's result ask for the same. */
int rs__stretch_spool_loudness(rs_stretch_spool *sp, double *lufs)
{
    frame_file ff = {sp->frames, sp->frame_total, 0};
    int rc;
    if (!sp->lufs_known) {
        if (sp->frames && fflush(sp->frames) != 0)
            return RS__ESPOOL;
        rc = rs__loudness_gated_read(read_frames, &ff, &sp->lufs);
        if (rc)
            return rc;
        sp->lufs_known = 1;
    }
    *lufs = sp->lufs;
    return 0;
}

double rs__stretch_spool_peak(const rs_stretch_spool *sp)
{
    double peak = 0.0;
    size_t i;
    for (i = 0; i < sp->count; i++)
        if (sp->records[i].peak > peak)
            peak = sp->records[i].peak;
    return peak;
}

int rs__stretch_spool_packets(rs_stretch_spool *sp, size_t index, rs_packets *out)
{
    const rs_stretch_record *rec = &sp->records[index];
    memset(out, 0, sizeof *out);
    if (!sp->packets || fflush(sp->packets) != 0)
        return RS__ESPOOL;
    out->lengths = rs__malloc((rec->packets ? rec->packets : 1) * sizeof *out->lengths);
    out->data = rs__malloc(rec->bytes ? rec->bytes : 1);
    out->heard.parts = rs__malloc((rec->parts ? rec->parts : 1) * sizeof *out->heard.parts);
    if (!out->lengths || !out->data || !out->heard.parts) {
        rs__packets_free(out);
        return ROSTRUM_ENOMEM;
    }
    out->packets = rec->packets;
    out->bytes = rec->bytes;
    out->heard.part_count = rec->parts;
    if (fseeko(sp->packets, (off_t)rec->packets_at, SEEK_SET) != 0 ||
        fread(out->lengths, sizeof *out->lengths, out->packets, sp->packets) != out->packets ||
        fread(out->data, 1, out->bytes, sp->packets) != out->bytes ||
        fread(out->heard.parts, sizeof *out->heard.parts, rec->parts, sp->packets) != rec->parts) {
        rs__packets_free(out);
        return RS__ESPOOL;
    }
    return 0;
}

int rs__stretch_spool_mux(rs_stretch_spool *sp, rs_ogg_mux *m)
{
    size_t i;
    int rc = 0;
    for (i = 0; rc == 0 && i < sp->count; i++) {
        rs_packets out;
        rc = rs__stretch_spool_packets(sp, i, &out);
        if (rc == 0)
            rc = rs__ogg_mux_add(m, &out, sp->records[i].last);
        rs__packets_free(&out);
    }
    return rc;
}

void rs__stretch_spool_clear(rs_stretch_spool *sp)
{
    if (sp->packets)
        fclose(sp->packets);
    if (sp->frames)
        fclose(sp->frames);
    if (sp->speech)
        fclose(sp->speech);
    rs__free(sp->records);
    memset(sp, 0, sizeof *sp);
}
