/* Atomic file output: a temporary file beside the target, renamed over it
 * only when complete, so a failed run never leaves or destroys a file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"

static int fd_write(void *user, const void *data, size_t len)
{
    int fd = *(int *)user;
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        /* nothing written and no error (a full device may say so): a
         * failure, not a loop without end */
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int fd_seek(void *user, int64_t offset, int whence)
{
    return lseek(*(int *)user, (off_t)offset, whence) < 0 ? -1 : 0;
}

static int64_t fd_tell(void *user)
{
    return (int64_t)lseek(*(int *)user, 0, SEEK_CUR);
}

const rostrum_io rs__fd_io = {fd_write, fd_seek, fd_tell};

/* The mode a new file gets from open(2) under the current umask. Linux
 * tells the umask in /proc/self/status; changing it to read it would race
 * with other threads of a host program, so that is the last resort. */
static mode_t default_mode(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    unsigned mask_value;
    mode_t mask;
    if (f) {
        while (fgets(line, sizeof line, f)) {
            if (sscanf(line, "Umask: %o", &mask_value) == 1) {
                fclose(f);
                return 0666 & ~(mode_t)mask_value;
            }
        }
        fclose(f);
    }
    mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

int rs__is_descriptor_path(const char *path)
{
    return strcmp(path, "/dev/stdout") == 0 || strcmp(path, "/dev/stderr") == 0 || strncmp(path, "/dev/fd/", 8) == 0 ||
           strncmp(path, "/proc/self/fd/", 14) == 0;
}

/* Writes straight into an existing device, pipe or socket (/dev/null, a
 * FIFO): those cannot be replaced by a rename, and should not be. */
static int open_direct(rs_outfile *o, const char *path, char *errmsg, size_t errmsg_size)
{
    o->fd = open(path, O_WRONLY | O_CLOEXEC);
    if (o->fd < 0) {
        rs__set_error(errmsg, errmsg_size, "%s: cannot write: %s", path, strerror(errno));
        return ROSTRUM_EIO;
    }
    o->direct = 1;
    o->seekable = lseek(o->fd, 0, SEEK_CUR) >= 0;
    o->final_path = rs__strdup(path);
    if (!o->final_path) {
        close(o->fd);
        o->fd = -1;
        return ROSTRUM_ENOMEM;
    }
    return 0;
}

/* The absolute, link-free name of a file that may not exist yet: the real
 * path of its folder and its own name, so that "out.opus" and "./out.opus"
 * are seen to be one file. */
static char *canonical_path(const char *path, size_t dir_len, const char *base)
{
    char *dir = rs__strndup(dir_len ? path : ".", dir_len ? dir_len : 1);
    char *real = dir ? realpath(dir, NULL) : NULL;
    rs_buf out = {0};
    rs__free(dir);
    if (!real)
        return rs__strdup(path);
    rs__buf_puts(&out, real);
    rs__buf_putc(&out, '/');
    rs__buf_puts(&out, base);
    free(real);
    return rs__buf_take(&out);
}

int rs__outfile_open(rs_outfile *o, const char *path, char *errmsg, size_t errmsg_size)
{
    char *resolved = NULL;
    const char *target = path;
    const char *slash, *base;
    size_t dir_len;
    rs_buf temp = {0};
    struct stat st;
    mode_t mode = default_mode();
    int rc = 0;
    memset(o, 0, sizeof *o);
    o->fd = -1;
    o->seekable = 1;
    /* an existing device, pipe or socket, even behind a link, and the
     * process's own open files (/dev/stdout redirected to a file): written
     * in place, since a rename would go past the open file */
    if ((stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) || rs__is_descriptor_path(path))
        return open_direct(o, path, errmsg, errmsg_size);
    /* a symbolic link stays: the file it points to is replaced */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        resolved = realpath(path, NULL);
        if (!resolved) {
            rs__set_error(errmsg, errmsg_size, "%s: the output is a symbolic link to nowhere", path);
            return ROSTRUM_EIO;
        }
        target = resolved;
    }
    if (stat(target, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            rs__set_error(errmsg, errmsg_size, "%s: the output path is a folder", path);
            rc = ROSTRUM_EIO;
            goto done;
        }
        if (!S_ISREG(st.st_mode)) {
            rc = open_direct(o, target, errmsg, errmsg_size);
            goto done;
        }
        mode = st.st_mode & 07777; /* a replaced file keeps its permissions */
    }
    slash = strrchr(target, '/');
    dir_len = slash ? (size_t)(slash - target) + 1 : 0;
    base = slash ? slash + 1 : target;
    if (*base == '\0') {
        rs__set_error(errmsg, errmsg_size, "%s: the output path names a folder, not a file", path);
        rc = ROSTRUM_EINVAL;
        goto done;
    }
    rs__buf_append(&temp, target, dir_len);
    rs__buf_printf(&temp, ".%s.rostrum-XXXXXX", base);
    o->final_path = canonical_path(target, dir_len, base);
    o->temp_path = rs__buf_take(&temp);
    if (!o->final_path || !o->temp_path) {
        rs__outfile_abandon(o);
        rc = ROSTRUM_ENOMEM;
        goto done;
    }
    o->fd = mkstemp(o->temp_path);
    if (o->fd < 0) {
        int err = errno;
        rs__set_error(errmsg, errmsg_size, "%s: cannot create the file: %s", path, strerror(err));
        rs__free(o->temp_path);
        o->temp_path = NULL;
        rs__outfile_abandon(o);
        rc = ROSTRUM_EIO;
        goto done;
    }
    fchmod(o->fd, mode);
done:
    free(resolved);
    return rc;
}

int rs__outfile_commit(rs_outfile *o, char *errmsg, size_t errmsg_size)
{
    int err = 0;
    if (o->direct) {
        if (close(o->fd) != 0)
            err = errno;
        o->fd = -1;
        rs__free(o->final_path);
        o->final_path = NULL;
        if (err) {
            rs__set_error(errmsg, errmsg_size, "cannot finish writing: %s", strerror(err));
            return ROSTRUM_EIO;
        }
        return 0;
    }
    if (fsync(o->fd) != 0 && errno != EINVAL)
        err = errno;
    if (close(o->fd) != 0 && !err)
        err = errno;
    o->fd = -1;
    if (!err && rename(o->temp_path, o->final_path) != 0)
        err = errno;
    if (err) {
        rs__set_error(errmsg, errmsg_size, "%s: cannot finish writing: %s", o->final_path, strerror(err));
        rs__outfile_abandon(o);
        return ROSTRUM_EIO;
    }
    rs__free(o->temp_path);
    rs__free(o->final_path);
    o->temp_path = o->final_path = NULL;
    return 0;
}

void rs__outfile_abandon(rs_outfile *o)
{
    if (o->fd >= 0)
        close(o->fd);
    o->fd = -1;
    if (o->temp_path && !o->direct)
        unlink(o->temp_path);
    rs__free(o->temp_path);
    rs__free(o->final_path);
    o->temp_path = o->final_path = NULL;
}
