/* Cover art for Ogg Opus: a PNG or JPEG file, checked by its magic bytes and
 * header, wrapped in a FLAC picture block and base64 for METADATA_BLOCK_PICTURE. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "audio/audio.h"

/* bigger covers would make every player read megabytes before the audio */
#define MAX_PICTURE_BYTES (8u << 20)
#define PICTURE_FRONT_COVER 3

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* A PNG: the signature, then the IHDR chunk with width, height, bit depth
 * and colour type; an indexed image counts its palette entries (PLTE). */
static int parse_png(const unsigned char *data, size_t size, rs_picture_info *info, const char **why)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static const int channels[7] = {1, 0, 3, 1, 2, 0, 4};
    size_t at;
    unsigned bit_depth, colour_type;
    if (size < 33 || memcmp(data, signature, 8) != 0 || be32(data + 8) != 13 || memcmp(data + 12, "IHDR", 4) != 0) {
        *why = "a truncated PNG image (no IHDR header)";
        return ROSTRUM_EINPUT;
    }
    info->mime = "image/png";
    info->width = be32(data + 16);
    info->height = be32(data + 20);
    bit_depth = data[24];
    colour_type = data[25];
    if (info->width == 0 || info->height == 0 || colour_type > 6 || channels[colour_type] == 0 || bit_depth == 0 ||
        bit_depth > 16) {
        *why = "a PNG image with an invalid header";
        return ROSTRUM_EINPUT;
    }
    info->colours = 0;
    if (colour_type == 3) {
        /* the palette holds 8-bit RGB entries */
        info->depth = 24;
        for (at = 33; at + 12 <= size; at += 12 + (size_t)be32(data + at)) {
            if (be32(data + at) > size - at - 12)
                break;
            if (memcmp(data + at + 4, "PLTE", 4) == 0) {
                info->colours = be32(data + at) / 3;
                break;
            }
            if (memcmp(data + at + 4, "IDAT", 4) == 0)
                break;
        }
    } else {
        info->depth = bit_depth * (unsigned)channels[colour_type];
    }
    /* a PNG ends with its IEND chunk: without it the image was cut short */
    if (memcmp(data + size - 8, "IEND", 4) != 0) {
        *why = "a truncated PNG image (no IEND chunk at the end)";
        return ROSTRUM_EINPUT;
    }
    return 0;
}

/* Whether the end-of-image marker follows (some writers put bytes after
 * it, so it is looked for from the end). */
static int has_end_of_image(const unsigned char *data, size_t size)
{
    size_t i;
    for (i = size; i >= 2; i--)
        if (data[i - 2] == 0xFF && data[i - 1] == 0xD9)
            return 1;
    return 0;
}

/* A JPEG: SOI, then marker segments up to a start-of-frame (SOF0..SOF15
 * but DHT, JPG and DAC), whose header gives precision, height, width and
 * the number of components. */
static int parse_jpeg(const unsigned char *data, size_t size, rs_picture_info *info, const char **why)
{
    size_t at = 2;
    info->mime = "image/jpeg";
    while (at + 4 <= size) {
        unsigned marker, length;
        if (data[at] != 0xFF) {
            *why = "a JPEG image with a damaged marker";
            return ROSTRUM_EINPUT;
        }
        marker = data[at + 1];
        if (marker == 0xFF) {
            at++; /* fill byte */
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            at += 2; /* markers without a length */
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA)
            break; /* end of image, or scan data before any frame header */
        length = be16(data + at + 2);
        if (length < 2 || at + 2 + length > size)
            break;
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            if (length < 8)
                break;
            info->height = be16(data + at + 5);
            info->width = be16(data + at + 7);
            info->depth = (unsigned)data[at + 4] * data[at + 9];
            info->colours = 0;
            if (info->width == 0 || info->height == 0 || info->depth == 0) {
                *why = "a JPEG image with an invalid frame header";
                return ROSTRUM_EINPUT;
            }
            if (!has_end_of_image(data + at, size - at)) {
                *why = "a truncated JPEG image (no end-of-image marker)";
                return ROSTRUM_EINPUT;
            }
            return 0;
        }
        at += 2 + length;
    }
    *why = "a truncated JPEG image (no frame header)";
    return ROSTRUM_EINPUT;
}

int rs__picture_parse(const unsigned char *data, size_t size, rs_picture_info *info, const char **why)
{
    memset(info, 0, sizeof *info);
    if (size == 0) {
        *why = "empty";
        return ROSTRUM_EINPUT;
    }
    if (size >= 4 && data[0] == 0x89 && memcmp(data + 1, "PNG", 3) == 0)
        return parse_png(data, size, info, why);
    if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        return parse_jpeg(data, size, info, why);
    if (size >= 4 && memcmp(data, "GIF8", 4) == 0)
        *why = "a GIF image; a cover must be PNG or JPEG";
    else if (size >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0)
        *why = "a WebP image; a cover must be PNG or JPEG";
    else
        *why = "not a PNG or JPEG image";
    return ROSTRUM_EINPUT;
}

static void put_be32(rs_buf *b, uint32_t v)
{
    char bytes[4];
    bytes[0] = (char)(v >> 24);
    bytes[1] = (char)(v >> 16);
    bytes[2] = (char)(v >> 8);
    bytes[3] = (char)v;
    rs__buf_append(b, bytes, 4);
}

/* Standard base64 with padding, as METADATA_BLOCK_PICTURE wants it. */
static void base64(rs_buf *out, const unsigned char *data, size_t size)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;
    if (rs__buf_reserve(out, (size + 2) / 3 * 4 + 1) != 0)
        return;
    for (i = 0; i + 2 < size; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
        char quad[4] = {alphabet[v >> 18], alphabet[(v >> 12) & 63], alphabet[(v >> 6) & 63], alphabet[v & 63]};
        rs__buf_append(out, quad, 4);
    }
    if (i < size) {
        uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < size ? (uint32_t)data[i + 1] << 8 : 0);
        char quad[4] = {alphabet[v >> 18], alphabet[(v >> 12) & 63], i + 1 < size ? alphabet[(v >> 6) & 63] : '=', '='};
        rs__buf_append(out, quad, 4);
    }
}

int rs__picture_block_base64(const unsigned char *data, size_t size, const rs_picture_info *info, char **out)
{
    rs_buf block = {0}, text = {0};
    size_t mime_len = strlen(info->mime);
    *out = NULL;
    put_be32(&block, PICTURE_FRONT_COVER);
    put_be32(&block, (uint32_t)mime_len);
    rs__buf_append(&block, info->mime, mime_len);
    put_be32(&block, 0); /* no description */
    put_be32(&block, info->width);
    put_be32(&block, info->height);
    put_be32(&block, info->depth);
    put_be32(&block, info->colours);
    put_be32(&block, (uint32_t)size);
    rs__buf_append(&block, (const char *)data, size);
    if (!block.failed)
        base64(&text, (const unsigned char *)block.data, block.len);
    rs__buf_free(&block);
    if (block.failed || text.failed || !text.data) {
        rs__buf_free(&text);
        return ROSTRUM_ENOMEM;
    }
    *out = rs__buf_take(&text);
    return *out ? 0 : ROSTRUM_ENOMEM;
}

int rs__picture_tag(const char *path, char **value, char *errmsg, size_t errmsg_size)
{
    rs_buf data = {0};
    rs_picture_info info;
    const char *why = NULL;
    char chunk[65536];
    size_t n;
    int rc = 0;
    FILE *f = fopen(path, "rb");
    *value = NULL;
    if (!f) {
        rs__set_error(errmsg, errmsg_size, "%s: cannot read the cover: %s", path, strerror(errno));
        return ROSTRUM_EINPUT;
    }
    while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (data.len + n > MAX_PICTURE_BYTES)
            rc = ROSTRUM_EINPUT;
        else if (rs__buf_append(&data, chunk, n) != 0)
            rc = ROSTRUM_ENOMEM;
    }
    if (rc == 0 && ferror(f)) {
        rs__set_error(errmsg, errmsg_size, "%s: cannot read the cover: %s", path, strerror(errno ? errno : EIO));
        rc = ROSTRUM_EINPUT;
    } else if (rc == ROSTRUM_EINPUT) {
        rs__set_error(errmsg, errmsg_size, "%s: the cover is larger than %u MiB", path, MAX_PICTURE_BYTES >> 20);
    } else if (rc == 0) {
        rc = rs__picture_parse((const unsigned char *)data.data, data.len, &info, &why);
        if (rc)
            rs__set_error(errmsg, errmsg_size, "%s: the cover is %s", path, why);
    }
    fclose(f);
    if (rc == 0)
        rc = rs__picture_block_base64((const unsigned char *)data.data, data.len, &info, value);
    rs__buf_free(&data);
    return rc;
}
