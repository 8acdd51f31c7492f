# rawtext plugin: the 概要書 text importer (see plugins/rawtext/README.md).
plugin_LTLIBRARIES += plugins/rawtext.la
plugins_rawtext_la_SOURCES = plugins/rawtext/rawtext.h plugins/rawtext/rawtext_plugin.c \
	plugins/rawtext/page.c plugins/rawtext/layout.c plugins/rawtext/boxes.c \
	plugins/rawtext/table.c plugins/rawtext/text_join.c plugins/rawtext/sheet.c
plugins_rawtext_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_rawtext_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += plugins/rawtext/README.md
