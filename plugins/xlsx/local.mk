# xlsx plugin: an exporter over libxlsxwriter (constant_memory mode).
plugin_LTLIBRARIES += plugins/xlsx.la
plugins_xlsx_la_SOURCES = plugins/xlsx/xlsx_plugin.c \
	plugins/xlsx/xlsx_plugin.h plugins/xlsx/xlsx_export.c \
	plugins/xlsx/xlsx_layout.c plugins/xlsx/xlsx_layout.h \
	plugins/xlsx/xlsx_quiet.c plugins/xlsx/xlsx_quiet.h \
	plugins/xlsx/xlsx_sheet.c plugins/xlsx/xlsx_sheet.h \
	plugins/xlsx/xlsx_summary.c plugins/xlsx/xlsx_summary.h \
	plugins/xlsx/xlsx_verify.c plugins/xlsx/xlsx_verify.h
plugins_xlsx_la_CFLAGS = $(AM_CFLAGS) $(XLSXWRITER_CFLAGS) $(ZLIB_CFLAGS)
plugins_xlsx_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_xlsx_la_LIBADD = $(PLUGIN_LIBADD) $(XLSXWRITER_LIBS) $(ZLIB_LIBS)
TESTS += tests/test_xlsx.py tests/test_xlsx_recalc.py
EXTRA_DIST += tests/test_xlsx.py tests/test_xlsx_recalc.py tests/test_xlsx_rowlimit.py
# A book past Excel's row limit takes a while to write and read back: not
# under the sanitizers, where it would take minutes.
if !SANITIZERS
TESTS += tests/test_xlsx_rowlimit.py
endif
# The read-back on packages made by the test, whole and damaged.
if HAVE_CRITERION
check_PROGRAMS += tests/test_xlsx_verify
TESTS += tests/test_xlsx_verify
endif
tests_test_xlsx_verify_SOURCES = tests/test_xlsx_verify.c tests/leak_check.h \
	plugins/xlsx/xlsx_verify.c plugins/xlsx/xlsx_verify.h
tests_test_xlsx_verify_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/xlsx
tests_test_xlsx_verify_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) $(ZLIB_CFLAGS)
tests_test_xlsx_verify_LDADD = $(CRITERION_LIBS) $(ZLIB_LIBS)
