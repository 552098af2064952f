/* Tags of an output: metadata, the caller's own tags, and a CHAPTERnnn /
 * CHAPTERnnnNAME pair for every chapter, in the order Ogg Opus files carry
 * them (the other containers keep what they know of them). */
#include <stdio.h>
#include <string.h>

#include "encode/encode.h"

/* Appends the CHAPTERnnn/CHAPTERnnnNAME pair of a chapter; its keys and
 * time go into 64 bytes of storage at *p. The plan keeps a file within
 * RS__MAX_CHAPTERS (1000), so the index has three digits. */
static void add_chapter(rs_tag *tags, size_t *n, char **p, size_t index, uint64_t sample, unsigned rate,
                        const char *name)
{
    char *key = *p, *name_key = *p + 16, *time = *p + 32;
    unsigned number = (unsigned)(index % RS__MAX_CHAPTERS);
    snprintf(key, 16, "CHAPTER%03u", number);
    snprintf(name_key, 16, "CHAPTER%03uNAME", number);
    rs__format_chapter_time(sample, rate, time);
    tags[*n].key = key, tags[(*n)++].value = time;
    tags[*n].key = name_key, tags[(*n)++].value = name;
    *p += 64;
}

int rs__tags_build(const rs_tag_info *info, unsigned rate, rs_tag **tags_out, size_t *count_out, char **storage_out)
{
    size_t i, n = 0, chapters = 0;
    rs_tag *tags = rs__calloc(7 + info->extra_count + 2 * (info->chapter_count + 2), sizeof *tags);
    char *storage = rs__malloc((info->chapter_count + 2) * 64 + 1), *p;
    if (!tags || !storage) {
        rs__free(tags);
        rs__free(storage);
        return ROSTRUM_ENOMEM;
    }
    tags[n].key = "TITLE", tags[n++].value = info->title;
    tags[n].key = "ALBUM", tags[n++].value = info->album;
    tags[n].key = "ARTIST", tags[n++].value = info->artist;
    tags[n].key = "DATE", tags[n++].value = info->date;
    tags[n].key = "LANGUAGE", tags[n++].value = info->language;
    tags[n].key = "ENCODER", tags[n++].value = info->encoder;
    /* the caller's tags come early in the header, where a reader that looks
     * at the first bytes of the file (rostrum batch) finds them */
    for (i = 0; i < info->extra_count; i++) {
        tags[n].key = info->extra[i];
        tags[n++].value = info->extra[i] + strlen(info->extra[i]) + 1;
    }
    p = storage;
    for (i = 0; i < info->chapter_count; i++)
        add_chapter(tags, &n, &p, chapters++, info->chapters[i].sample, rate, info->chapters[i].name);
    /* last: a reader looking for the tags above in the first bytes of the
     * file (rostrum batch) need not read past the picture */
    tags[n].key = "METADATA_BLOCK_PICTURE", tags[n++].value = info->cover;
    *tags_out = tags;
    *count_out = n;
    *storage_out = storage;
    return 0;
}
