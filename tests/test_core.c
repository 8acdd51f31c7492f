/* Core helpers: amounts, text normalisation, the record model, the people's
 * tables, arithmetic checks, option contexts and line input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <utf8proc.h>

#include <budgetconv/budgetconv.h>

#include "context.h"
#include "input.h"
#include "leak_check.h"

/* ------------------------------------------------------------------------ */
/* Amounts                                                                    */

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

/* ------------------------------------------------------------------------ */
/* Text                                                                       */

static void expect_normal(const char *in, const char *want)
{
    char *out = NULL;
    size_t len = 12345;
    cr_assert_eq(bc_text_normalize(in, strlen(in), &out, &len), BC_OK, "'%s'", in);
    cr_expect_str_eq(out, want);
    cr_expect_eq(len, strlen(want));
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
    expect_normal("", "");
    expect_normal("abc\n", "abc\n");
}

/* What bc_text_normalize() makes of the one character `cp`. */
static int32_t canonical_char(int32_t cp)
{
    char in[4], *out = NULL;
    size_t len = 0, size = 0;
    cr_assert_eq(bc_text_normalize(in, bc_utf8_encode(cp, in), &out, &len), BC_OK, "U+%04X",
                 (unsigned)cp);
    int32_t c = bc_utf8_decode(out, len, &size);
    cr_expect_eq(size, len, "U+%04X became one character", (unsigned)cp);
    free(out);
    return c;
}

BC_TEST(text, radical_block_edges)
{
    cr_expect_eq(canonical_char(0x2E7F), 0x2E7F); /* before the blocks */
    cr_expect_eq(canonical_char(0x2E80), 0x2E80); /* CJK RADICAL REPEAT: no ideograph */
    cr_expect_eq(canonical_char(0x2E81), 0x5382);
    cr_expect_eq(canonical_char(0x2E9A), 0x2E9A); /* unassigned */
    cr_expect_eq(canonical_char(0x2F00), 0x4E00); /* KANGXI RADICAL ONE */
    cr_expect_eq(canonical_char(0x2FD5), 0x9FA0); /* KANGXI RADICAL FLUTE */
    cr_expect_eq(canonical_char(0x2FD6), 0x2FD6); /* unassigned */
    cr_expect_eq(canonical_char(0x2FE0), 0x2FE0); /* after the blocks */
    cr_expect_eq(canonical_char(0xFE13), 0xFF1A);
    cr_expect_eq(canonical_char(0xFE14), 0xFE14);
    cr_expect_eq(canonical_char(0xFF11), 0xFF11); /* １ stays */
}

BC_TEST(text, radical_may_grow_to_four_bytes)
{
    /* U+2E91 CJK RADICAL LAME FOUR is U+21BC2, outside the BMP: every
     * 3-byte radical becomes 4 bytes, the worst case for the buffer. */
    expect_normal("⺑", "\xF0\xA1\xAF\x82");
    expect_normal("⺑⺑⺑⺑⺑⺑⺑", "\xF0\xA1\xAF\x82\xF0\xA1\xAF\x82\xF0\xA1\xAF\x82"
                              "\xF0\xA1\xAF\x82\xF0\xA1\xAF\x82\xF0\xA1\xAF\x82"
                              "\xF0\xA1\xAF\x82");
}

BC_TEST(text, normalize_reads_only_len_bytes)
{
    char *out = NULL;
    cr_assert_eq(bc_text_normalize("⺠⺠", 3, &out, NULL), BC_OK);
    cr_expect_str_eq(out, "民");
    free(out);
}

BC_TEST(text, rejects_invalid_utf8)
{
    static const char *const bad[] = {"a\xff", "\xc0\x80", "\xed\xa0\x80", "\xe2\xbd",
                                       "\xf4\x90\x80\x80", "\x80", "\xf8\x88\x80\x80\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *out = NULL;
        cr_expect_eq(bc_text_normalize(bad[i], strlen(bad[i]), &out, NULL), BC_ERR_DATA,
                     "case %zu", i);
        cr_expect_null(out);
        size_t at = 99;
        cr_expect_not(bc_utf8_valid(bad[i], strlen(bad[i]), &at), "case %zu", i);
        cr_expect_eq(at, i == 0 ? 1 : 0, "case %zu", i);
    }
}

BC_TEST(text, valid_utf8_and_nul)
{
    size_t at = 99;
    cr_expect(bc_utf8_valid("予算 ok", strlen("予算 ok"), &at));
    cr_expect_eq(at, 99, "untouched on success");
    cr_expect_not(bc_utf8_valid("ab\0c", 4, &at));
    cr_expect_eq(at, 2);
}

BC_TEST(text, decode_and_encode_round_trip)
{
    static const int32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF,
                                  0x10000, 0x21BC2, 0x10FFFF};
    static const size_t sizes[] = {1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        char buf[4];
        size_t n = bc_utf8_encode(cps[i], buf), got = 0;
        cr_assert_eq(n, sizes[i], "U+%04X", (unsigned)cps[i]);
        cr_expect_eq(bc_utf8_decode(buf, n, &got), cps[i]);
        cr_expect_eq(got, n);
        cr_expect_eq(bc_utf8_decode(buf, n - 1, &got), -1, "truncated");
    }
    char buf[4];
    cr_expect_eq(bc_utf8_encode(0xD800, buf), 0);
    cr_expect_eq(bc_utf8_encode(0x110000, buf), 0);
    cr_expect_eq(bc_utf8_encode(-1, buf), 0);
}

BC_TEST(text, display_width_counts_wide_as_two)
{
    cr_expect_eq(bc_text_display_width("abc", 3, false), 3);
    cr_expect_eq(bc_text_display_width("事業名", strlen("事業名"), false), 6);
    cr_expect_eq(bc_text_display_width("ab\ncdef", 7, true), 2);
    cr_expect_eq(bc_text_display_width("ＲＰＡ1", strlen("ＲＰＡ1"), false), 7);
    cr_expect_eq(bc_text_display_width("e\xCC\x81", 3, false), 1, "combining mark is 0");
    cr_expect_eq(bc_text_display_width("a\xff" "b", 3, false), 3, "invalid byte counts 1");
}

BC_TEST(text, display_width_agrees_with_utf8proc_everywhere)
{
    /* the common wide characters are measured without asking utf8proc */
    char buf[4];
    for (int32_t cp = 0x20; cp <= 0x10FFFF; cp++) {
        size_t n = bc_utf8_encode(cp, buf);
        if (n == 0)
            continue;
        int w = utf8proc_charwidth(cp);
        size_t want = w < 0 ? 0 : (size_t)w;
        if (bc_text_display_width(buf, n, false) != want)
            cr_assert_fail("U+%04X: %zu cells, utf8proc says %zu", (unsigned)cp,
                           bc_text_display_width(buf, n, false), want);
    }
}

BC_TEST(text, three_byte_sequences_checked_by_definition)
{
    /* valid: two continuation bytes, at least U+0800, no surrogate */
    static const unsigned char thirds[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (unsigned lead = 0xE0; lead <= 0xEF; lead++)
        for (unsigned second = 0; second <= 0xFF; second++)
            for (size_t k = 0; k < sizeof thirds; k++) {
                unsigned char u[3] = {(unsigned char)lead, (unsigned char)second, thirds[k]};
                int32_t cp = (int32_t)(((lead & 0x0F) << 12) | ((second & 0x3F) << 6) |
                                       (thirds[k] & 0x3F));
                bool want = (second & 0xC0) == 0x80 && (thirds[k] & 0xC0) == 0x80 &&
                            cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
                size_t n, bad = 9;
                char *norm = NULL;
                bc_status st = bc_text_normalize((const char *)u, 3, &norm, NULL);
                if (bc_utf8_valid((const char *)u, 3, &bad) != want ||
                    (bc_utf8_decode((const char *)u, 3, &n) >= 0) != want ||
                    (st == BC_OK) != want || (!want && bad != 0))
                    cr_assert_fail("%02X %02X %02X: valid should be %d", lead, second,
                                   thirds[k], want);
                cr_expect(!want || (norm != NULL && memcmp(norm, u, 3) == 0) ||
                              (lead == 0xE2 || lead == 0xEF),
                          "kept as it is");
                free(norm);
            }
}

BC_TEST(text, strdup_helpers)
{
    cr_expect_null(bc_strdup(NULL));
    char *s = bc_strndup("予算額", 3);
    cr_expect_str_eq(s, "予");
    free(s);
    cr_expect_null(bc_strndup("x", SIZE_MAX));
}

/* ------------------------------------------------------------------------ */
/* The record                                                                 */

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
    cr_expect_null(rec->line_items[0].group);
    cr_expect_eq(rec->list[BC_L_LAWS].count, 1);
    bc_record_free(rec);
    bc_record_free(NULL);
}

BC_TEST(record, starts_and_clears_to_not_stated)
{
    bc_record rec;
    memset(&rec, 0x5a, sizeof rec);
    bc_record_init(&rec);
    for (int round = 0; round < 2; round++) {
        cr_expect_eq(rec.no, BC_AMOUNT_NULL);
        cr_expect_eq(rec.fiscal_year, BC_AMOUNT_NULL);
        cr_expect_eq(rec.total.requested, BC_AMOUNT_NULL);
        cr_expect_eq(rec.total.budgeted, BC_AMOUNT_NULL);
        cr_expect_eq(rec.total.budgeted_specific, BC_AMOUNT_NULL);
        for (int f = 0; f < BC_TEXT_FIELD_COUNT; f++)
            cr_expect_null(rec.text[f]);
        cr_expect_eq(rec.line_item_count + rec.funding_count + rec.list[BC_L_PLANS].count, 0);
        cr_expect_null(rec.source.file);
        /* Fill it past every initial capacity, then clear. */
        rec.no = 59;
        for (int i = 0; i < 9; i++) {
            cr_assert_eq(bc_record_add_line_item(&rec, BC_ITEM_ITEM, "g", "l", i, i, i), BC_OK);
            cr_assert_eq(bc_record_add_funding(&rec, BC_FUND_NATIONAL, "国", "d", i), BC_OK);
            cr_assert_eq(bc_record_list_append(&rec, BC_L_PLANS, NULL), BC_OK);
        }
        cr_expect_str_eq(rec.list[BC_L_PLANS].items[8], "", "NULL appends as empty");
        cr_assert_eq(bc_record_set_text(&rec, BC_F_FUND, "会計"), BC_OK);
        cr_assert_eq(bc_record_set_source(&rec, "book.txt", 12), BC_OK);
        cr_assert_eq(bc_record_set_source(&rec, "other.txt", 40), BC_OK);
        cr_expect_str_eq(rec.source.file, "other.txt");
        cr_expect_eq(rec.source.line, 40);
        bc_record_clear(&rec);
    }
    bc_record_clear(NULL);
}

BC_TEST(record, text_setters)
{
    bc_record rec;
    bc_record_init(&rec);
    cr_assert_eq(bc_record_set_textn(&rec, BC_F_TITLE, "区民保養施設", 6), BC_OK);
    cr_expect_str_eq(bc_record_text(&rec, BC_F_TITLE), "区民");
    cr_assert_eq(bc_record_set_text(&rec, BC_F_TITLE, NULL), BC_OK);
    cr_expect_null(bc_record_text(&rec, BC_F_TITLE));
    cr_expect_eq(bc_record_set_text(&rec, BC_TEXT_FIELD_COUNT, "x"), BC_ERR_SOFTWARE);
    cr_expect_null(bc_record_text(&rec, BC_TEXT_FIELD_COUNT));
    cr_expect_eq(bc_record_list_append(&rec, BC_LIST_FIELD_COUNT, "x"), BC_ERR_SOFTWARE);
    bc_record_clear(&rec);
}

BC_TEST(record, field_descriptions)
{
    for (int f = 0; f < BC_TEXT_FIELD_COUNT; f++) {
        const bc_field_info *fi = bc_text_field_info((bc_text_field)f);
        cr_assert_not_null(fi);
        cr_expect(fi->key != NULL && fi->name_en != NULL && fi->name_ja != NULL, "field %d", f);
    }
    cr_expect_str_eq(bc_text_field_info(BC_F_BUREAU)->key, "department.bureau");
    cr_expect_str_eq(bc_text_field_info(BC_F_BUREAU)->name_en, "bureau");
    cr_expect_str_eq(bc_list_field_info(BC_L_LAWS)->key, "laws");
    cr_expect_null(bc_text_field_info(BC_TEXT_FIELD_COUNT));
    cr_expect_null(bc_text_field_info((bc_text_field)-1));
    cr_expect_null(bc_list_field_info(BC_LIST_FIELD_COUNT));
}

BC_TEST(record, fund_sources_round_trip)
{
    static const char *const keys[] = {"national", "metropolitan", "other_specific", "general"};
    static const char *const labels[] = {"国庫支出金", "都支出金", "その他特財", "一般財源"};
    for (int s = 0; s < BC_FUND_SOURCE_COUNT; s++) {
        bc_fund_source back = BC_FUND_SOURCE_COUNT;
        cr_expect_str_eq(bc_fund_source_key((bc_fund_source)s), keys[s]);
        cr_expect_str_eq(bc_fund_source_label((bc_fund_source)s), labels[s]);
        cr_expect(bc_fund_source_from_key(keys[s], &back));
        cr_expect_eq(back, (bc_fund_source)s);
    }
    bc_fund_source unchanged = BC_FUND_GENERAL;
    cr_expect_not(bc_fund_source_from_key("General", &unchanged));
    cr_expect_not(bc_fund_source_from_key(NULL, &unchanged));
    cr_expect_eq(unchanged, BC_FUND_GENERAL);
    cr_expect_null(bc_fund_source_key(BC_FUND_SOURCE_COUNT));
    cr_expect_null(bc_fund_source_label(BC_FUND_SOURCE_COUNT));
}

BC_TEST(record, funding_amount_sums_one_source)
{
    bc_record rec;
    bc_record_init(&rec);
    bool present = true;
    cr_expect_eq(bc_record_funding_amount(&rec, BC_FUND_METROPOLITAN, &present), 0);
    cr_expect_not(present);
    bc_record_add_funding(&rec, BC_FUND_METROPOLITAN, "都支出金", "都民税(個人分)徴収事務", 300);
    bc_record_add_funding(&rec, BC_FUND_GENERAL, "一般財源", NULL, 7);
    bc_record_add_funding(&rec, BC_FUND_METROPOLITAN, "都支出金", NULL, 20);
    bc_record_add_funding(&rec, BC_FUND_METROPOLITAN, "都支出金", NULL, BC_AMOUNT_NULL);
    cr_expect_eq(bc_record_funding_amount(&rec, BC_FUND_METROPOLITAN, &present), 320);
    cr_expect(present);
    cr_expect_eq(bc_record_funding_amount(&rec, BC_FUND_NATIONAL, NULL), 0);
    bc_record_clear(&rec);
}

BC_TEST(error, set_and_clear)
{
    bc_error err;
    cr_expect_eq(bc_error_set(&err, BC_ERR_DATA, "book.txt", 12, "bad %s %d", "row", 3),
                 BC_ERR_DATA);
    cr_expect_eq(err.code, BC_ERR_DATA);
    cr_expect_eq(err.line, 12);
    cr_expect_str_eq(err.file, "book.txt");
    cr_expect_str_eq(err.message, "bad row 3");
    bc_error_set(&err, BC_ERR_IO, NULL, 0, "%2000s", "long");
    cr_expect_str_eq(err.file, "");
    cr_expect_eq(strlen(err.message), sizeof err.message - 1, "truncated to fit");
    bc_error_clear(&err);
    cr_expect_eq(err.code, BC_OK);
    cr_expect_str_eq(err.message, "");
    cr_expect_eq(bc_error_set(NULL, BC_ERR_USAGE, NULL, 0, "x"), BC_ERR_USAGE);
    bc_error_clear(NULL);
    cr_expect_str_eq(bc_strerror(BC_ERR_CANTCREAT), "cannot create output");
    cr_expect_str_eq(bc_strerror((bc_status)12345), "unknown error");
    cr_expect_neq(bc_version()[0], '\0');
}

/* ------------------------------------------------------------------------ */
/* The people's tables                                                        */

/* The headers issue 4 asks for, spelled out rather than read from the
 * library's own field descriptions. */
static const char *const projects_ja[] = {
    "NO", "事業名", "所管部", "所管課", "款", "会計", "要求区分", "要求額", "予算額", "うち特財",
    "国庫支出金", "都支出金", "その他特財", "一般財源", "事務事業評価", "事業説明文",
    "背景、区民ニーズ、現状課題等", "要求する事業内容", "事業実施で得られる成果",
    "国・都・特別区等の動向や取組状況", "基本計画・個別計画", "関連する法令・条例等",
    "実施に向けた財源確保", "スケジュール", "事業実施に伴う将来コスト", "編成の考え方",
    "債務負担行為", NULL};
static const char *const projects_en[] = {
    "no", "title", "bureau", "division", "account", "fund", "request_type", "requested",
    "budgeted", "budgeted_specific", "national", "metropolitan", "other_specific", "general",
    "evaluation", "description", "background", "request_details", "expected_outcomes",
    "peer_trends", "plans", "laws", "funding_plan", "schedule", "future_costs",
    "budget_rationale", "debt_burden", NULL};
static const char *const items_ja[] = {"NO", "事業名", "区分", "種別", "内容",
                                       "要求額", "予算額", "うち特財", NULL};
static const char *const items_en[] = {"no", "title", "group", "kind", "label",
                                       "requested", "budgeted", "budgeted_specific", NULL};
static const char *const funding_ja[] = {"NO", "事業名", "財源", "内容", "金額", NULL};
static const char *const funding_en[] = {"no", "title", "source", "detail", "amount", NULL};

/* Amounts are the columns of money; NO is a number but not one. */
static bool is_money(const char *header)
{
    static const char *const money[] = {"要求額", "予算額", "うち特財", "国庫支出金", "都支出金",
                                        "その他特財", "一般財源", "金額"};
    for (size_t i = 0; i < sizeof money / sizeof *money; i++)
        if (strcmp(header, money[i]) == 0)
            return true;
    return false;
}

static void expect_headers(bc_table table, const char *const *ja, const char *const *en)
{
    size_t count = 0;
    const bc_column *cols = bc_table_columns(table, &count);
    cr_assert_not_null(cols);
    size_t want = 0;
    while (ja[want] != NULL)
        want++;
    cr_assert_eq(count, want, "table %d: %zu columns, expected %zu", (int)table, count, want);
    for (size_t i = 0; i < count; i++) {
        cr_expect_str_eq(bc_column_header(&cols[i], false), ja[i], "table %d column %zu",
                         (int)table, i);
        cr_expect_str_eq(bc_column_header(&cols[i], true), en[i], "table %d column %zu",
                         (int)table, i);
        cr_expect_eq(cols[i].amount, is_money(ja[i]), "table %d column %s", (int)table, ja[i]);
    }
}

static const bc_column *column_of(bc_table table, const char *header)
{
    size_t count;
    const bc_column *cols = bc_table_columns(table, &count);
    for (size_t i = 0; i < count; i++)
        if (strcmp(bc_column_header(&cols[i], false), header) == 0)
            return &cols[i];
    cr_assert_fail("no column %s", header);
    return NULL;
}

BC_TEST(table, columns_and_headers_of_each_table)
{
    expect_headers(BC_TABLE_PROJECTS, projects_ja, projects_en);
    expect_headers(BC_TABLE_ITEMS, items_ja, items_en);
    expect_headers(BC_TABLE_FUNDING, funding_ja, funding_en);
    size_t count = 42;
    cr_expect_null(bc_table_columns(BC_TABLE_COUNT, &count));
    cr_expect_eq(count, 0);
    cr_expect_null(bc_table_columns((bc_table)-1, &count));
    const bc_column nameless = {BC_COL_ITEM_LABEL, 0, NULL, NULL, false};
    const bc_column bad_field = {BC_COL_TEXT, BC_TEXT_FIELD_COUNT, NULL, NULL, false};
    cr_expect_null(bc_column_header(&nameless, false));
    cr_expect_null(bc_column_header(&bad_field, true));
}

BC_TEST(table, columns_name_the_field_they_show)
{
    const bc_column *laws = column_of(BC_TABLE_PROJECTS, "関連する法令・条例等");
    const bc_column *title = column_of(BC_TABLE_ITEMS, "事業名");
    cr_assert_not_null(bc_column_field(laws));
    cr_expect_str_eq(bc_column_field(laws)->key, "laws");
    cr_expect(bc_column_field(laws)->narrative);
    cr_assert_not_null(bc_column_field(title));
    cr_expect_str_eq(bc_column_field(title)->key, "title");
    cr_expect_not(bc_column_field(title)->narrative);
    cr_expect_null(bc_column_field(column_of(BC_TABLE_PROJECTS, "都支出金")));
    cr_expect_null(bc_column_field(column_of(BC_TABLE_FUNDING, "財源")));
    const bc_column bad_list = {BC_COL_LIST, BC_LIST_FIELD_COUNT, "x", "x", false};
    cr_expect_null(bc_column_field(&bad_list));
}

BC_TEST(table, item_kind_names)
{
    cr_expect_str_eq(bc_item_kind_name(BC_ITEM_SUBTOTAL, false), "小計");
    cr_expect_str_eq(bc_item_kind_name(BC_ITEM_ITEM, false), "明細");
    cr_expect_str_eq(bc_item_kind_name(BC_ITEM_SUBTOTAL, true), "subtotal");
    cr_expect_str_eq(bc_item_kind_name(BC_ITEM_ITEM, true), "item");
    cr_expect_null(bc_item_kind_name((bc_item_kind)7, false));
}

/* NO 61 of the sample, cut down: one group with its subtotal, funding from
 * two sources of which one is printed without a label. */
static void sample_record(bc_record *rec)
{
    bc_record_init(rec);
    rec->no = 61;
    rec->total.requested = 3523;
    rec->total.budgeted = 3000;
    cr_assert_eq(bc_record_set_text(rec, BC_F_TITLE, "収納率向上対策"), BC_OK);
    cr_assert_eq(bc_record_list_append(rec, BC_L_LAWS, "地方税法"), BC_OK);
    cr_assert_eq(bc_record_list_append(rec, BC_L_LAWS, "国民健康保険法"), BC_OK);
    cr_assert_eq(bc_record_add_line_item(rec, BC_ITEM_SUBTOTAL, NULL, "レベルアップ分",
                                         3523, 3000, 3523), BC_OK);
    cr_assert_eq(bc_record_add_line_item(rec, BC_ITEM_ITEM, "レベルアップ分", "SMS経費",
                                         2863, BC_AMOUNT_NULL, 2863), BC_OK);
    cr_assert_eq(bc_record_add_funding(rec, BC_FUND_METROPOLITAN, "都支出金", "徴収事務", 300),
                 BC_OK);
    cr_assert_eq(bc_record_add_funding(rec, BC_FUND_OTHER_SPECIFIC, NULL, NULL, 20), BC_OK);
    cr_assert_eq(bc_record_add_funding(rec, BC_FUND_METROPOLITAN, "都支出金", NULL, 5), BC_OK);
}

/* Reads the cell of column `header` of `table`, which must succeed. */
static const bc_cell *read_cell(bc_table table, const char *header, const bc_record *rec,
                                size_t row, bool english, bc_cell *cell)
{
    cr_assert_eq(bc_column_cell(column_of(table, header), rec, row, english, cell), BC_OK,
                 "%s row %zu", header, row);
    return cell;
}

static void expect_null(bc_table table, const char *header, const bc_record *rec, size_t row,
                        bc_cell *cell)
{
    cr_expect_eq(read_cell(table, header, rec, row, false, cell)->type, BC_VALUE_NULL,
                 "%s row %zu should be null", header, row);
    cr_expect_null(cell->text);
}

static void expect_integer(bc_table table, const char *header, const bc_record *rec,
                           size_t row, int64_t want, bc_cell *cell)
{
    cr_expect_eq(read_cell(table, header, rec, row, false, cell)->type, BC_VALUE_INTEGER,
                 "%s row %zu should be an integer", header, row);
    cr_expect_eq(cell->integer, want, "%s row %zu", header, row);
}

static void expect_text(bc_table table, const char *header, const bc_record *rec, size_t row,
                        bool english, const char *want, bc_cell *cell)
{
    cr_assert_eq(read_cell(table, header, rec, row, english, cell)->type, BC_VALUE_TEXT,
                 "%s row %zu should be text", header, row);
    cr_expect_str_eq(cell->text, want, "%s row %zu", header, row);
    cr_expect_eq(cell->len, strlen(want), "%s row %zu", header, row);
}

BC_TEST(table, project_cells)
{
    bc_record rec;
    sample_record(&rec);
    bc_cell cell = {0};
    expect_integer(BC_TABLE_PROJECTS, "NO", &rec, 0, 61, &cell);
    expect_text(BC_TABLE_PROJECTS, "事業名", &rec, 0, false, "収納率向上対策", &cell);
    expect_null(BC_TABLE_PROJECTS, "所管部", &rec, 0, &cell);
    expect_integer(BC_TABLE_PROJECTS, "要求額", &rec, 0, 3523, &cell);
    expect_integer(BC_TABLE_PROJECTS, "予算額", &rec, 0, 3000, &cell);
    expect_null(BC_TABLE_PROJECTS, "うち特財", &rec, 0, &cell);
    /* Two 都支出金 rows add up; a source without rows is null, not 0. */
    expect_integer(BC_TABLE_PROJECTS, "都支出金", &rec, 0, 305, &cell);
    expect_integer(BC_TABLE_PROJECTS, "その他特財", &rec, 0, 20, &cell);
    expect_null(BC_TABLE_PROJECTS, "国庫支出金", &rec, 0, &cell);
    expect_text(BC_TABLE_PROJECTS, "関連する法令・条例等", &rec, 0, false,
                "地方税法\n国民健康保険法", &cell);
    expect_null(BC_TABLE_PROJECTS, "基本計画・個別計画", &rec, 0, &cell);
    /* Record-level cells do not depend on the row. */
    expect_integer(BC_TABLE_PROJECTS, "NO", &rec, 99, 61, &cell);
    bc_cell_clear(&cell);
    bc_record_clear(&rec);
}

BC_TEST(table, item_cells)
{
    bc_record rec;
    sample_record(&rec);
    bc_cell cell = {0};
    expect_integer(BC_TABLE_ITEMS, "NO", &rec, 1, 61, &cell);
    expect_text(BC_TABLE_ITEMS, "事業名", &rec, 1, false, "収納率向上対策", &cell);
    expect_null(BC_TABLE_ITEMS, "区分", &rec, 0, &cell);
    expect_text(BC_TABLE_ITEMS, "区分", &rec, 1, false, "レベルアップ分", &cell);
    expect_text(BC_TABLE_ITEMS, "種別", &rec, 0, false, "小計", &cell);
    expect_text(BC_TABLE_ITEMS, "種別", &rec, 1, false, "明細", &cell);
    expect_text(BC_TABLE_ITEMS, "種別", &rec, 0, true, "subtotal", &cell);
    expect_text(BC_TABLE_ITEMS, "種別", &rec, 1, true, "item", &cell);
    expect_text(BC_TABLE_ITEMS, "内容", &rec, 1, false, "SMS経費", &cell);
    expect_integer(BC_TABLE_ITEMS, "要求額", &rec, 1, 2863, &cell);
    expect_null(BC_TABLE_ITEMS, "予算額", &rec, 1, &cell);
    expect_integer(BC_TABLE_ITEMS, "予算額", &rec, 0, 3000, &cell);
    expect_integer(BC_TABLE_ITEMS, "うち特財", &rec, 1, 2863, &cell);
    /* Past the last item every item cell is null. */
    expect_null(BC_TABLE_ITEMS, "種別", &rec, 2, &cell);
    expect_null(BC_TABLE_ITEMS, "要求額", &rec, SIZE_MAX, &cell);
    bc_cell_clear(&cell);
    bc_record_clear(&rec);
}

BC_TEST(table, funding_cells)
{
    bc_record rec;
    sample_record(&rec);
    bc_cell cell = {0};
    expect_text(BC_TABLE_FUNDING, "財源", &rec, 0, false, "都支出金", &cell);
    expect_text(BC_TABLE_FUNDING, "財源", &rec, 0, true, "metropolitan", &cell);
    /* Without a printed label the source's own name stands in. */
    expect_text(BC_TABLE_FUNDING, "財源", &rec, 1, false, "その他特財", &cell);
    expect_text(BC_TABLE_FUNDING, "財源", &rec, 1, true, "other_specific", &cell);
    expect_text(BC_TABLE_FUNDING, "内容", &rec, 0, false, "徴収事務", &cell);
    expect_null(BC_TABLE_FUNDING, "内容", &rec, 1, &cell);
    expect_integer(BC_TABLE_FUNDING, "金額", &rec, 2, 5, &cell);
    expect_null(BC_TABLE_FUNDING, "金額", &rec, 3, &cell);
    expect_null(BC_TABLE_FUNDING, "財源", &rec, 3, &cell);
    bc_cell_clear(&cell);
    bc_record_clear(&rec);
}

BC_TEST(table, lists_keep_empty_items_and_the_buffer_is_reused)
{
    bc_record rec;
    bc_record_init(&rec);
    const bc_column plans = {BC_COL_LIST, BC_L_PLANS, NULL, NULL, false};
    bc_cell cell = {0};
    /* One empty item is an empty text, not null: it was stated. */
    cr_assert_eq(bc_record_list_append(&rec, BC_L_PLANS, ""), BC_OK);
    cr_assert_eq(bc_column_cell(&plans, &rec, 0, false, &cell), BC_OK);
    cr_expect_eq(cell.type, BC_VALUE_TEXT);
    cr_expect_str_eq(cell.text, "");
    cr_expect_eq(cell.len, 0);
    for (int i = 0; i < 100; i++)
        cr_assert_eq(bc_record_list_append(&rec, BC_L_PLANS, "基本計画"), BC_OK);
    cr_assert_eq(bc_column_cell(&plans, &rec, 0, false, &cell), BC_OK);
    cr_expect_eq(cell.len, 100 * (strlen("基本計画") + 1));
    cr_expect_eq(cell.text[0], '\n');
    const char *big = cell.text;
    bc_string_list_clear(&rec.list[BC_L_PLANS]);
    cr_assert_eq(bc_record_list_append(&rec, BC_L_PLANS, "a"), BC_OK);
    cr_assert_eq(bc_record_list_append(&rec, BC_L_PLANS, "b"), BC_OK);
    cr_assert_eq(bc_column_cell(&plans, &rec, 0, true, &cell), BC_OK);
    cr_expect_str_eq(cell.text, "a\nb");
    cr_expect_eq(cell.text, big, "a shorter list reuses the cell's buffer");
    bc_cell_clear(&cell);
    cr_expect_null(cell.buf);
    cr_expect_eq(cell.type, BC_VALUE_NULL);
    bc_cell_clear(NULL);
    bc_record_clear(&rec);
}

BC_TEST(table, columns_out_of_range_are_refused)
{
    bc_record rec;
    sample_record(&rec);
    static const bc_column bad[] = {
        {BC_COL_TEXT, BC_TEXT_FIELD_COUNT, "x", "x", false},
        {BC_COL_TEXT, -1, "x", "x", false},
        {BC_COL_LIST, BC_LIST_FIELD_COUNT, "x", "x", false},
        {BC_COL_TOTAL, 3, "x", "x", true},
        {BC_COL_ITEM_AMOUNT, -1, "x", "x", true},
        {BC_COL_FUND_SUM, BC_FUND_SOURCE_COUNT, "x", "x", true},
        {(bc_column_kind)99, 0, "x", "x", false},
    };
    bc_cell cell = {0};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cell.type = BC_VALUE_INTEGER;
        cr_expect_eq(bc_column_cell(&bad[i], &rec, 0, false, &cell), BC_ERR_USAGE, "column %zu", i);
        cr_expect_eq(cell.type, BC_VALUE_NULL, "column %zu", i);
    }
    bc_cell_clear(&cell);
    bc_record_clear(&rec);
}

/* ------------------------------------------------------------------------ */
/* Arithmetic checks                                                          */

/* A consistent sheet: two groups, a total, and funding rows that match.
 *   A 小計 100 ⇒ 90 (20):  a1 60 ⇒ 50 (20), a2 40 ⇒ 40
 *   B 小計  50 ⇒ 50:       b1 50 ⇒ 50
 *   合計   150 ⇒ 140 (20); 財源: 国庫支出金 20, 一般財源 120 */
static void consistent_record(bc_record *rec)
{
    bc_record_init(rec);
    rec->no = 59;
    bc_record_add_line_item(rec, BC_ITEM_SUBTOTAL, NULL, "A", 100, 90, 20);
    bc_record_add_line_item(rec, BC_ITEM_ITEM, "A", "a1", 60, 50, 20);
    bc_record_add_line_item(rec, BC_ITEM_ITEM, "A", "a2", 40, 40, BC_AMOUNT_NULL);
    bc_record_add_line_item(rec, BC_ITEM_SUBTOTAL, NULL, "B", 50, 50, BC_AMOUNT_NULL);
    bc_record_add_line_item(rec, BC_ITEM_ITEM, "B", "b1", 50, 50, BC_AMOUNT_NULL);
    rec->total = (bc_total){150, 140, 20};
    bc_record_add_funding(rec, BC_FUND_NATIONAL, "国庫支出金", NULL, 20);
    bc_record_add_funding(rec, BC_FUND_GENERAL, "一般財源", NULL, 120);
}

typedef struct reports {
    size_t count;
    char last[512];
} reports;

static void collect(void *user, const char *message)
{
    reports *r = user;
    r->count++;
    snprintf(r->last, sizeof r->last, "%s", message);
}

static reports run_check(const bc_record *rec)
{
    reports r = {0, ""};
    size_t n = bc_record_check(rec, collect, &r);
    cr_expect_eq(n, r.count, "return value is the number of reports");
    return r;
}

BC_TEST(check, consistent_record_gives_no_report)
{
    bc_record rec;
    consistent_record(&rec);
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 0, "unexpected: %s", r.last);
    bc_record_clear(&rec);
}

BC_TEST(check, items_without_subtotals_sum_to_the_total)
{
    bc_record rec;
    bc_record_init(&rec);
    rec.no = 60;
    bc_record_add_line_item(&rec, BC_ITEM_ITEM, NULL, "x", 4001, BC_AMOUNT_NULL, BC_AMOUNT_NULL);
    bc_record_add_line_item(&rec, BC_ITEM_ITEM, NULL, "y", 999, BC_AMOUNT_NULL, BC_AMOUNT_NULL);
    rec.total.requested = 5000;
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 0, "unexpected: %s", r.last);
    rec.total.requested = 5001;
    r = run_check(&rec);
    cr_expect_eq(r.count, 1);
    cr_expect_str_eq(r.last, "NO 60: requested total is 5001 but its parts sum to 5000");
    bc_record_clear(&rec);
}

BC_TEST(check, empty_record_gives_no_report)
{
    bc_record rec;
    bc_record_init(&rec);
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 0, "unexpected: %s", r.last);
}

/* One way of breaking the consistent record, and the one report it gives. */
typedef enum breakage {
    ITEM_REQUESTED,
    ITEM_BUDGETED,
    ITEM_SPECIFIC,
    TOTAL_REQUESTED,
    TOTAL_BUDGETED,
    GENERAL_FUNDING,
    SPECIFIC_FUNDING,
} breakage;

typedef struct check_case {
    breakage what;
    char message[160];
} check_case;

ParameterizedTestParameters(check, each_mismatch_gives_one_report)
{
    static check_case cases[] = {
        {ITEM_REQUESTED, "NO 59: requested of subtotal \"A\" is 100 but its parts sum to 99"},
        {ITEM_BUDGETED, "NO 59: budgeted of subtotal \"B\" is 50 but its parts sum to 49"},
        {ITEM_SPECIFIC, "NO 59: specific of subtotal \"A\" is 20 but its parts sum to 19"},
        {TOTAL_REQUESTED, "NO 59: requested total is 151 but its parts sum to 150"},
        {TOTAL_BUDGETED, "NO 59: budgeted total (against funding rows) is 141 but its parts sum to 140"},
        {GENERAL_FUNDING, "NO 59: budgeted total (against funding rows) is 140 but its parts sum to 141"},
        {SPECIFIC_FUNDING, "NO 59: specific revenue (against specific funding rows) is 20 but its parts sum to 21"},
    };
    return cr_make_param_array(check_case, cases, sizeof cases / sizeof *cases);
}

BC_PARAM_TEST(check_case, c, check, each_mismatch_gives_one_report)
{
    bc_record rec;
    consistent_record(&rec);
    switch (c->what) {
    case ITEM_REQUESTED: rec.line_items[2].requested = 39; break;
    case ITEM_BUDGETED: rec.line_items[4].budgeted = 49; break;
    case ITEM_SPECIFIC: rec.line_items[1].budgeted_specific = 19; break;
    case TOTAL_REQUESTED: rec.total.requested = 151; break;
    /* The table still sums to 140; the funding rows no longer do. */
    case TOTAL_BUDGETED:
        rec.total.budgeted = 141;
        rec.line_items[3].budgeted = 51;
        rec.line_items[4].budgeted = 51;
        break;
    case GENERAL_FUNDING: rec.funding[1].amount = 121; break;
    /* Still 140 in all, but 21 of it specific. */
    case SPECIFIC_FUNDING:
        rec.funding[0].amount = 21;
        rec.funding[1].amount = 119;
        break;
    }
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 1, "got %zu reports, last: %s", r.count, r.last);
    cr_expect_str_eq(r.last, c->message);
    bc_record_clear(&rec);
}

BC_TEST(check, unstated_amounts_are_skipped)
{
    bc_record rec;
    consistent_record(&rec);
    rec.line_items[2].requested = BC_AMOUNT_NULL; /* a2 not stated: A = 60 */
    rec.line_items[0].requested = 60;
    rec.total.budgeted_specific = BC_AMOUNT_NULL;
    for (size_t i = 0; i < rec.line_item_count; i++)
        rec.line_items[i].budgeted_specific = BC_AMOUNT_NULL;
    rec.funding[0].source = BC_FUND_GENERAL;
    rec.total.requested = 110;
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 0, "unexpected: %s", r.last);
    bc_record_clear(&rec);
}

BC_TEST(check, huge_amounts_do_not_overflow)
{
    /* Two items of INT64_MAX wrap to -2 in int64 arithmetic; a total of -2
     * must not pass for their sum (and the sum must not be undefined). */
    bc_record rec;
    bc_record_init(&rec);
    rec.no = 61;
    bc_record_add_line_item(&rec, BC_ITEM_ITEM, NULL, "x", INT64_MAX, BC_AMOUNT_NULL, BC_AMOUNT_NULL);
    bc_record_add_line_item(&rec, BC_ITEM_ITEM, NULL, "y", INT64_MAX, BC_AMOUNT_NULL, BC_AMOUNT_NULL);
    rec.total.requested = -2;
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 1);
    cr_expect_str_eq(r.last, "NO 61: requested total is -2 but its parts sum to more than 9223372036854775807");
    bc_record_clear(&rec);
}

/* ------------------------------------------------------------------------ */
/* Option contexts                                                            */

static const bc_option_spec spec[] = {
    {"bom", BC_OPT_FLAG, NULL, NULL, "write a byte-order mark"},
    {"table", BC_OPT_CHOICE, "projects", "projects|items|full", "which table"},
    {"width", BC_OPT_INT, "80", NULL, "line width"},
    {"title", BC_OPT_STRING, NULL, NULL, "document title"},
    {NULL, 0, NULL, NULL, NULL},
};

typedef struct warning_log {
    size_t count;
    char text[256];
} warning_log;

static void log_warning(void *user, const char *file, long line, const char *message)
{
    warning_log *w = user;
    w->count++;
    snprintf(w->text, sizeof w->text, "%s:%ld: %s", file ? file : "(none)", line, message);
}

/* Sets `kv` and checks the outcome: `want_msg` NULL means it must succeed. */
static void expect_set(bc_context *ctx, const char *kv, const char *want_msg)
{
    bc_error err;
    bc_error_clear(&err);
    bc_status st = bc_context_set(ctx, kv, &err);
    if (want_msg == NULL) {
        cr_expect_eq(st, BC_OK, "'%s': %s", kv, err.message);
    } else {
        cr_expect_eq(st, BC_ERR_USAGE, "'%s' should be refused", kv);
        cr_expect_eq(err.code, BC_ERR_USAGE);
        cr_expect_str_eq(err.message, want_msg, "for '%s'", kv);
    }
}

BC_TEST(context, defaults_until_set)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    cr_assert_not_null(ctx);
    cr_expect_null(bc_context_option(ctx, "bom"));
    cr_expect_not(bc_context_flag(ctx, "bom"));
    cr_expect_str_eq(bc_context_option(ctx, "table"), "projects");
    cr_expect_str_eq(bc_context_option(ctx, "width"), "80");
    cr_expect_null(bc_context_option(ctx, "title"));
    cr_expect_null(bc_context_option(ctx, "nosuch"));
    bc_context_free(ctx);
    bc_context_free(NULL);
}

BC_TEST(context, flags)
{
    static const struct {
        const char *kv;
        bool on;
    } ok[] = {{"bom", true}, {"bom=no", false}, {"bom=yes", true}, {"bom=0", false},
              {"bom=1", true}, {"bom=false", false}, {"bom=true", true}};
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        expect_set(ctx, ok[i].kv, NULL);
        cr_expect_eq(bc_context_flag(ctx, "bom"), ok[i].on, "after %s", ok[i].kv);
    }
    expect_set(ctx, "bom=maybe", "option bom takes yes or no, not 'maybe'");
    expect_set(ctx, "bom=", "option bom takes yes or no, not ''");
    cr_expect(bc_context_flag(ctx, "bom"), "a refused value leaves the last one");
    bc_context_free(ctx);
}

BC_TEST(context, choices)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    expect_set(ctx, "table=items", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "table"), "items");
    expect_set(ctx, "table=full", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "table"), "full");
    expect_set(ctx, "table=item", "option table takes one of projects|items|full, not item");
    expect_set(ctx, "table=itemsx", "option table takes one of projects|items|full, not itemsx");
    expect_set(ctx, "table=", "option table takes one of projects|items|full, not ");
    expect_set(ctx, "table", "option table takes one of projects|items|full");
    cr_expect_str_eq(bc_context_option(ctx, "table"), "full");
    bc_context_free(ctx);
}

BC_TEST(context, integers)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    expect_set(ctx, "width=120", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "width"), "120");
    expect_set(ctx, "width=-3", NULL);
    static const char *const bad[] = {"width", "width=", "width=abc", "width=12x", "width=1.5",
                                       "width= 7", "width=99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_set(ctx, bad[i], "option width takes a whole number");
    cr_expect_str_eq(bc_context_option(ctx, "width"), "-3");
    bc_context_free(ctx);
}

BC_TEST(context, strings)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    expect_set(ctx, "title=予算 = 2020", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "title"), "予算 = 2020");
    expect_set(ctx, "title=", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "title"), "");
    expect_set(ctx, "title", "option title takes a value: -O title=VALUE");
    bc_context_free(ctx);
}

BC_TEST(context, unknown_keys_list_the_valid_ones)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    expect_set(ctx, "nope=1", "unknown option 'nope' (valid: bom, table, width, title)");
    expect_set(ctx, "bo", "unknown option 'bo' (valid: bom, table, width, title)");
    expect_set(ctx, "boms", "unknown option 'boms' (valid: bom, table, width, title)");
    expect_set(ctx, "=x", "unknown option '' (valid: bom, table, width, title)");
    bc_context_free(ctx);
    ctx = bc_context_new(NULL, NULL, NULL);
    expect_set(ctx, "bom", "unknown option 'bom' (valid: (none))");
    cr_expect_null(bc_context_option(ctx, "bom"));
    bc_context_free(ctx);
}

BC_TEST(context, list_keys_fits_the_buffer)
{
    char buf[64];
    bc_option_list_keys(spec, buf, sizeof buf);
    cr_expect_str_eq(buf, "bom, table, width, title");
    char small[8];
    bc_option_list_keys(spec, small, sizeof small);
    cr_expect_str_eq(small, "bom, ta");
    bc_option_list_keys(NULL, buf, sizeof buf);
    cr_expect_str_eq(buf, "(none)");
    cr_expect_eq(bc_option_find(spec, "width=3"), &spec[2]);
    cr_expect_null(bc_option_find(spec, "widt"));
}

BC_TEST(context, warnings_reach_the_host)
{
    warning_log w = {0, ""};
    bc_context *ctx = bc_context_new(spec, log_warning, &w);
    bc_context_warn(ctx, "book.txt", 7, "odd %s at %d", "row", 3);
    cr_expect_eq(w.count, 1);
    cr_expect_str_eq(w.text, "book.txt:7: odd row at 3");
    bc_context_warn(ctx, NULL, 0, "no place");
    cr_expect_str_eq(w.text, "(none):0: no place");
    bc_context_free(ctx);
    ctx = bc_context_new(spec, NULL, NULL);
    bc_context_warn(ctx, NULL, 0, "nobody listens");
    bc_context_free(ctx);
}

/* ------------------------------------------------------------------------ */
/* Line input                                                                 */

/* An input over a temporary file holding `len` bytes of `data`. */
static bc_input *input_of(const char *data, size_t len, FILE **fp)
{
    *fp = tmpfile();
    cr_assert_not_null(*fp);
    cr_assert_eq(fwrite(data, 1, len, *fp), len);
    rewind(*fp);
    bc_input *in = bc_input_from_stream(*fp, "mem.txt");
    cr_assert_not_null(in);
    return in;
}

static void close_input(bc_input *in, FILE *fp)
{
    bc_input_close(in);
    fclose(fp);
}

static void expect_line(bc_input *in, const char *want, size_t want_len, long lineno)
{
    const char *line = NULL;
    size_t len = 0;
    bc_error err;
    bc_error_clear(&err);
    cr_assert_eq(bc_input_getline(in, &line, &len, &err), BC_OK, "%s", err.message);
    cr_expect_eq(len, want_len);
    cr_expect_eq(memcmp(line, want, want_len), 0, "line %ld", lineno);
    cr_expect_eq(line[len], '\0', "NUL-terminated");
    cr_expect_eq(bc_input_line(in), lineno);
}

static void expect_end(bc_input *in)
{
    const char *line;
    size_t len;
    bc_error err;
    cr_expect_eq(bc_input_getline(in, &line, &len, &err), BC_END);
    cr_expect_eq(bc_input_getline(in, &line, &len, &err), BC_END, "stays at the end");
}

static void expect_data_error(bc_input *in, long lineno, const char *message)
{
    const char *line;
    size_t len;
    bc_error err;
    bc_error_clear(&err);
    cr_expect_eq(bc_input_getline(in, &line, &len, &err), BC_ERR_DATA);
    cr_expect_eq(err.code, BC_ERR_DATA);
    cr_expect_str_eq(err.file, "mem.txt");
    cr_expect_eq(err.line, lineno);
    cr_expect_str_eq(err.message, message);
}

BC_TEST(input, keeps_cr_of_crlf)
{
    FILE *fp;
    bc_input *in = input_of("NO 59\r\n\r\n予算\r\n", 16, &fp);
    expect_line(in, "NO 59\r", 6, 1);
    expect_line(in, "\r", 1, 2);
    expect_line(in, "予算\r", 7, 3);
    expect_end(in);
    cr_expect_str_eq(bc_input_name(in), "mem.txt");
    close_input(in, fp);
}

BC_TEST(input, last_line_without_newline)
{
    FILE *fp;
    bc_input *in = input_of("a\nbc", 4, &fp);
    expect_line(in, "a", 1, 1);
    expect_line(in, "bc", 2, 2);
    expect_end(in);
    close_input(in, fp);
}

BC_TEST(input, empty_input_and_empty_lines)
{
    FILE *fp;
    bc_input *in = input_of("", 0, &fp);
    expect_end(in);
    cr_expect_eq(bc_input_line(in), 0);
    close_input(in, fp);
    in = input_of("\n\n", 2, &fp);
    expect_line(in, "", 0, 1);
    expect_line(in, "", 0, 2);
    expect_end(in);
    close_input(in, fp);
}

BC_TEST(input, nul_byte_is_bad_data)
{
    FILE *fp;
    bc_input *in = input_of("ok\nx\0y\n", 7, &fp);
    expect_line(in, "ok", 2, 1);
    expect_data_error(in, 2, "NUL byte in text (is this a binary file?)");
    close_input(in, fp);
}

/* A file of `before` bytes of 'x', a newline, then "tail" without one. */
static char *long_line(size_t before, size_t *len)
{
    *len = before + 1 + 4;
    char *data = malloc(*len);
    cr_assert_not_null(data);
    memset(data, 'x', before);
    memcpy(data + before, "\ntail", 5);
    return data;
}

BC_TEST(input, longest_line_is_accepted)
{
    size_t len;
    char *data = long_line(BC_INPUT_MAX_LINE, &len);
    FILE *fp;
    bc_input *in = input_of(data, len, &fp);
    expect_line(in, data, BC_INPUT_MAX_LINE, 1);
    expect_line(in, "tail", 4, 2);
    expect_end(in);
    close_input(in, fp);
    free(data);
}

BC_TEST(input, overlong_line_is_bad_data)
{
    size_t len;
    char *data = long_line(BC_INPUT_MAX_LINE + 1, &len);
    FILE *fp;
    bc_input *in = input_of(data, len, &fp);
    expect_data_error(in, 1, "line longer than 1048576 bytes");
    close_input(in, fp);
    free(data);
}

BC_TEST(input, lines_across_buffer_refills)
{
    /* Lines of 1000 bytes straddle every 64 KiB refill of the buffer. */
    enum { LINES = 200, WIDTH = 1000 };
    char *data = malloc(LINES * (WIDTH + 1));
    cr_assert_not_null(data);
    for (size_t i = 0; i < LINES; i++) {
        memset(data + i * (WIDTH + 1), 'a' + (int)(i % 26), WIDTH);
        data[i * (WIDTH + 1) + WIDTH] = '\n';
    }
    FILE *fp;
    bc_input *in = input_of(data, LINES * (WIDTH + 1), &fp);
    for (size_t i = 0; i < LINES; i++)
        expect_line(in, data + i * (WIDTH + 1), WIDTH, (long)i + 1);
    expect_end(in);
    close_input(in, fp);
    free(data);
}

BC_TEST(input, peek_does_not_consume)
{
    FILE *fp;
    bc_input *in = input_of("NO 59\nabc", 9, &fp);
    const unsigned char *head;
    size_t len;
    bc_error err;
    cr_assert_eq(bc_input_peek(in, &head, &len, &err), BC_OK);
    cr_expect_eq(len, 9);
    cr_expect_eq(memcmp(head, "NO 59\nabc", 9), 0);
    expect_line(in, "NO 59", 5, 1);
    char buf[8];
    size_t got = 0;
    cr_assert_eq(bc_input_read(in, buf, sizeof buf, &got, &err), BC_OK);
    cr_expect_eq(got, 3);
    cr_expect_eq(memcmp(buf, "abc", 3), 0);
    cr_assert_eq(bc_input_read(in, buf, sizeof buf, &got, &err), BC_OK);
    cr_expect_eq(got, 0, "end of input");
    close_input(in, fp);
}

BC_TEST(input, peek_sees_at_most_the_probe_window)
{
    size_t len;
    char *data = long_line(3 * BC_PROBE_SIZE, &len);
    FILE *fp;
    bc_input *in = input_of(data, len, &fp);
    const unsigned char *head;
    size_t n;
    bc_error err;
    cr_assert_eq(bc_input_peek(in, &head, &n, &err), BC_OK);
    cr_expect_eq(n, BC_PROBE_SIZE);
    expect_line(in, data, 3 * BC_PROBE_SIZE, 1);
    close_input(in, fp);
    free(data);
}

BC_TEST(input, open_refuses_what_cannot_be_read)
{
    bc_input *in = NULL;
    bc_error err;
    cr_expect_eq(bc_input_open("/nonexistent/book.txt", &in, &err), BC_ERR_NOINPUT);
    cr_expect_str_eq(err.file, "/nonexistent/book.txt");
    cr_expect_str_eq(err.message, "cannot open: No such file or directory");
    cr_expect_eq(bc_input_open("/", &in, &err), BC_ERR_NOINPUT);
    cr_expect_str_eq(err.message, "is a directory");
    cr_expect_null(in);
    cr_assert_eq(bc_input_open("-", &in, &err), BC_OK);
    cr_expect_str_eq(bc_input_name(in), "<stdin>");
    bc_input_close(in);
    bc_input_close(NULL);
}
