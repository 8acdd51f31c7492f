# markdown plugin: an exporter of a GitHub-readable report.
plugin_LTLIBRARIES += plugins/markdown.la
plugins_markdown_la_SOURCES = plugins/markdown/markdown_plugin.c \
	plugins/markdown/markdown_plugin.h plugins/markdown/markdown_export.c \
	plugins/markdown/markdown_escape.c plugins/markdown/markdown_escape.h \
	plugins/markdown/markdown_slug.c plugins/markdown/markdown_slug.h
plugins_markdown_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
plugins_markdown_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_markdown_la_LIBADD = $(PLUGIN_LIBADD) $(UTF8PROC_LIBS)
TESTS += tests/test_markdown.py
EXTRA_DIST += tests/test_markdown.py
