/* The ABI can grow (plugin.h): this program is a host built with
 * BC_ABI_TEST_GROWTH, whose bc_plugin, bc_importer and bc_exporter carry a
 * field that ABI 1.0 does not have, as the next minor version's will.  It
 * compiles its own registry with those structs and loads the test plugins,
 * which were built with the 1.0 sizes, then runs one. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <budgetconv/budgetconv.h>

#include "leak_check.h"
#include "registry.h"

#ifndef BC_ABI_TEST_GROWTH
#error "build this test with -DBC_ABI_TEST_GROWTH"
#endif

_Static_assert(sizeof(bc_plugin) > BC_PLUGIN_SIZE_1_0, "the host's descriptor has grown");
_Static_assert(sizeof(bc_exporter) > BC_EXPORTER_SIZE_1_0, "the host's exporter has grown");
_Static_assert(sizeof(bc_importer) > BC_IMPORTER_SIZE_1_0, "the host's importer has grown");

static void ignore(void *user, const char *path, const char *message)
{
    (void)user, (void)path, (void)message;
}

BC_TEST(abi_growth, a_1_0_plugin_loads_and_runs_in_a_grown_host)
{
    const char *build = getenv("BUILDDIR");
    cr_assert_not_null(build, "BUILDDIR is not set (run through make check)");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/plugins", build);
    bc_error err;
    bc_registry *reg = bc_registry_new(ignore, NULL, &err);
    cr_assert_not_null(reg, "%s", err.message);
    cr_assert_eq(bc_registry_add_dir(reg, dir, &err), BC_OK, "%s", err.message);

    const bc_plugin *p = bc_registry_find(reg, "fake");
    cr_assert_not_null(p, "the grown host refused a 1.0 plugin");
    cr_expect_lt(p->struct_size, sizeof(bc_plugin));
    cr_expect_geq(p->struct_size, BC_PLUGIN_SIZE_1_0);
    cr_expect_not(BC_HAS_FIELD(bc_plugin, p, test_appended),
                  "a 1.0 descriptor does not reach the appended field");
    cr_expect_not(BC_HAS_FIELD(bc_exporter, p->exporter, test_appended));
    cr_expect(BC_HAS_FIELD(bc_exporter, p->exporter, abort));

    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    cr_assert_not_null(fp);
    bc_output out = {fp, NULL, "memory"};
    void *state = NULL;
    cr_assert_eq(p->exporter->begin(&state, &out, NULL, &err), BC_OK);
    bc_record rec;
    bc_record_init(&rec);
    rec.no = 7;
    cr_expect_eq(p->exporter->write(state, &rec, &err), BC_OK);
    bc_record_clear(&rec);
    cr_expect_eq(p->exporter->end(state, &err), BC_OK);
    fclose(fp);
    cr_expect_str_eq(text, "fake A: NO 7\n");
    free(text);
    bc_registry_free(reg);
}

BC_TEST(abi_growth, the_field_test_sees_a_grown_struct)
{
    bc_plugin grown = {.struct_size = sizeof grown, .test_appended = 1};
    cr_expect(BC_HAS_FIELD(bc_plugin, &grown, test_appended));
    grown.struct_size = BC_PLUGIN_SIZE_1_0;
    cr_expect_not(BC_HAS_FIELD(bc_plugin, &grown, test_appended));
    cr_expect(BC_HAS_FIELD(bc_plugin, &grown, export_options));
}
