# The test suite: Criterion programs (TAP through tap-driver.sh) and shell
# or Python scripts that drive the real binary and read its output back with
# real clients.  Each plugin's local.mk adds its own tests the same way.
TEST_EXTENSIONS = .sh .py
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
PY_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)
PY_LOG_COMPILER = $(PYTHON3_DEBIAN)

# What every test sees: TAP from Criterion, the plugins of this build tree,
# the binary under test and where the sources and shared/ data are.
AM_TESTS_ENVIRONMENT = \
	CRITERION_OUTPUTS=tap:-; export CRITERION_OUTPUTS; \
	BUDGETCONV_PLUGIN_PATH='$(abs_top_builddir)/plugins'; export BUDGETCONV_PLUGIN_PATH; \
	BUDGETCONV='$(abs_top_builddir)/budgetconv'; export BUDGETCONV; \
	SRCDIR='$(abs_top_srcdir)'; export SRCDIR; \
	BUILDDIR='$(abs_top_builddir)'; export BUILDDIR; \
	SHARED_DIR='$(SHARED_DIR)'; export SHARED_DIR; \
	LSAN_OPTIONS="suppressions=$(abs_top_srcdir)/tests/lsan.supp:print_suppressions=0"; export LSAN_OPTIONS; \
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"; export ASAN_OPTIONS; \
	UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"; export UBSAN_OPTIONS;

# Criterion tests link the library just built, never an installed one.
TEST_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
TEST_LDADD = $(top_builddir)/core/libbudgetconv.la $(CRITERION_LIBS)

EXTRA_DIST += tests/lsan.supp tests/testlib.sh tests/testlib.py

# The core library, one program per suite (tests/test_core_<suite>.c).
CORE_TESTS = tests/test_core_amount tests/test_core_text tests/test_core_record \
	tests/test_core_table tests/test_core_check tests/test_core_context \
	tests/test_core_input
check_PROGRAMS += $(CORE_TESTS)
TESTS += $(CORE_TESTS)
tests_test_core_amount_SOURCES = tests/test_core_amount.c tests/leak_check.h
tests_test_core_amount_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_amount_LDADD = $(TEST_LDADD)
tests_test_core_text_SOURCES = tests/test_core_text.c tests/leak_check.h
tests_test_core_text_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_text_LDADD = $(TEST_LDADD)
tests_test_core_record_SOURCES = tests/test_core_record.c tests/leak_check.h
tests_test_core_record_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_record_LDADD = $(TEST_LDADD)
tests_test_core_table_SOURCES = tests/test_core_table.c tests/leak_check.h
tests_test_core_table_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_table_LDADD = $(TEST_LDADD)
tests_test_core_check_SOURCES = tests/test_core_check.c tests/leak_check.h
tests_test_core_check_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_check_LDADD = $(TEST_LDADD)
tests_test_core_context_SOURCES = tests/test_core_context.c tests/leak_check.h
tests_test_core_context_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_context_LDADD = $(TEST_LDADD)
tests_test_core_input_SOURCES = tests/test_core_input.c tests/leak_check.h
tests_test_core_input_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_input_LDADD = $(TEST_LDADD)

TESTS += tests/test_radical_table.sh
EXTRA_DIST += tests/test_radical_table.sh

# Test-only plugins: good ones and ones that break the ABI in one field
# each (tests/plugins/fake_plugin.h), built into their own directory and
# never installed.
TEST_PLUGIN_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -no-undefined -rpath /nowhere
check_LTLIBRARIES += tests/plugins/fake_a.la tests/plugins/fake_b.la \
	tests/plugins/json_stub.la tests/plugins/bad_major.la tests/plugins/bad_minor.la \
	tests/plugins/bad_magic.la tests/plugins/bad_size.la tests/plugins/no_entry.la
tests_plugins_fake_a_la_SOURCES = tests/plugins/fake_a.c tests/plugins/fake_plugin.h
tests_plugins_fake_a_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_fake_b_la_SOURCES = tests/plugins/fake_b.c tests/plugins/fake_plugin.h
tests_plugins_fake_b_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_json_stub_la_SOURCES = tests/plugins/json_stub.c tests/plugins/fake_plugin.h
tests_plugins_json_stub_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_bad_major_la_SOURCES = tests/plugins/bad_major.c tests/plugins/fake_plugin.h
tests_plugins_bad_major_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_bad_minor_la_SOURCES = tests/plugins/bad_minor.c tests/plugins/fake_plugin.h
tests_plugins_bad_minor_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_bad_magic_la_SOURCES = tests/plugins/bad_magic.c tests/plugins/fake_plugin.h
tests_plugins_bad_magic_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_bad_size_la_SOURCES = tests/plugins/bad_size.c tests/plugins/fake_plugin.h
tests_plugins_bad_size_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_no_entry_la_SOURCES = tests/plugins/no_entry.c
tests_plugins_no_entry_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

check_PROGRAMS += tests/test_registry
tests_test_registry_SOURCES = tests/test_registry.c tests/leak_check.h
tests_test_registry_CFLAGS = $(TEST_CFLAGS)
tests_test_registry_LDADD = $(TEST_LDADD) $(LTDL_LIBS)
TESTS += tests/test_registry

TESTS += tests/test_driver.sh
EXTRA_DIST += tests/test_driver.sh

TESTS += tests/test_json.py tests/test_sample_report.sh tests/test_hostile_inputs.py
EXTRA_DIST += tests/test_json.py docs/record.schema.json tests/test_hostile_inputs.py
EXTRA_DIST += tests/test_sample_report.sh docs/sample-report.md

# Refreshes the report the README links to, after a deliberate change.
update-sample-report: all
	$(AM_V_GEN)./budgetconv -o $(srcdir)/docs/sample-report.md $(srcdir)/samples/minato-r2-059-068.txt
.PHONY: update-sample-report

# Line coverage per file of core/ and plugins/ after make check, in a build
# configured with --enable-coverage (docs/testing.md).
coverage:
	$(AM_V_at)$(SHELL) $(srcdir)/tools/coverage.sh .
.PHONY: coverage

# Where the temporary output lives (a survivor of tools/mutate.sh).
TESTS += tests/test_output_fs.sh
EXTRA_DIST += tests/test_output_fs.sh

# Importer rejections that only mutation testing showed untested.
TESTS += tests/test_import_rejects.sh
EXTRA_DIST += tests/test_import_rejects.sh
TESTS += tests/test_xlsx_print.py
EXTRA_DIST += tests/test_xlsx_print.py

# The importers' probes, reached through their descriptors as in the fuzz
# targets (tests/fuzz/local.mk builds the library).
check_PROGRAMS += tests/test_probes
tests_test_probes_SOURCES = tests/test_probes.c tests/leak_check.h
tests_test_probes_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/tests \
	-DBC_FUZZ_CORPUS='"$(abs_top_srcdir)/tests/fuzz/corpus"'
tests_test_probes_LDADD = tests/fuzz/libfuzz_target.la $(TEST_LDADD)
TESTS += tests/test_probes
TESTS += tests/test_markdown_sections.sh
EXTRA_DIST += tests/test_markdown_sections.sh
TESTS += tests/test_xlsx_totals.py
EXTRA_DIST += tests/test_xlsx_totals.py
