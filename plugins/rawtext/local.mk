# rawtext plugin: the 概要書 text importer (see plugins/rawtext/README.md).
plugin_LTLIBRARIES += plugins/rawtext.la
plugins_rawtext_la_SOURCES = plugins/rawtext/rawtext.h plugins/rawtext/rawtext_plugin.c \
	plugins/rawtext/form.c plugins/rawtext/page.c plugins/rawtext/layout.c plugins/rawtext/boxes.c \
	plugins/rawtext/line_items.c plugins/rawtext/funding.c plugins/rawtext/paragraphs.c \
	plugins/rawtext/strings.c plugins/rawtext/numbers.c plugins/rawtext/sheet.c
plugins_rawtext_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_rawtext_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += plugins/rawtext/README.md plugins/rawtext/MUTANTS.md

# Gold records field by field, the pages without gold, pages the importer
# was not written against (tests/data), the sample's variants (built by the
# test), a truncated file and bad input.
if HAVE_CRITERION
check_PROGRAMS += tests/test_rawtext
TESTS += tests/test_rawtext
endif
tests_test_rawtext_SOURCES = tests/test_rawtext.c tests/leak_check.h
tests_test_rawtext_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS) -I$(top_srcdir)/tests -DBC_SAMPLE='"$(abs_top_srcdir)/samples/minato-r2-059-068.txt"' -DBC_GOLD='"$(SHARED_DIR)/eval/minato-r2-059-068.gold.json"' \
	-DBC_SCORE='"$(SHARED_DIR)/eval/score.py"' \
	-DBC_UNSEEN='"$(abs_top_srcdir)/tests/data/unseen-pages.txt"' \
	-DBC_UNSEEN_EXPECTED='"$(abs_top_srcdir)/tests/data/unseen-pages.expected.json"'
# the importer is also reached through its descriptor, as in the fuzz targets
tests_test_rawtext_LDADD = tests/fuzz/libfuzz_target.la $(TEST_LDADD) $(JANSSON_LIBS)
# The sample against its gold, judged by score.py (skips without ../shared).
TESTS += tests/test_gold.sh
EXTRA_DIST += tests/test_gold.sh
EXTRA_DIST += tests/data/unseen-pages.txt tests/data/unseen-pages.expected.json

# The search for a literal and the key of a line, compiled into their test.
if HAVE_CRITERION
check_PROGRAMS += tests/test_rawtext_strings
TESTS += tests/test_rawtext_strings
endif
tests_test_rawtext_strings_SOURCES = tests/test_rawtext_strings.c tests/leak_check.h \
	plugins/rawtext/strings.c plugins/rawtext/paragraphs.c plugins/rawtext/numbers.c \
	plugins/rawtext/rawtext.h
tests_test_rawtext_strings_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)
tests_test_rawtext_strings_LDADD = $(TEST_LDADD)
