/* markdown: the plugin descriptor and its options (the exporter is markdown_export.c). */
#include <budgetconv/plugin.h>

#include "markdown_plugin.h"

static const bc_option_spec options[] = {
    {"lang", BC_OPT_CHOICE, "ja", "ja|en", "language of headings and labels (the text stays as written)"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const extensions[] = {"md", "markdown", NULL};

BC_PLUGIN_DEFINE(markdown,
                 .name = "markdown",
                 .description = "a report for GitHub: summary table, then each record with its tables",
                 .extensions = extensions,
                 .exporter = &bc_markdown_exporter,
                 .export_options = options)
