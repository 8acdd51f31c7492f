/*
 * titles: a third-party format plugin built outside the budgetconv tree,
 * against the installed headers only:
 *
 *   cc -std=c11 -shared -fPIC -o titles.so titles.c $(pkg-config --cflags --libs budgetconv)
 *   budgetconv --plugin-dir . -t titles book.txt
 *
 * It writes one line per record: NO, a tab, the title, a tab, the requested
 * total with thousands separators.  `-O header` starts with a header line;
 * a record without a title is a warning.  docs/writing-a-plugin.md walks
 * through this file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <budgetconv/budgetconv.h>

/* The options this exporter accepts; --help-format titles lists them and
 * the host refuses any other -O key before begin() is called. */
static const bc_option_spec options[] = {
    {"header", BC_OPT_FLAG, NULL, NULL, "start with a header line"},
    {NULL, 0, NULL, NULL, NULL},
};

/* Everything one output needs; nothing grows with the number of records. */
typedef struct titles_state {
    FILE *fp;
    const char *name;
    bc_context *ctx;
} titles_state;

static bc_status write_error(const titles_state *s, bc_error *err)
{
    return bc_error_set(err, BC_ERR_IO, s->name, 0, "write error: %s", strerror(errno));
}

static bc_status titles_begin(void **state, const bc_output *out, bc_context *ctx, bc_error *err)
{
    titles_state *s = malloc(sizeof *s);
    if (s == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    *s = (titles_state){out->fp, out->name, ctx};
    if (bc_context_flag(ctx, "header") && fputs("NO\ttitle\trequested\n", s->fp) == EOF) {
        bc_status st = write_error(s, err);
        free(s); /* begin() failed: neither end() nor abort() follows */
        return st;
    }
    *state = s;
    return BC_OK;
}

static bc_status titles_write(void *state, const bc_record *rec, bc_error *err)
{
    titles_state *s = state;
    char total[32] = "";
    if (rec->total.requested != BC_AMOUNT_NULL)
        bc_amount_format(rec->total.requested, total, sizeof total);
    const char *title = bc_record_text(rec, BC_F_TITLE);
    if (title == NULL)
        bc_context_warn(s->ctx, rec->source.file, rec->source.line, "NO %lld has no title",
                        (long long)rec->no);
    if (fprintf(s->fp, "%lld\t%s\t%s\n", (long long)rec->no, title ? title : "", total) < 0)
        return write_error(s, err);
    return BC_OK;
}

static bc_status titles_end(void *state, bc_error *err)
{
    (void)err;
    free(state);
    return BC_OK;
}

static void titles_abort(void *state)
{
    free(state);
}

static const bc_exporter exporter = BC_EXPORTER(
    .begin = titles_begin,
    .write = titles_write,
    .end = titles_end,
    .abort = titles_abort);

static const char *const extensions[] = {"titles", NULL};

BC_PLUGIN_DEFINE(titles,
                 .name = "titles",
                 .description = "NO, title and requested total, one record per line (example plugin)",
                 .extensions = extensions,
                 .exporter = &exporter,
                 .export_options = options)
