/* Fuzz target: speaker labels (rs__find_turn), the names made of them
 * (rs__turn_names) and the record's lines (rs__is_procedural_line) on any
 * valid UTF-8 paragraph text, as the reader hands
 * them over: no NUL bytes, NUL-terminated. */
#include "fuzz.h"

/* Keeps words in capitals as written when the first input byte says so. */
static int keep_caps(void *user, const char *word, size_t len)
{
    (void)word;
    return (int)(len & *(const unsigned *)user);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_turn turn;
    rs_turn_names names;
    unsigned mask;
    size_t len;
    char *text;
    if (size < 1 || !fuzz_is_text(data + 1, size - 1))
        return 0;
    mask = data[0] & 3;
    text = fuzz_cstring(data + 1, size - 1);
    len = size - 1;
    if (rs__find_turn(text, len, &turn)) {
        if (turn.label_start + turn.label_len > len || turn.main_len > turn.label_len || turn.consumed > len ||
            turn.label_len == 0)
            abort();
        if (rs__turn_names(text + turn.label_start, turn.label_len, turn.main_len, mask ? keep_caps : NULL, &mask,
                           &names) != 0)
            abort();
        if (!fuzz_is_text((const uint8_t *)names.name, strlen(names.name)) ||
            !fuzz_is_text((const uint8_t *)names.person, strlen(names.person)) ||
            (names.qualifier && !fuzz_is_text((const uint8_t *)names.qualifier, strlen(names.qualifier))))
            abort();
        rs__turn_names_free(&names);
    }
    (void)rs__is_title_word(text, strcspn(text, " \t"));
    (void)rs__is_procedural_line(text, len);
    free(text);
    return 0;
}
