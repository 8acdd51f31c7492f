/* json: the plugin descriptor (reads and writes canonical JSON records). */
#include <budgetconv/budgetconv.h>

#include "json_plugin.h"

static const bc_option_spec export_options[] = {
    {"ndjson", BC_OPT_FLAG, NULL, NULL, "one record per line (NDJSON) instead of one document (default: yes for a file named .ndjson)"},
    {"compact", BC_OPT_FLAG, NULL, NULL, "no indentation inside records"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const extensions[] = {"json", "ndjson", NULL};

BC_PLUGIN_DEFINE(json,
                 .name = "json",
                 .description = "canonical JSON records (budgetconv/record/1), or NDJSON",
                 .extensions = extensions,
                 .importer = &bc_json_importer,
                 .exporter = &bc_json_exporter,
                 .export_options = export_options)
