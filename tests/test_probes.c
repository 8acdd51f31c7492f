/* What each importer's probe says about its own format's first bytes, with
 * and without a BOM: the host picks the importer by these scores, so a
 * document must be sure, not merely likely (two surviving mutants of
 * tools/mutate.sh).  The importers are reached through their descriptors,
 * as in the fuzz targets (tests/fuzz/fuzz_target.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <budgetconv/budgetconv.h>

#include "fuzz/fuzz_target.h"
#include "leak_check.h"

static int probe(const char *importer, const char *head, size_t len)
{
    const bc_plugin *p = bc_fuzz_importer(importer);
    cr_assert_not_null(p, "no importer %s", importer);
    return p->importer->probe((const unsigned char *)head, len);
}

/* The first line of a corpus file: a full table's header row. */
static char *first_line(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "%s", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, fp);
    fclose(fp);
    cr_assert_gt(n, 10);
    *len = (size_t)n;
    return line;
}

BC_TEST(probe, json_document_naming_the_schema_is_sure)
{
    static const char doc[] = "{\"schema\": \"budgetconv/record/1\", \"records\": []}\n";
    cr_expect_eq(probe("json", doc, sizeof doc - 1), BC_PROBE_SURE);
    static const char spaced[] = "\n  {\"records\": [], \"schema\": \"budgetconv/record/1\"}";
    cr_expect_eq(probe("json", spaced, sizeof spaced - 1), BC_PROBE_SURE);
    static const char other[] = "{\"records\": []}";
    cr_expect_eq(probe("json", other, sizeof other - 1), BC_PROBE_LIKELY);
}

BC_TEST(probe, csv_full_header_is_sure_with_or_without_bom)
{
    size_t len;
    char *header = first_line(BC_FUZZ_CORPUS "/csv/seed-page-59.csv", &len);
    cr_expect_eq(probe("csv", header, len), BC_PROBE_SURE);
    char *bom = malloc(len + 3);
    cr_assert_not_null(bom);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, header, len);
    cr_expect_eq(probe("csv", bom, len + 3), BC_PROBE_SURE);
    cr_expect_eq(probe("json", bom, len + 3), BC_PROBE_NO);
    free(bom);
    free(header);
}

BC_TEST(probe, nothing_is_no_format)
{
    cr_expect_eq(probe("rawtext", "", 0), BC_PROBE_NO);
    cr_expect_eq(probe("json", "", 0), BC_PROBE_NO);
    cr_expect_lt(probe("csv", "", 0), BC_PROBE_LIKELY);
}

/* A probe sees its window only: the schema's marker cut by the window's end
 * is not there, though the byte after the window would complete it (in the
 * driver the window lies inside a larger buffer). */
BC_TEST(probe, json_marker_cut_by_the_window_is_not_seen)
{
    static const char doc[] = "{\"schema\": \"budgetconv/record/1\"}";
    size_t at = (size_t)(strstr(doc, "budgetconv/record/") - doc);
    size_t marker = strlen("budgetconv/record/");
    cr_expect_eq(probe("json", doc, at + marker - 1), BC_PROBE_LIKELY);
    cr_expect_eq(probe("json", doc, at + marker), BC_PROBE_SURE);
}
