/* The driver's pipeline (convert.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <budgetconv/amount.h>
#include <budgetconv/check.h>
#include <budgetconv/text.h>

#include "context.h"
#include "convert.h"
#include "foreign.h"
#include "input.h"
#include "no_set.h"
#include "output.h"
#include "suggest.h"

typedef struct run {
    const bc_registry *reg;
    const bc_convert_options *opt;
    bc_report_fn report;
    void *user;
    bc_no_set *seen;          /* the NOs of the output being written */
    size_t input_warnings;    /* of the input being read */
    size_t output_warnings;   /* of the output being written: its inputs' and its exporter's */
    size_t output_records;
    size_t output_inputs;
    bc_convert_summary sum;
    bc_status worst;
    bc_progress progress;
    uint64_t bytes_before;    /* of the inputs (or passes) finished */
    const bc_input *reading;  /* the input being read, for the progress line */
} run;

/* How an input is named in messages. */
static const char *input_name(const run *r, size_t i)
{
    return strcmp(r->opt->inputs[i], "-") == 0 ? "<stdin>" : r->opt->inputs[i];
}

static void say(run *r, const char *file, long line, const char *kind, const char *msg)
{
    if (r->report == NULL)
        return;
    char buf[2600];
    if (file != NULL && *file != '\0' && line > 0)
        snprintf(buf, sizeof buf, "%s:%ld: %s%s%s", file, line, kind, *kind ? ": " : "", msg);
    else if (file != NULL && *file != '\0')
        snprintf(buf, sizeof buf, "%s: %s%s%s", file, kind, *kind ? ": " : "", msg);
    else
        snprintf(buf, sizeof buf, "%s%s%s", kind, *kind ? ": " : "", msg);
    r->report(r->user, buf);
}

static void emit(run *r, size_t *counter, const char *file, long line, const char *kind,
                 const char *msg)
{
    r->sum.warnings++;
    (*counter)++;
    if (!r->opt->quiet)
        say(r, file, line, kind, msg);
}

static void on_import_warning(void *user, const char *file, long line, const char *msg)
{
    run *r = user;
    emit(r, &r->input_warnings, file, line, "warning", msg);
}

static void on_export_warning(void *user, const char *file, long line, const char *msg)
{
    run *r = user;
    emit(r, &r->output_warnings, file, line, "warning", msg);
}

/* The line of input `idx` that a message about `rec` points at: its page's
 * when the record was read from that page's text; 0 (the input alone)
 * otherwise, since a record read from JSON or CSV keeps the line of the
 * text it first came from, in another file. */
static long record_line(const run *r, size_t idx, const bc_record *rec)
{
    return rec->source.file != NULL && strcmp(rec->source.file, input_name(r, idx)) == 0
               ? rec->source.line
               : 0;
}

typedef struct check_place {
    run *r;
    size_t idx;
    const bc_record *rec;
} check_place;

static void on_check(void *user, const char *msg)
{
    check_place *c = user;
    emit(c->r, &c->r->input_warnings, input_name(c->r, c->idx), record_line(c->r, c->idx, c->rec),
         "check", msg);
}

/* Notes the NO of `rec` (from input `idx`) in the output; one given
 * already for the same fiscal year, by another input or earlier in this
 * one (a book pasted twice into one file), is a warning naming both
 * places: a total over the output would count that project twice.  Books
 * of other years may share NOs. */
static bc_status note_no(run *r, size_t idx, const bc_record *rec, bc_error *err)
{
    if (rec->no == BC_AMOUNT_NULL)
        return BC_OK;
    bc_no_place first, here = {idx, record_line(r, idx, rec)};
    bool oom;
    if (bc_no_set_add(r->seen, rec->fiscal_year, rec->no, here, &first, &oom)) {
        char msg[1400];
        if (first.line > 0)
            snprintf(msg, sizeof msg, "NO %" PRId64 " occurs twice; first at %s:%ld",
                     rec->no, input_name(r, first.input), first.line);
        else
            snprintf(msg, sizeof msg, "NO %" PRId64 " occurs twice; first in %s",
                     rec->no, input_name(r, first.input));
        emit(r, &r->input_warnings, input_name(r, idx), here.line, "warning", msg);
    } else if (oom) {
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    return BC_OK;
}

static void tell_progress(run *r)
{
    if (r->opt->progress == NULL)
        return;
    r->progress.bytes_read = r->bytes_before + (r->reading ? bc_input_offset(r->reading) : 0);
    r->opt->progress(r->opt->progress_user, &r->progress);
}

bc_status bc_unknown_format(const bc_registry *reg, const char *what, const char *name,
                            bc_error *err)
{
    const char *path, *why = bc_registry_refusal(reg, name, &path);
    if (why != NULL)
        return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0,
                            "%s%sformat '%s' is unavailable: its module %s was %s",
                            what != NULL ? what : "", what != NULL ? " " : "", name, path, why);
    size_t n = bc_registry_count(reg);
    const char **names = malloc((n + 1) * sizeof *names);
    const char *guess = NULL;
    if (names != NULL) {
        for (size_t i = 0; i < n; i++)
            names[i] = bc_registry_plugin(reg, i, NULL)->name;
        guess = bc_suggest(name, names, n);
    }
    bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0, "unknown %s%sformat '%s'%s%s%s (see --list-formats)",
                 what != NULL ? what : "", what != NULL ? " " : "", name,
                 guess != NULL ? "; did you mean " : "", guess != NULL ? guess : "",
                 guess != NULL ? "?" : "");
    free(names);
    return BC_ERR_UNAVAILABLE;
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

/* Which side an -O is for: `from.KEY` the input's format only, `to.KEY`
 * the output's only, a plain KEY the one that declares it.  A plain key
 * that both declare (csv's encoding and raw) is refused as ambiguous:
 * `-t csv -O encoding=cp932 book.txt` means the output to some and the
 * input to others, and reading UTF-8 as CP932 is no answer to either. */
typedef enum option_side { SIDE_ANY, SIDE_IN, SIDE_OUT } option_side;

/* The side of `*kv`, which is moved past its prefix. */
static option_side side_of(const char **kv)
{
    if (strncmp(*kv, "from.", 5) == 0)
        return *kv += 5, SIDE_IN;
    if (strncmp(*kv, "to.", 3) == 0)
        return *kv += 3, SIDE_OUT;
    return SIDE_ANY;
}

/* Gives each -O for the output to the exporter's context; one that nobody
 * declares is a usage error that lists the keys the exporter accepts.  The
 * importer's context (importer_context) takes the others. */
static bc_status route_options(const bc_registry *reg, const bc_convert_options *opt,
                               const bc_plugin *ex, bc_context *ctx, bc_error *err)
{
    for (size_t i = 0; i < opt->option_count; i++) {
        const char *kv = opt->options[i];
        option_side side = side_of(&kv);
        if (side == SIDE_IN)
            continue;
        if (option_known(ex->export_options, kv)) {
            bc_status st = bc_context_set(ctx, kv, err);
            if (st != BC_OK)
                return st;
        } else if (side == SIDE_OUT || !importer_option(reg, opt->from, kv)) {
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
 * make it mean anything for this input.  A silent context (the second
 * reading of an input) drops the warnings the first reading told. */
static bc_status importer_context(const bc_convert_options *opt, const bc_plugin *im,
                                  const bc_plugin *ex, const char *path, run *r, bool silent,
                                  bc_context **out, bc_error *err)
{
    bc_context *ctx = bc_context_new(im->import_options, silent ? NULL : on_import_warning, r);
    if (ctx == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < opt->option_count; i++) {
        const char *kv = opt->options[i];
        option_side side = side_of(&kv);
        if (side == SIDE_OUT)
            continue;
        bool reads = option_known(im->import_options, kv);
        bool writes = side == SIDE_ANY && option_known(ex->export_options, kv);
        bc_status st = BC_OK;
        if (reads && writes)
            st = bc_error_set(err, BC_ERR_USAGE, path, 0,
                              "-O %s is an option of both %s (reading) and %s (writing): "
                              "give -O from.%s for the input, -O to.%s for the output, or both",
                              kv, im->name, ex->name, kv, kv);
        else if (reads)
            st = bc_context_set(ctx, kv, err);
        else if (side == SIDE_IN)
            st = bc_error_set(err, BC_ERR_USAGE, path, 0,
                              "option '%.*s' is not for %s (reading; see --help-format %s)",
                              (int)strcspn(kv, "="), kv, im->name, im->name);
        else if (!writes)
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

/* True when -O encoding=… was given for the input: the user has said how
 * the text is encoded, and the importer will judge it. */
static bool encoding_given(const bc_convert_options *opt)
{
    for (size_t i = 0; i < opt->option_count; i++) {
        const char *kv = opt->options[i];
        if (side_of(&kv) != SIDE_OUT && strncmp(kv, "encoding", 8) == 0 &&
            (kv[8] == '=' || kv[8] == '\0'))
            return true;
    }
    return false;
}

/* The importer for `in`: -f, else the best probe.  A PDF, workbook or
 * UTF-16 text that no importer claims, and Shift_JIS text read without
 * -O encoding, get an answer saying what they are and what to do. */
static bc_status choose_importer(const bc_registry *reg, const bc_convert_options *opt,
                                 const bc_plugin *ex, bc_input *in, const char *path,
                                 const bc_plugin **out, bc_error *err)
{
    const bc_plugin *p = NULL;
    /* A plain encoding=… would be ambiguous when the output takes it too. */
    const char *cp932 = option_known(ex->export_options, "encoding") ? "from.encoding=cp932"
                                                                     : "encoding=cp932";
    if (opt->from != NULL) {
        p = bc_registry_find(reg, opt->from);
        if (p == NULL)
            return bc_unknown_format(reg, "input", opt->from, err);
        if (p->importer == NULL)
            return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0,
                                "format '%s' cannot be read, only written", opt->from);
    }
    const unsigned char *head;
    size_t len;
    bc_status st = bc_input_peek(in, &head, &len, err);
    if (st != BC_OK)
        return st;
    long line;
    bc_foreign kind = bc_foreign_sniff(head, len, &line);
    bool binary = kind != BC_FOREIGN_NONE && kind != BC_FOREIGN_CP932;
    if (kind == BC_FOREIGN_CP932 && !encoding_given(opt))
        return bc_foreign_explain(kind, bc_input_name(in), line, cp932, err);
    if (p != NULL) {
        /* -f wins, unless its importer says the bytes are not its own. */
        if (binary && p->importer->probe(head, len) == BC_PROBE_NO)
            return bc_foreign_explain(kind, bc_input_name(in), line, cp932, err);
        *out = p;
        return BC_OK;
    }
    if (len == 0)
        return bc_error_set(err, BC_ERR_DATA, bc_input_name(in), 0, "empty input");
    /* The content first: a file's name must not make a PDF look like text. */
    bc_probe_result guess;
    st = bc_registry_probe(reg, head, len, strcmp(path, "-") == 0 ? NULL : path, &guess, err);
    if (st != BC_OK)
        return st;
    if (guess.by_content == NULL && binary)
        return bc_foreign_explain(kind, bc_input_name(in), line, cp932, err);
    p = guess.best;
    if (p == NULL)
        return bc_error_set(err, BC_ERR_DATA, bc_input_name(in), 0,
                            "cannot tell the input format; give -f FORMAT (see --list-formats)");
    *out = p;
    return BC_OK;
}

/* A bad record (BC_BAD_RECORD: the importer goes on past it) makes its
 * input fail.  Each is told once, even with -q, as errors are: all but the
 * last as they come, the last as the input's error (`*last`), so that
 * --keep-going and the final message treat it like any failed input. */
static void note_bad_record(run *r, size_t earlier, bc_error *last, bc_error *err)
{
    if (earlier > 0)
        say(r, last->file, last->line, "", last->message);
    *last = *err;
    bc_error_clear(err);
}

/* What one reading of an input does with each record. */
enum { READ_CHECK = 1, /* warnings, --check, duplicate NOs */
       READ_WRITE = 2  /* hand the records to the exporter */ };

/* Reads input `idx` once.  `*wrote` tells whether a record of it reached
 * the exporter (which cannot be taken back). */
static bc_status read_input(run *r, size_t idx, unsigned what, const bc_plugin *ex,
                            void *ex_state, bool *wrote, bc_error *err)
{
    const char *path = r->opt->inputs[idx];
    bc_input *in = NULL;
    bc_status st = bc_input_open(path, &in, err);
    if (st != BC_OK)
        return st;
    const bc_plugin *im = NULL;
    bc_context *ctx = NULL;
    void *state = NULL;
    st = choose_importer(r->reg, r->opt, ex, in, path, &im, err);
    if (st == BC_OK)
        st = importer_context(r->opt, im, ex, path, r, !(what & READ_CHECK), &ctx, err);
    if (st == BC_OK)
        st = im->importer->open(&state, in, ctx, err);
    if (st != BC_OK) {
        bc_context_free(ctx);
        bc_input_close(in);
        return st;
    }
    r->reading = in;
    bc_record rec;
    bc_record_init(&rec);
    size_t bad = 0;
    bc_error last_bad;
    while ((st = im->importer->next(state, &rec, err)) == BC_OK || st == BC_BAD_RECORD) {
        if (st == BC_BAD_RECORD) {
            note_bad_record(r, bad++, &last_bad, err);
            bc_record_clear(&rec);
            continue;
        }
        if (what & READ_CHECK) {
            r->progress.records++;
            if (r->opt->check) {
                check_place place = {r, idx, &rec};
                bc_record_check(&rec, on_check, &place);
            }
            st = note_no(r, idx, &rec, err);
        }
        if (st == BC_OK && (what & READ_WRITE)) {
            *wrote = true;
            st = ex->exporter->write(ex_state, &rec, err);
            r->output_records++;
        }
        bc_record_clear(&rec);
        tell_progress(r);
        if (st != BC_OK)
            break;
    }
    bc_record_clear(&rec);
    if (bad > 0 && (st == BC_END || st == BC_OK)) {
        *err = last_bad;
        st = err->code = BC_ERR_DATA;
    } else if (bad > 0) {
        say(r, last_bad.file, last_bad.line, "", last_bad.message);
    }
    r->bytes_before += bc_input_offset(in);
    r->reading = NULL;
    im->importer->close(state);
    bc_context_free(ctx);
    bc_input_close(in);
    return st == BC_END ? BC_OK : st;
}

static bc_status choose_exporter(const bc_registry *reg, const bc_convert_options *opt,
                                 const bc_plugin **out, bc_error *err)
{
    const bc_plugin *p = NULL;
    bool to_stdout = opt->output_dir == NULL &&
                     (opt->output == NULL || strcmp(opt->output, "-") == 0);
    if (opt->to != NULL) {
        p = bc_registry_find(reg, opt->to);
        if (p == NULL)
            return bc_unknown_format(reg, "output", opt->to, err);
    } else if (opt->output_dir != NULL) {
        return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                            "--output-dir needs the output format: give -t FORMAT");
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

/* Input `idx` failed with `st` (in `err`).  Under --keep-going it is told
 * now and the run goes on (BC_OK); otherwise the run stops with it. */
static bc_status input_failed(run *r, bc_status st, bc_error *err)
{
    r->sum.failed++;
    if (st > r->worst)
        r->worst = st;
    if (!r->opt->keep_going)
        return st;
    say(r, err->file, err->line, "", err->message);
    bc_error_clear(err);
    return BC_OK;
}

/* Under --strict, warnings of an input make it fail. */
static bc_status strict_input(run *r, const char *name, bc_error *err)
{
    if (!r->opt->strict || r->input_warnings == 0)
        return BC_OK;
    return bc_error_set(err, BC_ERR_DATA, name, 0, "%zu warning%s with --strict: not converted",
                        r->input_warnings, r->input_warnings == 1 ? "" : "s");
}

/* True when input `name` can be read a second time: a regular file.  A
 * FIFO, a device or a pipe (`<(...)`) gives its bytes once; opened again
 * it blocks for a writer that never comes, or reads nothing. */
static bool rereadable(const char *name)
{
    struct stat sb;
    return strcmp(name, "-") != 0 && (stat(name, &sb) != 0 || S_ISREG(sb.st_mode));
}

/* Reads input `idx` into the output being written.  When the run keeps
 * going, a file is first read without writing, so that an input that fails
 * part-way leaves nothing in the merged output; standard input, a FIFO or a
 * device cannot be read twice, and its failure after a record was written
 * ends the run.  BC_OK when the input went in, or failed and the run goes
 * on. */
static bc_status merge_input(run *r, size_t idx, const bc_plugin *ex, void *ex_state,
                             bc_error *err)
{
    bool two_passes = r->opt->keep_going && rereadable(r->opt->inputs[idx]);
    size_t mark = bc_no_set_count(r->seen);
    bool wrote = false;
    r->input_warnings = 0;
    bc_status st = read_input(r, idx, two_passes ? READ_CHECK : READ_CHECK | READ_WRITE, ex,
                              ex_state, &wrote, err);
    if (st == BC_OK && r->opt->keep_going)
        st = strict_input(r, input_name(r, idx), err);
    if (st != BC_OK) {
        bc_no_set_undo(r->seen, mark);
        if (wrote) {
            r->sum.failed++;
            return st;
        }
        return input_failed(r, st, err);
    }
    r->output_warnings += r->input_warnings;
    if (two_passes) {
        st = read_input(r, idx, READ_WRITE, ex, ex_state, &wrote, err);
        if (st != BC_OK) {
            r->sum.failed++;
            return st;
        }
    }
    r->output_inputs++;
    return BC_OK;
}

/* Under --strict, warnings of the output (its inputs', its exporter's) mean
 * it is not written. */
static bc_status strict_output(run *r, bc_error *err)
{
    if (!r->opt->strict || r->output_warnings == 0)
        return BC_OK;
    return bc_error_set(err, BC_ERR_DATA, NULL, 0, "%zu warning%s with --strict: no output written",
                        r->output_warnings, r->output_warnings == 1 ? "" : "s");
}

/* Begins an output at `target`; the exporter's state in `*state`. */
static bc_status begin_output(run *r, const bc_plugin *ex, bc_context *ctx, const char *target,
                              bc_atomic_output **ao, void **state, bc_error *err)
{
    bc_output out;
    bc_status st = bc_atomic_output_open(target, (ex->exporter->flags & BC_EXPORT_FILE) != 0,
                                         ao, &out, err);
    if (st != BC_OK)
        return st;
    bc_no_set_clear(r->seen);
    r->output_warnings = r->output_records = r->output_inputs = 0;
    *state = NULL;
    st = ex->exporter->begin(state, &out, ctx, err);
    if (st != BC_OK) {
        bc_atomic_output_discard(*ao);
    }
    return st;
}

/* Ends the output begun by begin_output(): written when `st` is BC_OK and
 * --strict has nothing against it, discarded otherwise. */
static bc_status end_output(run *r, const bc_plugin *ex, bc_atomic_output *ao, void *state,
                            bc_status st, bc_error *err)
{
    if (st == BC_OK)
        st = ex->exporter->end(state, err);
    else
        ex->exporter->abort(state);
    if (st == BC_OK)
        st = strict_output(r, err);
    if (st == BC_OK)
        st = bc_atomic_output_commit(ao, err);
    else
        bc_atomic_output_discard(ao);
    if (st == BC_OK) {
        r->sum.converted += r->output_inputs;
        r->sum.records += r->output_records;
    }
    return st;
}

/* Every input into one output. */
static bc_status convert_merged(run *r, const bc_plugin *ex, bc_context *ctx, bc_error *err)
{
    bc_atomic_output *ao = NULL;
    void *state = NULL;
    bc_status st = begin_output(r, ex, ctx, r->opt->output, &ao, &state, err);
    if (st != BC_OK)
        return st;
    for (size_t i = 0; st == BC_OK && i < r->opt->input_count; i++) {
        st = merge_input(r, i, ex, state, err);
        r->progress.inputs_done++;
        tell_progress(r);
    }
    /* Under --keep-going the output holds what could be converted, unless
     * nothing could. */
    if (st == BC_OK && r->output_inputs == 0 && r->sum.failed > 0)
        st = bc_error_set(err, r->worst, NULL, 0, "no input could be converted: no output written");
    return end_output(r, ex, ao, state, st, err);
}

/* "book" of "dir/book.txt": the base name without its last extension (a
 * leading dot is no extension). */
static void stem_of(const char *path, const char **stem, size_t *len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    *stem = base;
    *len = dot != NULL && dot > base ? (size_t)(dot - base) : strlen(base);
}

/* DIR/<stem>.<ext> for input `idx`; NULL when out of memory. */
static char *output_path(const run *r, size_t idx, const bc_plugin *ex)
{
    const char *stem;
    size_t len;
    stem_of(r->opt->inputs[idx], &stem, &len);
    const char *ext = ex->extensions != NULL && ex->extensions[0] != NULL ? ex->extensions[0]
                                                                          : ex->name;
    size_t size = strlen(r->opt->output_dir) + len + strlen(ext) + 3;
    char *path = malloc(size);
    if (path != NULL)
        snprintf(path, size, "%s/%.*s.%s", r->opt->output_dir, (int)len, stem, ext);
    return path;
}

/* Two inputs with one stem would write one file: refused before anything
 * is written, naming both (stems are compared sorted, so this costs
 * n log n, not n²). */
static int by_stem(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    const char *sx, *sy;
    size_t lx, ly;
    stem_of(*x, &sx, &lx);
    stem_of(*y, &sy, &ly);
    int c = memcmp(sx, sy, lx < ly ? lx : ly);
    return c != 0 ? c : lx < ly ? -1 : lx > ly;
}

static bc_status check_stems(const run *r, const bc_plugin *ex, bc_error *err)
{
    size_t n = r->opt->input_count;
    for (size_t i = 0; i < n; i++)
        if (strcmp(r->opt->inputs[i], "-") == 0)
            return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                                "standard input has no name to give its output in --output-dir; "
                                "use -o FILE");
    const char **sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    memcpy(sorted, r->opt->inputs, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_stem);
    bc_status st = BC_OK;
    for (size_t i = 1; st == BC_OK && i < n; i++)
        if (by_stem(&sorted[i - 1], &sorted[i]) == 0) {
            const char *stem;
            size_t len;
            stem_of(sorted[i], &stem, &len);
            st = bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                              "%s and %s would both be written to %s/%.*s.%s; "
                              "convert them into different directories",
                              sorted[i - 1], sorted[i], r->opt->output_dir, (int)len, stem,
                              ex->extensions != NULL && ex->extensions[0] != NULL
                                  ? ex->extensions[0] : ex->name);
        }
    free(sorted);
    return st;
}

/* mkdir -p: each missing directory of `dir` is made. */
static bc_status make_dir(const char *dir, bc_error *err)
{
    char *path = bc_strdup(dir);
    if (path == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    bc_status st = BC_OK;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        struct stat sb;
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            st = bc_error_set(err, BC_ERR_CANTCREAT, path, 0, "cannot create directory: %s",
                              strerror(errno));
        else if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
            st = bc_error_set(err, BC_ERR_CANTCREAT, path, 0, "not a directory");
        *p = c;
        if (st != BC_OK || c == '\0')
            break;
    }
    free(path);
    return st;
}

/* True when `target` exists and is `input` itself. */
static bool same_file(const char *target, const char *input)
{
    struct stat a, b;
    return stat(target, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* Input `idx` into its own DIR/<stem>.<ext>. */
static bc_status convert_one(run *r, size_t idx, const bc_plugin *ex, bc_context *ctx,
                             bc_error *err)
{
    char *target = output_path(r, idx, ex);
    if (target == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    bc_status st = BC_OK;
    if (same_file(target, r->opt->inputs[idx]))
        st = bc_error_set(err, BC_ERR_CANTCREAT, target, 0, "is the input itself: not overwritten");
    bc_atomic_output *ao = NULL;
    void *state = NULL;
    if (st == BC_OK)
        st = begin_output(r, ex, ctx, target, &ao, &state, err);
    if (st == BC_OK) {
        bool wrote = false;
        r->input_warnings = 0;
        st = read_input(r, idx, READ_CHECK | READ_WRITE, ex, state, &wrote, err);
        if (st == BC_OK)
            st = strict_input(r, input_name(r, idx), err);
        r->output_warnings += r->input_warnings;
        if (st == BC_OK)
            r->output_inputs = 1;
        st = end_output(r, ex, ao, state, st, err);
        if (st == BC_OK && r->opt->verbose > 0) {
            char msg[1200];
            snprintf(msg, sizeof msg, "%zu record%s written with %s", r->output_records,
                     r->output_records == 1 ? "" : "s", ex->name);
            say(r, target, 0, "", msg);
        }
    }
    free(target);
    return st;
}

static bc_status convert_each(run *r, const bc_plugin *ex, bc_context *ctx, bc_error *err)
{
    bc_status st = check_stems(r, ex, err);
    if (st == BC_OK)
        st = make_dir(r->opt->output_dir, err);
    for (size_t i = 0; st == BC_OK && i < r->opt->input_count; i++) {
        st = convert_one(r, i, ex, ctx, err);
        if (st != BC_OK)
            st = input_failed(r, st, err);
        r->progress.inputs_done++;
        tell_progress(r);
    }
    return st;
}

/* The bytes the run will read, when every input is a regular file. */
static uint64_t total_bytes(const bc_convert_options *opt)
{
    uint64_t total = 0;
    for (size_t i = 0; i < opt->input_count; i++) {
        struct stat sb;
        if (strcmp(opt->inputs[i], "-") == 0 || stat(opt->inputs[i], &sb) != 0 ||
            !S_ISREG(sb.st_mode))
            return 0;
        /* A merged --keep-going run reads each file twice. */
        total += (uint64_t)sb.st_size * (opt->keep_going && opt->output_dir == NULL ? 2 : 1);
    }
    return total;
}

bc_status bc_convert(const bc_registry *reg, const bc_convert_options *opt,
                     bc_report_fn report, void *user, bc_convert_summary *summary,
                     bc_error *err)
{
    run r = {.reg = reg, .opt = opt, .report = report, .user = user};
    r.progress.inputs_total = opt->input_count;
    r.progress.bytes_total = opt->progress != NULL ? total_bytes(opt) : 0;
    const bc_plugin *ex = NULL;
    bc_status st = choose_exporter(reg, opt, &ex, err);
    bc_context *ctx = NULL;
    if (st == BC_OK && (ctx = bc_context_new(ex->export_options, on_export_warning, &r)) == NULL)
        st = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    if (st == BC_OK)
        st = route_options(reg, opt, ex, ctx, err);
    if (st == BC_OK && (r.seen = bc_no_set_new()) == NULL)
        st = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    if (st == BC_OK)
        st = opt->output_dir != NULL ? convert_each(&r, ex, ctx, err)
                                     : convert_merged(&r, ex, ctx, err);
    bc_no_set_free(r.seen);
    bc_context_free(ctx);
    if (st == BC_OK && opt->output_dir == NULL && opt->verbose > 0 && report != NULL) {
        char buf[1200];
        bool to_file = opt->output != NULL && strcmp(opt->output, "-") != 0;
        snprintf(buf, sizeof buf, "%zu record%s written with %s to %s", r.sum.records,
                 r.sum.records == 1 ? "" : "s", ex->name,
                 to_file ? opt->output : "standard output");
        report(user, buf);
    }
    if (summary != NULL)
        *summary = r.sum;
    if (st == BC_OK && r.worst != BC_OK) {
        /* Every failure was told as it happened. */
        bc_error_clear(err);
        err->code = r.worst;
        st = r.worst;
    }
    return st;
}
