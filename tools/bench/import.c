/*
 * The importer alone, for tools/bench.sh: a whole conversion's time holds
 * an exporter's too, so it cannot show what reading a format costs.  This
 * loads one format module, reads FILE through its importer PASSES times,
 * each record made and cleared as the driver does, nothing exported, and
 * prints the best pass:
 *
 *   import [-n PASSES] MODULE FILE
 *   records=R bytes=B passes=P warnings=W cpu=S wall=S mb_per_s=X
 *
 * MODULE is a built plugin (BUILD/plugins/.libs/rawtext.so).  cpu is the
 * process CPU time of the fastest pass and wall that pass's elapsed time;
 * MB/s is B / cpu, what the importer reads on one core whatever else the
 * machine is doing.  Opening and closing the input and the importer are
 * inside each pass (the driver pays them once per file); loading the
 * module is not.  A failure prints `import: FILE:LINE: why` and exits with
 * its sysexits code.
 *
 * It uses only the driver's side of bc_input and bc_context and the
 * host's descriptor check, which older commits have too, so that bench.sh
 * -B can build it against an older tree and set its importer beside this
 * one's.  The module is dlopened directly rather than through the registry,
 * whose scanning (a child per module) and API changed between commits.
 *
 *   cc -std=c11 -D_XOPEN_SOURCE=700 -I SRC/include -I SRC/core -I BUILD \
 *      tools/bench/import.c BUILD/core/.libs/libbudgetconv-private.a \
 *      -L BUILD/core/.libs -lbudgetconv -lltdl -ldl
 */
#include <config.h>

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <budgetconv/plugin.h>

#include "context.h"
#include "input.h"
#include "registry.h"

/* What one pass counted. */
typedef struct tally {
    size_t records;
    size_t warnings;
} tally;

/* Warnings are counted, not shown: the bench runs the conversions quiet
 * (-q) too, and a message per record would be timed with the importer. */
static void count_warning(void *user, const char *file, long line, const char *message)
{
    (void)file;
    (void)line;
    (void)message;
    ((tally *)user)->warnings++;
}

/* The entry point's name, as libltdl builds it from the module's file
 * name: the part before the first '.', every other byte than a letter or
 * digit made '_', then "_LTX_" and BC_PLUGIN_SYMBOL. */
static bool entry_symbol(const char *module, char *buf, size_t size)
{
    const char *base = strrchr(module, '/');
    base = base != NULL ? base + 1 : module;
    size_t n = strcspn(base, ".");
    if (n == 0 || n > INT_MAX)
        return false;
    int len = snprintf(buf, size, "%.*s_LTX_%s", (int)n, base, BC_PLUGIN_SYMBOL);
    if (len < 0 || (size_t)len >= size)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)buf[i]))
            buf[i] = '_';
    return true;
}

/* The importer of the module at `path`, validated as the host validates a
 * descriptor before calling into it.  The module stays loaded: the tool
 * exits soon after, and its records' memory was freed pass by pass. */
static bc_status load_importer(const char *path, const bc_plugin **plugin, bc_error *err)
{
    char symbol[256];
    if (!entry_symbol(path, symbol, sizeof symbol))
        return bc_error_set(err, BC_ERR_USAGE, path, 0, "no module name in the file name");
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0, "%s",
                            why != NULL ? why : "cannot load the module");
    }
    /* Through uintptr_t: ISO C has no conversion from object to function
     * pointer, and dlsym() returns one for either (as plugin_load.c does). */
    bc_plugin_entry entry = (bc_plugin_entry)(uintptr_t)dlsym(handle, symbol);
    if (entry == NULL)
        return bc_error_set(err, BC_ERR_UNAVAILABLE, path, 0, "no entry point %s", symbol);
    const bc_plugin *p = entry();
    char why[256];
    if (!bc_plugin_validate(p, why, sizeof why))
        return bc_error_set(err, BC_ERR_UNAVAILABLE, path, 0, "refused: %s", why);
    if (p->importer == NULL)
        return bc_error_set(err, BC_ERR_UNAVAILABLE, path, 0, "%s cannot import", p->name);
    *plugin = p;
    return BC_OK;
}

/* Reads `path` once through `p`'s importer, as the driver's import loop
 * does, less the exporter.  A bad record (a status other than BC_OK and
 * BC_END) ends the pass with its error: the driver fails such a run, and
 * a book it refuses measures nothing worth having. */
static bc_status one_pass(const bc_plugin *p, const char *path, tally *t, bc_error *err)
{
    bc_input *in;
    bc_status s = bc_input_open(path, &in, err);
    if (s != BC_OK)
        return s;
    /* bc_context_new() took a `checking` flag (--check) until the context
     * lost it; bench.sh says which one the tree being built has. */
#ifdef BENCH_CONTEXT_CHECKING
    bc_context *ctx = bc_context_new(p->import_options, count_warning, t, false);
#else
    bc_context *ctx = bc_context_new(p->import_options, count_warning, t);
#endif
    if (ctx == NULL) {
        bc_input_close(in);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    void *state;
    s = p->importer->open(&state, in, ctx, err);
    if (s == BC_OK) {
        bc_record rec;
        bc_record_init(&rec);
        while ((s = p->importer->next(state, &rec, err)) == BC_OK) {
            t->records++;
            bc_record_clear(&rec);
        }
        bc_record_clear(&rec); /* what a failed next() left */
        p->importer->close(state);
    }
    bc_context_free(ctx);
    bc_input_close(in);
    return s == BC_END ? BC_OK : s;
}

static bc_status no_clock(bc_error *err)
{
    return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "no clock: %s", strerror(errno));
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Reports `err` and gives the exit code for status `s`.  The status, not
 * err->code, decides it: a plugin that returns an error and leaves `err`
 * empty must not make the run exit 0; one under 64 (a bad record) is
 * BC_ERR_DATA, as the driver makes it. */
static int fail(bc_status s, const bc_error *err)
{
    const char *why = err->message[0] != '\0' ? err->message : bc_strerror(s);
    if (err->file[0] != '\0' && err->line > 0)
        fprintf(stderr, "import: %s:%ld: %s\n", err->file, err->line, why);
    else if (err->file[0] != '\0')
        fprintf(stderr, "import: %s: %s\n", err->file, why);
    else
        fprintf(stderr, "import: %s\n", why);
    return s >= BC_ERR_USAGE ? (int)s : BC_ERR_DATA;
}

static int usage(void)
{
    fprintf(stderr, "usage: import [-n PASSES] MODULE FILE\n");
    return BC_ERR_USAGE;
}

int main(int argc, char **argv)
{
    long passes = 3;
    int opt;
    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n')
            return usage();
        char *end;
        errno = 0;
        passes = strtol(optarg, &end, 10);
        if (errno != 0 || end == optarg || *end != '\0' || passes < 1 || passes > 1000)
            return usage();
    }
    if (argc - optind != 2)
        return usage();
    const char *module = argv[optind], *path = argv[optind + 1];

    bc_error err;
    bc_error_clear(&err);
    const bc_plugin *plugin = NULL;
    bc_status s = load_importer(module, &plugin, &err);
    if (s != BC_OK)
        return fail(s, &err);
    /* MB/s is of the file's size: a pipe or a device has none to divide. */
    struct stat st;
    if (stat(path, &st) != 0)
        return fail(bc_error_set(&err, BC_ERR_NOINPUT, path, 0, "%s", strerror(errno)), &err);
    if (!S_ISREG(st.st_mode))
        return fail(bc_error_set(&err, BC_ERR_USAGE, path, 0, "not a regular file"), &err);

    tally first = {0, 0};
    double best_cpu = -1, best_wall = 0;
    for (long k = 0; k < passes; k++) {
        tally t = {0, 0};
        struct timespec cpu0, cpu1, wall0, wall1;
        if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0) != 0 ||
            clock_gettime(CLOCK_MONOTONIC, &wall0) != 0)
            return fail(no_clock(&err), &err);
        s = one_pass(plugin, path, &t, &err);
        if (s != BC_OK)
            return fail(s, &err);
        if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1) != 0 ||
            clock_gettime(CLOCK_MONOTONIC, &wall1) != 0)
            return fail(no_clock(&err), &err);
        /* Every pass reads the same file: one that counts otherwise has
         * state left from the last, and its time is not the importer's. */
        if (k == 0)
            first = t;
        else if (t.records != first.records || t.warnings != first.warnings)
            return fail(bc_error_set(&err, BC_ERR_SOFTWARE, path, 0,
                                     "pass %ld read %zu records (%zu warnings), the first %zu (%zu)",
                                     k + 1, t.records, t.warnings, first.records, first.warnings),
                        &err);
        double cpu = seconds(&cpu0, &cpu1);
        if (best_cpu < 0 || cpu < best_cpu) {
            best_cpu = cpu;
            best_wall = seconds(&wall0, &wall1);
        }
    }
    printf("records=%zu bytes=%jd passes=%ld warnings=%zu cpu=%.6f wall=%.6f mb_per_s=%.1f\n",
           first.records, (intmax_t)st.st_size, passes, first.warnings, best_cpu, best_wall,
           best_cpu > 0 ? (double)st.st_size / 1e6 / best_cpu : 0.0);
    if (fflush(stdout) != 0 || ferror(stdout))
        return fail(bc_error_set(&err, BC_ERR_IO, NULL, 0, "cannot write the result: %s",
                                 strerror(errno)),
                    &err);
    return 0;
}
