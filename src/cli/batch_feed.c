/* rostrum batch --feed: OUTDIR/feed.xml, a podcast feed (RSS 2.0 with the
 * itunes and Podcasting 2.0 namespaces) of every output in the folder. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

/* The feed is a batch's, not a render's: it lists many outputs, those of
 * this run and those an earlier run (or another shard) left, and the
 * library knows one input at a time. So it is written here, from what the
 * workers found of their outputs (rostrum_tag(), the render key) and from
 * the files in the output folder; the library writes each output's
 * captions and JSON chapters, which the feed points to. */

#define FEED_NAME "feed.xml"
#define OLD_FEED_LIMIT (64u << 20) /* an earlier feed larger than this is not read back */
#define DESCRIPTION_WORDS 560      /* bytes of the first words an item's description holds */

/* One item of the feed: of an output of this run, or kept from the feed
 * as it was (then block is its text, written again as it is). */
typedef struct feed_item {
    char *relative;      /* the output under OUTDIR */
    time_t date;         /* pubDate */
    const job *from;     /* this run's job, or NULL */
    char *block;         /* an earlier item's text, or NULL */
    char language[24];
} feed_item;

static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const long_month_names[12] = {"january", "february", "march", "april", "may", "june", "july",
                                                 "august", "september", "october", "november", "december"};
static const char *const day_names[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

/* Copies text into a field of size bytes, cut at a character boundary so
 * that a cut field is still UTF-8. */
static void copy_field(char *field, size_t size, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    if (len >= size) {
        len = size - 1;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    if (len)
        memcpy(field, text, len);
    field[len] = '\0';
}

/* Whether text[0, len) ends in a letter or digit: ASCII, or a character
 * beyond it that is not punctuation ("…", "”", "»"). */
static int ends_in_letter(const char *text, size_t len)
{
    const unsigned char *end = (const unsigned char *)text + len;
    if (len == 0)
        return 0;
    if (end[-1] < 0x80)
        return isalnum(end[-1]) != 0;
    if (len >= 3 && end[-3] == 0xE2 && (end[-2] == 0x80 || end[-2] == 0x81)) /* General Punctuation */
        return 0;
    return !(len >= 2 && end[-2] == 0xC2); /* Latin-1 punctuation: « » ¡ ¿ and the like */
}

/* The first words of the text, paragraph after paragraph, cut after a
 * word with an ellipsis when there is more. */
static void first_words(const rostrum *r, char *out, size_t size)
{
    size_t i, used = 0, count = rostrum_paragraph_count(r);
    size_t room = size - 4 < DESCRIPTION_WORDS ? size - 4 : DESCRIPTION_WORDS; /* "…" and NUL */
    out[0] = '\0';
    for (i = 0; i < count && used < room; i++) {
        const char *text = rostrum_paragraph_text(r, i);
        size_t len = text ? strlen(text) : 0;
        if (!len)
            continue;
        /* a heading or a speaker's name ends without a stop: one is put
         * between it and what follows, as a reader would hear it */
        if (used && used + 2 < room && ends_in_letter(out, used))
            out[used++] = '.';
        if (used)
            out[used++] = ' ';
        if (used + len <= room) {
            memcpy(out + used, text, len);
            used += len;
            out[used] = '\0';
            continue;
        }
        /* the last word that fits whole */
        len = room - used;
        while (len > 0 && text[len] != ' ')
            len--;
        memcpy(out + used, text, len);
        used += len;
        while (used > 0 && (out[used - 1] == ' ' || out[used - 1] == ',' || out[used - 1] == ';'))
            used--;
        strcpy(out + used, "\xE2\x80\xA6");
        return;
    }
    out[used] = '\0';
}

/* The render key of the input under options without the track number
 * (batch tags each output with its place in the input list): so that an
 * episode's guid stays while its input and the options do, also when an
 * input added before it renumbers it. A second handle costs a second load,
 * a fraction of a second beside the render; it is kept in the output's
 * state, so an output up to date costs none. */
void feed_episode(const rostrum_options *options, const char *input, const char *key,
                  char episode[ROSTRUM_KEY_SIZE])
{
    rostrum_options untracked = *options;
    rostrum *r = NULL;
    int rc;
    untracked.extra_tags = NULL;
    untracked.extra_tag_count = 0;
    rc = rostrum_create(&r, &untracked);
    if (rc == 0)
        rc = rostrum_load_file(r, input);
    if (rc == 0)
        rc = rostrum_render_key(r, ROSTRUM_FORMAT_OPUS, episode);
    if (rc != 0)
        memcpy(episode, key, ROSTRUM_KEY_SIZE);
    rostrum_destroy(r);
}

void gather_facts(const rostrum *r, const char *key, feed_facts *facts)
{
    memset(facts, 0, sizeof *facts);
    copy_field(facts->title, sizeof facts->title, rostrum_tag(r, "title"));
    copy_field(facts->artist, sizeof facts->artist, rostrum_tag(r, "artist"));
    copy_field(facts->album, sizeof facts->album, rostrum_tag(r, "album"));
    copy_field(facts->date, sizeof facts->date, rostrum_tag(r, "date"));
    copy_field(facts->language, sizeof facts->language, rostrum_tag(r, "language"));
    copy_field(facts->key, sizeof facts->key, key);
    first_words(r, facts->description, sizeof facts->description);
}

/* ---- files ---- */

static char *feed_path(const batch *b)
{
    return path_join(b->s->output, FEED_NAME);
}

/* A temporary file beside final, with the mode a new file gets under the
 * umask (mkstemp makes it private); -1 with errno. */
static int open_temp(const char *final, char **temp_out)
{
    const char *slash = strrchr(final, '/');
    size_t dir = slash ? (size_t)(slash - final + 1) : 0;
    char *temp = malloc(strlen(final) + 32);
    mode_t mask;
    int fd;
    *temp_out = NULL;
    if (!temp)
        return -1;
    memcpy(temp, final, dir);
    sprintf(temp + dir, ".%s.rostrum-XXXXXX", final + dir);
    fd = mkstemp(temp);
    if (fd < 0) {
        int err = errno;
        free(temp);
        errno = err;
        return -1;
    }
    mask = umask(022);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    *temp_out = temp;
    return fd;
}

int open_feed(batch *b)
{
    char *path = feed_path(b);
    if (!path) {
        fputs("rostrum: out of memory\n", stderr);
        return 1;
    }
    b->feed_fd = open_temp(path, &b->feed_temp);
    if (b->feed_fd < 0)
        fprintf(stderr, "rostrum: %s: cannot create the file: %s\n", path, strerror(errno));
    free(path);
    return b->feed_fd < 0 ? 1 : 0;
}

void abandon_feed(batch *b)
{
    if (b->feed_fd >= 0)
        close(b->feed_fd);
    b->feed_fd = -1;
    if (b->feed_temp)
        unlink(b->feed_temp);
    free(b->feed_temp);
    b->feed_temp = NULL;
}

/* Reads a whole file of at most limit bytes; NULL when it cannot. */
static char *read_file(const char *path, size_t limit)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t len = 0;
    long size;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && (size_t)size <= limit && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)size + 1)) != NULL) {
        len = fread(data, 1, (size_t)size, f);
        data[len] = '\0';
    }
    fclose(f);
    return data;
}

/* ---- text ---- */

typedef struct feed_text {
    char *data;
    size_t len, cap;
    int failed;
} feed_text;

static void put(feed_text *t, const char *s, size_t len)
{
    if (t->failed)
        return;
    if (grow_array(&t->data, &t->cap, t->len + len + 1, 1) != 0) {
        t->failed = 1;
        return;
    }
    memcpy(t->data + t->len, s, len);
    t->len += len;
    t->data[t->len] = '\0';
}

static void puts_text(feed_text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* Text as XML character data or an attribute's value: the five special
 * characters as entities, and the control characters XML 1.0 forbids
 * left out. */
static void put_escaped(feed_text *t, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': puts_text(t, "&amp;"); break;
        case '<': puts_text(t, "&lt;"); break;
        case '>': puts_text(t, "&gt;"); break;
        case '"': puts_text(t, "&quot;"); break;
        case '\'': puts_text(t, "&apos;"); break;
        default:
            if (c >= 0x20 || c == '\t' || c == '\n')
                put(t, (const char *)&c, 1);
            else if (c == '\r')
                put(t, " ", 1);
        }
    }
}

/* <name>value</name> on a line of its own, indented. */
static void element(feed_text *t, const char *indent, const char *name, const char *value)
{
    puts_text(t, indent);
    puts_text(t, "<");
    puts_text(t, name);
    puts_text(t, ">");
    put_escaped(t, value);
    puts_text(t, "</");
    puts_text(t, name);
    puts_text(t, ">\n");
}

/* The base URL and a path under it, each byte outside the unreserved
 * characters of RFC 3986 (and '/') percent-escaped, then XML-escaped. */
static void put_url(feed_text *t, const char *base, const char *relative)
{
    static const char hex[] = "0123456789ABCDEF";
    feed_text url = {0};
    const unsigned char *p;
    puts_text(&url, base);
    if (url.len && url.data[url.len - 1] != '/')
        puts_text(&url, "/");
    for (p = (const unsigned char *)relative; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
            put(&url, (const char *)p, 1);
        } else {
            char escape[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            put(&url, escape, 3);
        }
    }
    if (url.failed)
        t->failed = 1;
    else
        put_escaped(t, url.data);
    free(url.data);
}

/* RFC 822 (with a four-digit year, as RFC 1123 asks), in UTC, in English
 * whatever the locale: "Mon, 28 Sep 2015 12:00:00 +0000". */
static void rfc822(time_t when, char out[40])
{
    struct tm tm;
    gmtime_r(&when, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", day_names[tm.tm_wday], tm.tm_mday,
             month_names[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- dates ---- */

static int month_of(const char *word, size_t len)
{
    int m;
    for (m = 0; m < 12; m++)
        if ((len == 3 || len == strlen(long_month_names[m])) && !strncasecmp(word, long_month_names[m], len))
            return m + 1;
    return 0;
}

static time_t utc_time(int year, int month, int day, int hour, int minute, int second)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return timegm(&tm);
}

/* A document's date as a time: ISO 8601 ("2015-09-28", with a time, or
 * "2015-09", "2015") or written out in English ("28 September 2015",
 * "September 28, 2015"). A day without a time is taken at noon UTC, so
 * that players show that day in every time zone. 0 when it is none of
 * these. */
static time_t parse_date(const char *date)
{
    int year = 0, month = 1, day = 1, hour = 12, minute = 0, second = 0, n = 0;
    char word[16];
    if (!date || !date[0])
        return 0;
    if (sscanf(date, "%4d-%2d-%2d%n", &year, &month, &day, &n) == 3) {
        int h, m, s = 0;
        if ((date[n] == 'T' || date[n] == ' ') && sscanf(date + n + 1, "%2d:%2d:%2d", &h, &m, &s) >= 2)
            hour = h, minute = m, second = s;
    } else if (sscanf(date, "%4d-%2d%n", &year, &month, &n) == 2 && date[n] == '\0') {
        day = 1;
    } else if (sscanf(date, "%4d%n", &year, &n) == 1 && n == 4 && date[n] == '\0') {
        month = 1;
    } else if (sscanf(date, "%2d %15[A-Za-z] %4d", &day, word, &year) == 3) {
        month = month_of(word, strlen(word));
    } else if (sscanf(date, "%15[A-Za-z] %2d, %4d", word, &day, &year) == 3) {
        month = month_of(word, strlen(word));
    } else {
        return 0;
    }
    if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return 0;
    return utc_time(year, month, day, hour, minute, second);
}

/* An item's date: the document's, else the input file's time, which stays
 * the same from run to run while the input does. */
static time_t item_date(const job *j)
{
    time_t when = parse_date(j->facts->date);
    struct stat st;
    if (when)
        return when;
    return stat(j->input, &st) == 0 ? st.st_mtime : 0;
}

/* The pubDate an earlier item says, back as a time. */
static time_t parse_rfc822(const char *pub_date)
{
    int day, year, hour, minute, second;
    char month[4];
    if (sscanf(pub_date, "%*3s, %d %3s %d %d:%d:%d", &day, month, &year, &hour, &minute, &second) != 6)
        return 0;
    return utc_time(year, month_of(month, 3), day, hour, minute, second);
}

/* ---- the output folder's files ---- */

typedef struct mime_search {
    const char *extension;
    const char *mime_type;
} mime_search;

static int find_mime(void *user, const rostrum_format_info *f)
{
    mime_search *search = user;
    size_t i;
    if (strcmp(f->kind, "output") != 0)
        return 0;
    for (i = 0; f->extensions[i]; i++)
        if (!strcasecmp(f->extensions[i], search->extension)) {
            search->mime_type = f->mime_type;
            return 1;
        }
    return 0;
}

/* The MIME type of an output, from the library's table of containers. */
static const char *mime_type_of(const char *relative)
{
    mime_search search;
    const char *slash = strrchr(relative, '/');
    search.extension = strrchr(slash ? slash + 1 : relative, '.');
    search.mime_type = NULL;
    if (search.extension)
        rostrum_list_formats(find_mime, &search);
    return search.mime_type ? search.mime_type : "application/octet-stream";
}

/* The size of the regular file OUTDIR/relative, or -1. */
static long long file_size(const batch *b, const char *relative)
{
    char *path = path_join(b->s->output, relative);
    struct stat st;
    long long size = path && stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
    free(path);
    return size;
}

/* ---- the earlier feed ---- */

/* The value of attribute name in the first element tag of block that
 * starts with tag, XML entities undone; NULL when there is none. */
static char *attribute(const char *block, const char *tag, const char *name)
{
    const char *start = strstr(block, tag), *end, *value;
    char pattern[64], *out, *o;
    if (!start || !(end = strchr(start, '>')))
        return NULL;
    snprintf(pattern, sizeof pattern, " %s=\"", name);
    value = strstr(start, pattern);
    if (!value || value > end)
        return NULL;
    value += strlen(pattern);
    end = strchr(value, '"');
    if (!end || !(out = malloc((size_t)(end - value) + 1)))
        return NULL;
    for (o = out; value < end; value++) {
        static const struct { const char *entity; char c; } entities[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
        size_t k;
        for (k = 0; k < 5 && strncmp(value, entities[k].entity, strlen(entities[k].entity)) != 0; k++)
            ;
        if (k < 5) {
            *o++ = entities[k].c;
            value += strlen(entities[k].entity) - 1;
        } else {
            *o++ = *value;
        }
    }
    *o = '\0';
    return out;
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The output an earlier item's enclosure names under base, percent-escapes
 * undone; NULL when it is not under base or leaves the folder. */
static char *relative_of(const char *url, const char *base)
{
    size_t len = strlen(base);
    char *out, *o;
    const char *p;
    if (strncmp(url, base, len) != 0)
        return NULL;
    if (len && base[len - 1] != '/') {
        if (url[len] != '/')
            return NULL;
        len++;
    }
    out = malloc(strlen(url + len) + 1);
    if (!out)
        return NULL;
    for (o = out, p = url + len; *p; p++) {
        if (*p == '%' && hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0) {
            *o++ = (char)(hex_value(p[1]) * 16 + hex_value(p[2]));
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    if (!out[0] || out[0] == '/' || !strncmp(out, "../", 3) || strstr(out, "/../") || strlen(out) != (size_t)(o - out)) {
        free(out);
        return NULL;
    }
    return out;
}

typedef struct item_list {
    feed_item *items;
    size_t count, capacity;
} item_list;

static feed_item *add_item(item_list *list)
{
    if (grow_array(&list->items, &list->capacity, list->count + 1, sizeof *list->items) != 0)
        return NULL;
    memset(&list->items[list->count], 0, sizeof list->items[0]);
    return &list->items[list->count++];
}

static int listed(const item_list *list, const char *relative)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        if (!strcmp(list->items[i].relative, relative))
            return 1;
    return 0;
}

/* The items of the feed as it was whose output is not one of this run's
 * and still exists (an input that failed this time, another shard's):
 * kept as they were. The others are dropped. -1 when out of memory. */
static int keep_earlier_items(const batch *b, item_list *list)
{
    char *path = feed_path(b);
    char *old = path ? read_file(path, OLD_FEED_LIMIT) : NULL;
    const char *p = old;
    int rc = path ? 0 : -1;
    while (rc == 0 && p && (p = strstr(p, "<item>")) != NULL) {
        const char *end = strstr(p, "</item>");
        char *block, *url, *relative = NULL;
        const char *date;
        if (!end)
            break;
        end += strlen("</item>");
        block = malloc((size_t)(end - p) + 1);
        if (!block) {
            rc = -1;
            break;
        }
        memcpy(block, p, (size_t)(end - p));
        block[end - p] = '\0';
        p = end;
        url = attribute(block, "<enclosure", "url");
        relative = url ? relative_of(url, b->s->feed_url) : NULL;
        free(url);
        if (!relative || listed(list, relative) || file_size(b, relative) < 0) {
            free(relative);
            free(block);
            continue;
        }
        {
            feed_item *item = add_item(list);
            char *language = attribute(block, "<podcast:transcript", "language");
            if (!item) {
                free(relative);
                free(block);
                free(language);
                rc = -1;
                break;
            }
            item->relative = relative;
            item->block = block;
            date = strstr(block, "<pubDate>");
            item->date = date ? parse_rfc822(date + strlen("<pubDate>")) : 0;
            copy_field(item->language, sizeof item->language, language);
            free(language);
        }
    }
    free(old);
    free(path);
    return rc;
}

/* ---- the channel ---- */

/* The most common language of the items; the first in name order of those
 * as common; "en" when none says. */
static const char *common_language(const item_list *list)
{
    const char *best = NULL;
    size_t i, k, best_count = 0;
    for (i = 0; i < list->count; i++) {
        size_t count = 0;
        if (!list->items[i].language[0])
            continue;
        for (k = 0; k < list->count; k++)
            count += !strcmp(list->items[k].language, list->items[i].language);
        if (count > best_count || (count == best_count && strcmp(list->items[i].language, best) < 0)) {
            best = list->items[i].language;
            best_count = count;
        }
    }
    return best ? best : "en";
}

/* The last component of a path, trailing slashes left out; "." and ".."
 * become the name of the folder they stand for. */
static char *folder_name(const char *path)
{
    char *full = realpath(path, NULL), *name, *slash;
    if (!full)
        full = copy_of(path);
    if (!full)
        return NULL;
    while (strlen(full) > 1 && full[strlen(full) - 1] == '/')
        full[strlen(full) - 1] = '\0';
    slash = strrchr(full, '/');
    name = copy_of(slash && slash[1] ? slash + 1 : full);
    free(full);
    return name;
}

/* The channel's title: --feed-title; else the album every item of this run
 * shares; else the name of the first input folder; else the output folder's. */
static char *channel_title(const batch *b, const item_list *list)
{
    const char *album = NULL;
    struct stat st;
    size_t i;
    if (b->s->feed_title)
        return copy_of(b->s->feed_title);
    for (i = 0; i < list->count; i++) {
        const job *j = list->items[i].from;
        if (!j)
            continue;
        if (!j->facts->album[0] || (album && strcmp(album, j->facts->album) != 0)) {
            album = NULL;
            break;
        }
        album = j->facts->album;
    }
    if (album)
        return copy_of(album);
    for (i = 0; i < b->s->input_count; i++)
        if (stat(b->s->inputs[i], &st) == 0 && S_ISDIR(st.st_mode))
            return folder_name(b->s->inputs[i]);
    return folder_name(b->s->output);
}

/* --cover, copied beside the feed as feed.png or feed.jpg (by its first
 * bytes), under a temporary name and renamed: the channel's image must be
 * published with it. Sets *name; 0, or 1 after saying why. */
static int copy_cover(const batch *b, const char **name)
{
    const char *cover = b->s->options.cover;
    unsigned char head[4] = {0};
    char *final = NULL, *temp = NULL, chunk[65536];
    FILE *in;
    size_t n;
    int fd = -1, rc = 1;
    *name = NULL;
    if (!cover)
        return 0;
    in = fopen(cover, "rb");
    if (!in) {
        fprintf(stderr, "rostrum: %s: cannot read the cover: %s\n", cover, strerror(errno));
        return 1;
    }
    n = fread(head, 1, sizeof head, in);
    *name = n >= 4 && head[0] == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G' ? "feed.png" : "feed.jpg";
    rewind(in);
    final = path_join(b->s->output, *name);
    fd = final ? open_temp(final, &temp) : -1;
    if (fd < 0) {
        fprintf(stderr, "rostrum: %s: cannot create the file: %s\n", final ? final : *name, strerror(errno));
        goto done;
    }
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        if (write_all(fd, chunk, n) != 0) {
            fprintf(stderr, "rostrum: %s: cannot write: %s\n", final, strerror(errno));
            goto done;
        }
    if (ferror(in)) {
        fprintf(stderr, "rostrum: %s: cannot read the cover\n", cover);
        goto done;
    }
    if (close(fd) != 0 || rename(temp, final) != 0) {
        fd = -1;
        fprintf(stderr, "rostrum: %s: cannot write: %s\n", final, strerror(errno));
        goto done;
    }
    fd = -1;
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    if (rc && temp)
        unlink(temp);
    fclose(in);
    free(temp);
    free(final);
    return rc;
}

/* ---- the items ---- */

/* Newest first; on the same date by the output's path. */
static int compare_items(const void *x, const void *y)
{
    const feed_item *a = x, *c = y;
    if (a->date != c->date)
        return a->date > c->date ? -1 : 1;
    return strcmp(a->relative, c->relative);
}

/* An item of this run's output. */
static void write_item(feed_text *t, const batch *b, const feed_item *item)
{
    const job *j = item->from;
    const feed_facts *f = j->facts;
    char date[40], duration[32], number[32], sidecar[4096];
    long seconds = j->audio_seconds > 0 ? (long)(j->audio_seconds + 0.5) : 0;
    const char *slash = strrchr(item->relative, '/');
    char *name = with_extension(slash ? slash + 1 : item->relative, "");
    puts_text(t, "    <item>\n");
    element(t, "      ", "title", f->title[0] ? f->title : name ? name : item->relative);
    if (f->description[0] || f->artist[0]) {
        feed_text description = {0};
        if (f->artist[0]) {
            puts_text(&description, f->artist);
            puts_text(&description, f->description[0] ? ": " : "");
        }
        puts_text(&description, f->description);
        element(t, "      ", "description", description.failed ? "" : description.data);
        free(description.data);
    }
    if (f->artist[0])
        element(t, "      ", "itunes:author", f->artist);
    puts_text(t, "      <enclosure url=\"");
    put_url(t, b->s->feed_url, item->relative);
    snprintf(number, sizeof number, "%lld", file_size(b, item->relative));
    puts_text(t, "\" length=\"");
    puts_text(t, number);
    puts_text(t, "\" type=\"");
    put_escaped(t, mime_type_of(item->relative));
    puts_text(t, "\"/>\n");
    /* the render key: the same while the input and the options are */
    puts_text(t, "      <guid isPermaLink=\"false\">rostrum-");
    puts_text(t, f->key);
    puts_text(t, "</guid>\n");
    rfc822(item->date, date);
    element(t, "      ", "pubDate", date);
    snprintf(duration, sizeof duration, "%02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
    element(t, "      ", "itunes:duration", duration);
    if (rostrum_sidecar_path(item->relative, ROSTRUM_SIDECAR_CHAPTERS_JSON, sidecar, sizeof sidecar) == 0) {
        puts_text(t, "      <podcast:chapters url=\"");
        put_url(t, b->s->feed_url, sidecar);
        puts_text(t, "\" type=\"application/json+chapters\"/>\n");
    }
    if (rostrum_sidecar_path(item->relative, ROSTRUM_SIDECAR_VTT, sidecar, sizeof sidecar) == 0) {
        puts_text(t, "      <podcast:transcript url=\"");
        put_url(t, b->s->feed_url, sidecar);
        puts_text(t, "\" type=\"text/vtt\"");
        if (f->language[0]) {
            puts_text(t, " language=\"");
            put_escaped(t, f->language);
            puts_text(t, "\"");
        }
        puts_text(t, " rel=\"captions\"/>\n");
    }
    puts_text(t, "    </item>\n");
    free(name);
}

/* The time of this build: SOURCE_DATE_EPOCH when set, as reproducible
 * builds ask, else now. */
static time_t build_time(void)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long value;
    if (epoch && epoch[0]) {
        errno = 0;
        value = strtoll(epoch, &end, 10);
        if (!errno && !*end && value >= 0)
            return (time_t)value;
    }
    return time(NULL);
}

static void write_channel(feed_text *t, const batch *b, const item_list *list, const char *title, const char *image)
{
    char date[40];
    size_t i;
    puts_text(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\""
                 " xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">\n"
                 "  <channel>\n");
    element(t, "    ", "title", title);
    puts_text(t, "    <link>");
    put_escaped(t, b->s->feed_url);
    puts_text(t, "</link>\n");
    if (b->s->feed_description) {
        element(t, "    ", "description", b->s->feed_description);
    } else {
        feed_text description = {0};
        puts_text(&description, title);
        puts_text(&description, ": statements read aloud, with chapters and captions.");
        element(t, "    ", "description", description.failed ? "" : description.data);
        free(description.data);
    }
    element(t, "    ", "language", common_language(list));
    rfc822(build_time(), date);
    element(t, "    ", "lastBuildDate", date);
    {
        feed_text generator = {0};
        puts_text(&generator, "rostrum ");
        puts_text(&generator, rostrum_version());
        element(t, "    ", "generator", generator.failed ? "" : generator.data);
        free(generator.data);
    }
    if (image) {
        puts_text(t, "    <image>\n      <url>");
        put_url(t, b->s->feed_url, image);
        puts_text(t, "</url>\n");
        element(t, "      ", "title", title);
        puts_text(t, "      <link>");
        put_escaped(t, b->s->feed_url);
        puts_text(t, "</link>\n    </image>\n    <itunes:image href=\"");
        put_url(t, b->s->feed_url, image);
        puts_text(t, "\"/>\n");
    }
    puts_text(t, "    <itunes:explicit>false</itunes:explicit>\n"
                 "    <itunes:category text=\"Government\"/>\n");
    for (i = 0; i < list->count; i++) {
        if (list->items[i].from) {
            write_item(t, b, &list->items[i]);
        } else {
            puts_text(t, "    ");
            puts_text(t, list->items[i].block);
            puts_text(t, "\n");
        }
    }
    puts_text(t, "  </channel>\n</rss>\n");
}

static void free_items(item_list *list)
{
    size_t i;
    for (i = 0; i < list->count; i++) {
        free(list->items[i].relative);
        free(list->items[i].block);
    }
    free(list->items);
}

int write_feed(batch *b)
{
    item_list list = {0};
    feed_text feed = {0};
    char *path = feed_path(b), *title = NULL;
    const char *image = NULL;
    size_t i;
    int rc = 1, out_of_memory = 0;
    out_of_memory = !path;
    if (out_of_memory)
        goto done;
    /* this run's outputs, rendered or up to date */
    for (i = 0; i < b->count; i++) {
        const job *j = &b->jobs[i];
        feed_item *item;
        if (!j->facts || !j->relative || file_size(b, j->relative) < 0)
            continue;
        item = add_item(&list);
        out_of_memory = !item || !(item->relative = copy_of(j->relative));
        if (out_of_memory)
            goto done;
        item->from = j;
        item->date = item_date(j);
        copy_field(item->language, sizeof item->language, j->facts->language);
    }
    out_of_memory = keep_earlier_items(b, &list) != 0;
    if (out_of_memory)
        goto done;
    qsort(list.items, list.count, sizeof *list.items, compare_items);
    title = channel_title(b, &list);
    out_of_memory = !title;
    if (out_of_memory)
        goto done;
    if (copy_cover(b, &image) != 0)
        goto done;
    write_channel(&feed, b, &list, title, image);
    out_of_memory = feed.failed;
    if (out_of_memory)
        goto done;
    if (write_all(b->feed_fd, feed.data, feed.len) != 0 || fsync(b->feed_fd) != 0) {
        fprintf(stderr, "rostrum: %s: cannot write: %s\n", path, strerror(errno));
        goto done;
    }
    if (close(b->feed_fd) != 0) {
        b->feed_fd = -1;
        fprintf(stderr, "rostrum: %s: cannot write: %s\n", path, strerror(errno));
        goto done;
    }
    b->feed_fd = -1;
    if (rename(b->feed_temp, path) != 0) {
        fprintf(stderr, "rostrum: %s: cannot write: %s\n", path, strerror(errno));
        goto done;
    }
    free(b->feed_temp);
    b->feed_temp = NULL;
    if (!b->s->quiet)
        fprintf(stderr, "rostrum: %s: %zu item%s\n", path, list.count, list.count == 1 ? "" : "s");
    rc = 0;
done:
    if (out_of_memory)
        fputs("rostrum: out of memory\n", stderr);
    abandon_feed(b);
    free(feed.data);
    free(title);
    free(path);
    free_items(&list);
    return rc;
}
