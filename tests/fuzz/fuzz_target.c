/*
 * fuzz_target.c - what every fuzz target does with one input (docs/testing.md).
 *
 * The bytes are read by one importer, reached through its plugin descriptor
 * as the host reaches it.  Every record it gives goes through bc_record_check() and through
 * every text exporter, each table and option that changes the code path.
 * The json and full-csv outputs are lossless by contract, so they must also
 * read back, and write again, to the very same bytes: a record that an
 * exporter writes and its own importer misreads is caught as a crash is.
 *
 * Built twice from this file: with libFuzzer's main (`make fuzz`, clang) and
 * with replay.c's (`make check`, any compiler), which feeds it every file of
 * tests/fuzz/corpus/<importer>/ so that a crash once found stays a test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <budgetconv/budgetconv.h>

#include "context.h"
#include "input.h"
#include "no_set.h"

#include "fuzz_target.h"

/* The entry points of the modules linked in (BC_PLUGIN_DEFINE declares
 * each only in its own source file). */
const bc_plugin *rawtext_LTX_bc_plugin_descriptor(void);
const bc_plugin *json_LTX_bc_plugin_descriptor(void);
const bc_plugin *csv_LTX_bc_plugin_descriptor(void);
const bc_plugin *markdown_LTX_bc_plugin_descriptor(void);

/* One exporter run over the records.  `reader` names the importer that
 * must read its output back to the same bytes (NULL: none can).  The full
 * csv table tells records apart by their NO and fiscal year only, and its
 * importer refuses a NO of a year that starts again as rows given twice
 * (issue 8.5): such records cannot come back, by design. */
typedef struct sink_spec {
    bc_plugin_entry exporter;
    const char *options[4];
    bc_plugin_entry reader;
    bool needs_distinct_nos;
} sink_spec;

static const sink_spec sinks[] = {
    {.exporter = json_LTX_bc_plugin_descriptor, .options = {NULL}, .reader = json_LTX_bc_plugin_descriptor},
    {.exporter = json_LTX_bc_plugin_descriptor, .options = {"ndjson", NULL},
     .reader = json_LTX_bc_plugin_descriptor},
    {.exporter = json_LTX_bc_plugin_descriptor, .options = {"compact", NULL}},
    {.exporter = csv_LTX_bc_plugin_descriptor, .options = {"table=projects", NULL}},
    {.exporter = csv_LTX_bc_plugin_descriptor,
     .options = {"table=items", "lang=en", "crlf", NULL}},
    {.exporter = csv_LTX_bc_plugin_descriptor, .options = {"table=funding", "bom", "raw", NULL}},
    {.exporter = csv_LTX_bc_plugin_descriptor, .options = {"table=full", NULL},
     .reader = csv_LTX_bc_plugin_descriptor, .needs_distinct_nos = true},
    {.exporter = csv_LTX_bc_plugin_descriptor,
     .options = {"table=full", "raw", "encoding=cp932", NULL}},
    {.exporter = markdown_LTX_bc_plugin_descriptor, .options = {NULL}},
    {.exporter = markdown_LTX_bc_plugin_descriptor, .options = {"lang=en", NULL}},
};
#define SINK_COUNT (sizeof sinks / sizeof *sinks)

/* Warnings and check reports are formatted (so a bad format string or
 * argument shows under the sanitizers) and then dropped. */
static void on_warning(void *user, const char *file, long line, const char *message)
{
    (void)user, (void)file, (void)line, (void)message;
}

static void on_check(void *user, const char *message)
{
    (void)message;
    ++*(size_t *)user;
}

/* A failure of the harness itself or of a promise the code makes: abort,
 * which libFuzzer and the replay both report as a crash of this input. */
static void fail(const char *what, const bc_error *err)
{
    fprintf(stderr, "fuzz_target: %s", what);
    if (err != NULL)
        fprintf(stderr, ": %d %s:%ld: %s", err->code, err->file, err->line, err->message);
    fputc('\n', stderr);
    abort();
}

/* An error must say what went wrong: a code and a message. */
static void check_error(bc_status st, const bc_error *err)
{
    if (st == BC_OK || st == BC_END)
        return;
    if (err->code != st || err->message[0] == '\0')
        fail("an error without its code or message", err);
    if (st == BC_ERR_SOFTWARE)
        fail("an internal error", err);
}

static bc_context *new_context(const bc_plugin *p, const bc_option_spec *spec,
                               const char *const *options)
{
    bc_context *ctx = bc_context_new(spec, on_warning, NULL);
    if (ctx == NULL)
        fail("out of memory", NULL);
    for (size_t i = 0; options != NULL && i < 4 && options[i] != NULL; i++) {
        bc_error err;
        bc_error_clear(&err);
        if (bc_context_set(ctx, options[i], &err) != BC_OK)
            fail(p->name, &err);
    }
    return ctx;
}

/* A started exporter and where its bytes go (memory when they are read
 * back, /dev/null otherwise). */
typedef struct sink {
    const sink_spec *spec;
    const bc_plugin *plugin;
    bc_context *ctx;
    void *state;
    FILE *fp;
    char *buf;
    size_t size;
    bool failed;
} sink;

static void sink_begin(sink *s, const sink_spec *spec)
{
    memset(s, 0, sizeof *s);
    s->spec = spec;
    s->plugin = spec->exporter();
    s->ctx = new_context(s->plugin, s->plugin->export_options, spec->options);
    s->fp = spec->reader != NULL ? open_memstream(&s->buf, &s->size) : fopen("/dev/null", "wb");
    if (s->fp == NULL)
        fail("cannot open a sink", NULL);
    bc_output out = {s->fp, NULL, "<fuzz>"};
    bc_error err;
    bc_error_clear(&err);
    bc_status st = s->plugin->exporter->begin(&s->state, &out, s->ctx, &err);
    check_error(st, &err);
    s->failed = st != BC_OK;
}

static void sink_write(sink *s, const bc_record *rec)
{
    if (s->failed)
        return;
    bc_error err;
    bc_error_clear(&err);
    bc_status st = s->plugin->exporter->write(s->state, rec, &err);
    check_error(st, &err);
    if (st != BC_OK) {
        s->plugin->exporter->abort(s->state);
        s->failed = true;
    }
}

/* Ends (or, when the import failed, aborts) the output; true when it holds
 * a complete output. */
static bool sink_end(sink *s, bool import_ok)
{
    bool complete = false;
    if (!s->failed && import_ok) {
        bc_error err;
        bc_error_clear(&err);
        bc_status st = s->plugin->exporter->end(s->state, &err);
        check_error(st, &err);
        complete = st == BC_OK;
    } else if (!s->failed) {
        s->plugin->exporter->abort(s->state);
    }
    if (fclose(s->fp) != 0)
        fail("cannot close a sink", NULL);
    bc_context_free(s->ctx);
    return complete;
}

static void run_import(const bc_plugin *im, const unsigned char *data, size_t size,
                       sink *out, size_t nout, bool *ok, size_t *records, bool *repeats);

/* The bytes of a lossless output, read back by its importer and written
 * again with the same options, must come out the same. */
static void read_back(const sink *s)
{
    const bc_plugin *reader = s->spec->reader();
    sink again;
    sink_begin(&again, s->spec);
    bool ok;
    size_t records;
    bool repeats;
    run_import(reader, (const unsigned char *)s->buf, s->size, &again, 1, &ok, &records,
               &repeats);
    bool complete = sink_end(&again, ok);
    if (!ok || !complete) {
        fprintf(stderr, "fuzz_target: %s could not read back its own output:\n%.*s\n",
                s->plugin->name, (int)(s->size < 4096 ? s->size : 4096), s->buf);
        fail("no round trip", NULL);
    }
    if (again.size != s->size || memcmp(again.buf, s->buf, s->size) != 0) {
        size_t at = 0;
        while (at < s->size && at < again.size && s->buf[at] == again.buf[at])
            at++;
        size_t from = at > 200 ? at - 200 : 0;
        fprintf(stderr, "fuzz_target: %s output changes when read back, at byte %zu:\n"
                "first:  %.*s\nsecond: %.*s\n", s->plugin->name, at,
                (int)(s->size - from < 400 ? s->size - from : 400), s->buf + from,
                (int)(again.size > from ? (again.size - from < 400 ? again.size - from : 400) : 0),
                again.size > from ? again.buf + from : "");
        fail("no round trip", NULL);
    }
    free(again.buf);
}

/* Reads `data` with importer `im`, every record into every sink of `out`. */
/* `*repeats`: two records had one NO of one fiscal year. */
static void run_import(const bc_plugin *im, const unsigned char *data, size_t size,
                       sink *out, size_t nout, bool *ok, size_t *records, bool *repeats)
{
    *ok = false;
    *records = 0;
    *repeats = false;
    bc_no_set *nos = bc_no_set_new();
    if (nos == NULL)
        fail("out of memory", NULL);
    /* fmemopen() of 0 bytes fails on some C libraries: an empty file then. */
    FILE *fp = size > 0 ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
    if (fp == NULL)
        fail("cannot open the input", NULL);
    bc_input *in = bc_input_from_stream(fp, "<fuzz>");
    if (in == NULL)
        fail("out of memory", NULL);
    bc_context *ctx = new_context(im, im->import_options, NULL);
    bc_error err;
    bc_error_clear(&err);
    void *state = NULL;
    bc_status st = im->importer->open(&state, in, ctx, &err);
    check_error(st, &err);
    if (st == BC_OK) {
        bc_record rec;
        bc_record_init(&rec);
        size_t bad = 0;
        while ((st = im->importer->next(state, &rec, &err)) == BC_OK || st == BC_BAD_RECORD) {
            if (st == BC_BAD_RECORD) {
                /* the importer goes on past a bad record, which it names */
                if (err.message[0] == '\0')
                    fail("a bad record without its message", &err);
                bc_error_clear(&err);
                bc_record_clear(&rec);
                bad++;
                continue;
            }
            ++*records;
            bc_no_place first;
            bool oom;
            if (rec.no != BC_AMOUNT_NULL &&
                bc_no_set_add(nos, rec.fiscal_year, rec.no, (bc_no_place){0, 0}, &first, &oom))
                *repeats = true;
            else if (rec.no != BC_AMOUNT_NULL && oom)
                fail("out of memory", NULL);
            size_t mismatches = 0;
            bc_record_check(&rec, on_check, &mismatches);
            for (size_t i = 0; i < nout; i++)
                sink_write(&out[i], &rec);
            bc_record_clear(&rec);
        }
        check_error(st, &err);
        bc_record_clear(&rec);
        im->importer->close(state);
        *ok = st == BC_END && bad == 0;
    }
    bc_no_set_free(nos);
    bc_context_free(ctx);
    bc_input_close(in);
    fclose(fp);
}

const bc_plugin *bc_fuzz_importer(const char *name)
{
    static const bc_plugin_entry importers[] = {
        rawtext_LTX_bc_plugin_descriptor,
        csv_LTX_bc_plugin_descriptor,
        json_LTX_bc_plugin_descriptor,
    };
    for (size_t i = 0; i < sizeof importers / sizeof *importers; i++) {
        const bc_plugin *p = importers[i]();
        if (strcmp(p->name, name) == 0 && p->importer != NULL)
            return p;
    }
    return NULL;
}

void bc_fuzz_run(const bc_plugin *im, const uint8_t *data, size_t size)
{
    /* The host probes before it reads; a probe must take any bytes. */
    int score = im->importer->probe(data, size < BC_PROBE_SIZE ? size : BC_PROBE_SIZE);
    if (score < BC_PROBE_NO || score > BC_PROBE_SURE)
        fail("a probe score out of range", NULL);

    sink out[SINK_COUNT];
    for (size_t i = 0; i < SINK_COUNT; i++)
        sink_begin(&out[i], &sinks[i]);
    bool ok, repeats;
    size_t records;
    run_import(im, data, size, out, SINK_COUNT, &ok, &records, &repeats);
    for (size_t i = 0; i < SINK_COUNT; i++) {
        if (sink_end(&out[i], ok) && out[i].spec->reader != NULL && records > 0 &&
            !(repeats && out[i].spec->needs_distinct_nos))
            read_back(&out[i]);
        free(out[i].buf);
    }
}
