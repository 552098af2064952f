/* Atomic file output: a temporary file beside the target, renamed over it
 * only when complete, so a failed run never leaves or destroys a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static int fd_write(void *user, const void *data, size_t len)
{
    int fd = *(int *)user;
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
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

/* The mode a new file gets from open(2) under the current umask. */
static mode_t default_mode(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

int rs__outfile_open(rs_outfile *o, const char *path, char *errmsg, size_t errmsg_size)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    rs_buf temp = {0};
    struct stat st;
    memset(o, 0, sizeof *o);
    o->fd = -1;
    if (*base == '\0') {
        rs__set_error(errmsg, errmsg_size, "%s: the output path names a folder, not a file", path);
        return ROSTRUM_EINVAL;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        rs__set_error(errmsg, errmsg_size, "%s: the output path is a folder", path);
        return ROSTRUM_EIO;
    }
    rs__buf_append(&temp, path, dir_len);
    rs__buf_printf(&temp, ".%s.rostrum-XXXXXX", base);
    o->final_path = rs__strdup(path);
    o->temp_path = rs__buf_take(&temp);
    if (!o->final_path || !o->temp_path) {
        rs__outfile_abandon(o);
        return ROSTRUM_ENOMEM;
    }
    o->fd = mkstemp(o->temp_path);
    if (o->fd < 0) {
        int err = errno;
        rs__set_error(errmsg, errmsg_size, "%s: cannot create the output file: %s", path, strerror(err));
        rs__free(o->temp_path);
        o->temp_path = NULL;
        rs__outfile_abandon(o);
        return ROSTRUM_EIO;
    }
    fchmod(o->fd, default_mode());
    return 0;
}

int rs__outfile_commit(rs_outfile *o, char *errmsg, size_t errmsg_size)
{
    int err = 0;
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
    if (o->temp_path)
        unlink(o->temp_path);
    rs__free(o->temp_path);
    rs__free(o->final_path);
    o->temp_path = o->final_path = NULL;
}
