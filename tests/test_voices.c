/* Unit tests of voice presets: the file format and the choice of a default. */
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"
#include "check.h"

int main(void)
{
    rs_preset p;
    rs_preset_list list;
    char err[RS__ERRMSG_SIZE];
    CHECK(rs__preset_parse(&p, "a.voice", "# comment\nname: a\nlanguage = en\nespeak: gmw/en+f3\n\nrate: 170\npitch: 40\ndefault: yes\n",
                           err, sizeof err) == 0);
    CHECK_STR(p.name, "a");
    CHECK_STR(p.espeak_voice, "gmw/en+f3");
    CHECK(p.rate == 170 && p.pitch == 40 && p.is_default);
    rs__preset_free(&p);
    CHECK(rs__preset_parse(&p, "b.voice", "language: en\nespeak: en\nrate: 20\n", err, sizeof err) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "b.voice:3:") != NULL);
    CHECK(rs__preset_parse(&p, "c.voice", "language: en\ncolour: blue\n", err, sizeof err) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "c.voice:2: unknown key") != NULL);
    CHECK(rs__preset_parse(&p, "d.voice", "language: en\n", err, sizeof err) == ROSTRUM_EINPUT);
    CHECK(rs__preset_parse(&p, "e.voice", "just words\n", err, sizeof err) == ROSTRUM_EINPUT);

    /* the project's own presets load, and each language has its default */
    CHECK(rs__presets_load(&list, ROSTRUM_SOURCE_DIR, err, sizeof err) == 0);
    CHECK(list.count >= 3);
    CHECK(rs__preset_default_for(&list, "en") != NULL);
    CHECK_STR(rs__preset_default_for(&list, "en")->name, "en-statement");
    CHECK_STR(rs__preset_default_for(&list, "fr")->name, "fr-statement");
    CHECK_STR(rs__preset_default_for(&list, "es")->name, "es-statement");
    CHECK_STR(rs__preset_default_for(&list, "fr-CA")->name, "fr-statement");
    CHECK_STR(rs__preset_default_for(&list, "en-us")->name, "en-us-statement");
    CHECK(rs__preset_default_for(&list, "de") == NULL);
    CHECK(rs__preset_find(&list, "ES-STATEMENT") != NULL);
    rs__presets_free(&list);
    CHECK(rs__presets_load(&list, "/nonexistent", err, sizeof err) == 0 && list.count == 0);
    return check_report("test_voices");
}
