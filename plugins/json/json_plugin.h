/* The json plugin's parts, shared between its files (not exported). */
#ifndef BC_JSON_PLUGIN_H
#define BC_JSON_PLUGIN_H

#include <budgetconv/plugin.h>

extern const bc_importer bc_json_importer;
extern const bc_exporter bc_json_exporter;

#endif
