/* Core tests: bc_grow and amounts: parsing, formatting, checked sums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <budgetconv/budgetconv.h>

#include "leak_check.h"

static int64_t parse_ok(const char *s)
{
    int64_t v = 0;
    cr_assert(bc_amount_parse(s, strlen(s), &v), "'%s' should parse", s);
    return v;
}

BC_TEST(memory, grow_doubles_zeroes_and_refuses_overflow)
{
    size_t cap = 0;
    int *a = bc_grow(NULL, &cap, 1, sizeof *a);
    cr_assert_not_null(a);
    cr_expect_eq(cap, 16);
    a[0] = 7;
    int *b = bc_grow(a, &cap, 17, sizeof *b);
    cr_assert_not_null(b);
    cr_expect_eq(cap, 32);
    cr_expect_eq(b[0], 7, "old elements are kept");
    for (size_t i = 16; i < 32; i++)
        cr_expect_eq(b[i], 0, "new element %zu is zeroed", i);
    cr_expect_eq(bc_grow(b, &cap, 20, sizeof *b), b, "room enough: the same array");
    cr_expect_null(bc_grow(b, &cap, SIZE_MAX / 2, sizeof *b));
    cr_expect_eq(cap, 32, "a refused growth leaves the capacity");
    free(b);
}

BC_TEST(amount, add_refuses_what_does_not_fit)
{
    int64_t sum = 40;
    cr_assert(bc_amount_add(&sum, 2));
    cr_expect_eq(sum, 42);
    sum = INT64_MAX;
    cr_expect_not(bc_amount_add(&sum, 1));
    cr_expect_eq(sum, INT64_MAX, "a refused sum is left alone");
    sum = -INT64_MAX;
    cr_expect_not(bc_amount_add(&sum, -1), "INT64_MIN would read as not stated");
    cr_expect_eq(sum, -INT64_MAX);
    cr_expect(bc_amount_add(&sum, INT64_MAX));
    cr_expect_eq(sum, 0);
}

BC_TEST(amount, parses_printed_amounts)
{
    cr_assert_eq(parse_ok("53,680"), 53680);
    cr_assert_eq(parse_ok("0"), 0);
    cr_assert_eq(parse_ok("1,234,567"), 1234567);
    cr_assert_eq(parse_ok("323"), 323);
    cr_assert_eq(parse_ok("-1,000"), -1000);
    cr_assert_eq(parse_ok("\xE2\x96\xB3" "5"), -5);         /* △ */
    cr_assert_eq(parse_ok("\xE2\x96\xB2" "1,234"), -1234);  /* ▲ */
    cr_assert_eq(parse_ok("9,223,372,036,854,775,807"), INT64_MAX);
    cr_assert_eq(parse_ok("-9223372036854775807"), -INT64_MAX);
}

BC_TEST(amount, rejects_what_is_not_an_amount)
{
    /* The most negative int64 is BC_AMOUNT_NULL, so it must not parse. */
    static const char *const bad[] = {
        "", ",", "1,", ",1", "1,23", "1234,567", "12a", "1.5", "99999999999999999999",
        "9223372036854775808", "-9223372036854775808", "- 1", "１", "-", "--1",
        "\xE2\x96\xB3", "\xE2\x96\xB3-1", "1,234,56", "1,2345", " 1", "1 ", "+1",
    };
    int64_t v = 42;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_expect_not(bc_amount_parse(bad[i], strlen(bad[i]), &v), "'%s' should not parse", bad[i]);
        cr_expect_eq(v, 42);
    }
}

BC_TEST(amount, reads_exactly_len_bytes)
{
    int64_t v = 0;
    cr_assert(bc_amount_parse("1,234 千円", 5, &v));
    cr_expect_eq(v, 1234);
    cr_expect_not(bc_amount_parse("1,234", 4, &v), "'1,23' is not grouped by three");
}

static void expect_format(int64_t value, size_t size, const char *want, int want_len)
{
    char buf[40];
    memset(buf, '#', sizeof buf);
    cr_assert_eq(bc_amount_format(value, buf, size), want_len);
    cr_expect_str_eq(buf, want);
}

BC_TEST(amount, formats_with_separators)
{
    expect_format(151486, 32, "151,486", 7);
    expect_format(-1000, 32, "-1,000", 6);
    expect_format(0, 32, "0", 1);
    expect_format(999, 32, "999", 3);
    expect_format(1000, 32, "1,000", 5);
    expect_format(INT64_MAX, 32, "9,223,372,036,854,775,807", 25);
    expect_format(INT64_MIN, 32, "-9,223,372,036,854,775,808", 26);
}

BC_TEST(amount, format_truncates_like_snprintf)
{
    expect_format(151486, 4, "151", 7);
    expect_format(-1000, 1, "", 6);
    cr_expect_eq(bc_amount_format(1234567, NULL, 0), 9);
}

BC_TEST(amount, format_and_parse_round_trip)
{
    static const int64_t values[] = {1, 12, 123, 1234, 12345, 123456, 1234567, -7, -1234567,
                                     INT64_MAX, -INT64_MAX};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        char buf[40];
        int n = bc_amount_format(values[i], buf, sizeof buf);
        int64_t back = 0;
        cr_assert(bc_amount_parse(buf, (size_t)n, &back), "'%s' should parse", buf);
        cr_expect_eq(back, values[i]);
    }
}
