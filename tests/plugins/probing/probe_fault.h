/*
 * probe_fault.h - the body of the test-only importers in tests/plugins/probing,
 * whose probe() misbehaves: each .c file sets PROBE_MODULE (its file name)
 * and defines probe_fault(), which crashes, exits or hangs.  They load and
 * describe themselves cleanly, so the scan accepts them; only guessing an
 * input's format runs the fault.  Like fake_plugin.h they call nothing
 * from libbudgetconv.  Apart from the other test plugins: only
 * tests/test_plugin_faults.sh meets them.
 */
#include <stddef.h>
#include <stdio.h>

#include <budgetconv/plugin.h>

static void probe_fault(void);

static int fault_probe(const unsigned char *head, size_t len)
{
    (void)head, (void)len;
    probe_fault();
    return BC_PROBE_SURE; /* what it would claim, had it returned */
}

static bc_status fault_open(void **state, bc_input *in, bc_context *ctx, bc_error *err)
{
    (void)state, (void)in, (void)ctx;
    err->code = BC_ERR_UNAVAILABLE;
    snprintf(err->message, sizeof err->message, "a test module reads nothing");
    return err->code;
}

static bc_status fault_next(void *state, bc_record *rec, bc_error *err)
{
    (void)state, (void)rec, (void)err;
    return BC_END;
}

static void fault_close(void *state)
{
    (void)state;
}

static const bc_importer fault_importer = BC_IMPORTER(
    .probe = fault_probe,
    .open = fault_open,
    .next = fault_next,
    .close = fault_close);

#define PROBE_STRING_(x) #x
#define PROBE_STRING(x) PROBE_STRING_(x)

BC_PLUGIN_DEFINE(PROBE_MODULE,
                 .name = PROBE_STRING(PROBE_MODULE),
                 .description = "test-only importer whose probe misbehaves",
                 .importer = &fault_importer)
