/*
 * fake_plugin.h - the body of the test-only plugins in tests/plugins.  Each
 * module is a .c file that sets FAKE_MODULE (its file name) and overrides
 * one or two of the FAKE_* settings below, then includes this file: a good
 * exporter named FAKE_NAME, or one whose descriptor breaks the ABI in
 * exactly one field (FAKE_BREAK: a designated initialiser that overrides
 * what BC_PLUGIN_DEFINE fills in).  It calls nothing from libbudgetconv, so
 * a copy of the .so loads from anywhere.  Its constructor sets
 * BC_TEST_LOADED_<module>=1 in the environment of the process that loads
 * it, so that a test can tell which process ran its code.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <budgetconv/plugin.h>

#ifdef FAKE_BREAK
/* Breaking one field on purpose is what these modules are for. */
#pragma GCC diagnostic ignored "-Woverride-init"
#else
#define FAKE_BREAK
#endif
#ifndef FAKE_NAME
#define FAKE_NAME "fake"
#endif
#ifndef FAKE_DESCRIPTION
#define FAKE_DESCRIPTION "test-only exporter"
#endif

static bc_status fake_begin(void **state, const bc_output *out, bc_context *ctx, bc_error *err)
{
    (void)ctx, (void)err;
    *state = out->fp;
    return BC_OK;
}

/* One line per record, so that a driver test sees which plugin wrote. */
static bc_status fake_write(void *state, const bc_record *rec, bc_error *err)
{
    (void)err;
    fprintf(state, "%s: NO %" PRId64 "\n", FAKE_DESCRIPTION, rec->no);
    return BC_OK;
}

static bc_status fake_end(void *state, bc_error *err)
{
    (void)state, (void)err;
    return BC_OK;
}

static void fake_abort(void *state)
{
    (void)state;
}

#define FAKE_STRING_(x) #x
#define FAKE_STRING(x) FAKE_STRING_(x)

__attribute__((constructor)) static void fake_mark_loaded(void)
{
    setenv("BC_TEST_LOADED_" FAKE_STRING(FAKE_MODULE), "1", 1);
}

static const bc_exporter fake_exporter = BC_EXPORTER(
    .begin = fake_begin,
    .write = fake_write,
    .end = fake_end,
    .abort = fake_abort);

static const char *const fake_extensions[] = {"fake", NULL};

BC_PLUGIN_DEFINE(FAKE_MODULE,
                 .name = FAKE_NAME,
                 .description = FAKE_DESCRIPTION,
                 .extensions = fake_extensions,
                 .exporter = &fake_exporter FAKE_BREAK)
