/* Core helpers: amounts, text normalisation, the record model. */
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

BC_TEST(amount, parses_printed_amounts)
{
    cr_assert_eq(parse_ok("53,680"), 53680);
    cr_assert_eq(parse_ok("0"), 0);
    cr_assert_eq(parse_ok("1,234,567"), 1234567);
    cr_assert_eq(parse_ok("323"), 323);
    cr_assert_eq(parse_ok("-1,000"), -1000);
    cr_assert_eq(parse_ok("\xE2\x96\xB3" "5"), -5);
}

BC_TEST(amount, rejects_what_is_not_an_amount)
{
    static const char *const bad[] = {"", ",", "1,", ",1", "1,23", "1234,567", "12a",
                                       "1.5", "99999999999999999999", "- 1", "１"};
    int64_t v = 42;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_expect_not(bc_amount_parse(bad[i], strlen(bad[i]), &v), "'%s' should not parse", bad[i]);
        cr_expect_eq(v, 42);
    }
}

BC_TEST(amount, formats_with_separators)
{
    char buf[32];
    bc_amount_format(151486, buf, sizeof buf);
    cr_assert_str_eq(buf, "151,486");
    bc_amount_format(-1000, buf, sizeof buf);
    cr_assert_str_eq(buf, "-1,000");
    bc_amount_format(0, buf, sizeof buf);
    cr_assert_str_eq(buf, "0");
    bc_amount_format(INT64_MIN + 1, buf, sizeof buf);
    cr_assert_str_eq(buf, "-9,223,372,036,854,775,807");
}

static void expect_normal(const char *in, const char *want)
{
    char *out = NULL;
    cr_assert_eq(bc_text_normalize(in, strlen(in), &out, NULL), BC_OK);
    cr_expect_str_eq(out, want);
    free(out);
}

BC_TEST(text, maps_radicals_and_vertical_colon_only)
{
    expect_normal("区⺠保養施設", "区民保養施設");          /* U+2EA0 supplement */
    expect_normal("⽀援部", "支援部");                       /* U+2F40 Kangxi */
    expect_normal("区⻑室", "区長室");                       /* U+2ED1 */
    expect_normal("対象者︓全庁", "対象者：全庁");           /* U+FE13 */
    expect_normal("１（２）ＲＰＡ", "１（２）ＲＰＡ");         /* not NFKC */
    expect_normal("区民", "区民");                           /* already unified */
}

BC_TEST(text, rejects_invalid_utf8)
{
    char *out = NULL;
    cr_expect_eq(bc_text_normalize("a\xff", 2, &out, NULL), BC_ERR_DATA);
    cr_expect_null(out);
    cr_expect_not(bc_utf8_valid("\xc0\x80", 2, NULL)); /* overlong NUL */
    cr_expect_not(bc_utf8_valid("\xed\xa0\x80", 3, NULL)); /* surrogate */
}

BC_TEST(text, display_width_counts_wide_as_two)
{
    cr_expect_eq(bc_text_display_width("abc", 3, false), 3);
    cr_expect_eq(bc_text_display_width("事業名", strlen("事業名"), false), 6);
    cr_expect_eq(bc_text_display_width("ab\ncdef", 7, true), 2);
}

BC_TEST(record, owns_what_it_is_given)
{
    bc_record *rec = bc_record_new();
    cr_assert_not_null(rec);
    char title[] = "事業";
    cr_assert_eq(bc_record_set_text(rec, BC_F_TITLE, title), BC_OK);
    title[0] = 'x';
    cr_expect_str_eq(bc_record_text(rec, BC_F_TITLE), "事業");
    cr_assert_eq(bc_record_add_line_item(rec, BC_ITEM_SUBTOTAL, NULL, "A", 10, 10, BC_AMOUNT_NULL), BC_OK);
    cr_assert_eq(bc_record_add_line_item(rec, BC_ITEM_ITEM, "A", "b", 10, 9, BC_AMOUNT_NULL), BC_OK);
    cr_assert_eq(bc_record_add_funding(rec, BC_FUND_GENERAL, "一般財源", NULL, 9), BC_OK);
    cr_assert_eq(bc_record_list_append(rec, BC_L_LAWS, "地方税法"), BC_OK);
    cr_expect_eq(rec->line_item_count, 2);
    cr_expect_str_eq(rec->line_items[1].group, "A");
    cr_expect_eq(rec->list[BC_L_LAWS].count, 1);
    bc_record_free(rec);
}
