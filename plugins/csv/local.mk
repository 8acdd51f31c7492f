# csv plugin: RFC 4180 tables through libcsv (no .pc: configure sets
# CSV_LIBS); iconv for -O encoding=cp932 is in libc.
plugin_LTLIBRARIES += plugins/csv.la
plugins_csv_la_SOURCES = plugins/csv/csv_plugin.c plugins/csv/csv_plugin.h \
	plugins/csv/csv_columns.c plugins/csv/csv_export.c plugins/csv/csv_import.c \
	core/no_set.c core/no_set.h
# The driver's set of NOs, built into the module (not exported by the
# library) for the importer's repeated records; own flags give it its own
# object file.
plugins_csv_la_CFLAGS = $(AM_CFLAGS)
plugins_csv_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_csv_la_LIBADD = $(PLUGIN_LIBADD) $(CSV_LIBS)

# Tables read back by Python's csv module in every option combination, the
# formula guard, the full table's round trip and streaming; importer errors.
TESTS += tests/test_csv.py tests/test_csv_errors.sh
EXTRA_DIST += tests/test_csv.py tests/test_csv_errors.sh
