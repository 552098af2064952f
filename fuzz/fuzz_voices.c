/* Fuzz target: the voice preset parser (voices/NAME.voice) and the voice map
 * parser (--voice-map FILE) on any bytes; the first byte picks which. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[RS__ERRMSG_SIZE];
    char *text;
    if (size < 1)
        return 0;
    text = fuzz_cstring(data + 1, size - 1);
    err[0] = '\0';
    if (data[0] & 1) {
        rs_cast cast;
        size_t i;
        memset(&cast, 0, sizeof cast);
        if (rs__voice_map_parse(&cast, "fuzz.map", text, err, sizeof err) != 0 && !err[0])
            abort();
        for (i = 0; i < cast.map_count; i++)
            if (!cast.map[i].key)
                abort();
        rs__cast_free(&cast);
    } else {
        rs_preset preset;
        if (rs__preset_parse(&preset, "fuzz.voice", text, err, sizeof err) == 0) {
            if (!preset.language)
                abort();
            rs__preset_free(&preset);
        } else if (!err[0]) {
            abort();
        }
    }
    free(text);
    return 0;
}
