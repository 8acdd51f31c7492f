/* Atomic output: a temporary file, renamed or copied on success (output.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <budgetconv/text.h>

#include "output.h"

/* How the finished temporary file reaches its destination. */
typedef enum delivery {
    RENAME, /* a regular file (or a new one): renamed over it */
    COPY,   /* standard output, or a FIFO/device that a by-path exporter
             * cannot write (it seeks): copied into it */
    DIRECT  /* a FIFO or device written by a streaming exporter: no temporary */
} delivery;

struct bc_atomic_output {
    delivery how;
    char *target; /* NULL: standard output */
    char *temp;   /* NULL with DIRECT */
    FILE *fp;
    mode_t mode;  /* of the file being replaced; 0: a new file */
};

/* "DIR/.BASE.XXXXXX" beside `target`, or in $TMPDIR when `target` is NULL. */
static char *temp_template(const char *target)
{
    const char *dir = ".", *base = target;
    size_t dirlen = 1;
    const char *slash = target != NULL ? strrchr(target, '/') : NULL;
    if (target == NULL) {
        dir = getenv("TMPDIR");
        if (dir == NULL || *dir == '\0')
            dir = "/tmp";
        dirlen = strlen(dir);
        base = "budgetconv";
    } else if (slash != NULL) {
        dir = target, dirlen = (size_t)(slash - target), base = slash + 1;
        if (dirlen == 0)
            dir = "/", dirlen = 1;
    }
    size_t len = dirlen + strlen(base) + 16;
    char *t = malloc(len);
    if (t != NULL)
        snprintf(t, len, "%.*s/.%s.XXXXXX", (int)dirlen, dir, base);
    return t;
}

/* Decides where `target` is written; fills ao->how, ao->target, ao->mode. */
static bc_status plan(bc_atomic_output *ao, const char *target, bool by_path, bc_error *err)
{
    if (target == NULL || strcmp(target, "-") == 0) {
        ao->how = COPY;
        return BC_OK;
    }
    struct stat st;
    bool exists = stat(target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return bc_error_set(err, BC_ERR_CANTCREAT, target, 0, "is a directory");
    /* Renaming over /dev/null or a FIFO would replace it with a plain file,
     * so those are written in place (or, when the exporter seeks, copied
     * into).  A symbolic link is followed, so that the link stays and the
     * file it names is replaced. */
    bool special = exists && !S_ISREG(st.st_mode);
    ao->how = !special ? RENAME : by_path ? COPY : DIRECT;
    ao->mode = exists && !special ? st.st_mode & 07777 : 0;
    char *resolved = exists && !special ? realpath(target, NULL) : NULL;
    ao->target = bc_strdup(resolved != NULL ? resolved : target);
    free(resolved);
    if (ao->target == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    return BC_OK;
}

bc_status bc_atomic_output_open(const char *target, bool by_path,
                                bc_atomic_output **out_ao, bc_output *out, bc_error *err)
{
    bool to_stdout = target == NULL || strcmp(target, "-") == 0;
    const char *shown = to_stdout ? "<stdout>" : target;
    bc_atomic_output *ao = calloc(1, sizeof *ao);
    if (ao == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    bc_status st = plan(ao, target, by_path, err);
    int fd = -1;
    if (st == BC_OK && ao->how == DIRECT) {
        if ((ao->fp = fopen(ao->target, "wb")) == NULL)
            st = bc_error_set(err, BC_ERR_CANTCREAT, shown, 0, "cannot open output: %s",
                              strerror(errno));
    } else if (st == BC_OK) {
        ao->temp = temp_template(ao->how == RENAME ? ao->target : NULL);
        if (ao->temp == NULL) {
            st = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
        } else if ((fd = mkstemp(ao->temp)) < 0) {
            st = bc_error_set(err, BC_ERR_CANTCREAT, shown, 0, "cannot create output: %s",
                              strerror(errno));
            free(ao->temp);
            ao->temp = NULL;
        } else if (by_path) {
            close(fd);
        } else if ((ao->fp = fdopen(fd, "wb")) == NULL) {
            close(fd);
            st = bc_error_set(err, BC_ERR_CANTCREAT, shown, 0, "cannot open output");
        }
    }
    if (st != BC_OK) {
        bc_atomic_output_discard(ao);
        return st;
    }
    out->fp = by_path ? NULL : ao->fp;
    out->path = ao->temp != NULL ? ao->temp : ao->target;
    out->name = shown;
    *out_ao = ao;
    return BC_OK;
}

const char *bc_atomic_output_temp_path(const bc_atomic_output *ao)
{
    return ao != NULL ? ao->temp : NULL;
}

/* Copies the file at `path` into `dst` (standard output or the target). */
static bc_status copy_into(const char *path, FILE *dst, const char *shown, bc_error *err)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return bc_error_set(err, BC_ERR_IO, shown, 0, "cannot reopen output: %s",
                            strerror(errno));
    char buf[65536];
    size_t n;
    bc_status st = BC_OK;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, dst) != n) {
            st = bc_error_set(err, BC_ERR_IO, shown, 0, "write error: %s", strerror(errno));
            break;
        }
    if (st == BC_OK && ferror(in))
        st = bc_error_set(err, BC_ERR_IO, shown, 0, "read error: %s", strerror(errno));
    fclose(in);
    if (st == BC_OK && fflush(dst) != 0)
        st = bc_error_set(err, BC_ERR_IO, shown, 0, "write error: %s", strerror(errno));
    return st;
}

static bc_status deliver(bc_atomic_output *ao, const char *shown, bc_error *err)
{
    if (ao->how == RENAME) {
        /* mkstemp makes the file 0600: keep the mode of the file being
         * replaced, or give a new one what a plain create would. */
        mode_t mask = umask(0);
        umask(mask);
        mode_t mode = ao->mode != 0 ? ao->mode : 0666 & ~mask;
        if (chmod(ao->temp, mode) != 0 || rename(ao->temp, ao->target) != 0)
            return bc_error_set(err, BC_ERR_CANTCREAT, shown, 0, "cannot create output: %s",
                                strerror(errno));
        free(ao->temp);
        ao->temp = NULL;
        return BC_OK;
    }
    if (ao->target == NULL)
        return copy_into(ao->temp, stdout, shown, err);
    FILE *dst = fopen(ao->target, "wb");
    if (dst == NULL)
        return bc_error_set(err, BC_ERR_CANTCREAT, shown, 0, "cannot open output: %s",
                            strerror(errno));
    bc_status st = copy_into(ao->temp, dst, shown, err);
    if (fclose(dst) != 0 && st == BC_OK)
        st = bc_error_set(err, BC_ERR_IO, shown, 0, "write error: %s", strerror(errno));
    return st;
}

bc_status bc_atomic_output_commit(bc_atomic_output *ao, bc_error *err)
{
    const char *shown = ao->target != NULL ? ao->target : "<stdout>";
    bc_status st = BC_OK;
    if (ao->fp != NULL) {
        bool failed = fflush(ao->fp) != 0 || ferror(ao->fp);
        failed |= fsync(fileno(ao->fp)) != 0 && errno != EINVAL;
        failed |= fclose(ao->fp) != 0;
        ao->fp = NULL;
        if (failed)
            st = bc_error_set(err, BC_ERR_IO, shown, 0, "write error: %s", strerror(errno));
    }
    if (st == BC_OK && ao->how != DIRECT)
        st = deliver(ao, shown, err);
    bc_atomic_output_discard(ao);
    return st;
}

void bc_atomic_output_discard(bc_atomic_output *ao)
{
    if (ao == NULL)
        return;
    if (ao->fp != NULL)
        fclose(ao->fp);
    if (ao->temp != NULL)
        unlink(ao->temp);
    free(ao->temp);
    free(ao->target);
    free(ao);
}
