/*
 * titles: a third-party format plugin built outside the budgetconv tree,
 * against the installed headers only:
 *
 *   cc -std=c11 -shared -fPIC -o titles.so titles.c $(pkg-config --cflags --libs budgetconv)
 *   budgetconv --plugin-dir . -t titles book.txt
 *
 * It writes one line per record: NO, a tab, the title, a tab, the requested
 * total with thousands separators.
 */
#include <stdlib.h>

#include <budgetconv/budgetconv.h>

typedef struct titles_state {
    FILE *fp;
    const char *name;
} titles_state;

static bc_status titles_begin(void **state, const bc_output *out, bc_context *ctx, bc_error *err)
{
    (void)ctx;
    titles_state *s = malloc(sizeof *s);
    if (s == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    s->fp = out->fp;
    s->name = out->name;
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
    if (fprintf(s->fp, "%lld\t%s\t%s\n", (long long)rec->no, title ? title : "", total) < 0)
        return bc_error_set(err, BC_ERR_IO, s->name, 0, "write error");
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

static const bc_exporter exporter = {
    .struct_size = sizeof(bc_exporter),
    .begin = titles_begin,
    .write = titles_write,
    .end = titles_end,
    .abort = titles_abort,
};

static const char *const extensions[] = {"titles", NULL};

BC_PLUGIN_DEFINE(titles,
                 .name = "titles",
                 .description = "NO, title and requested total, one record per line (example plugin)",
                 .extensions = extensions,
                 .exporter = &exporter)
