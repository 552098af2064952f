/* Speech synthesis with libespeak-ng, in process. The only file that
 * includes espeak-ng; its status codes become rostrum codes here.
 *
 * Each paragraph is spoken by a child process forked from this one, which
 * has loaded espeak-ng and chosen the voice but never spoken: espeak-ng
 * keeps state from one text to the next (its pitch flutter runs on across
 * texts), so a paragraph would otherwise sound a little different after
 * another paragraph, and a crash inside espeak-ng ends the child, not the
 * render. The child sends the samples back through a pipe. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <espeak-ng/speak_lib.h>

#include "internal.h"

/* The seed given to libc's generator before every paragraph: espeak-ng
 * draws from rand() for small variations, and a fixed seed makes each
 * paragraph's audio a pure function of its text and voice. */
#define SYNTH_SEED 20151001u
#define SYNTH_BUFFER_MS 200

static int open_count;
static int child_fd = -1; /* in a speaking child: where the samples go */

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* In a speaking child: the samples go to the parent; non-zero stops. */
static int on_audio(short *wav, int count, espeak_EVENT *events)
{
    (void)events;
    if (child_fd < 0)
        return 1;
    return wav && count > 0 && write_all(child_fd, wav, (size_t)count * sizeof *wav) != 0;
}

int rs__synth_open(char *errmsg, size_t errmsg_size)
{
    char *saved = NULL;
    const char *locale;
    int rate;
    if (open_count > 0)
        return 0;
    /* espeak_Initialize changes LC_CTYPE for the process; give it back */
    locale = setlocale(LC_CTYPE, NULL);
    if (locale) {
        saved = rs__strdup(locale);
        if (!saved)
            return ROSTRUM_ENOMEM;
    }
    rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, SYNTH_BUFFER_MS, NULL, espeakINITIALIZE_DONT_EXIT);
    if (saved) {
        setlocale(LC_CTYPE, saved);
        rs__free(saved);
    }
    if (rate != RS__SAMPLE_RATE) {
        if (rate > 0)
            espeak_Terminate();
        rs__set_error(errmsg, errmsg_size,
                      "espeak-ng could not start (is the espeak-ng-data package installed?)");
        return ROSTRUM_ESYNTH;
    }
    espeak_SetSynthCallback(on_audio);
    open_count = 1;
    return 0;
}

/* espeak-ng stays loaded for the life of the process: espeak_Terminate
 * waits for espeak-ng's own thread, which can miss the wake-up when it comes
 * soon after espeak_Initialize, and then waits for ever (seen when a render
 * fails right after starting). Loading it once also saves the time. */
void rs__synth_close(void)
{
}

const char *rs__synth_version(void)
{
    const char *path = NULL;
    return espeak_Info(&path);
}

/* True if the voice speaks language tag (exactly, or as its primary subtag). */
static int voice_has_language(const espeak_VOICE *v, const char *tag, int exact)
{
    const char *l = v->languages;
    size_t primary = strcspn(tag, "-_");
    while (l && *l) {
        const char *code = l + 1;
        if (strcasecmp(code, tag) == 0)
            return 1;
        if (!exact && strlen(code) >= primary && strncasecmp(code, tag, primary) == 0 &&
            (code[primary] == '\0' || code[primary] == '-'))
            return 1;
        l = code + strlen(code) + 1;
    }
    return 0;
}

/* Finds an espeak-ng voice by name, identifier ("gmw/en") or language
 * ("en-gb"), keeping a "+variant" suffix, and selects it. */
static int select_by_name(const char *wanted)
{
    const espeak_VOICE **voices;
    const char *plus = strchr(wanted, '+');
    size_t base_len = plus ? (size_t)(plus - wanted) : strlen(wanted);
    char base[128], full[256];
    size_t i;
    if (base_len == 0 || base_len >= sizeof base)
        return -1;
    if (espeak_SetVoiceByName(wanted) == EE_OK)
        return 0;
    memcpy(base, wanted, base_len);
    base[base_len] = '\0';
    voices = espeak_ListVoices(NULL);
    for (i = 0; voices && voices[i]; i++) {
        const espeak_VOICE *v = voices[i];
        const char *slash = strrchr(v->identifier, '/');
        int match = strcasecmp(v->identifier, base) == 0 || (slash && strcasecmp(slash + 1, base) == 0) ||
                    strcasecmp(v->name, base) == 0 || voice_has_language(v, base, 1);
        if (!match)
            continue;
        snprintf(full, sizeof full, "%s%s", v->identifier, plus ? plus : "");
        if (espeak_SetVoiceByName(full) == EE_OK)
            return 0;
    }
    return -1;
}

/* The voice espeak-ng has loaded: loading it again would cost time, and
 * espeak-ng 1.51 loses the voice it replaces (about 1 kB a time) while it
 * stays loaded. */
static char loaded_voice[160];

int rs__synth_select(const rs_voice_choice *choice, char *errmsg, size_t errmsg_size)
{
    char wanted[sizeof loaded_voice];
    snprintf(wanted, sizeof wanted, "%s|%s", choice->espeak_voice ? choice->espeak_voice : "",
             choice->language ? choice->language : "");
    if (strcmp(wanted, loaded_voice) == 0)
        goto parameters;
    loaded_voice[0] = '\0';
    if (choice->espeak_voice) {
        if (select_by_name(choice->espeak_voice) != 0) {
            rs__set_error(errmsg, errmsg_size,
                          "unknown voice \"%s\" (see \"rostrum voices\")", choice->espeak_voice);
            return ROSTRUM_EVOICE;
        }
    } else {
        espeak_VOICE spec;
        espeak_VOICE *current;
        memset(&spec, 0, sizeof spec);
        spec.languages = choice->language ? choice->language : "en";
        current = NULL;
        if (espeak_SetVoiceByProperties(&spec) == EE_OK)
            current = espeak_GetCurrentVoice();
        if (!current || !voice_has_language(current, spec.languages, 0)) {
            rs__set_error(errmsg, errmsg_size,
                          "unknown language \"%s\": no espeak-ng voice speaks it (see \"rostrum voices\")",
                          spec.languages);
            return ROSTRUM_EVOICE;
        }
    }
    memcpy(loaded_voice, wanted, sizeof loaded_voice);
parameters:
    espeak_SetParameter(espeakRATE, choice->rate > 0 ? choice->rate : espeakRATE_NORMAL, 0);
    espeak_SetParameter(espeakPITCH, choice->pitch >= 0 ? choice->pitch : 50, 0);
    return 0;
}

/* In the child: speaks text into fd and ends the process. */
static void speak_to(int fd, const char *text)
{
    espeak_ERROR status;
    child_fd = fd;
    srand(SYNTH_SEED);
    /* synchronous output: espeak_Synth returns when all is spoken (and
     * espeak_Synchronize would wait for espeak-ng's own thread, which a
     * forked child does not have) */
    status = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    _exit(status == EE_OK ? 0 : 3);
}

/* Passes what the child sends to the sink, whole samples at a time. */
static int relay(int fd, rs_pcm_sink sink, void *user)
{
    union {
        int16_t samples[4096];
        char bytes[8192];
    } buf;
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buf.bytes + have, sizeof buf.bytes - have);
        size_t whole;
        int rc;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return ROSTRUM_ESYNTH;
        if (n == 0)
            return 0;
        have += (size_t)n;
        whole = have / sizeof(int16_t);
        rc = whole ? sink(user, buf.samples, whole) : 0;
        if (rc)
            return rc;
        if (have % sizeof(int16_t))
            buf.bytes[0] = buf.bytes[have - 1];
        have %= sizeof(int16_t);
    }
}

int rs__synth_text(const char *text, rs_pcm_sink sink, void *user, char *errmsg, size_t errmsg_size)
{
    int fds[2], status = 0, rc;
    pid_t pid;
    if (pipe(fds) != 0) {
        rs__set_error(errmsg, errmsg_size, "cannot start the synthesizer: %s", strerror(errno));
        return ROSTRUM_ESYNTH;
    }
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        rs__set_error(errmsg, errmsg_size, "cannot start the synthesizer: %s", strerror(errno));
        return ROSTRUM_ESYNTH;
    }
    if (pid == 0) {
        close(fds[0]);
        signal(SIGINT, SIG_IGN); /* the parent decides when to stop */
        signal(SIGTERM, SIG_DFL);
        speak_to(fds[1], text);
    }
    close(fds[1]);
    rc = relay(fds[0], sink, user);
    close(fds[0]);
    if (rc)
        kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (rc)
        return rc;
    if (WIFSIGNALED(status)) {
        rs__set_error(errmsg, errmsg_size, "espeak-ng crashed (signal %d) on this text", WTERMSIG(status));
        return ROSTRUM_ESYNTH;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        rs__set_error(errmsg, errmsg_size, "espeak-ng failed to synthesize this text");
        return ROSTRUM_ESYNTH;
    }
    return 0;
}

int rs__synth_list_voices(rostrum_voice_fn fn, void *user)
{
    const espeak_VOICE **voices;
    espeak_VOICE variants;
    size_t i;
    int rc = rs__synth_open(NULL, 0);
    if (rc)
        return rc;
    voices = espeak_ListVoices(NULL);
    for (i = 0; rc == 0 && voices && voices[i]; i++) {
        rostrum_voice_info info;
        const char *lang = voices[i]->languages ? voices[i]->languages + 1 : "";
        info.kind = "espeak";
        info.name = voices[i]->identifier;
        info.language = lang;
        info.description = voices[i]->name;
        info.path = NULL;
        info.origin = "espeak-ng";
        rc = fn(user, &info);
    }
    /* variants change any voice: --voice gmw/en+f3 */
    memset(&variants, 0, sizeof variants);
    variants.languages = "variant";
    voices = espeak_ListVoices(&variants);
    for (i = 0; rc == 0 && voices && voices[i]; i++) {
        rostrum_voice_info info;
        const char *slash = strrchr(voices[i]->identifier, '/');
        info.kind = "variant";
        info.name = slash ? slash + 1 : voices[i]->identifier;
        info.language = "any";
        info.description = voices[i]->name;
        info.path = NULL;
        info.origin = "espeak-ng";
        rc = fn(user, &info);
    }
    rs__synth_close();
    return rc;
}
