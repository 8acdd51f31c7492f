/* xlsx: the plugin descriptor and its options (the exporter is xlsx_export.c). */
#include <budgetconv/plugin.h>

#include "xlsx_plugin.h"

static const bc_option_spec options[] = {
    {"lang", BC_OPT_CHOICE, "ja", "ja|en",
     "language of sheet names and headers: Japanese, or English keys"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const extensions[] = {"xlsx", NULL};

BC_PLUGIN_DEFINE(xlsx,
                 .name = "xlsx",
                 .description = "Excel workbook: a summary with a chart, then projects, line items and funding sheets",
                 .extensions = extensions,
                 .exporter = &bc_xlsx_exporter,
                 .export_options = options)
