/* FNV-1a 64, the one hash of rostrum: the library's serial numbers and keys,
 * and the rostrum program's batch keys. A header of its own, so that the
 * program, which sees only the public API, shares it without a copy. */
#ifndef ROSTRUM_FNV_H
#define ROSTRUM_FNV_H

#include <stddef.h>
#include <stdint.h>

#define RS__HASH_INIT 0xcbf29ce484222325ULL

static inline uint64_t rs__fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

#endif
