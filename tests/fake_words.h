/* Fake spoken words for the tests of captions and manifests: what
 * espeak-ng's word events would give, without espeak-ng. */
#ifndef ROSTRUM_TEST_FAKE_WORDS_H
#define ROSTRUM_TEST_FAKE_WORDS_H

#include <string.h>

#include "sidecars/sidecars.h"

/* Each run of letters, digits and apostrophes of spoken is a word; the
 * first starts at sample start, each next one step samples later.
 * Returns how many were made (at most max). */
static inline size_t fake_words(const char *spoken, rs_spoken_word *words, size_t max, uint64_t start,
                                uint64_t step)
{
    size_t n = 0, i = 0, len = strlen(spoken);
    uint64_t at = start;
    while (i < len && n < max) {
        size_t from;
        while (i < len && !rs__is_word_byte((unsigned char)spoken[i]))
            i++;
        if (i == len)
            break;
        from = i;
        while (i < len && (rs__is_word_byte((unsigned char)spoken[i]) || spoken[i] == '\''))
            i++;
        words[n].spoken.start = from;
        words[n].spoken.end = i;
        words[n].start = at;
        at += step;
        n++;
    }
    return n;
}

#endif
