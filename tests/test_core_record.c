/* Core tests: the record model and bc_error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <budgetconv/budgetconv.h>

#include "leak_check.h"

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
