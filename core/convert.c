/* The driver's pipeline (convert.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <budgetconv/check.h>

#include "context.h"
#include "convert.h"
#include "input.h"
#include "output.h"

typedef struct run {
    const bc_convert_options *opt;
    bc_report_fn report;
    void *user;
    size_t warnings;
    size_t records;
    size_t bad_records; /* BC_BAD_RECORD from an importer */
    bc_error last_bad;  /* the latest one, reported as the run's error */
} run;

static void emit(run *r, const char *file, long line, const char *kind, const char *msg)
{
    r->warnings++;
    if (r->opt->quiet || r->report == NULL)
        return;
    char buf[2048];
    if (file != NULL && *file != '\0' && line > 0)
        snprintf(buf, sizeof buf, "%s:%ld: %s: %s", file, line, kind, msg);
    else if (file != NULL && *file != '\0')
        snprintf(buf, sizeof buf, "%s: %s: %s", file, kind, msg);
    else
        snprintf(buf, sizeof buf, "%s: %s", kind, msg);
    r->report(r->user, buf);
}

static void on_warning(void *user, const char *file, long line, const char *msg)
{
    emit(user, file, line, "warning", msg);
}

typedef struct check_place {
    run *r;
    const bc_record *rec;
} check_place;

static void on_check(void *user, const char *msg)
{
    check_place *c = user;
    emit(c->r, c->rec->source.file, c->rec->source.line, "check", msg);
}

/* A bad record is an error: each is printed as the run's final error would
 * be (-q does not silence it), and the last one becomes that final error,
 * so that a run names every bad record once. */
static void report_bad_record(run *r, const bc_error *err)
{
    const bc_error *e = &r->last_bad;
    if (r->bad_records++ > 0 && r->report != NULL) {
        char buf[2200];
        if (e->file[0] != '\0' && e->line > 0)
            snprintf(buf, sizeof buf, "%s:%ld: %s", e->file, e->line, e->message);
        else if (e->file[0] != '\0')
            snprintf(buf, sizeof buf, "%s: %s", e->file, e->message);
        else
            snprintf(buf, sizeof buf, "%s", e->message);
        r->report(r->user, buf);
    }
    r->last_bad = *err;
    r->last_bad.code = BC_ERR_DATA;
}

static bool option_known(const bc_option_spec *spec, const char *kv)
{
    return bc_option_find(spec, kv) != NULL;
}

/* True when some importer that could be chosen accepts `kv`. */
static bool importer_option(const bc_registry *reg, const char *from, const char *kv)
{
    if (from != NULL) {
        const bc_plugin *p = bc_registry_find(reg, from);
        return p != NULL && option_known(p->import_options, kv);
    }
    for (size_t i = 0; i < bc_registry_count(reg); i++) {
        const bc_plugin *p = bc_registry_plugin(reg, i, NULL);
        if (p->importer != NULL && option_known(p->import_options, kv))
            return true;
    }
    return false;
}

/* Gives each -O to the context whose plugin declares it; one that nobody
 * declares is a usage error that lists the keys the exporter accepts. */
static bc_status route_options(const bc_registry *reg, const bc_convert_options *opt,
                               const bc_plugin *ex, bc_context *ctx, bc_error *err)
{
    for (size_t i = 0; i < opt->option_count; i++) {
        const char *kv = opt->options[i];
        if (option_known(ex->export_options, kv)) {
            bc_status st = bc_context_set(ctx, kv, err);
            if (st != BC_OK)
                return st;
        } else if (!importer_option(reg, opt->from, kv)) {
            char keys[512];
            bc_option_list_keys(ex->export_options, keys, sizeof keys);
            return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                                "unknown option '%.*s' for %s (valid: %s; see --help-format %s)",
                                (int)strcspn(kv, "="), kv, ex->name, keys, ex->name);
        }
    }
    return BC_OK;
}

/* The importer's context, with the -O options it declares.  An option
 * that neither it nor the exporter declares is refused here, once the
 * importer is known: that another importer would have taken it does not
 * make it mean anything for this input. */
static bc_status importer_context(const bc_convert_options *opt, const bc_plugin *im,
                                  const bc_plugin *ex, const char *path, run *r,
                                  bc_context **out, bc_error *err)
{
    bc_context *ctx = bc_context_new(im->import_options, on_warning, r, opt->check);
    if (ctx == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < opt->option_count; i++) {
        const char *kv = opt->options[i];
        bc_status st = BC_OK;
        if (option_known(im->import_options, kv))
            st = bc_context_set(ctx, kv, err);
        else if (!option_known(ex->export_options, kv))
            st = bc_error_set(err, BC_ERR_USAGE, path, 0,
                              "option '%.*s' is neither for %s (reading) nor for %s (writing)",
                              (int)strcspn(kv, "="), kv, im->name, ex->name);
        if (st != BC_OK) {
            bc_context_free(ctx);
            return st;
        }
    }
    *out = ctx;
    return BC_OK;
}

static bc_status choose_importer(const bc_registry *reg, const bc_convert_options *opt,
                                 bc_input *in, const char *path, const bc_plugin **out,
                                 bc_error *err)
{
    if (opt->from != NULL) {
        const bc_plugin *p = bc_registry_find(reg, opt->from);
        if (p == NULL)
            return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0,
                                "unknown input format '%s' (see --list-formats)", opt->from);
        if (p->importer == NULL)
            return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0,
                                "format '%s' cannot be read, only written", opt->from);
        *out = p;
        return BC_OK;
    }
    const unsigned char *head;
    size_t len;
    bc_status st = bc_input_peek(in, &head, &len, err);
    if (st != BC_OK)
        return st;
    if (len == 0)
        return bc_error_set(err, BC_ERR_DATA, bc_input_name(in), 0, "empty input");
    *out = bc_registry_probe(reg, head, len, strcmp(path, "-") == 0 ? NULL : path);
    if (*out == NULL)
        return bc_error_set(err, BC_ERR_DATA, bc_input_name(in), 0,
                            "cannot tell the input format; give -f FORMAT (see --list-formats)");
    return BC_OK;
}

static bc_status convert_input(const bc_registry *reg, run *r, const char *path,
                               const bc_plugin *ex, void *ex_state, bc_error *err)
{
    bc_input *in = NULL;
    bc_status st = bc_input_open(path, &in, err);
    if (st != BC_OK)
        return st;
    const bc_plugin *im = NULL;
    bc_context *ctx = NULL;
    void *state = NULL;
    st = choose_importer(reg, r->opt, in, path, &im, err);
    if (st == BC_OK)
        st = importer_context(r->opt, im, ex, path, r, &ctx, err);
    if (st == BC_OK)
        st = im->importer->open(&state, in, ctx, err);
    if (st != BC_OK) {
        bc_context_free(ctx);
        bc_input_close(in);
        return st;
    }
    bc_record rec;
    bc_record_init(&rec);
    while ((st = im->importer->next(state, &rec, err)) == BC_OK || st == BC_BAD_RECORD) {
        if (st == BC_BAD_RECORD) {
            report_bad_record(r, err);
            bc_record_clear(&rec);
            continue;
        }
        r->records++;
        if (r->opt->check) {
            check_place place = {r, &rec};
            bc_record_check(&rec, on_check, &place);
        }
        st = ex->exporter->write(ex_state, &rec, err);
        bc_record_clear(&rec);
        if (st != BC_OK)
            break;
    }
    bc_record_clear(&rec);
    im->importer->close(state);
    bc_context_free(ctx);
    bc_input_close(in);
    return st == BC_END ? BC_OK : st;
}

static bc_status choose_exporter(const bc_registry *reg, const bc_convert_options *opt,
                                 const bc_plugin **out, bc_error *err)
{
    const bc_plugin *p = NULL;
    bool to_stdout = opt->output == NULL || strcmp(opt->output, "-") == 0;
    if (opt->to != NULL) {
        p = bc_registry_find(reg, opt->to);
        if (p == NULL)
            return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0,
                                "unknown output format '%s' (see --list-formats)", opt->to);
    } else if (!to_stdout) {
        p = bc_registry_exporter_for(reg, opt->output);
        if (p == NULL)
            return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                                "cannot tell the output format from '%s'; give -t FORMAT",
                                opt->output);
    } else {
        return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                            "no output format: give -t FORMAT or -o FILE with a known extension");
    }
    if (p->exporter == NULL)
        return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0,
                            "format '%s' can be read, not written", p->name);
    if (to_stdout && (p->exporter->flags & BC_EXPORT_FILE) && opt->output_is_tty)
        return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                            "not writing binary %s to a terminal; give -o FILE", p->name);
    *out = p;
    return BC_OK;
}

bc_status bc_convert(const bc_registry *reg, const bc_convert_options *opt,
                     bc_report_fn report, void *user, bc_error *err)
{
    run r = {.opt = opt, .report = report, .user = user};
    const bc_plugin *ex = NULL;
    bc_status st = choose_exporter(reg, opt, &ex, err);
    if (st != BC_OK)
        return st;
    bc_context *ctx = bc_context_new(ex->export_options, on_warning, &r, opt->check);
    if (ctx == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    st = route_options(reg, opt, ex, ctx, err);
    if (st != BC_OK) {
        bc_context_free(ctx);
        return st;
    }
    bc_atomic_output *ao = NULL;
    bc_output out;
    st = bc_atomic_output_open(opt->output, (ex->exporter->flags & BC_EXPORT_FILE) != 0,
                               &ao, &out, err);
    if (st != BC_OK) {
        bc_context_free(ctx);
        return st;
    }

    void *state = NULL;
    st = ex->exporter->begin(&state, &out, ctx, err);
    for (size_t i = 0; st == BC_OK && i < opt->input_count; i++)
        st = convert_input(reg, &r, opt->inputs[i], ex, state, err);
    if (st == BC_OK && r.bad_records > 0) {
        *err = r.last_bad;
        st = err->code;
    } else if (r.bad_records > 0) {
        bc_error later = *err;
        report_bad_record(&r, &later); /* prints the last bad record */
    }
    if (st == BC_OK) {
        st = ex->exporter->end(state, err);
    } else if (state != NULL) {
        ex->exporter->abort(state);
    }
    if (st == BC_OK && opt->strict && r.warnings > 0)
        st = bc_error_set(err, BC_ERR_DATA, NULL, 0,
                          "%zu warning%s with --strict: no output written", r.warnings,
                          r.warnings == 1 ? "" : "s");
    if (st == BC_OK)
        st = bc_atomic_output_commit(ao, err);
    else
        bc_atomic_output_discard(ao);
    bc_context_free(ctx);
    if (st == BC_OK && opt->verbose > 0 && report != NULL) {
        char buf[256];
        snprintf(buf, sizeof buf, "%zu record%s written with %s", r.records,
                 r.records == 1 ? "" : "s", ex->name);
        report(user, buf);
    }
    return st;
}
