/* What the files of rostrum batch share: batch.c (the command), batch_inputs.c
 * (inputs and output names), batch_state.c (up to date?), batch_pool.c (workers). */
#ifndef ROSTRUM_BATCH_H
#define ROSTRUM_BATCH_H

#include <stdint.h>
#include <sys/types.h>

#include "cli.h"

/* JOB_PASSED_OVER: a corpus's companion file with no statement (a speaker
 * register, a corpus root), said but not counted as a failure */
enum job_state { JOB_PENDING, JOB_SKIPPED, JOB_RENDERED, JOB_FAILED, JOB_INTERRUPTED, JOB_PASSED_OVER };

/* What a feed says of an output, as its worker found it after the load:
 * the tags it is written with (empty when none), the first words of its
 * text, and its render key. Fixed sizes: it travels in a worker's report. */
typedef struct feed_facts {
    char title[384];
    char artist[192];
    char album[192];
    char date[48];
    char language[24];
    char description[640];
    char key[ROSTRUM_KEY_SIZE];
} feed_facts;

/* One input and the output it makes. */
typedef struct job {
    char *input;     /* the path as found */
    char *relative;  /* NAME.opus under the output folder; NULL for a folder that cannot be listed */
    char *message;   /* why it failed, or a warning */
    enum job_state state;
    size_t track;    /* TRACKNUMBER: 1-based place in the whole input list */
    uint64_t input_bytes;
    double audio_seconds;
    feed_facts *facts; /* with --feed, of an output rendered or up to date; else NULL */
} job;

/* What a worker tells the parent before it exits: one write, smaller than
 * PIPE_BUF, so it arrives whole or not at all. */
typedef struct worker_report {
    int status;  /* 0, or the ROSTRUM_E* code of the failure */
    int skipped; /* the output was up to date: nothing was rendered */
    double audio_seconds;
    char message[1024];
    int has_facts;     /* with --feed, once the input is loaded */
    feed_facts facts;
} worker_report;

typedef struct worker {
    pid_t pid; /* 0: the slot is free */
    int fd;
    size_t job;
    double started;
    worker_report report;
    size_t received;
} worker;

typedef struct batch {
    const settings *s;
    job *jobs;
    size_t count, capacity;
    worker *workers;
    struct pollfd *poll_fds; /* room for one per worker */
    int *poll_slots;
    int worker_count, running;
    char *cache_dir;  /* the cache the workers share: --cache, else the user's; NULL: none */
    char *state_dir;  /* where the state of each output is kept, under cache_dir; NULL: nowhere */
    int tty;
    double start_time;
    size_t total, finished, rendered, skipped, failed, passed_over;
    double audio_rendered;
    uint64_t bytes_to_render, bytes_done;
    int forwarded;
    size_t *order; /* the jobs, largest input first */
    int tokens[2];  /* the job server's pipe (see run_jobs); -1 when there is none */
    int tokens_given;
    char *feed_temp; /* with --feed: the temporary file that becomes feed.xml */
    int feed_fd;
} batch;

/* ---- batch.c: the run ---- */
double now_seconds(void);
/* The one redrawn line on a terminal: files, audio, throughput, ETA. */
void draw_progress(const batch *b);
/* One input is finished: a log line (not on a terminal), a failure at once. */
void finish_job(batch *b, job *j, double wall_seconds);

/* ---- batch_inputs.c: paths, inputs and their outputs ---- */
/* A new string: fmt with a and b (each "%s"); NULL when out of memory. */
char *format_string(const char *fmt, const char *a, const char *b);
/* strdup, which C11 lacks */
char *copy_of(const char *text);
char *path_join(const char *dir, const char *name);
/* path with the extension of its last component replaced (or added). */
char *with_extension(const char *path, const char *extension);
/* Makes room for need items of size bytes in the array that items points
 * to (a T **), of room *capacity: it doubles, from 64 items, until need
 * fit. 0, or -1 with the array and *capacity unchanged. */
int grow_array(void *items, size_t *capacity, size_t need, size_t size);
/* Writes all of data, through interruptions; -1 with errno. */
int write_all(int fd, const void *data, size_t len);
/* Creates the folders above path that do not exist yet. */
int make_parents(char *path);
/* Every input as a job: a folder adds the text files in it, sorted; a file
 * itself. -1 when out of memory. */
int collect_inputs(batch *b);
/* Two inputs that would write the same output: the later one fails. */
int mark_duplicates(batch *b);
/* Drops the jobs of other shards. */
void keep_shard(batch *b);

/* ---- batch_state.c: whether an output is up to date ---- */
/* The state file of an output, under b->state_dir. */
char *state_path(const batch *b, const job *j);
/* Keeps the state of an output just rendered, with the feed's guid key
 * (episode, or NULL); -1 with errno. */
int write_state(const char *path, const char *key, const char *episode, double seconds, const char *output,
                int manifest);
/* Whether the output is up to date by its state; then *seconds is the
 * length of its audio and episode the guid key kept ("" when none). */
int up_to_date(const batch *b, const char *state_file, const char *key, const char *output,
               const char *manifest, double *seconds, char episode[ROSTRUM_KEY_SIZE]);

/* ---- batch_feed.c: the podcast feed of the output folder ---- */
/* The feed's guid key of an input: its render key under options without
 * the track number, from a handle of its own; key (the render key) when
 * that fails. */
void feed_episode(const rostrum_options *options, const char *input, const char *key,
                  char episode[ROSTRUM_KEY_SIZE]);
/* What a worker knows of its output for the feed, from its loaded handle. */
void gather_facts(const rostrum *r, const char *key, feed_facts *facts);
/* Opens the feed's temporary file beside OUTDIR/feed.xml before any work,
 * so that a folder where it cannot be written fails at once; 0, or 1 after
 * saying why. */
int open_feed(batch *b);
/* Writes the feed of every output (this run's and those an earlier feed
 * listed that still exist) and renames it over OUTDIR/feed.xml; 0, or 1
 * after saying why. */
int write_feed(batch *b);
/* Removes the feed's temporary file, if any. */
void abandon_feed(batch *b);

/* ---- batch_pool.c: the worker processes ---- */
/* Runs the pending jobs until all are done or a signal stops the run; -1
 * when out of memory. */
int run_jobs(batch *b);

#endif
