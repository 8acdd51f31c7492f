/*
 * leak_check.h - makes a leak fail a Criterion test.  Criterion passes a test
 * that leaks, so under AddressSanitizer each test asks LeakSanitizer for a
 * recoverable check at its end and fails when it finds anything.
 */
#ifndef BC_TEST_LEAK_CHECK_H
#define BC_TEST_LEAK_CHECK_H

#include <criterion/criterion.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BC_HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define BC_HAVE_ASAN 1
#endif

#ifdef BC_HAVE_ASAN
#include <sanitizer/lsan_interface.h>
static inline void bc_test_leak_check(void)
{
    cr_assert(__lsan_do_recoverable_leak_check() == 0, "memory leaked (see LeakSanitizer report)");
}
#else
static inline void bc_test_leak_check(void) {}
#endif

/** Use as `.fini = bc_test_leak_check` in a TestSuite() or Test(). */
#endif
