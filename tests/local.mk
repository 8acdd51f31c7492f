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

EXTRA_DIST += tests/lsan.supp

check_PROGRAMS += tests/test_core
tests_test_core_SOURCES = tests/test_core.c tests/leak_check.h
tests_test_core_CFLAGS = $(TEST_CFLAGS) $(UTF8PROC_CFLAGS)
tests_test_core_LDADD = $(TEST_LDADD)
TESTS += tests/test_core
