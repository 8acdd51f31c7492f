/*
 * fuzz_target.h - what the fuzz targets and the corpus replay run
 * (fuzz_target.c, docs/testing.md).
 */
#ifndef BC_FUZZ_TARGET_H
#define BC_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include <budgetconv/plugin.h>

/** The importer of module `name` (rawtext, csv, json), or NULL. */
const bc_plugin *bc_fuzz_importer(const char *name);

/**
 * Runs `data` through importer `im`, bc_record_check() and every text
 * exporter; aborts, with the reason on stderr, when a promise of the code
 * is broken (an error without a message, an output that does not read
 * back to itself).  The sanitizers catch the rest.
 */
void bc_fuzz_run(const bc_plugin *im, const uint8_t *data, size_t size);

#endif
