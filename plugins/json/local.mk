plugin_LTLIBRARIES += plugins/json.la
plugins_json_la_SOURCES = plugins/json/json_plugin.c plugins/json/json_plugin.h \
	plugins/json/json_export.c plugins/json/json_import.c \
	plugins/json/json_writer.c plugins/json/json_writer.h \
	plugins/json/json_record.c plugins/json/json_stream.c
plugins_json_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
plugins_json_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_json_la_LIBADD = $(PLUGIN_LIBADD) $(JANSSON_LIBS)
# The exporter's writer, byte for byte against jansson's own layout.
if HAVE_CRITERION
check_PROGRAMS += tests/test_json_writer
TESTS += tests/test_json_writer
endif
tests_test_json_writer_SOURCES = tests/test_json_writer.c tests/leak_check.h \
	plugins/json/json_writer.c plugins/json/json_writer.h
tests_test_json_writer_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/json
tests_test_json_writer_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_json_writer_LDADD = $(TEST_LDADD) $(JANSSON_LIBS)
