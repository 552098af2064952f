/* Zip archives written in memory with libzip, for the EPUB container: the
 * entries in the order given, each stored or deflated as asked. */
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "encode/encode.h"

/* 2000-01-01 00:00 as MS-DOS keeps it: every entry gets this time, not the
 * clock's (nor one converted in the local time zone), so a render with the
 * same key writes the same bytes. */
#define ZIP_DOS_DATE ((2000 - 1980) << 9 | 1 << 5 | 1)
#define ZIP_DOS_TIME 0

/* Copies what libzip wrote into its buffer source to out. */
static int take_archive(zip_source_t *source, rs_buf *out)
{
    zip_stat_t st;
    zip_int64_t n;
    int rc = ROSTRUM_EENCODE;
    if (zip_source_open(source) < 0)
        return rc;
    zip_stat_init(&st);
    if (zip_source_stat(source, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
        goto done;
    rc = rs__buf_reserve(out, (size_t)st.size + 1);
    if (rc)
        goto done;
    n = zip_source_read(source, out->data + out->len, st.size);
    rc = n == (zip_int64_t)st.size ? 0 : ROSTRUM_EENCODE;
    if (rc == 0)
        out->len += (size_t)n;
done:
    zip_source_close(source);
    return rc;
}

int rs__zip_write(const rs_zip_entry *entries, size_t count, rs_buf *out, char *errmsg, size_t errmsg_size)
{
    zip_error_t error;
    zip_source_t *target;
    zip_t *archive = NULL;
    size_t i;
    int rc = ROSTRUM_EENCODE;
    zip_error_init(&error);
    target = zip_source_buffer_create(NULL, 0, 0, &error);
    if (!target)
        goto done;
    /* the archive's close frees its source: keep it to read the bytes */
    zip_source_keep(target);
    archive = zip_open_from_source(target, ZIP_TRUNCATE, &error);
    if (!archive) {
        zip_source_free(target); /* the reference the archive would have taken */
        goto done;
    }
    for (i = 0; i < count; i++) {
        zip_source_t *data = zip_source_buffer(archive, entries[i].data, entries[i].size, 0);
        zip_int64_t index = data ? zip_file_add(archive, entries[i].name, data, ZIP_FL_ENC_UTF_8) : -1;
        if (index < 0) {
            zip_source_free(data);
            zip_error_set(&error, zip_error_code_zip(zip_get_error(archive)), 0);
            goto done;
        }
        if (zip_set_file_compression(archive, (zip_uint64_t)index, entries[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                     entries[i].store ? 0 : 6) < 0 ||
            zip_file_set_dostime(archive, (zip_uint64_t)index, ZIP_DOS_TIME, ZIP_DOS_DATE, 0) < 0) {
            zip_error_set(&error, zip_error_code_zip(zip_get_error(archive)), 0);
            goto done;
        }
    }
    if (zip_close(archive) < 0) {
        zip_error_set(&error, zip_error_code_zip(zip_get_error(archive)), 0);
        goto done;
    }
    archive = NULL;
    rc = take_archive(target, out);
done:
    if (archive)
        zip_discard(archive);
    if (target)
        zip_source_free(target);
    if (rc == ROSTRUM_EENCODE && errmsg && errmsg_size)
        snprintf(errmsg, errmsg_size, "cannot build the EPUB archive: %s",
                 zip_error_code_zip(&error) == ZIP_ER_MEMORY ? "out of memory" : zip_error_strerror(&error));
    if (rc == ROSTRUM_EENCODE && zip_error_code_zip(&error) == ZIP_ER_MEMORY)
        rc = ROSTRUM_ENOMEM;
    zip_error_fini(&error);
    return rc;
}

const char *rs__zip_version(void)
{
    return zip_libzip_version();
}
