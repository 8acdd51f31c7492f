/*
 * xlsx_verify.h - the written package read back, for what libxlsxwriter
 * cannot tell.
 *
 * In constant_memory mode libxlsxwriter assembles each part of the package
 * in a temporary file whose writes it does not check, then copies it into
 * the zip: with its temporary directory full, workbook_close() succeeds and
 * the workbook lacks rows or whole parts (seen on a small tmpfs: a buffer
 * of 4 KiB missing in the middle of a sheet, its end intact).  minizip
 * computes sizes and CRCs over what it was given, bytes missing or not, so
 * what the zip holds must be read: each member is inflated (zlib), to the
 * size its central directory entry gives, and
 *
 * - every XML member must nest right under one root element, which a
 *   stretch of bytes lost in the markup breaks;
 * - every worksheet must be there once and hold exactly the cells written
 *   to it, which a stretch lost from inside one text to inside another
 *   breaks: the nesting can come out whole there, both ends being at the
 *   same depth, but the next cell's start tag is gone.
 *
 * Left unseen is a loss wholly inside one cell's text, which takes a text
 * longer than the loss.  What libxlsxwriter does report is not checked
 * again: a failed write or close of the zip itself, so the CRCs, computed
 * by minizip over the bytes it wrote, are not worked out once more.
 *
 * Inflating is most of the cost, and cannot be skipped: a deflated stream
 * reads from its start.  The nesting scan skips text with memchr.  For a
 * 10,000-page book it is about 7% of the conversion.
 */
#ifndef XLSX_VERIFY_H
#define XLSX_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Most worksheets xlsx_package_ok() counts the cells of. */
#define XLSX_VERIFY_SHEETS_MAX 256

/** True when every member of the package at `path` is whole: its data
 *  inflates to the size the central directory gives, an XML member
 *  nests right under one root element, and worksheet i
 *  (xl/worksheets/sheet<i+1>.xml) is there once with `cells[i]` cells, for
 *  each of the first `sheets` (at most XLSX_VERIFY_SHEETS_MAX).  When false
 *  because the file could not be opened, read or closed, `*sys` is the
 *  errno; else 0. */
bool xlsx_package_ok(const char *path, const uint64_t *cells, size_t sheets, int *sys);

#endif
