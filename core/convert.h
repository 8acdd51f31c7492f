/*
 * convert.h - the driver's pipeline: inputs through one importer each into
 * one exporter, with option routing, warnings and arithmetic checks.
 */
#ifndef BC_CONVERT_H
#define BC_CONVERT_H

#include <budgetconv/plugin.h>

#include "registry.h"

typedef struct bc_convert_options {
    const char *from;        /**< -f, or NULL to probe each input */
    const char *to;          /**< -t, or NULL to use the output's extension */
    const char *output;      /**< -o, or NULL/"-" for standard output */
    char **options;          /**< -O key=value, in order */
    size_t option_count;
    char **inputs;
    size_t input_count;
    bool check;              /**< --check */
    bool strict;             /**< --strict */
    bool quiet;              /**< -q: no warnings printed */
    int verbose;             /**< -v */
    bool output_is_tty;      /**< refuse binary formats on a terminal */
} bc_convert_options;

/** Receives one diagnostic line (already formatted "FILE:LINE: ..."). */
typedef void (*bc_report_fn)(void *user, const char *line);

/**
 * Runs the conversion.  Warnings and --check findings go to `report` unless
 * quiet; the returned status is BC_OK or the error in `err`.  Under
 * --strict any warning turns into BC_ERR_DATA.  The output file exists only
 * when BC_OK is returned.
 */
bc_status bc_convert(const bc_registry *reg, const bc_convert_options *opt,
                     bc_report_fn report, void *user, bc_error *err);

#endif
