/* Atomic output: temporary file + rename (output.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <budgetconv/text.h>

#include "output.h"

struct bc_atomic_output {
    char *target; /* NULL: standard output */
    char *temp;   /* NULL: writing straight into `target` (not a regular file) */
    FILE *fp;
    bool by_path;
    mode_t mode; /* of the file being replaced; 0: a new file */
};

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

static bc_status open_in_place(bc_atomic_output *ao, const char *shown,
                               bc_atomic_output **out_ao, bc_output *out, bc_error *err)
{
    if (!ao->by_path && (ao->fp = fopen(ao->target, "wb")) == NULL) {
        bc_status st = bc_error_set(err, BC_ERR_CANTCREAT, shown, 0, "cannot open output: %s",
                                    strerror(errno));
        bc_atomic_output_discard(ao);
        return st;
    }
    out->fp = ao->fp;
    out->path = ao->target;
    out->name = shown;
    *out_ao = ao;
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
    ao->by_path = by_path;
    bool special = false;
    if (!to_stdout) {
        struct stat st;
        bool exists = stat(target, &st) == 0;
        if (exists && S_ISDIR(st.st_mode)) {
            free(ao);
            return bc_error_set(err, BC_ERR_CANTCREAT, target, 0, "is a directory");
        }
        /* Renaming over /dev/null or a FIFO would replace it with a plain
         * file; such targets are written in place.  A symbolic link is
         * followed, so that the file it names is the one replaced. */
        special = exists && !S_ISREG(st.st_mode);
        ao->mode = exists ? st.st_mode & 07777 : 0;
        char *resolved = exists && !special ? realpath(target, NULL) : NULL;
        ao->target = bc_strdup(resolved != NULL ? resolved : target);
        free(resolved);
        if (ao->target == NULL) {
            free(ao);
            return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
        }
    }
    if (special)
        return open_in_place(ao, shown, out_ao, out, err);
    /* Standard output too goes through a temporary file: a run that fails
     * (or, with --strict, warns) must not leave half a document on it. */
    ao->temp = temp_template(ao->target);
    int fd = ao->temp != NULL ? mkstemp(ao->temp) : -1;
    if (fd < 0) {
        bc_status st = bc_error_set(err, BC_ERR_CANTCREAT, shown, 0,
                                    "cannot create output: %s", strerror(errno));
        free(ao->temp);
        ao->temp = NULL;
        bc_atomic_output_discard(ao);
        return st;
    }
    if (by_path) {
        close(fd);
    } else if ((ao->fp = fdopen(fd, "wb")) == NULL) {
        close(fd);
        bc_atomic_output_discard(ao);
        return bc_error_set(err, BC_ERR_CANTCREAT, shown, 0, "cannot open output");
    }
    out->fp = ao->fp;
    out->path = ao->temp;
    out->name = shown;
    *out_ao = ao;
    return BC_OK;
}

const char *bc_atomic_output_temp_path(const bc_atomic_output *ao)
{
    return ao != NULL ? ao->temp : NULL;
}

static bc_status copy_to_stdout(const char *path, bc_error *err)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return bc_error_set(err, BC_ERR_IO, "<stdout>", 0, "cannot reopen output: %s",
                            strerror(errno));
    char buf[65536];
    size_t n;
    bc_status st = BC_OK;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, stdout) != n) {
            st = bc_error_set(err, BC_ERR_IO, "<stdout>", 0, "write error: %s", strerror(errno));
            break;
        }
    if (st == BC_OK && ferror(in))
        st = bc_error_set(err, BC_ERR_IO, "<stdout>", 0, "read error: %s", strerror(errno));
    fclose(in);
    if (st == BC_OK && fflush(stdout) != 0)
        st = bc_error_set(err, BC_ERR_IO, "<stdout>", 0, "write error: %s", strerror(errno));
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
    if (st == BC_OK && ao->temp != NULL) {
        if (ao->target == NULL) {
            st = copy_to_stdout(ao->temp, err);
        } else {
            /* mkstemp makes the file 0600: keep the mode of the file being
             * replaced, or give a new one what a plain create would. */
            mode_t mask = umask(0);
            umask(mask);
            mode_t mode = ao->mode != 0 ? ao->mode : 0666 & ~mask;
            if (chmod(ao->temp, mode) != 0 || rename(ao->temp, ao->target) != 0)
                st = bc_error_set(err, BC_ERR_CANTCREAT, shown, 0, "cannot create output: %s",
                                  strerror(errno));
            else {
                free(ao->temp);
                ao->temp = NULL;
            }
        }
    }
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
