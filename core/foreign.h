/*
 * foreign.h - recognising inputs that no importer reads but a user is
 * likely to hand over (the PDF itself, a workbook, UTF-16 or Shift_JIS
 * text), so that the answer says what the file is and how to get the text
 * budgetconv reads from it.
 */
#ifndef BC_FOREIGN_H
#define BC_FOREIGN_H

#include <budgetconv/error.h>

typedef enum bc_foreign {
    BC_FOREIGN_NONE,
    BC_FOREIGN_PDF,      /**< %PDF- */
    BC_FOREIGN_ZIP,      /**< PK\3\4: an XLSX workbook or another ZIP archive */
    BC_FOREIGN_UTF16LE,  /**< BOM FF FE */
    BC_FOREIGN_UTF16BE,  /**< BOM FE FF */
    BC_FOREIGN_CP932     /**< not UTF-8, but valid Shift_JIS (CP932) text */
} bc_foreign;

/**
 * What the first `len` bytes of an input (the probe window) look like.  For
 * Shift_JIS text, `*line` is the line of its first byte that is not UTF-8;
 * otherwise 0.
 */
bc_foreign bc_foreign_sniff(const unsigned char *head, size_t len, long *line);

/**
 * Sets `err` to BC_ERR_DATA with a one-line answer for input `name`
 * ("<stdin>" for standard input) of kind `kind`, at `line` (0: none): what
 * it is and the command that gives budgetconv's input from it.  For
 * Shift_JIS, `cp932_option` is the -O that reads it ("encoding=cp932", or
 * "from.encoding=cp932" when the output's format takes encoding too).
 * Returns BC_ERR_DATA.
 */
bc_status bc_foreign_explain(bc_foreign kind, const char *name, long line,
                             const char *cp932_option, bc_error *err);

#endif
