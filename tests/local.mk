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

# Criterion tests link the library just built, never an installed one, with
# its private parts.
TEST_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
TEST_LDADD = $(BC_PRIVATE_LIBS) $(CRITERION_LIBS)

EXTRA_DIST += tests/lsan.supp tests/testlib.sh tests/testlib.py

# Without Criterion (configure warns) the C unit tests are not built, and
# one test says why instead.
if !HAVE_CRITERION
TESTS += tests/no_criterion.sh
endif
EXTRA_DIST += tests/no_criterion.sh

# The core library, one program per suite (tests/test_core_<suite>.c).
CORE_TESTS = tests/test_core_amount tests/test_core_text tests/test_core_record \
	tests/test_core_table tests/test_core_check tests/test_core_context \
	tests/test_core_input
if HAVE_CRITERION
check_PROGRAMS += $(CORE_TESTS)
TESTS += $(CORE_TESTS)
endif
tests_test_core_amount_SOURCES = tests/test_core_amount.c tests/leak_check.h
tests_test_core_amount_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_amount_LDADD = $(TEST_LDADD)
tests_test_core_text_SOURCES = tests/test_core_text.c tests/leak_check.h
tests_test_core_text_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_text_LDADD = $(TEST_LDADD) $(UTF8PROC_LIBS)
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
# Modules that crash or hang while being loaded or described.
check_LTLIBRARIES += tests/plugins/crashing/entry_crash.la tests/plugins/crashing/ctor_crash.la \
	tests/plugins/crashing/bad_pointer.la
tests_plugins_crashing_bad_pointer_la_SOURCES = tests/plugins/crashing/bad_pointer.c \
	tests/plugins/fake_plugin.h
tests_plugins_crashing_bad_pointer_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
check_LTLIBRARIES += tests/plugins/hanging/ctor_hang.la
tests_plugins_hanging_ctor_hang_la_SOURCES = tests/plugins/hanging/ctor_hang.c \
	tests/plugins/fake_plugin.h
tests_plugins_hanging_ctor_hang_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_crashing_entry_crash_la_SOURCES = tests/plugins/crashing/entry_crash.c
tests_plugins_crashing_entry_crash_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_crashing_ctor_crash_la_SOURCES = tests/plugins/crashing/ctor_crash.c \
	tests/plugins/fake_plugin.h
tests_plugins_crashing_ctor_crash_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
# Importers that load cleanly but whose probe crashes, exits or hangs.
check_LTLIBRARIES += tests/plugins/probing/probe_crash.la tests/plugins/probing/probe_exit.la \
	tests/plugins/probing/probe_hang.la
tests_plugins_probing_probe_crash_la_SOURCES = tests/plugins/probing/probe_crash.c \
	tests/plugins/probing/probe_fault.h
tests_plugins_probing_probe_crash_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_probing_probe_exit_la_SOURCES = tests/plugins/probing/probe_exit.c \
	tests/plugins/probing/probe_fault.h
tests_plugins_probing_probe_exit_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_probing_probe_hang_la_SOURCES = tests/plugins/probing/probe_hang.c \
	tests/plugins/probing/probe_fault.h
tests_plugins_probing_probe_hang_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

if HAVE_CRITERION
check_PROGRAMS += tests/test_registry tests/test_abi_growth
TESTS += tests/test_registry tests/test_abi_growth
endif
tests_test_registry_SOURCES = tests/test_registry.c tests/leak_check.h
tests_test_registry_CFLAGS = $(TEST_CFLAGS)
tests_test_registry_LDADD = $(TEST_LDADD) $(LTDL_LIBS)

# A host whose plugin structs have grown (BC_ABI_TEST_GROWTH) loading the
# test plugins, which keep the 1.0 sizes: it compiles its own registry.
tests_test_abi_growth_SOURCES = tests/test_abi_growth.c tests/leak_check.h \
	core/registry.c core/plugin_load.c
tests_test_abi_growth_CPPFLAGS = $(AM_CPPFLAGS) -DBC_ABI_TEST_GROWTH
tests_test_abi_growth_CFLAGS = $(TEST_CFLAGS)
tests_test_abi_growth_LDADD = $(TEST_LDADD) $(LTDL_LIBS)

TESTS += tests/test_driver.sh
EXTRA_DIST += tests/test_driver.sh

# The output layer in one process (batch runs), and fault tests: signals,
# temporary files, a full disk, and system calls on the output made to
# fail by an LD_PRELOAD shim.  The shim is built without the sanitizers;
# in that build the test preloads their runtime before it (AddressSanitizer
# insists on coming first, and its interceptors then call the shim's).
check_LTLIBRARIES += tests/fault_shim.la
tests_fault_shim_la_SOURCES = tests/fault_shim.c
tests_fault_shim_la_CFLAGS = -std=c11 $(WARN_CFLAGS)
tests_fault_shim_la_LDFLAGS = -module -avoid-version -no-undefined -rpath /nowhere
if HAVE_CRITERION
check_PROGRAMS += tests/test_output
TESTS += tests/test_output
endif
tests_test_output_SOURCES = tests/test_output.c tests/leak_check.h \
	core/output.c core/output.h core/temp_guard.c core/temp_guard.h
tests_test_output_CFLAGS = $(TEST_CFLAGS)
tests_test_output_LDADD = $(TEST_LDADD)
TESTS += tests/test_faults.sh
EXTRA_DIST += tests/test_faults.sh tests/faultlib.sh
# Out of memory at the Nth allocation, swept over a run (the same shim).
TESTS += tests/test_oom.sh
EXTRA_DIST += tests/test_oom.sh
# Which plugin directories a binary in or outside a build tree loads.
TESTS += tests/test_plugin_dirs.sh
EXTRA_DIST += tests/test_plugin_dirs.sh
# The driver's messages byte for byte, for mutants nothing else noticed.
TESTS += tests/test_driver_messages.sh
EXTRA_DIST += tests/test_driver_messages.sh
# The importers' messages on bytes that are not UTF-8.
TESTS += tests/test_input_messages.sh
EXTRA_DIST += tests/test_input_messages.sh
# 集計 over sheets without data rows, and its label column.
TESTS += tests/test_xlsx_summary_sheet.py
EXTRA_DIST += tests/test_xlsx_summary_sheet.py
if SANITIZERS
AM_TESTS_ENVIRONMENT += \
	BUDGETCONV_ASAN_RUNTIME=$$($(CC) -print-file-name=libasan.so); export BUDGETCONV_ASAN_RUNTIME;
endif
if COVERAGE
AM_TESTS_ENVIRONMENT += BUDGETCONV_COVERAGE=1; export BUDGETCONV_COVERAGE;
endif

# Issues 9 and 13: batches, GNU parallel, foreign inputs, man page, completion.
TESTS += tests/test_batch.sh tests/test_foreign_input.sh tests/test_man.sh tests/test_completion.sh
EXTRA_DIST += tests/test_batch.sh tests/test_foreign_input.sh tests/test_parallel.sh \
	tests/test_man.sh tests/test_completion.sh
# test_man.sh reads the page make writes.
check_DATA = docs/budgetconv.1
# 400 short runs of the driver: seconds here, a minute under the sanitizers,
# which test_batch.sh already puts the same code under.
if !SANITIZERS
TESTS += tests/test_parallel.sh
endif

TESTS += tests/test_plugin_faults.sh
EXTRA_DIST += tests/test_plugin_faults.sh

TESTS += tests/test_exports.py
EXTRA_DIST += tests/test_exports.py

TESTS += tests/test_json.py tests/test_sample_report.sh tests/test_hostile_inputs.py
EXTRA_DIST += tests/test_json.py docs/record.schema.json tests/test_hostile_inputs.py
# -O encoding=cp932 on the importers (core/input.c decodes).
TESTS += tests/test_encoding.py
EXTRA_DIST += tests/test_encoding.py
EXTRA_DIST += tests/test_sample_report.sh docs/sample-report.md

# Refreshes the report the README links to, after a deliberate change.
update-sample-report: all
	$(AM_V_GEN)./budgetconv -o $(srcdir)/docs/sample-report.md $(srcdir)/samples/minato-r2-059-068.txt
.PHONY: update-sample-report

# Unseen pages: sample content in other pages' block orders and new
# structures, with expected records written apart from the importer
# (tests/data/pages/README.md).
TESTS += tests/test_unseen_pages.py
EXTRA_DIST += tests/test_unseen_pages.py tests/data/pages

# The CSV export opened in LibreOffice as the README says.
TESTS += tests/test_csv_spreadsheets.py
EXTRA_DIST += tests/test_csv_spreadsheets.py

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
if HAVE_CRITERION
check_PROGRAMS += tests/test_probes
TESTS += tests/test_probes
endif
tests_test_probes_SOURCES = tests/test_probes.c tests/leak_check.h
tests_test_probes_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/tests \
	-DBC_FUZZ_CORPUS='"$(abs_top_srcdir)/tests/fuzz/corpus"'
tests_test_probes_LDADD = tests/fuzz/libfuzz_target.la $(TEST_LDADD)
TESTS += tests/test_markdown_sections.sh
EXTRA_DIST += tests/test_markdown_sections.sh

# Closed or unwritable standard streams, and a too-long output name.
TESTS += tests/test_standard_streams.sh
EXTRA_DIST += tests/test_standard_streams.sh

# -O from.KEY / to.KEY for a key both formats of a run take.
TESTS += tests/test_option_sides.sh
EXTRA_DIST += tests/test_option_sides.sh

# A checkout without ../shared: the tests that read the gold skip, saying
# what is missing (issue 12).
AM_TESTS_ENVIRONMENT += PYTHON3_DEBIAN='$(PYTHON3_DEBIAN)'; export PYTHON3_DEBIAN;
TESTS += tests/test_no_shared.sh
EXTRA_DIST += tests/test_no_shared.sh
