/* Buffered input with line counting and a probe window (budgetconv/plugin.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <budgetconv/text.h>

#include "input.h"

#define BUFFER_SIZE 65536

struct bc_input {
    FILE *fp;
    bool owns_fp;
    char *name;
    unsigned char buf[BUFFER_SIZE];
    size_t pos, end;
    bool eof;
    char *line;
    size_t line_cap;
    long lineno;
    uint64_t filled; /* bytes read from fp so far */
};

bc_input *bc_input_from_stream(FILE *fp, const char *name)
{
    bc_input *in = calloc(1, sizeof *in);
    if (in == NULL || (in->name = bc_strdup(name)) == NULL) {
        free(in);
        return NULL;
    }
    in->fp = fp;
    return in;
}

bc_status bc_input_open(const char *path, bc_input **out, bc_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (fp == NULL)
        return bc_error_set(err, BC_ERR_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!is_stdin)
            fclose(fp);
        return bc_error_set(err, BC_ERR_NOINPUT, path, 0, "is a directory");
    }
    bc_input *in = bc_input_from_stream(fp, is_stdin ? "<stdin>" : path);
    if (in == NULL) {
        if (!is_stdin)
            fclose(fp);
        return bc_error_set(err, BC_ERR_NOMEM, path, 0, "out of memory");
    }
    in->owns_fp = !is_stdin;
    *out = in;
    return BC_OK;
}

void bc_input_close(bc_input *in)
{
    if (in == NULL)
        return;
    if (in->owns_fp)
        fclose(in->fp);
    free(in->line);
    free(in->name);
    free(in);
}

const char *bc_input_name(const bc_input *in)
{
    return in->name;
}

long bc_input_line(const bc_input *in)
{
    return in->lineno;
}

uint64_t bc_input_offset(const bc_input *in)
{
    return in->filled - (in->end - in->pos);
}

/* Reads more bytes after what is buffered, moving that to the front first. */
static bc_status fill(bc_input *in, bc_error *err)
{
    if (in->eof)
        return BC_OK;
    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, in->end - in->pos);
        in->end -= in->pos;
        in->pos = 0;
    }
    size_t n = fread(in->buf + in->end, 1, sizeof in->buf - in->end, in->fp);
    in->end += n;
    in->filled += n;
    if (n == 0) {
        if (ferror(in->fp))
            return bc_error_set(err, BC_ERR_IO, in->name, in->lineno + 1,
                                "read error: %s", strerror(errno));
        in->eof = true;
    }
    return BC_OK;
}

bc_status bc_input_peek(bc_input *in, const unsigned char **head, size_t *len,
                        bc_error *err)
{
    while (!in->eof && in->end - in->pos < BC_PROBE_SIZE) {
        bc_status st = fill(in, err);
        if (st != BC_OK)
            return st;
    }
    *head = in->buf + in->pos;
    *len = in->end - in->pos < BC_PROBE_SIZE ? in->end - in->pos : BC_PROBE_SIZE;
    return BC_OK;
}

bc_status bc_input_read(bc_input *in, void *dst, size_t size, size_t *got, bc_error *err)
{
    if (in->pos == in->end) {
        bc_status st = fill(in, err);
        if (st != BC_OK)
            return st;
    }
    size_t n = in->end - in->pos < size ? in->end - in->pos : size;
    memcpy(dst, in->buf + in->pos, n);
    in->pos += n;
    *got = n;
    return BC_OK;
}

bc_status bc_input_getline(bc_input *in, const char **line, size_t *len, bc_error *err)
{
    size_t used = 0;
    for (;;) {
        if (in->pos == in->end) {
            bc_status st = fill(in, err);
            if (st != BC_OK)
                return st;
            if (in->pos == in->end) {
                if (used == 0)
                    return BC_END;
                break; /* a last line without a newline */
            }
        }
        unsigned char *start = in->buf + in->pos;
        size_t avail = in->end - in->pos;
        unsigned char *nl = memchr(start, '\n', avail);
        size_t take = nl != NULL ? (size_t)(nl - start) : avail;
        if (memchr(start, '\0', take) != NULL)
            return bc_error_set(err, BC_ERR_DATA, in->name, in->lineno + 1,
                                "NUL byte in text (is this a binary file?)");
        if (used + take > BC_INPUT_MAX_LINE)
            return bc_error_set(err, BC_ERR_DATA, in->name, in->lineno + 1,
                                "line longer than %d bytes", BC_INPUT_MAX_LINE);
        if (used + take + 1 > in->line_cap) {
            size_t cap = in->line_cap ? in->line_cap : 256;
            while (cap < used + take + 1)
                cap *= 2;
            char *p = realloc(in->line, cap);
            if (p == NULL)
                return bc_error_set(err, BC_ERR_NOMEM, in->name, in->lineno + 1, "out of memory");
            in->line = p;
            in->line_cap = cap;
        }
        memcpy(in->line + used, start, take);
        used += take;
        in->pos += take + (nl != NULL);
        if (nl != NULL)
            break;
    }
    in->line[used] = '\0';
    in->lineno++;
    *line = in->line;
    *len = used;
    return BC_OK;
}
