/* Speech synthesis with libespeak-ng, in child processes of the render
 * (no other program runs). The only file that includes espeak-ng; its
 * status codes become rostrum codes here.
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
 * The children are forked by the speaker, a process of its own forked
 * once, when the first voice is chosen, before the render starts any
 * thread: the render's process has threads while paragraphs are spoken
 * (the stretch encoder's workers), and a child forked from it could find
 * the allocator locked by one of them for ever (seen with AddressSanitizer's
 * allocator). The speaker has only its one thread. It takes requests (choose
 * a voice, speak a text) on a socket and answers on it; the children it
 * forks write their records straight to that socket, and the speaker adds
 * RECORD_DONE with the child's exit status when the child has ended. */
#include <sys/socket.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <espeak-ng/speak_lib.h>

#include "speech/speech.h"

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
enum { RECORD_SAMPLES = 1, RECORD_EVENT = 2, RECORD_PID = 3, RECORD_DONE = 4 };
/* Requests to the speaker: a record_header, then the payload. */
enum { REQUEST_SELECT = 1, REQUEST_SPEAK = 2 };
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

/* Sends one record: its header, then a and b (either may be empty), in
 * one call while the socket takes it all (a paragraph's speech is some
 * thousands of records: a call each, not three). Every side uses it: the
 * render's requests, the speaker's answers, the records of a speaking
 * child. A closed other end is a failure (EPIPE), not a SIGPIPE. */
static int send_record(int fd, uint32_t kind, const void *a, size_t a_len, const void *b, size_t b_len)
{
    record_header h;
    struct iovec parts[3];
    struct msghdr msg;
    size_t first = 0;
    h.kind = kind;
    h.length = (uint32_t)(a_len + b_len);
    parts[0].iov_base = &h;
    parts[0].iov_len = sizeof h;
    parts[1].iov_base = (void *)a;
    parts[1].iov_len = a_len;
    parts[2].iov_base = (void *)b;
    parts[2].iov_len = b_len;
    memset(&msg, 0, sizeof msg);
    while (first < 3) {
        ssize_t n;
        msg.msg_iov = parts + first;
        msg.msg_iovlen = 3 - first;
        n = sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return ROSTRUM_ESYNTH;
        /* a short send: on from where it stopped */
        while (first < 3 && (size_t)n >= parts[first].iov_len) {
            n -= (ssize_t)parts[first].iov_len;
            first++;
        }
        if (first < 3) {
            parts[first].iov_base = (char *)parts[first].iov_base + n;
            parts[first].iov_len -= (size_t)n;
        }
    }
    return 0;
}

/* In a speaking child: the events of this buffer, then its samples, go to
 * the parent; non-zero stops. An event's sample lies within the buffer it
 * comes with; espeak-ng's own count is kept when it does, else the event
 * is placed at the buffer's start. */
static int on_audio(short *wav, int count, espeak_EVENT *events)
{
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
        if (send_record(child_fd, RECORD_EVENT, &e, sizeof e, NULL, 0) != 0)
            return 1;
    }
    if (!wav || count <= 0)
        return 0;
    if (send_record(child_fd, RECORD_SAMPLES, wav, (size_t)count * sizeof *wav, NULL, 0) != 0)
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
static char loaded_voice[1100];

static int select_voice(const rs_voice_choice *choice, char *errmsg, size_t errmsg_size)
{
    char wanted[sizeof loaded_voice];
    snprintf(wanted, sizeof wanted, "%.500s|%.500s", choice->espeak_voice ? choice->espeak_voice : "",
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

/* In the child: speaks text into fd, frees it and ends the process. */
static void speak_to(int fd, char *text)
{
    espeak_ERROR status;
    int32_t pid = (int32_t)getpid();
    child_fd = fd;
    child_samples = 0;
    /* first who speaks, so that the render can stop it */
    if (send_record(fd, RECORD_PID, &pid, sizeof pid, NULL, 0) != 0) {
        free(text);
        _exit(4);
    }
    srand(SYNTH_SEED);
    /* synchronous output: espeak_Synth returns when all is spoken (and
     * espeak_Synchronize would wait for espeak-ng's own thread, which a
     * forked child does not have) */
    /* phoneme input on: a lexicon may give a word as [[espeak-ng phonemes]];
     * the normalizer never lets a "[[" of the text through */
    status = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakPHONEMES, NULL, NULL);
    free(text);
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

/* ---- the speaker ---- */

static pid_t speaker = -1;
static int speaker_fd = -1; /* the render's end of the socket */

/* A voice choice as bytes: rate, pitch, the voice's name and language. */
static size_t pack_choice(const rs_voice_choice *c, char *out, size_t size)
{
    int32_t numbers[2];
    const char *voice = c->espeak_voice ? c->espeak_voice : "";
    const char *language = c->language ? c->language : "";
    size_t need = sizeof numbers + strlen(voice) + 1 + strlen(language) + 1;
    if (need > size)
        return 0;
    numbers[0] = c->rate;
    numbers[1] = c->pitch;
    memcpy(out, numbers, sizeof numbers);
    memcpy(out + sizeof numbers, voice, strlen(voice) + 1);
    memcpy(out + sizeof numbers + strlen(voice) + 1, language, strlen(language) + 1);
    return need;
}

static int unpack_choice(char *data, size_t len, rs_voice_choice *c)
{
    int32_t numbers[2];
    char *voice, *language;
    if (len < sizeof numbers + 2 || data[len - 1] != '\0')
        return -1;
    memcpy(numbers, data, sizeof numbers);
    voice = data + sizeof numbers;
    language = voice + strlen(voice) + 1;
    if (language >= data + len)
        return -1;
    c->rate = numbers[0];
    c->pitch = numbers[1];
    c->espeak_voice = *voice ? voice : NULL;
    c->language = *language ? language : NULL;
    return 0;
}

/* The speaker's loop: ends when the render's end of the socket closes. */
static void serve(int fd)
{
    char *data = NULL;
    for (;;) {
        record_header h;
        char errmsg[RS__ERRMSG_SIZE];
        if (read_exact(fd, &h, sizeof h) != 0 || h.length > (64u << 20))
            break;
        free(data);
        data = malloc((size_t)h.length + 1);
        if (!data || read_exact(fd, data, h.length) != 0)
            break;
        data[h.length] = '\0';
        if (h.kind == REQUEST_SELECT) {
            rs_voice_choice choice;
            int32_t rc = unpack_choice(data, h.length, &choice) == 0 ? select_voice(&choice, errmsg, sizeof errmsg)
                                                                      : ROSTRUM_EINVAL;
            if (rc == 0)
                errmsg[0] = '\0';
            if (send_record(fd, RECORD_DONE, &rc, sizeof rc, errmsg, strlen(errmsg)) != 0)
                break;
        } else if (h.kind == REQUEST_SPEAK) {
            int status = 0;
            int32_t done;
            pid_t pid = fork();
            if (pid == 0)
                speak_to(fd, data);
            while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            /* the child's wait status, or -1 when it could not start */
            done = pid > 0 ? (int32_t)status : -1;
            if (send_record(fd, RECORD_DONE, &done, sizeof done, NULL, 0) != 0)
                break;
        } else {
            break;
        }
    }
    free(data);
    _exit(0);
}

/* At the process's exit, the speaker ends with it, and is waited for, so
 * that what it and its children spent is counted with the process (as
 * time(1) and the benchmarks count it) and no process is left behind. An
 * idle speaker ends at once when its socket closes; one still waiting for
 * a paragraph (a render stopped half-way) is given REAP_WAIT_MS, then
 * killed. Only the process that started the speaker reaps it: a child
 * forked from it inherits the handler, not the speaker. */
#define REAP_WAIT_MS 500
#define REAP_STEP_MS 5
static pid_t speaker_owner;

static void reap_speaker(void)
{
    const struct timespec step = {0, REAP_STEP_MS * 1000000L};
    int status, waited;
    if (speaker <= 0 || getpid() != speaker_owner)
        return;
    close(speaker_fd);
    for (waited = 0; waited < REAP_WAIT_MS; waited += REAP_STEP_MS) {
        pid_t done = waitpid(speaker, &status, WNOHANG);
        if (done == speaker || (done < 0 && errno != EINTR))
            break;
        nanosleep(&step, NULL);
    }
    if (waited >= REAP_WAIT_MS) {
        kill(speaker, SIGKILL);
        while (waitpid(speaker, &status, 0) < 0 && errno == EINTR)
            ;
    }
    speaker = -1;
    speaker_fd = -1;
}

/* Starts the speaker, once. */
static int start_speaker(char *errmsg, size_t errmsg_size)
{
    static int reaped_at_exit;
    int fds[2];
    pid_t pid;
    if (speaker > 0)
        return 0;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
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
        signal(SIGINT, SIG_IGN); /* the render decides when to stop */
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        serve(fds[1]);
    }
    close(fds[1]);
    speaker = pid;
    speaker_fd = fds[0];
    speaker_owner = getpid();
    if (!reaped_at_exit && atexit(reap_speaker) == 0)
        reaped_at_exit = 1;
    return 0;
}

/* The speaker is gone (or out of step): the next request starts another. */
static void lose_speaker(void)
{
    int status;
    if (speaker_fd >= 0)
        close(speaker_fd);
    if (speaker > 0) {
        kill(speaker, SIGKILL);
        while (waitpid(speaker, &status, 0) < 0 && errno == EINTR)
            ;
    }
    speaker = -1;
    speaker_fd = -1;
}

/* The speaker did not answer as it should: lost, and said so. */
static int speaker_stopped(char *errmsg, size_t errmsg_size)
{
    lose_speaker();
    rs__set_error(errmsg, errmsg_size, "the synthesizer stopped");
    return ROSTRUM_ESYNTH;
}

int rs__synth_select(const rs_voice_choice *choice, char *errmsg, size_t errmsg_size)
{
    char packed[1024];
    record_header h;
    int32_t rc;
    size_t len = pack_choice(choice, packed, sizeof packed), reply;
    char message[RS__ERRMSG_SIZE];
    int failed;
    if (len == 0) {
        rs__set_error(errmsg, errmsg_size, "unknown voice \"%s\" (see \"rostrum voices\")",
                      choice->espeak_voice ? choice->espeak_voice : "");
        return ROSTRUM_EVOICE;
    }
    failed = start_speaker(errmsg, errmsg_size);
    if (failed)
        return failed;
    failed = send_record(speaker_fd, REQUEST_SELECT, packed, len, NULL, 0) != 0 ||
             read_exact(speaker_fd, &h, sizeof h) != 0 || h.kind != RECORD_DONE || h.length < sizeof rc ||
             h.length - sizeof rc >= sizeof message || read_exact(speaker_fd, &rc, sizeof rc) != 0;
    reply = failed ? 0 : h.length - sizeof rc;
    if (!failed && reply > 0 && read_exact(speaker_fd, message, reply) != 0)
        failed = 1;
    if (failed)
        return speaker_stopped(errmsg, errmsg_size);
    message[reply] = '\0';
    if (rc)
        rs__set_error(errmsg, errmsg_size, "%s", message);
    return rc;
}

/* Passes what the child sends to the sinks: samples to sink, events (when
 * on_event is set) to on_event, in the order they were made, until the
 * speaker says the child has ended (*status, its wait status). */
/* The render's side reads a paragraph's records through a buffer: a read
 * takes as many as the socket holds. Nothing follows the speaker's last
 * record of a request until the next request, so nothing read is lost. */
typedef struct inbox {
    int fd;
    size_t at, len;
    char data[32768];
} inbox;

/* As read_exact, from the buffer first. */
static int inbox_read(inbox *in, void *out, size_t len)
{
    char *p = out;
    while (len > 0) {
        size_t take;
        if (in->at == in->len) {
            ssize_t n = read(in->fd, in->data, sizeof in->data);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return ROSTRUM_ESYNTH;
            in->at = 0;
            in->len = (size_t)n;
        }
        take = in->len - in->at < len ? in->len - in->at : len;
        memcpy(p, in->data + in->at, take);
        in->at += take;
        p += take;
        len -= take;
    }
    return 0;
}

static int relay(int fd, rs_pcm_sink sink, void *user, rs_synth_event_fn on_event, void *event_user,
                 pid_t *child, int32_t *status)
{
    int16_t samples[4096];
    inbox in;
    in.fd = fd;
    in.at = in.len = 0;
    for (;;) {
        record_header h;
        int rc = inbox_read(&in, &h, sizeof h);
        if (rc)
            return ROSTRUM_ESYNTH;
        if (h.kind == RECORD_DONE && h.length == sizeof *status) {
            return inbox_read(&in, status, sizeof *status) ? ROSTRUM_ESYNTH : 0;
        } else if (h.kind == RECORD_PID && h.length == sizeof(int32_t)) {
            int32_t pid;
            if (inbox_read(&in, &pid, sizeof pid) != 0)
                return ROSTRUM_ESYNTH;
            *child = (pid_t)pid;
        } else if (h.kind == RECORD_EVENT && h.length == sizeof(event_record)) {
            event_record e;
            rs_synth_event ev;
            rc = inbox_read(&in, &e, sizeof e);
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
                rc = inbox_read(&in, samples, take);
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
    pid_t child = -1;
    int32_t status = 0;
    int rc;
    if (speaker_fd < 0) {
        rs__set_error(errmsg, errmsg_size, "no voice chosen before speaking");
        return ROSTRUM_ESTATE;
    }
    if (send_record(speaker_fd, REQUEST_SPEAK, text, strlen(text), NULL, 0) != 0)
        return speaker_stopped(errmsg, errmsg_size);
    rc = relay(speaker_fd, sink, user, on_event, event_user, &child, &status);
    if (rc) {
        /* stopped (cancelled, or a sink failed) or out of step: the child
         * and its speaker cannot be trusted to be in step again */
        if (child > 0)
            kill(child, SIGKILL);
        lose_speaker();
        if (rc == ROSTRUM_ESYNTH)
            rs__set_error(errmsg, errmsg_size, "the synthesizer's output was cut short");
        return rc;
    }
    if (status == -1) {
        rs__set_error(errmsg, errmsg_size, "cannot start the synthesizer");
        return ROSTRUM_ESYNTH;
    }
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

int rs__synth_speaks(const char *const *languages, size_t count, int *speaks)
{
    const espeak_VOICE **voices;
    size_t i, k;
    int rc = rs__synth_open(NULL, 0);
    if (rc)
        return rc;
    voices = espeak_ListVoices(NULL);
    for (i = 0; i < count; i++) {
        speaks[i] = 0;
        for (k = 0; voices && voices[k] && !speaks[i]; k++)
            speaks[i] = voice_has_language(voices[k], languages[i], 0);
    }
    rs__synth_close();
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
