/* Builds a DOCX (a zip of named parts) in memory with libzip, for the
 * tests: make_docx zips a sample's folder, test_docx zips parts written in
 * the test. Header-only: each program includes it once. */
#ifndef ROSTRUM_TEST_DOCX_ZIP_H
#define ROSTRUM_TEST_DOCX_ZIP_H

#include <stdlib.h>
#include <string.h>

#include <zip.h>

typedef struct docx_part {
    const char *name;  /* "word/document.xml" */
    const char *data;
    size_t size;
} docx_part;

/* The zip of the parts in *out (free it), its length in *out_len; 0 or -1. */
static int docx_zip(const docx_part *parts, size_t count, char **out, size_t *out_len)
{
    zip_error_t err;
    zip_source_t *buffer, *part;
    zip_stat_t st;
    zip_t *zip;
    size_t i;
    *out = NULL;
    *out_len = 0;
    zip_error_init(&err);
    buffer = zip_source_buffer_create(NULL, 0, 0, &err);
    if (!buffer)
        return -1;
    zip_source_keep(buffer); /* kept past zip_close, to read the zip back */
    zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
    if (!zip) {
        zip_source_free(buffer);
        return -1;
    }
    for (i = 0; i < count; i++) {
        part = zip_source_buffer(zip, parts[i].data, parts[i].size, 0);
        if (!part || zip_file_add(zip, parts[i].name, part, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(part);
            zip_discard(zip);
            zip_source_free(buffer);
            return -1;
        }
    }
    if (zip_close(zip) < 0 || zip_source_stat(buffer, &st) < 0 || zip_source_open(buffer) < 0) {
        zip_source_free(buffer);
        return -1;
    }
    *out = malloc(st.size ? st.size : 1);
    if (*out && zip_source_read(buffer, *out, st.size) == (zip_int64_t)st.size) {
        *out_len = st.size;
    } else {
        free(*out);
        *out = NULL;
    }
    zip_source_close(buffer);
    zip_source_free(buffer);
    return *out ? 0 : -1;
}

#endif
