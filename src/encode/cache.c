/* The render cache of encoded stretches: the packets of a stretch (and what
 * the meter heard when they were decoded, the peak of each part too) under
 * a key of its PCM and encoder settings, so that a re-render encodes only
 * the stretches whose audio changed. Entries live in the cache folder
 * (core/cache.c) under the kind 'o'; a paragraph's speech lives there too
 * (speech/speech_cache.c). */
#include <stdlib.h>
#include <string.h>

#include "encode/encode.h"

/* packets, bytes, 20 ms frame energies, peak, parts */
#define PACKETS_HEADER (4 + 4 + 4 + 8 + 4)
/* a part: from, to, peak */
#define PART_BYTES (4 + 4 + 8)

/* A double as the 8 little-endian bytes of its IEEE 754 form. */
static uint64_t double_bits(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    return v;
}

static double bits_double(uint64_t v)
{
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

int rs__cache_get(const char *dir, const uint64_t key[2], rs_packets *out)
{
    unsigned char *body;
    size_t len, packets, bytes, frames, parts, i, sum = 0;
    const unsigned char *p;
    memset(out, 0, sizeof *out);
    if (!rs__cache_get_bytes(dir, 'o', key, &body, &len))
        return 0;
    if (len < PACKETS_HEADER)
        goto miss;
    packets = (size_t)rs__get_le(body, 4);
    bytes = (size_t)rs__get_le(body + 4, 4);
    frames = (size_t)rs__get_le(body + 8, 4);
    parts = (size_t)rs__get_le(body + 20, 4);
    if ((uint64_t)len !=
        PACKETS_HEADER + 2 * (uint64_t)packets + bytes + 8 * (uint64_t)frames + PART_BYTES * (uint64_t)parts)
        goto miss;
    out->lengths = rs__malloc((packets ? packets : 1) * sizeof *out->lengths);
    out->data = rs__malloc(bytes ? bytes : 1);
    out->heard.frames = rs__malloc((frames ? frames : 1) * sizeof *out->heard.frames);
    out->heard.parts = rs__malloc((parts ? parts : 1) * sizeof *out->heard.parts);
    if (!out->lengths || !out->data || !out->heard.frames || !out->heard.parts)
        goto miss;
    out->heard.peak = bits_double(rs__get_le(body + 12, 8));
    p = body + PACKETS_HEADER;
    for (i = 0; i < packets; i++, p += 2) {
        out->lengths[i] = (uint16_t)rs__get_le(p, 2);
        sum += out->lengths[i];
    }
    /* every packet length must add up to the data */
    if (sum != bytes)
        goto miss;
    memcpy(out->data, p, bytes);
    p += bytes;
    for (i = 0; i < frames; i++, p += 8)
        out->heard.frames[i] = bits_double(rs__get_le(p, 8));
    for (i = 0; i < parts; i++, p += PART_BYTES) {
        out->heard.parts[i].from = (uint32_t)rs__get_le(p, 4);
        out->heard.parts[i].to = (uint32_t)rs__get_le(p + 4, 4);
        out->heard.parts[i].peak = bits_double(rs__get_le(p + 8, 8));
    }
    out->heard.part_count = parts;
    out->packets = packets;
    out->bytes = bytes;
    out->heard.frame_count = frames;
    rs__free(body);
    return 1;
miss:
    rs__free(body);
    rs__packets_free(out);
    return 0;
}

int rs__cache_put(const char *dir, const uint64_t key[2], const rs_packets *packets)
{
    const rs_heard *heard = &packets->heard;
    size_t len = PACKETS_HEADER + 2 * packets->packets + packets->bytes + 8 * heard->frame_count +
                 PART_BYTES * heard->part_count,
           i;
    unsigned char *body = rs__malloc(len), *p;
    int rc;
    if (!body)
        return ROSTRUM_ENOMEM;
    rs__put_le(body, packets->packets, 4);
    rs__put_le(body + 4, packets->bytes, 4);
    rs__put_le(body + 8, heard->frame_count, 4);
    rs__put_le(body + 12, double_bits(heard->peak), 8);
    rs__put_le(body + 20, heard->part_count, 4);
    p = body + PACKETS_HEADER;
    for (i = 0; i < packets->packets; i++, p += 2)
        rs__put_le(p, packets->lengths[i], 2);
    memcpy(p, packets->data, packets->bytes);
    p += packets->bytes;
    for (i = 0; i < heard->frame_count; i++, p += 8)
        rs__put_le(p, double_bits(heard->frames[i]), 8);
    for (i = 0; i < heard->part_count; i++, p += PART_BYTES) {
        rs__put_le(p, heard->parts[i].from, 4);
        rs__put_le(p + 4, heard->parts[i].to, 4);
        rs__put_le(p + 8, double_bits(heard->parts[i].peak), 8);
    }
    rc = rs__cache_put_bytes(dir, 'o', key, body, len);
    rs__free(body);
    return rc;
}

void rs__packets_free(rs_packets *p)
{
    rs__free(p->data);
    rs__free(p->lengths);
    rs__free(p->heard.frames);
    rs__free(p->heard.parts);
    memset(p, 0, sizeof *p);
}
