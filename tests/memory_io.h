/* An output in memory for the tests, seekable as a file is (so that an
 * Opus header is written again in place): data holds len bytes; pos is
 * where writing goes. */
#ifndef ROSTRUM_TEST_MEMORY_IO_H
#define ROSTRUM_TEST_MEMORY_IO_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rostrum.h"

typedef struct memory_out {
    unsigned char *data;
    size_t len, cap, pos;
} memory_out;

static int memory_write(void *user, const void *data, size_t len)
{
    memory_out *m = user;
    if (m->pos + len > m->cap) {
        size_t cap = (m->pos + len) * 2;
        unsigned char *grown = realloc(m->data, cap);
        if (!grown)
            return -1;
        m->data = grown;
        m->cap = cap;
    }
    memcpy(m->data + m->pos, data, len);
    m->pos += len;
    if (m->pos > m->len)
        m->len = m->pos;
    return 0;
}

static int memory_seek(void *user, int64_t offset, int whence)
{
    memory_out *m = user;
    int64_t to = whence == SEEK_SET ? offset : whence == SEEK_CUR ? (int64_t)m->pos + offset : (int64_t)m->len + offset;
    if (to < 0 || to > (int64_t)m->len)
        return -1;
    m->pos = (size_t)to;
    return 0;
}

static int64_t memory_tell(void *user)
{
    return (int64_t)((memory_out *)user)->pos;
}

static const rostrum_io memory_io = {memory_write, memory_seek, memory_tell};

#endif
