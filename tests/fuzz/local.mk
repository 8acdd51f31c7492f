# Fuzzing (docs/testing.md).  One convenience library holds the harness and
# the sources of the importers and text exporters, reached through their
# plugin descriptors as the host reaches them (the sources are each plugin's
# own list, so a file added to a plugin comes along).  `make check` replays
# every corpus file through it with any compiler; `make fuzz`, in a build
# configured with --enable-fuzzing (clang), runs one libFuzzer target per
# importer for FUZZ_SECONDS each.
check_LTLIBRARIES += tests/fuzz/libfuzz_target.la
tests_fuzz_libfuzz_target_la_SOURCES = tests/fuzz/fuzz_target.c tests/fuzz/fuzz_target.h \
	$(plugins_rawtext_la_SOURCES) $(plugins_json_la_SOURCES) \
	$(plugins_csv_la_SOURCES) $(plugins_markdown_la_SOURCES)
tests_fuzz_libfuzz_target_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(UTF8PROC_CFLAGS)
tests_fuzz_libfuzz_target_la_LIBADD = $(BC_PRIVATE_LIBS) \
	$(JANSSON_LIBS) $(CSV_LIBS)

check_PROGRAMS += tests/fuzz/replay
tests_fuzz_replay_SOURCES = tests/fuzz/replay.c
tests_fuzz_replay_CFLAGS = $(AM_CFLAGS) -DBC_FUZZ_CORPUS='"$(abs_top_srcdir)/tests/fuzz/corpus"'
tests_fuzz_replay_LDADD = tests/fuzz/libfuzz_target.la
TESTS += tests/fuzz/replay

FUZZ_TARGETS = tests/fuzz/fuzz_rawtext tests/fuzz/fuzz_csv tests/fuzz/fuzz_json
EXTRA_PROGRAMS = $(FUZZ_TARGETS)
CLEANFILES += $(FUZZ_TARGETS)
tests_fuzz_fuzz_rawtext_SOURCES = tests/fuzz/fuzz_main.c
tests_fuzz_fuzz_rawtext_CFLAGS = $(AM_CFLAGS) -DBC_FUZZ_IMPORTER='"rawtext"'
tests_fuzz_fuzz_rawtext_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_rawtext_LDADD = tests/fuzz/libfuzz_target.la
tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz_main.c
tests_fuzz_fuzz_csv_CFLAGS = $(AM_CFLAGS) -DBC_FUZZ_IMPORTER='"csv"'
tests_fuzz_fuzz_csv_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_csv_LDADD = tests/fuzz/libfuzz_target.la
tests_fuzz_fuzz_json_SOURCES = tests/fuzz/fuzz_main.c
tests_fuzz_fuzz_json_CFLAGS = $(AM_CFLAGS) -DBC_FUZZ_IMPORTER='"json"'
tests_fuzz_fuzz_json_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_json_LDADD = tests/fuzz/libfuzz_target.la

EXTRA_DIST += tests/fuzz/corpus tests/fuzz/rawtext.dict tests/fuzz/csv.dict \
	tests/fuzz/json.dict tests/fuzz/run.sh tests/fuzz/make-corpus.sh docs/testing.md

# Seconds per target; the new inputs libFuzzer finds stay in the build tree
# (fuzz-corpus/), crashes go to fuzz-crashes/ (copy one into
# tests/fuzz/corpus/<target>/ once fixed, and it stays a test).
FUZZ_SECONDS = 60
if FUZZING
fuzz: $(FUZZ_TARGETS)
	$(AM_V_at)$(SHELL) $(srcdir)/tests/fuzz/run.sh '$(srcdir)/tests/fuzz' '$(FUZZ_SECONDS)' $(FUZZ_TARGETS)
else
fuzz:
	@echo "make fuzz needs a build configured with --enable-fuzzing (clang; tools/install-deps.sh --fuzz)" >&2; exit 1
endif
.PHONY: fuzz
