plugin_LTLIBRARIES += plugins/json.la
plugins_json_la_SOURCES = plugins/json/json_plugin.c plugins/json/json_plugin.h \
	plugins/json/json_export.c plugins/json/json_import.c \
	plugins/json/json_record.c plugins/json/json_stream.c
plugins_json_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
plugins_json_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_json_la_LIBADD = $(PLUGIN_LIBADD) $(JANSSON_LIBS)
