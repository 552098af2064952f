/* Unit tests of rostrum_render_key(): what changes the key and what does
 * not, and its failures. No audio: a key needs a load only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rostrum.h"
#include "check.h"

static const char english[] = "---\nlanguage: en\n---\nThe Assembly met at Veloria on 3 May.\n";
static const char french[] = "---\nlanguage: fr\n---\nL'Assemblée s'est réunie à Veloria le 3 mai.\n";

static char config_dir[] = "/tmp/rostrum-test-key.XXXXXX";

static void write_file(const char *name, const char *text)
{
    char path[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", config_dir, name);
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void remove_file(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", config_dir, name);
    unlink(path);
}

static void base_options(rostrum_options *o)
{
    rostrum_options_init(o);
    o->data_dir = ROSTRUM_SOURCE_DIR;
    o->config_dir = config_dir;
    o->threads = 2;
}

/* The key of text loaded with options o; "" when a step fails. */
static void key_of(const rostrum_options *o, const char *text, rostrum_format format, char key[ROSTRUM_KEY_SIZE])
{
    rostrum *r = NULL;
    key[0] = '\0';
    if (rostrum_create(&r, o) == 0 && rostrum_load(r, "statement.md", text, strlen(text)) == 0 &&
        rostrum_render_key(r, format, key) != 0)
        key[0] = '\0';
    rostrum_destroy(r);
}

static int progress(void *user, rostrum_stage stage, uint64_t done, uint64_t total)
{
    (void)user;
    (void)stage;
    (void)done;
    (void)total;
    return 0;
}

/* Options that change no byte leave the key alone; those that do, not. */
static void test_options(void)
{
    rostrum_options o;
    char base[ROSTRUM_KEY_SIZE], other[ROSTRUM_KEY_SIZE];
    base_options(&o);
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, base);
    CHECK(strlen(base) == 32 && strspn(base, "0123456789abcdef") == 32);
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, base);
    /* not in the key: thread counts above one, progress, explain, cache size */
    o.threads = 7;
    o.progress = progress;
    o.explain = 1;
    o.cache_max_mb = 64;
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, base);
    /* effective values: the preset's own rate and pitch given outright */
    o.rate_wpm = 165;
    o.pitch = 45;
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, base);
    /* a format of its own; a ROSTRUM_FORMAT_AUTO that means Ogg Opus */
    key_of(&o, english, ROSTRUM_FORMAT_AUTO, other);
    CHECK_STR(other, base);
    key_of(&o, english, ROSTRUM_FORMAT_WAV, other);
    CHECK(strcmp(other, base) != 0 && other[0]);
    /* one thread encodes in stretches too: the same bytes as any count */
    base_options(&o);
    o.threads = 1;
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, base);
    /* WAV is not encoded in stretches: the thread count does not count */
    key_of(&o, english, ROSTRUM_FORMAT_WAV, base);
    o.threads = 4;
    key_of(&o, english, ROSTRUM_FORMAT_WAV, other);
    CHECK_STR(other, base);
    /* but the pause, the rate, a tag, the sidecars do */
    base_options(&o);
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, base);
    o.pause_ms = 751;
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK(strcmp(other, base) != 0 && other[0]);
    base_options(&o);
    o.rate_wpm = 166;
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK(strcmp(other, base) != 0 && other[0]);
    base_options(&o);
    o.title = "Another title";
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK(strcmp(other, base) != 0 && other[0]);
    base_options(&o);
    o.sidecars = ROSTRUM_SIDECAR_PAGE;
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK(strcmp(other, base) != 0 && other[0]);
    /* the page brings its captions and chapters: asking for them too is the same */
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, base);
    o.sidecars = ROSTRUM_SIDECAR_PAGE | ROSTRUM_SIDECAR_VTT | ROSTRUM_SIDECAR_CHAPTERS_VTT;
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, base);
}

/* The user's lexicons and presets: in the key of the texts that use them. */
static void test_user_files(void)
{
    rostrum_options o;
    char en[ROSTRUM_KEY_SIZE], fr[ROSTRUM_KEY_SIZE], other[ROSTRUM_KEY_SIZE];
    base_options(&o);
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, en);
    key_of(&o, french, ROSTRUM_FORMAT_OPUS, fr);
    CHECK(en[0] && fr[0] && strcmp(en, fr) != 0);
    write_file("en.lexicon", "Veloria = Velleria\n");
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK(strcmp(other, en) != 0 && other[0]);
    key_of(&o, french, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, fr);
    /* an edit that leaves the same entries is still an edit */
    strcpy(en, other);
    write_file("en.lexicon", "# mine\nVeloria = Velleria\n");
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK(strcmp(other, en) != 0 && other[0]);
    remove_file("en.lexicon");
    /* a user preset in place of the built-in French one: French texts only */
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, en);
    write_file("fr-statement.voice", "language: fr\nespeak: roa/fr\nrate: 160\npitch: 45\ndefault: yes\n"
                                     "description: the same voice, another description\n");
    key_of(&o, french, ROSTRUM_FORMAT_OPUS, other);
    CHECK(strcmp(other, fr) != 0 && other[0]);
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, en);
    remove_file("fr-statement.voice");
    /* a preset nobody uses changes nothing */
    write_file("es-mine.voice", "language: es\nespeak: roa/es\n");
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, en);
    remove_file("es-mine.voice");
    /* an empty user folder is the same as none */
    o.config_dir = "";
    key_of(&o, english, ROSTRUM_FORMAT_OPUS, other);
    CHECK_STR(other, en);
}

/* Failures: before a load, bad arguments, an intro that is not there; and
 * no duration before a render. */
static void test_failures(void)
{
    rostrum_options o;
    rostrum *r = NULL;
    char key[ROSTRUM_KEY_SIZE];
    double seconds = -1;
    base_options(&o);
    CHECK(rostrum_render_key(NULL, ROSTRUM_FORMAT_OPUS, key) == ROSTRUM_EINVAL);
    CHECK(rostrum_render_duration(NULL, &seconds) == ROSTRUM_ESTATE);
    CHECK(rostrum_create(&r, &o) == 0);
    CHECK(rostrum_render_key(r, (rostrum_format)99, key) == ROSTRUM_EINVAL);
    CHECK(rostrum_render_key(r, ROSTRUM_FORMAT_OPUS, NULL) == ROSTRUM_EINVAL);
    CHECK(rostrum_render_key(r, ROSTRUM_FORMAT_OPUS, key) == ROSTRUM_ESTATE);
    rostrum_destroy(r);
    r = NULL;
    o.intro = "/nonexistent/intro.wav";
    CHECK(rostrum_create(&r, &o) == 0);
    CHECK(rostrum_load(r, "statement.md", english, strlen(english)) == 0);
    CHECK(rostrum_render_duration(r, &seconds) == ROSTRUM_ESTATE && seconds == -1);
    CHECK(rostrum_render_key(r, ROSTRUM_FORMAT_OPUS, key) == ROSTRUM_EIO);
    CHECK(strstr(rostrum_error_message(r), "/nonexistent/intro.wav: cannot read the intro") != NULL);
    /* sticky */
    CHECK(rostrum_render_key(r, ROSTRUM_FORMAT_OPUS, key) == ROSTRUM_EIO);
    rostrum_destroy(r);
}

static int no_change(void *user, const rostrum_change *change)
{
    (void)user;
    (void)change;
    return 0;
}

/* A call made too early says which call and what it waits for; the
 * failure then sticks to the handle. */
static void test_call_order(void)
{
    static const char *const messages[] = {"rostrum_render_key: load a text first",
                                           "rostrum_explain_removed: load a text first",
                                           "rostrum_write_manifest: render first",
                                           "rostrum_write_manifest: render first"};
    rostrum_options o;
    char key[ROSTRUM_KEY_SIZE];
    int call;
    base_options(&o);
    for (call = 0; call < 4; call++) {
        rostrum *r = NULL;
        int rc = -1;
        CHECK(rostrum_create(&r, &o) == 0);
        if (call == 3)
            CHECK(rostrum_load(r, "statement.md", english, strlen(english)) == 0);
        if (call == 0)
            rc = rostrum_render_key(r, ROSTRUM_FORMAT_OPUS, key);
        else if (call == 1)
            rc = rostrum_explain_removed(r, no_change, NULL);
        else
            rc = rostrum_write_manifest(r, "/nonexistent/manifest.json");
        CHECK(rc == ROSTRUM_ESTATE);
        CHECK(strcmp(rostrum_error_message(r), messages[call]) == 0);
        CHECK(rostrum_explain_removed(r, no_change, NULL) == ROSTRUM_ESTATE);
        rostrum_destroy(r);
    }
}

/* rostrum_tag(): what the output will be tagged with, after a load and
 * without a render; an option wins over the front matter. */
static void test_tags(void)
{
    static const char text[] = "---\ntitle: On the record\nspeaker: Ms Example\ndate: 2015-09-28\n---\n\n"
                               "We speak for the record.\n";
    rostrum_options o;
    rostrum *r = NULL;
    base_options(&o);
    o.language = "fr";
    o.date = "2016-01-02";
    CHECK(rostrum_tag(NULL, "title") == NULL);
    CHECK(rostrum_create(&r, &o) == 0);
    CHECK(rostrum_tag(r, "title") == NULL); /* before a load */
    CHECK(rostrum_load(r, "statement.md", text, strlen(text)) == 0);
    CHECK_STR(rostrum_tag(r, "title"), "On the record");
    CHECK_STR(rostrum_tag(r, "artist"), "Ms Example");
    CHECK_STR(rostrum_tag(r, "date"), "2016-01-02");
    CHECK_STR(rostrum_tag(r, "language"), "fr");
    CHECK(rostrum_tag(r, "album") == NULL);
    CHECK(rostrum_tag(r, "colour") == NULL);
    CHECK(rostrum_tag(r, NULL) == NULL);
    rostrum_destroy(r);
}

int main(void)
{
    if (!mkdtemp(config_dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_options();
    test_user_files();
    test_failures();
    test_call_order();
    test_tags();
    rmdir(config_dir);
    return check_report("test_key");
}
