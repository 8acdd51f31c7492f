# libbudgetconv: the record model, helpers and plugin registry; and the
# budgetconv driver.
#
# The installed library exports only what include/budgetconv/ declares
# (core/libbudgetconv.sym, made from those headers): it is what plugins link.
lib_LTLIBRARIES += core/libbudgetconv.la
core_libbudgetconv_la_SOURCES = \
	core/amount.c \
	core/check.c \
	core/context.c core/context.h \
	core/error.c \
	core/input.c core/input.h \
	core/memory.c \
	core/radical_table.h \
	core/record.c \
	core/views.c \
	core/text.c core/text_chunk.h \
	core/version.c
core_libbudgetconv_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
core_libbudgetconv_la_LIBADD = $(UTF8PROC_LIBS)
core_libbudgetconv_la_LDFLAGS = $(AM_LDFLAGS) -no-undefined -version-info 0:0:0 \
	-export-symbols core/libbudgetconv.sym
EXTRA_core_libbudgetconv_la_DEPENDENCIES = core/libbudgetconv.sym
CLEANFILES += core/libbudgetconv.sym

# What only the driver and the tests use, linked into them beside the
# installed library: the registry and plugin loading, and the host's side of
# contexts and inputs (building them), which shares their files and
# internals with the plugin's side.  Those two files are thus in both.
noinst_LTLIBRARIES += core/libbudgetconv-private.la
core_libbudgetconv_private_la_SOURCES = \
	core/context.c core/context.h \
	core/input.c core/input.h \
	core/plugin_load.c core/plugin_load.h \
	core/registry.c core/registry.h
core_libbudgetconv_private_la_LIBADD = core/libbudgetconv.la $(LTDL_LIBS)
BC_PRIVATE_LIBS = core/libbudgetconv-private.la core/libbudgetconv.la

# Every function a public header declares, from the preprocessed headers
# (no comments, no macros); tests/test_exports.py checks the result.
core/libbudgetconv.sym: $(budgetconvinclude_HEADERS)
	$(AM_V_GEN)for h in $(budgetconvinclude_HEADERS); do \
		$(CPP) $(AM_CPPFLAGS) $(CPPFLAGS) -P $(srcdir)/$$h || exit 1; \
	done | grep -oE '\<bc_[a-z0-9_]+ *\([^*]' | sed 's/ *(.*//' | LC_ALL=C sort -u > $@-t && \
	mv $@-t $@

EXTRA_DIST += docs/writing-a-plugin.md

# The same check on the library as installed.
installcheck-local: installcheck-exports
installcheck-exports:
	$(AM_V_at)SRCDIR='$(abs_top_srcdir)' BC_LIBRARY='$(DESTDIR)$(libdir)/libbudgetconv.so' \
		$(PYTHON3_DEBIAN) $(srcdir)/tests/test_exports.py
.PHONY: installcheck-exports

budgetconvincludedir = $(includedir)/budgetconv
budgetconvinclude_HEADERS = \
	include/budgetconv/amount.h \
	include/budgetconv/budgetconv.h \
	include/budgetconv/check.h \
	include/budgetconv/error.h \
	include/budgetconv/memory.h \
	include/budgetconv/plugin.h \
	include/budgetconv/record.h \
	include/budgetconv/views.h \
	include/budgetconv/text.h

bin_PROGRAMS += budgetconv
budgetconv_SOURCES = core/budgetconv.c core/convert.c core/convert.h \
	core/foreign.c core/foreign.h core/no_set.c core/no_set.h \
	core/progress_line.c core/progress_line.h core/suggest.c core/suggest.h \
	core/output.c core/output.h core/temp_guard.c core/temp_guard.h
budgetconv_LDADD = $(BC_PRIVATE_LIBS)
