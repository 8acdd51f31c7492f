/*
 * leak_check.h - makes a leak fail a Criterion test.
 *
 * Criterion passes a test that leaks, and Criterion 2.4.1 also ignores a
 * failed assertion (or a crash, or exit()) in a .init/.fini hook: it only
 * prints a warning.  So the check cannot live in `.fini`; write tests as
 *
 *     BC_TEST(suite, name) { ... }
 *     BC_PARAM_TEST(struct my_case, c, suite, name) { ... use c ... }
 *
 * which run the body as a function and then, under AddressSanitizer, ask
 * LeakSanitizer for a recoverable check inside the test itself, failing it
 * on a leak.  Both accept Criterion's test options after the name
 * (`.timeout = 10`, ...).
 */
#ifndef BC_TEST_LEAK_CHECK_H
#define BC_TEST_LEAK_CHECK_H

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

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

/* When the check runs the body has returned, so nothing it allocated may be
 * referenced from a stack or a register any more.  Scanning them would only
 * find stale copies of its pointers (dead frames reused by the checker, a
 * caller-saved register spilled by it) and hide the leak, depending on how
 * the compiler laid the code out.  Weak: several files may include this. */
__attribute__((weak)) const char *__lsan_default_options(void);
__attribute__((weak)) const char *__lsan_default_options(void)
{
    return "use_stacks=0:use_registers=0";
}

static inline void bc_test_leak_check(void)
{
    cr_assert(__lsan_do_recoverable_leak_check() == 0, "memory leaked (see LeakSanitizer report)");
}
#else
static inline void bc_test_leak_check(void) {}
#endif

#define BC_TEST(suite, name, ...)                                              \
    static void bc_test_body_##suite##_##name(void);                           \
    Test(suite, name, ##__VA_ARGS__)                                           \
    {                                                                          \
        bc_test_body_##suite##_##name();                                       \
        bc_test_leak_check();                                                  \
    }                                                                          \
    static void bc_test_body_##suite##_##name(void)

#define BC_PARAM_TEST(type, param, suite, name, ...)                           \
    static void bc_test_body_##suite##_##name(type *param);                    \
    ParameterizedTest(type *param, suite, name, ##__VA_ARGS__)                 \
    {                                                                          \
        bc_test_body_##suite##_##name(param);                                  \
        bc_test_leak_check();                                                  \
    }                                                                          \
    static void bc_test_body_##suite##_##name(type *param)

#endif
