# libbudgetconv: the record model, helpers and plugin registry; and the
# budgetconv driver.
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
	core/plugin_load.c core/plugin_load.h \
	core/registry.c core/registry.h \
	core/table.c \
	core/text.c \
	core/version.c
core_libbudgetconv_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
core_libbudgetconv_la_LIBADD = $(LTDL_LIBS) $(UTF8PROC_LIBS)
core_libbudgetconv_la_LDFLAGS = $(AM_LDFLAGS) -no-undefined -version-info 0:0:0

budgetconvincludedir = $(includedir)/budgetconv
budgetconvinclude_HEADERS = \
	include/budgetconv/amount.h \
	include/budgetconv/budgetconv.h \
	include/budgetconv/check.h \
	include/budgetconv/error.h \
	include/budgetconv/memory.h \
	include/budgetconv/plugin.h \
	include/budgetconv/record.h \
	include/budgetconv/table.h \
	include/budgetconv/text.h

bin_PROGRAMS += budgetconv
budgetconv_SOURCES = core/budgetconv.c core/convert.c core/convert.h \
	core/output.c core/output.h
budgetconv_LDADD = core/libbudgetconv.la
