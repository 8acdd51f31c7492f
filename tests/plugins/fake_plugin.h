/*
 * fake_plugin.h - the body of the test-only plugins in tests/plugins.  Each
 * module is a .c file that sets FAKE_MODULE (its file name) and overrides
 * one or two of the FAKE_* settings below, then includes this file: a good
 * exporter named FAKE_NAME, or one whose descriptor breaks the ABI in
 * exactly one field.  It calls nothing from libbudgetconv, so a copy of the
 * .so loads from anywhere.
 */
#include <inttypes.h>
#include <stdio.h>

#include <budgetconv/plugin.h>

#ifndef FAKE_MAGIC
#define FAKE_MAGIC BC_PLUGIN_MAGIC
#endif
#ifndef FAKE_ABI_MAJOR
#define FAKE_ABI_MAJOR BC_ABI_MAJOR
#endif
#ifndef FAKE_ABI_MINOR
#define FAKE_ABI_MINOR BC_ABI_MINOR
#endif
#ifndef FAKE_STRUCT_SIZE
#define FAKE_STRUCT_SIZE sizeof(bc_plugin)
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

static const bc_exporter fake_exporter = {
    .struct_size = sizeof(bc_exporter),
    .begin = fake_begin,
    .write = fake_write,
    .end = fake_end,
    .abort = fake_abort,
};

static const char *const fake_extensions[] = {"fake", NULL};

static const bc_plugin fake_plugin = {
    .magic = FAKE_MAGIC,
    .abi_major = FAKE_ABI_MAJOR,
    .abi_minor = FAKE_ABI_MINOR,
    .struct_size = FAKE_STRUCT_SIZE,
    .name = FAKE_NAME,
    .description = FAKE_DESCRIPTION,
    .extensions = fake_extensions,
    .exporter = &fake_exporter,
};

BC_PLUGIN_DEFINE(FAKE_MODULE, fake_plugin)
