/* Atomic output: a locked temporary file, renamed or copied on success (output.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <budgetconv/text.h>

#include "output.h"
#include "temp_guard.h"

/* How the finished temporary file reaches its destination. */
typedef enum delivery {
    RENAME, /* a regular file (or a new one): renamed over it */
    COPY    /* standard output, a FIFO or a device: copied into it */
} delivery;

struct bc_atomic_output {
    delivery how;
    const char *name; /* for messages: the target as given, or "<stdout>" */
    char *target;     /* RENAME: the file to replace, symbolic links followed */
    char *temp;
    int fd;           /* the temporary file, locked while it exists */
    FILE *fp;         /* a stream on a duplicate of fd; NULL when by path */
    int dst;          /* COPY: standard output or the FIFO/device opened */
    mode_t mode;      /* of the file being replaced; 0: a new file */
    /* fp's buffer: stdio's own is 4 KiB, a system call for every 4 KiB of
     * a book's output; none when by path (xlsx writes its own file) */
    char *buf;
};

#define STREAM_BUFFER_SIZE (1 << 16)

/* Room for ".<stem>.<pid>.XXXXXX" after the stem. */
#define TEMP_SUFFIX_MAX (1 + 1 + 20 + 1 + 6)
#define SYMLINK_DEPTH 40

/* `path` with every symbolic link in its last component followed, as
 * open(O_CREAT) follows them: the name of the file that `>` would write,
 * which need not exist.  NULL with *error set: ENOMEM, ELOOP past
 * SYMLINK_DEPTH links (as the kernel counts), or readlink's error. */
static char *follow_links(const char *path, int *error)
{
    char *p = bc_strdup(path);
    for (int depth = 0; p != NULL; depth++) {
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
            return p;
        if (depth == SYMLINK_DEPTH) {
            *error = ELOOP;
            free(p);
            return NULL;
        }
        char link[PATH_MAX];
        ssize_t n = readlink(p, link, sizeof link - 1);
        if (n < 0) {
            *error = errno;
            free(p);
            return NULL;
        }
        link[n] = '\0';
        const char *slash = strrchr(p, '/');
        size_t dirlen = link[0] != '/' && slash != NULL ? (size_t)(slash - p) + 1 : 0;
        char *next = malloc(dirlen + (size_t)n + 1);
        if (next != NULL)
            snprintf(next, dirlen + (size_t)n + 1, "%.*s%s", (int)dirlen, p, link);
        free(p);
        p = next;
    }
    *error = ENOMEM;
    return NULL;
}

/* The first bytes of `base` that fit in `max` without splitting a UTF-8
 * character. */
static size_t stem_length(const char *base, size_t max)
{
    size_t len = strlen(base);
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)base[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* True when `rest` is "<pid>.XXXXXX" as make_temp() writes it; sets *pid. */
static bool temp_tail(const char *rest, pid_t *pid)
{
    if (*rest < '0' || *rest > '9')
        return false;
    char *end;
    long v = strtol(rest, &end, 10); /* past pid_t (and saturated) is no pid */
    if ((pid_t)v != v || *end != '.' || strlen(end + 1) != 6)
        return false;
    for (const char *c = end + 1; *c != '\0'; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
            return false;
    *pid = (pid_t)v;
    return true;
}

/* Removes `name` in `dir` when it is a temporary file that a run which no
 * longer exists left: the lock says no live open file holds it (also across
 * pid namespaces that share the directory), the pid covers the instant
 * between a live run's creating the file and locking it.  The name alone
 * could be a user's file, so the file must also be as mkstemp made it:
 * private to its owner, not executable, with no other link. */
static void remove_if_stale(int dir, const char *name, pid_t pid)
{
    if (pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH)
        return;
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat held, now;
    if (fstat(fd, &held) == 0 && S_ISREG(held.st_mode) && held.st_uid == geteuid() &&
        (held.st_mode & 0177) == 0 && held.st_nlink == 1 &&
        flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        fstatat(dir, name, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
        now.st_dev == held.st_dev && now.st_ino == held.st_ino)
        unlinkat(dir, name, 0);
    close(fd);
}

/* Removes what killed runs left of ".<stem>." in `dir`.  Best effort: a
 * directory that cannot be read costs only the leftovers. */
static void remove_stale(const char *dir, const char *stem, size_t stemlen)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        pid_t pid;
        if (e->d_name[0] == '.' && strncmp(e->d_name + 1, stem, stemlen) == 0 &&
            e->d_name[1 + stemlen] == '.' && temp_tail(e->d_name + stemlen + 2, &pid))
            remove_if_stale(dirfd(d), e->d_name, pid);
    }
    closedir(d);
}

/* Creates and locks "<dir>/.<stem>.<pid>.XXXXXX" after removing stale ones;
 * sets ao->temp and ao->fd, or returns an errno value. */
static int make_temp(bc_atomic_output *ao, const char *dir, const char *base)
{
    size_t stemlen = stem_length(base, NAME_MAX - TEMP_SUFFIX_MAX);
    size_t len = strlen(dir) + stemlen + TEMP_SUFFIX_MAX + 2;
    char *t = malloc(len);
    if (t == NULL)
        return ENOMEM;
    remove_stale(dir, base, stemlen);
    snprintf(t, len, "%s/.%.*s.%ld.XXXXXX", strcmp(dir, "/") == 0 ? "" : dir, (int)stemlen,
             base, (long)getpid());
    int fd = mkstemp(t);
    if (fd < 0) {
        int e = errno;
        free(t);
        return e;
    }
    /* Only flock fails on a file system without locks; the pid in the name
     * then still protects the file. */
    flock(fd, LOCK_EX | LOCK_NB);
    bc_temp_guard_arm(t);
    ao->temp = t;
    ao->fd = fd;
    return 0;
}

/* The temporary file of a COPY: in $TMPDIR, else /tmp, else the current
 * directory, so that standard output works when $TMPDIR is gone or
 * read-only. */
static bc_status make_spool(bc_atomic_output *ao, bc_error *err)
{
    const char *dirs[] = {getenv("TMPDIR"), "/tmp", "."};
    int e = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        if (dirs[i] == NULL || *dirs[i] == '\0')
            continue;
        if ((e = make_temp(ao, dirs[i], "budgetconv")) == 0 || e == ENOMEM)
            break;
    }
    if (e == ENOMEM)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    if (e != 0)
        return bc_error_set(err, BC_ERR_CANTCREAT, ao->name, 0,
                            "cannot create a temporary file in $TMPDIR, /tmp or .: %s",
                            strerror(e));
    return BC_OK;
}

/* True when `dir` cannot hold a file named `base`: the temporary name is
 * cut to fit, so only the final rename would fail, after all the work. */
static bool name_too_long(const char *dir, const char *base)
{
    long max = pathconf(dir, _PC_NAME_MAX);
    return strlen(base) > (size_t)(max > 0 ? max : NAME_MAX);
}

/* Decides where `target` is written and makes the temporary file. */
static bc_status prepare(bc_atomic_output *ao, const char *target, bc_error *err)
{
    if (target == NULL) {
        ao->how = COPY;
        ao->dst = STDOUT_FILENO;
        return make_spool(ao, err);
    }
    /* Refused before the run: the rename would fail only after all the work. */
    if (*target == '\0')
        return bc_error_set(err, BC_ERR_CANTCREAT, NULL, 0, "cannot create output '': %s",
                            strerror(ENOENT));
    struct stat st;
    bool exists = stat(target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return bc_error_set(err, BC_ERR_CANTCREAT, ao->name, 0, "is a directory");
    if (exists && !S_ISREG(st.st_mode)) {
        /* Opened now, as `>` would before the command runs: a FIFO waits
         * here for its reader, and gets nothing unless the run succeeds.
         * Not resolved: /dev/stdout on a pipe names "pipe:[N]". */
        ao->how = COPY;
        if ((ao->dst = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
            return bc_error_set(err, BC_ERR_CANTCREAT, ao->name, 0, "cannot open output: %s",
                                strerror(errno));
        return make_spool(ao, err);
    }
    int e = 0;
    if ((ao->target = follow_links(target, &e)) == NULL)
        return e == ENOMEM ? bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory")
                           : bc_error_set(err, BC_ERR_CANTCREAT, ao->name, 0,
                                          "cannot create output: %s", strerror(e));
    ao->how = RENAME;
    ao->mode = exists ? st.st_mode & 07777 : 0;
    const char *slash = strrchr(ao->target, '/');
    size_t dirlen = slash == NULL ? 0 : slash == ao->target ? 1 : (size_t)(slash - ao->target);
    char *dir = slash == NULL ? bc_strdup(".") : bc_strndup(ao->target, dirlen);
    const char *base = slash != NULL ? slash + 1 : ao->target;
    e = dir == NULL ? ENOMEM : name_too_long(dir, base) ? ENAMETOOLONG : make_temp(ao, dir, base);
    free(dir);
    if (e == ENOMEM)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    if (e != 0)
        return bc_error_set(err, BC_ERR_CANTCREAT, ao->name, 0, "cannot create output: %s",
                            strerror(e));
    return BC_OK;
}

bc_status bc_atomic_output_open(const char *target, bool by_path,
                                bc_atomic_output **out_ao, bc_output *out, bc_error *err)
{
    if (target != NULL && strcmp(target, "-") == 0)
        target = NULL;
    bc_atomic_output *ao = calloc(1, sizeof *ao);
    if (ao == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    ao->fd = ao->dst = -1;
    ao->name = target != NULL ? target : "<stdout>";
    bc_status st = prepare(ao, target, err);
    if (st == BC_OK && !by_path) {
        /* The stream gets its own descriptor so that closing it keeps the
         * lock, which lives as long as ao->fd. */
        int dup_fd = fcntl(ao->fd, F_DUPFD_CLOEXEC, 0);
        if (dup_fd < 0 || (ao->fp = fdopen(dup_fd, "wb")) == NULL) {
            st = bc_error_set(err, BC_ERR_CANTCREAT, ao->name, 0, "cannot open output: %s",
                              strerror(errno));
            if (dup_fd >= 0)
                close(dup_fd);
        } else {
            /* without the memory, or with a bad mode, stdio's own buffer
             * serves */
            if ((ao->buf = malloc(STREAM_BUFFER_SIZE)) != NULL)
                (void)setvbuf(ao->fp, ao->buf, _IOFBF, STREAM_BUFFER_SIZE);
        }
    }
    if (st != BC_OK) {
        bc_atomic_output_discard(ao);
        return st;
    }
    out->fp = ao->fp;
    out->path = ao->temp;
    out->name = ao->name;
    *out_ao = ao;
    return BC_OK;
}

static bc_status io_error(const bc_atomic_output *ao, const char *what, int e, bc_error *err)
{
    return bc_error_set(err, BC_ERR_IO, ao->name, 0, "%s: %s", what, strerror(e));
}

/* Copies the temporary file into ao->dst, restarting interrupted calls. */
static bc_status copy_out(bc_atomic_output *ao, bc_error *err)
{
    if (lseek(ao->fd, 0, SEEK_SET) != 0)
        return io_error(ao, "cannot reread the temporary file", errno, err);
    char buf[65536];
    for (;;) {
        ssize_t n = read(ao->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return io_error(ao, "cannot reread the temporary file", errno, err);
        if (n == 0)
            return BC_OK;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(ao->dst, buf + done, (size_t)(n - done));
            if (w < 0 && errno != EINTR)
                return io_error(ao, "write error", errno, err);
            done += w > 0 ? w : 0;
        }
    }
}

/* Puts the finished file in place.  A rename is preceded by fsync: without
 * it a crash soon after may leave the target empty on disk. */
static bc_status deliver(bc_atomic_output *ao, bc_error *err)
{
    if (ao->how == COPY) {
        bc_status st = copy_out(ao, err);
        if (st == BC_OK && ao->dst != STDOUT_FILENO) {
            int dst = ao->dst;
            ao->dst = -1;
            if (close(dst) != 0)
                st = io_error(ao, "write error", errno, err);
        }
        return st;
    }
    /* mkstemp makes the file 0600: keep the mode of the file being
     * replaced, or give a new one what a plain create would. */
    mode_t mask = umask(0);
    umask(mask);
    mode_t mode = ao->mode != 0 ? ao->mode : 0666 & ~mask;
    if (fsync(ao->fd) != 0)
        return io_error(ao, "write error", errno, err);
    if (fchmod(ao->fd, mode) != 0)
        return io_error(ao, "cannot set the mode of the output", errno, err);
    int fd = ao->fd;
    ao->fd = -1;
    if (close(fd) != 0)
        return io_error(ao, "write error", errno, err);
    if (rename(ao->temp, ao->target) != 0)
        return io_error(ao, "cannot rename the temporary file into place", errno, err);
    bc_temp_guard_disarm();
    free(ao->temp);
    ao->temp = NULL;
    return BC_OK;
}

bc_status bc_atomic_output_commit(bc_atomic_output *ao, bc_error *err)
{
    bc_status st = BC_OK;
    if (ao->fp != NULL) {
        FILE *fp = ao->fp;
        ao->fp = NULL;
        /* errno is the reason when the failing call is the last one; an
         * error an exporter ignored earlier has lost it. */
        bool failed = fflush(fp) != 0 || ferror(fp);
        int e = errno;
        if (fclose(fp) != 0 && !failed)
            failed = true, e = errno;
        /* a COPY's temporary file is elsewhere ($TMPDIR): a full disk
         * there is not the target's */
        const char *slash = ao->temp != NULL ? strrchr(ao->temp, '/') : NULL;
        if (failed && ao->how == COPY && slash != NULL)
            st = bc_error_set(err, BC_ERR_IO, ao->name, 0,
                              "write error in the temporary directory %.*s: %s",
                              slash == ao->temp ? 1 : (int)(slash - ao->temp), ao->temp,
                              strerror(e != 0 ? e : EIO));
        else if (failed)
            st = io_error(ao, "write error", e != 0 ? e : EIO, err);
    }
    if (st == BC_OK)
        st = deliver(ao, err);
    bc_atomic_output_discard(ao);
    return st;
}

void bc_atomic_output_discard(bc_atomic_output *ao)
{
    if (ao == NULL)
        return;
    if (ao->fp != NULL)
        fclose(ao->fp);
    /* Removed before the lock goes with the descriptor. */
    if (ao->temp != NULL)
        unlink(ao->temp);
    bc_temp_guard_disarm();
    if (ao->fd >= 0)
        close(ao->fd);
    if (ao->dst >= 0 && ao->dst != STDOUT_FILENO)
        close(ao->dst);
    free(ao->buf); /* after fclose(), which flushes from it */
    free(ao->temp);
    free(ao->target);
    free(ao);
}
