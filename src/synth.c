/* Speech synthesis with libespeak-ng, in process. The only file that
 * includes espeak-ng; its status codes become rostrum codes here.
 *
 * Each paragraph is spoken by a child process forked from this one, which
 * has loaded espeak-ng and chosen the voice but never spoken: espeak-ng
 * keeps state from one text to the next (its pitch flutter runs on across
 * texts), so a paragraph would otherwise sound a little different after
 * another paragraph, and a crash inside espeak-ng ends the child, not the
 * render. The child sends the samples back through a pipe, in framed
 * records: samples, and the word and sentence events that say where in
 * those samples each word and sentence of the text begins.
 *
 * The process may have threads when it forks (the stretch encoder's
 * workers run while paragraphs are spoken). The child then calls more than
 * POSIX promises to work after such a fork (espeak-ng allocates and reads
 * files): glibc makes malloc and stdio safe in the child of a threaded
 * process, which rostrum, built for Debian, relies on. */
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
static uint64_t child_samples; /* in a speaking child: samples sent so far */

/* A record on the pipe: a header, then length bytes of samples (kind
 * RECORD_SAMPLES) or one event_record (RECORD_EVENT). Plain data only. */
enum { RECORD_SAMPLES = 1, RECORD_EVENT = 2 };
typedef struct record_header {
    uint32_t kind;
    uint32_t length;
} record_header;
typedef struct event_record {
    int32_t kind;          /* RS_SYNTH_WORD or RS_SYNTH_SENTENCE */
    int32_t text_position; /* 1-based, in characters */
    int32_t length;        /* characters */
    uint64_t sample;       /* from the start of the text's audio */
} event_record;

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

/* In a speaking child: the events of this buffer, then its samples, go to
 * the parent; non-zero stops. An event's sample lies within the buffer it
 * comes with; espeak-ng's own count is kept when it does, else the event
 * is placed at the buffer's start. */
static int on_audio(short *wav, int count, espeak_EVENT *events)
{
    record_header h;
    if (child_fd < 0)
        return 1;
    for (; events && events->type != espeakEVENT_LIST_TERMINATED; events++) {
        event_record e;
        uint64_t sample;
        if (events->type != espeakEVENT_WORD && events->type != espeakEVENT_SENTENCE)
            continue;
        sample = events->sample >= 0 ? (uint64_t)events->sample : child_samples;
        if (sample < child_samples || sample > child_samples + (uint64_t)(count > 0 ? count : 0))
            sample = child_samples;
        memset(&e, 0, sizeof e);
        e.kind = events->type == espeakEVENT_WORD ? RS_SYNTH_WORD : RS_SYNTH_SENTENCE;
        e.text_position = events->text_position;
        e.length = events->length;
        e.sample = sample;
        h.kind = RECORD_EVENT;
        h.length = sizeof e;
        if (write_all(child_fd, &h, sizeof h) != 0 || write_all(child_fd, &e, sizeof e) != 0)
            return 1;
    }
    if (!wav || count <= 0)
        return 0;
    h.kind = RECORD_SAMPLES;
    h.length = (uint32_t)((size_t)count * sizeof *wav);
    if (write_all(child_fd, &h, sizeof h) != 0 || write_all(child_fd, wav, h.length) != 0)
        return 1;
    child_samples += (uint64_t)count;
    return 0;
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
    child_samples = 0;
    srand(SYNTH_SEED);
    /* synchronous output: espeak_Synth returns when all is spoken (and
     * espeak_Synchronize would wait for espeak-ng's own thread, which a
     * forked child does not have) */
    status = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    _exit(status == EE_OK ? 0 : 3);
}

/* Reads exactly len bytes; 1 at a clean end of the stream before any. */
static int read_exact(int fd, void *data, size_t len)
{
    char *p = data;
    size_t have = 0;
    while (have < len) {
        ssize_t n = read(fd, p + have, len - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return ROSTRUM_ESYNTH;
        if (n == 0)
            return have == 0 ? 1 : ROSTRUM_ESYNTH;
        have += (size_t)n;
    }
    return 0;
}

/* Passes what the child sends to the sinks: samples to sink, events (when
 * on_event is set) to on_event, in the order they were made. */
static int relay(int fd, rs_pcm_sink sink, void *user, rs_synth_event_fn on_event, void *event_user)
{
    int16_t samples[4096];
    for (;;) {
        record_header h;
        int rc = read_exact(fd, &h, sizeof h);
        if (rc == 1)
            return 0;
        if (rc)
            return rc;
        if (h.kind == RECORD_EVENT && h.length == sizeof(event_record)) {
            event_record e;
            rs_synth_event ev;
            rc = read_exact(fd, &e, sizeof e);
            if (rc)
                return ROSTRUM_ESYNTH;
            if (!on_event || e.text_position < 1 || e.length < 0)
                continue;
            ev.kind = e.kind;
            ev.char_position = (size_t)e.text_position - 1;
            ev.char_length = (size_t)e.length;
            ev.sample = e.sample;
            rc = on_event(event_user, &ev);
            if (rc)
                return rc;
        } else if (h.kind == RECORD_SAMPLES && h.length % sizeof(int16_t) == 0) {
            size_t left = h.length;
            while (left > 0) {
                size_t take = left < sizeof samples ? left : sizeof samples;
                rc = read_exact(fd, samples, take);
                if (rc)
                    return ROSTRUM_ESYNTH;
                rc = sink(user, samples, take / sizeof(int16_t));
                if (rc)
                    return rc;
                left -= take;
            }
        } else {
            return ROSTRUM_ESYNTH; /* a record this side does not know */
        }
    }
}

int rs__synth_text(const char *text, rs_pcm_sink sink, void *user, char *errmsg, size_t errmsg_size)
{
    return rs__synth_text_events(text, sink, user, NULL, NULL, errmsg, errmsg_size);
}

int rs__synth_text_events(const char *text, rs_pcm_sink sink, void *user, rs_synth_event_fn on_event,
                          void *event_user, char *errmsg, size_t errmsg_size)
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
    rc = relay(fds[0], sink, user, on_event, event_user);
    close(fds[0]);
    if (rc)
        kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    /* a broken record: the child crashed while sending (then the signal
     * is its own, not the SIGKILL sent above) or sent what is not one */
    if (rc == ROSTRUM_ESYNTH && !(WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)) {
        rs__set_error(errmsg, errmsg_size, "the synthesizer's output was cut short");
        return rc;
    }
    if (rc && rc != ROSTRUM_ESYNTH)
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
