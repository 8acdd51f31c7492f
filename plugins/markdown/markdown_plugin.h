/* The markdown plugin's parts shared between its files (not exported). */
#ifndef MARKDOWN_PLUGIN_H
#define MARKDOWN_PLUGIN_H

#include <budgetconv/plugin.h>

extern const bc_exporter bc_markdown_exporter;

#endif
