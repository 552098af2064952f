/* Unit tests of voice presets: the file format and the choice of a default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "speech/speech.h"
#include "check.h"

static void write_file(const char *folder, const char *name, const char *text)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", folder, name);
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The user's folder: where it is, and how its presets join the built-in ones. */
static void test_user_presets(void)
{
    char folder[] = "/tmp/rostrum-test-voices.XXXXXX";
    char dir[4096], path[600];
    rs_preset_list list;
    const rs_preset *p;
    char err[RS__ERRMSG_SIZE];
    setenv("HOME", "/home/someone", 1);
    setenv("XDG_CONFIG_HOME", "/xdg", 1);
    CHECK(rs__user_config_dir(dir, sizeof dir) == 0);
    CHECK_STR(dir, "/xdg/rostrum");
    setenv("XDG_CONFIG_HOME", "relative/path", 1); /* ignored, as the specification says */
    CHECK(rs__user_config_dir(dir, sizeof dir) == 0);
    CHECK_STR(dir, "/home/someone/.config/rostrum");
    unsetenv("XDG_CONFIG_HOME");
    CHECK(rs__user_config_dir(dir, sizeof dir) == 0);
    CHECK_STR(dir, "/home/someone/.config/rostrum");
    unsetenv("HOME");
    CHECK(rs__user_config_dir(dir, sizeof dir) == -1);

    CHECK(mkdtemp(folder) != NULL);
    /* replaces the built-in preset of that name; a new default for English */
    write_file(folder, "en-statement.voice", "language: en\nespeak: gmw/en\nrate: 200\ndefault: no\n");
    write_file(folder, "mine.voice", "language: en\nespeak: gmw/en+f3\ndefault: yes\n");
    CHECK(rs__presets_load(&list, ROSTRUM_SOURCE_DIR, folder, err, sizeof err) == 0);
    p = rs__preset_find(&list, "en-statement");
    CHECK(p != NULL && p->user && p->rate == 200);
    CHECK(rs__preset_default_for(&list, "en") != NULL && !strcmp(rs__preset_default_for(&list, "en")->name, "mine"));
    /* an exact built-in default for en-us still wins over the user's en */
    CHECK_STR(rs__preset_default_for(&list, "en-us")->name, "en-us-statement");
    CHECK_STR(rs__preset_default_for(&list, "fr")->name, "fr-statement");
    snprintf(path, sizeof path, "%s/mine.voice", folder);
    CHECK_STR(rs__preset_find(&list, "mine")->path, path);
    CHECK(!rs__preset_find(&list, "fr-statement")->user);
    rs__presets_free(&list);
    /* a bad user preset fails and names its file and line */
    write_file(folder, "bad.voice", "language: en\nespeak: en\npitch: 300\n");
    CHECK(rs__presets_load(&list, ROSTRUM_SOURCE_DIR, folder, err, sizeof err) == ROSTRUM_EINPUT);
    snprintf(path, sizeof path, "%s/bad.voice:3:", folder);
    CHECK(strstr(err, path) != NULL);
    snprintf(path, sizeof path, "rm -rf '%s'", folder);
    CHECK(system(path) == 0);
}

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
    CHECK(rs__presets_load(&list, ROSTRUM_SOURCE_DIR, NULL, err, sizeof err) == 0);
    CHECK(list.count >= 3);
    CHECK(rs__preset_default_for(&list, "en") != NULL);
    CHECK_STR(rs__preset_default_for(&list, "en")->name, "en-statement");
    CHECK_STR(rs__preset_default_for(&list, "fr")->name, "fr-statement");
    CHECK_STR(rs__preset_default_for(&list, "es")->name, "es-statement");
    CHECK_STR(rs__preset_default_for(&list, "fr-CA")->name, "fr-statement");
    CHECK_STR(rs__preset_default_for(&list, "en-us")->name, "en-us-statement");
    /* the languages of the plenary each have one; Chinese in any script
     * is Mandarin read through pinyin, Cantonese only when asked */
    CHECK_STR(rs__preset_default_for(&list, "zh")->name, "zh-statement");
    CHECK_STR(rs__preset_default_for(&list, "zh-Hant")->name, "zh-statement");
    CHECK_STR(rs__preset_default_for(&list, "yue")->name, "yue-statement");
    CHECK_STR(rs__preset_default_for(&list, "ar")->name, "ar-statement");
    CHECK_STR(rs__preset_default_for(&list, "ru")->name, "ru-statement");
    CHECK_STR(rs__preset_default_for(&list, "uk")->name, "uk-statement");
    CHECK(rs__preset_default_for(&list, "sw") == NULL);
    CHECK(rs__preset_find(&list, "ES-STATEMENT") != NULL);
    rs__presets_free(&list);
    CHECK(rs__presets_load(&list, "/nonexistent", NULL, err, sizeof err) == 0 && list.count == 0);
    test_user_presets();
    return check_report("test_voices");
}
