/* The xlsx plugin's parts shared between its files (not exported). */
#ifndef XLSX_PLUGIN_H
#define XLSX_PLUGIN_H

#include <budgetconv/plugin.h>

extern const bc_exporter bc_xlsx_exporter;

#endif
