/* csv: the plugin descriptor (writes four tables, reads back the full one). */
#include <budgetconv/budgetconv.h>

#include "csv_plugin.h"

/* projects is the default: `-t csv` alone should give what a person opening
 * the file expects, one row per project, as the XLSX's first sheet does. */
static const bc_option_spec export_options[] = {
    {"table", BC_OPT_CHOICE, "projects", "projects|items|funding|full",
     "projects: a row per record; items: per line item; funding: per 財源内訳 row; "
     "full: every field, lossless, what -f csv reads back (a row per line item, then per "
     "funding row, or one `record` row; `row` tells which, `seq` numbers a record's rows "
     "from 1; record columns repeat on every row; null is an empty cell, \"\" empty text; "
     "lists are joined with newlines)"},
    {"lang", BC_OPT_CHOICE, "ja", "ja|en",
     "header language; in items and funding also the 種別 and 財源 wording "
     "(full always writes the keys: subtotal, national, ...)"},
    {"bom", BC_OPT_FLAG, NULL, NULL, "start with a UTF-8 byte order mark, for Excel"},
    {"crlf", BC_OPT_FLAG, NULL, NULL, "end rows with CRLF (newlines inside cells stay LF)"},
    {"encoding", BC_OPT_CHOICE, "utf-8", "utf-8|cp932",
     "cp932: Shift_JIS as Windows writes it; a character it lacks is an error naming "
     "the record and column"},
    {"raw", BC_OPT_FLAG, NULL, NULL,
     "do not guard text cells that start with = + - @ (also after spaces, TABs or U+3000), "
     "TAB, CR or LF (by default they get a leading ' so spreadsheets do not run them as "
     "formulas; numbers never do)"},
    {NULL, 0, NULL, NULL, NULL},
};

static const bc_option_spec import_options[] = {
    {"encoding", BC_OPT_CHOICE, "utf-8", "utf-8|cp932",
     "cp932: read Windows Shift_JIS, as -O encoding=cp932 writes it (never guessed; "
     "the seven characters CP932 maps apart from Shift_JIS, like 〜, read as the "
     "extractor writes them)"},
    {"raw", BC_OPT_FLAG, NULL, NULL,
     "the file was written with -O raw: keep a leading ' in text cells as text"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const extensions[] = {"csv", NULL};

BC_PLUGIN_DEFINE(csv,
                 .name = "csv",
                 .description = "RFC 4180 tables (projects, items, funding; full reads back losslessly)",
                 .extensions = extensions,
                 .importer = &bc_csv_importer,
                 .import_options = import_options,
                 .exporter = &bc_csv_exporter,
                 .export_options = export_options)
