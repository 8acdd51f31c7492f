# xlsx plugin: an exporter over libxlsxwriter (constant_memory mode).
plugin_LTLIBRARIES += plugins/xlsx.la
plugins_xlsx_la_SOURCES = plugins/xlsx/xlsx_export.c \
	plugins/xlsx/xlsx_layout.c plugins/xlsx/xlsx_layout.h \
	plugins/xlsx/xlsx_sheet.c plugins/xlsx/xlsx_sheet.h
plugins_xlsx_la_CFLAGS = $(AM_CFLAGS) $(XLSXWRITER_CFLAGS)
plugins_xlsx_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_xlsx_la_LIBADD = $(PLUGIN_LIBADD) $(XLSXWRITER_LIBS)
TESTS += tests/test_xlsx.py
EXTRA_DIST += tests/test_xlsx.py
