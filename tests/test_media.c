/* Unit tests of what a render adds around the speech: cover images (PNG
 * and JPEG headers, the FLAC picture block in base64) and intro audio. */
#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "encode/encode.h"
#include "check.h"
#include "sweep.h"

static size_t put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return 4;
}

/* A PNG chunk with a dummy CRC (the parser reads no CRC). */
static size_t chunk(unsigned char *p, const char *type, const unsigned char *data, uint32_t len)
{
    size_t n = put32(p, len);
    memcpy(p + n, type, 4);
    n += 4;
    if (len)
        memcpy(p + n, data, len);
    n += len;
    return n + put32(p + n, 0);
}

static size_t make_png(unsigned char *out, uint32_t width, uint32_t height, int bit_depth, int colour_type,
                       uint32_t palette_entries)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char ihdr[13] = {0}, palette[768] = {0}, pixels[4] = {1, 2, 3, 4};
    size_t n = 8;
    memcpy(out, signature, 8);
    put32(ihdr, width);
    put32(ihdr + 4, height);
    ihdr[8] = (unsigned char)bit_depth;
    ihdr[9] = (unsigned char)colour_type;
    n += chunk(out + n, "IHDR", ihdr, 13);
    if (palette_entries)
        n += chunk(out + n, "PLTE", palette, palette_entries * 3);
    n += chunk(out + n, "IDAT", pixels, sizeof pixels);
    n += chunk(out + n, "IEND", NULL, 0);
    return n;
}

static void test_png(void)
{
    unsigned char png[1024];
    rs_picture_info info;
    const char *why = NULL;
    size_t n = make_png(png, 640, 480, 8, 6, 0);
    CHECK(rs__picture_parse(png, n, &info, &why) == 0);
    CHECK_STR(info.mime, "image/png");
    CHECK(info.width == 640 && info.height == 480 && info.depth == 32 && info.colours == 0);
    n = make_png(png, 3, 7, 16, 2, 0);
    CHECK(rs__picture_parse(png, n, &info, &why) == 0 && info.depth == 48);
    /* indexed: RGB palette entries, counted */
    n = make_png(png, 5, 5, 4, 3, 12);
    CHECK(rs__picture_parse(png, n, &info, &why) == 0);
    CHECK(info.width == 5 && info.depth == 24 && info.colours == 12);
    /* cut short anywhere: no IEND, or no IHDR */
    CHECK(rs__picture_parse(png, n - 12, &info, &why) == ROSTRUM_EINPUT && strstr(why, "truncated PNG"));
    CHECK(rs__picture_parse(png, 20, &info, &why) == ROSTRUM_EINPUT && strstr(why, "truncated PNG"));
    n = make_png(png, 0, 5, 8, 2, 0);
    CHECK(rs__picture_parse(png, n, &info, &why) == ROSTRUM_EINPUT && strstr(why, "invalid"));
    n = make_png(png, 5, 5, 8, 5, 0);
    CHECK(rs__picture_parse(png, n, &info, &why) == ROSTRUM_EINPUT);
}

static void test_jpeg(void)
{
    /* SOI, fill byte, APP0 (length 6), a restart marker, SOF2 (progressive),
     * some scan, EOI and bytes after it */
    static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xFF, 0xE0, 0x00, 0x06, 'J',  'F',  'I',  'F',
                                         0xFF, 0xD0, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x02, 0x58,
                                         0x03, 1,    0x22, 0,    2,    0x11, 1,    3,    0x11, 1,    0xFF,
                                         0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9, 0x00, 0x00};
    rs_picture_info info;
    const char *why = NULL;
    CHECK(rs__picture_parse(jpeg, sizeof jpeg, &info, &why) == 0);
    CHECK_STR(info.mime, "image/jpeg");
    CHECK(info.width == 600 && info.height == 300 && info.depth == 24 && info.colours == 0);
    /* without its end, or cut before the frame header */
    CHECK(rs__picture_parse(jpeg, sizeof jpeg - 4, &info, &why) == ROSTRUM_EINPUT && strstr(why, "truncated JPEG"));
    CHECK(rs__picture_parse(jpeg, 16, &info, &why) == ROSTRUM_EINPUT && strstr(why, "truncated JPEG"));
}

static void test_other_files(void)
{
    rs_picture_info info;
    const char *why = NULL;
    CHECK(rs__picture_parse((const unsigned char *)"", 0, &info, &why) == ROSTRUM_EINPUT && !strcmp(why, "empty"));
    CHECK(rs__picture_parse((const unsigned char *)"GIF89a\1\0\1\0", 10, &info, &why) == ROSTRUM_EINPUT &&
          strstr(why, "GIF"));
    CHECK(rs__picture_parse((const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16, &info, &why) == ROSTRUM_EINPUT &&
          strstr(why, "WebP"));
    CHECK(rs__picture_parse((const unsigned char *)"hello, world", 12, &info, &why) == ROSTRUM_EINPUT &&
          strstr(why, "not a PNG or JPEG"));
}

static int base64_value(char c)
{
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *at = strchr(alphabet, c);
    return c && at ? (int)(at - alphabet) : -1;
}

/* Decodes base64 (with padding) into out; returns the byte count or -1. */
static long base64_decode(const char *text, unsigned char *out)
{
    size_t len = strlen(text), i;
    long n = 0;
    if (len % 4)
        return -1;
    for (i = 0; i < len; i += 4) {
        int v[4], k;
        for (k = 0; k < 4; k++)
            v[k] = text[i + k] == '=' && i + 4 == len && k >= 2 ? 0 : base64_value(text[i + k]);
        if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
            return -1;
        out[n++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
        if (text[i + 2] != '=')
            out[n++] = (unsigned char)(v[1] << 4 | v[2] >> 2);
        if (text[i + 3] != '=')
            out[n++] = (unsigned char)(v[2] << 6 | v[3]);
    }
    return n;
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The FLAC picture block, field by field, for images of every length
 * modulo 3 (the three endings of base64). */
static void test_picture_block(void)
{
    unsigned char png[1024], block[2048];
    size_t extra;
    for (extra = 0; extra < 3; extra++) {
        size_t base = make_png(png, 16, 9, 8, 2, 0);
        rs_picture_info info;
        const char *why = NULL;
        char *text = NULL;
        long n;
        /* extra bytes before IEND change the length modulo 3 */
        size_t size = base + extra;
        memmove(png + size - 12, png + base - 12, 12);
        CHECK(rs__picture_parse(png, size, &info, &why) == 0);
        CHECK(rs__picture_block_base64(png, size, &info, &text) == 0);
        n = text ? base64_decode(text, block) : -1;
        CHECK(n == (long)(32 + 9 + size));
        if (n == (long)(32 + 9 + size)) {
            CHECK(get32(block) == 3); /* front cover */
            CHECK(get32(block + 4) == 9 && memcmp(block + 8, "image/png", 9) == 0);
            CHECK(get32(block + 17) == 0); /* no description */
            CHECK(get32(block + 21) == 16 && get32(block + 25) == 9 && get32(block + 29) == 24);
            CHECK(get32(block + 33) == 0 && get32(block + 37) == size);
            CHECK(memcmp(block + 41, png, size) == 0);
        }
        rs__free(text);
    }
}

/* Writes seconds of a sine at freq and peak amplitude into a file libsndfile
 * writes, in every channel. */
static int write_tone(const char *path, int format, int rate, int channels, double freq, double amplitude,
                      double seconds)
{
    SF_INFO info;
    SNDFILE *f;
    long frames = (long)(seconds * rate), i;
    float *pcm = malloc((size_t)frames * (size_t)channels * sizeof *pcm);
    int c;
    memset(&info, 0, sizeof info);
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    f = pcm ? sf_open(path, SFM_WRITE, &info) : NULL;
    if (!f) {
        free(pcm);
        return -1;
    }
    for (i = 0; i < frames; i++)
        for (c = 0; c < channels; c++)
            pcm[i * channels + c] = (float)(amplitude * sin(2.0 * M_PI * freq * (double)i / rate));
    sf_writef_float(f, pcm, frames);
    sf_close(f);
    free(pcm);
    return 0;
}

/* Upward crossings of zero: the frequency, once divided by the seconds. */
static long crossings(const rs_jingle *j)
{
    long n = 0;
    size_t i;
    for (i = 1; i < j->count; i++)
        n += j->pcm[i - 1] < 0.0f && j->pcm[i] >= 0.0f;
    return n;
}

static void test_jingle(void)
{
    char dir[] = "/tmp/rostrum-media.XXXXXX", path[256], errmsg[512];
    rs_jingle j;
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    /* stereo at 44.1 kHz: resampled (1 kHz stays 1 kHz), mixed down, and a
     * 1 kHz sine at -20 dBFS measures -23.0 LUFS in one channel */
    snprintf(path, sizeof path, "%s/tone.wav", dir);
    CHECK(write_tone(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 1000.0, 0.1, 2.0) == 0);
    CHECK(rs__jingle_load(&j, path, "intro", errmsg, sizeof errmsg) == 0);
    CHECK(labs((long)j.count - 2 * RS__SAMPLE_RATE) <= 1);
    CHECK(labs(crossings(&j) - 2000) <= 2);
    CHECK(fabs(j.lufs - -23.0) < 0.1);
    CHECK(fabs(j.peak_db - -20.0) < 0.2);
    /* the gain brings it to the speech, unless its peak would pass the ceiling */
    CHECK(fabs(rs__jingle_gain(&j, -20.0, -1.0) - 3.0) < 0.1);
    CHECK(fabs(rs__jingle_gain(&j, -2.0, -1.0) - 19.0) < 0.2);
    rs__jingle_free(&j);
    /* a 0.2 s sting, shorter than a loudness block, is measured still */
    snprintf(path, sizeof path, "%s/sting.flac", dir);
    CHECK(write_tone(path, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 1, 1000.0, 0.5, 0.2) == 0);
    CHECK(rs__jingle_load(&j, path, "outro", errmsg, sizeof errmsg) == 0);
    CHECK(labs((long)j.count - RS__SAMPLE_RATE / 5) <= 1);
    CHECK(fabs(j.lufs - (20.0 * log10(0.5) - 3.0)) < 0.3);
    rs__jingle_free(&j);
    /* silence, and a file that is not audio: errors that name the file */
    snprintf(path, sizeof path, "%s/silent.wav", dir);
    CHECK(write_tone(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 1000.0, 0.0, 1.0) == 0);
    CHECK(rs__jingle_load(&j, path, "intro", errmsg, sizeof errmsg) == ROSTRUM_EINPUT);
    CHECK(strncmp(errmsg, path, strlen(path)) == 0 && strstr(errmsg, "the intro is silent"));
    unlink(path);
    snprintf(path, sizeof path, "%s/tone.wav", dir);
    unlink(path);
    CHECK(rs__jingle_load(&j, path, "outro", errmsg, sizeof errmsg) == ROSTRUM_EINPUT);
    CHECK(strncmp(errmsg, path, strlen(path)) == 0 && strstr(errmsg, "cannot read the outro"));
    snprintf(path, sizeof path, "%s/sting.flac", dir);
    unlink(path);
    rmdir(dir);
}

/* A small render with an intro, an outro and a cover into out_path, with
 * allocation fail_at made to fail (0: none). */
static int render_with_media(unsigned long fail_at, const char *dir, int threads, size_t *chapters)
{
    static const char speech[] = "Mr L G LEVER: Yes.\n\nThe PRESIDENT: No.\n";
    char intro[256], cover[256], out[256];
    rostrum_options options;
    rostrum *r = NULL;
    int rc;
    snprintf(intro, sizeof intro, "%s/intro.flac", dir);
    snprintf(cover, sizeof cover, "%s/cover.png", dir);
    snprintf(out, sizeof out, "%s/out.opus", dir);
    rostrum_options_init(&options);
    options.data_dir = ROSTRUM_SOURCE_DIR;
    options.threads = threads;
    options.complexity = 0;
    options.intro = intro;
    options.outro = intro;
    options.cover = cover;
    rs__alloc_count = 0;
    rs__alloc_fail_at = fail_at;
    rc = rostrum_create(&r, &options);
    if (rc == 0)
        rc = rostrum_load(r, "t.md", speech, sizeof speech - 1);
    if (rc == 0)
        rc = rostrum_render_file(r, out, ROSTRUM_FORMAT_OPUS);
    if (chapters)
        *chapters = rostrum_chapter_count(r);
    rostrum_destroy(r);
    rs__alloc_fail_at = 0;
    return rc;
}

typedef struct media_run {
    const char *dir;
    int threads;
    size_t *chapters;
} media_run;

static int run_media(const void *user, unsigned long fail_at)
{
    const media_run *m = user;
    return render_with_media(fail_at, m->dir, m->threads, m->chapters);
}

/* Every allocation of such a render, made to fail in turn, fails it
 * cleanly (the sanitizer build finds what leaks or is used after free). */
static void test_render_allocations(void)
{
    char dir[] = "/tmp/rostrum-media.XXXXXX", path[256];
    unsigned char png[256];
    size_t chapters = 0, n = make_png(png, 2, 2, 8, 0, 0);
    unsigned long total, shared = 0;
    static sweep_trace traces[2];
    int threads;
    FILE *f;
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    snprintf(path, sizeof path, "%s/intro.flac", dir);
    CHECK(write_tone(path, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, 440.0, 0.3, 0.5) == 0);
    snprintf(path, sizeof path, "%s/cover.png", dir);
    f = fopen(path, "wb");
    CHECK(f && fwrite(png, 1, n, f) == n);
    if (f)
        fclose(f);
    /* -j 2 is swept from where it parts from -j 1, and each sweep fails a
     * path twice at most (see sweep.h) */
    for (threads = 1; threads <= 2; threads++) {
        media_run counted = {dir, threads, &chapters}, swept = {dir, threads, NULL};
        sweep_trace *trace = &traces[threads - 1];
        CHECK(sweep_count(trace, run_media, &counted, &total) == 0);
        CHECK(chapters == 4); /* Introduction, two speakers, Closing */
        if (threads == 2)
            shared = sweep_shared(&traces[1], &traces[0]);
        CHECK(shared < total);
        sweep_run(threads == 1 ? "render with media, -j 1" : "render with media, -j 2", trace, total, shared,
                  run_media, &swept);
    }
    snprintf(path, sizeof path, "%s/out.opus", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/intro.flac", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/cover.png", dir);
    unlink(path);
    CHECK(rmdir(dir) == 0); /* no temporary file left behind */
}

int main(void)
{
    test_png();
    test_jpeg();
    test_other_files();
    test_picture_block();
    test_jingle();
    test_render_allocations();
    return check_report("test_media");
}
