/*
 * xlsx_verify.h - the written package read back, for what libxlsxwriter
 * cannot tell.
 *
 * In constant_memory mode libxlsxwriter assembles each part of the package
 * in a temporary file whose writes it does not check, then copies it into
 * the zip: with its temporary directory full, workbook_close() succeeds and
 * the workbook lacks rows or whole parts (seen on a small tmpfs: a buffer
 * of 4 KiB missing in the middle of a sheet, its end intact).  Every part is
 * an XML document, and bytes lost anywhere break its nesting: each member
 * is inflated (zlib), its CRC and size checked against the central
 * directory, and its tags matched up.  It costs a read of the file, a
 * fraction of writing it.
 */
#ifndef XLSX_VERIFY_H
#define XLSX_VERIFY_H

#include <stdbool.h>

/** True when every member of the package at `path` is whole: its data
 *  inflates to the size and CRC the central directory gives, and an XML
 *  member nests right under one root element.  When false because the file
 *  could not be opened, read or closed, `*sys` is the errno; else 0. */
bool xlsx_package_ok(const char *path, int *sys);

#endif
