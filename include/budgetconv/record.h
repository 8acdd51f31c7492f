/*
 * budgetconv/record.h - the canonical budget record (one 概要書 sheet).
 *
 * Every importer fills a bc_record and every exporter reads one; JSON is its
 * reference form (see the `key` of each field below).  Amounts are integers in
 * the document's unit (千円); BC_AMOUNT_NULL means "not stated", as do NULL
 * strings.
 *
 * Memory: a bc_record owns every string, list and array it points to; they are
 * malloc'd and freed by bc_record_clear() / bc_record_free().  Use the setters
 * below, which copy their arguments, rather than assigning pointers by hand.
 * A record handed to an exporter's write() is borrowed for that call only.
 */
#ifndef BUDGETCONV_RECORD_H
#define BUDGETCONV_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <budgetconv/amount.h>
#include <budgetconv/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The text fields of a record, in canonical order (DESIGN §2). */
typedef enum bc_text_field {
    BC_F_DOCUMENT,          /**< document: 予算要求事業概要書 */
    BC_F_TITLE,             /**< title: １ 事業名 */
    BC_F_BUREAU,            /**< department.bureau: 所管課 (部) */
    BC_F_DIVISION,          /**< department.division: 所管課 (課・室) */
    BC_F_ACCOUNT,           /**< account: 款 */
    BC_F_FUND,              /**< fund: 款 （…会計） */
    BC_F_REQUEST_TYPE,      /**< request_type: ２ 要求区分 */
    BC_F_UNIT,              /**< unit: 単位 */
    BC_F_DESCRIPTION,       /**< description: ３ 事業説明文 */
    BC_F_BACKGROUND,        /**< background: ４ 背景、区民ニーズ、現状課題等 */
    BC_F_REQUEST_DETAILS,   /**< request_details: ５ 要求する事業内容 */
    BC_F_EXPECTED_OUTCOMES, /**< expected_outcomes: ６ 事業実施で得られる成果 */
    BC_F_PEER_TRENDS,       /**< peer_trends: ７ 国・都・特別区等の動向や取組状況 */
    BC_F_FUNDING_PLAN,      /**< funding_plan: 11 実施に向けた財源確保 */
    BC_F_SCHEDULE,          /**< schedule: 12 スケジュール */
    BC_F_FUTURE_COSTS,      /**< future_costs: 13 事業実施に伴う将来コスト */
    BC_F_BUDGET_RATIONALE,  /**< budget_rationale: 14 編成の考え方 */
    BC_F_EVALUATION,        /**< evaluation: 【事務事業評価】 */
    BC_F_DEBT_BURDEN,       /**< debt_burden: 債務負担行為 */
    BC_TEXT_FIELD_COUNT
} bc_text_field;

/** The list fields of a record. */
typedef enum bc_list_field {
    BC_L_PLANS, /**< plans: ８ 基本計画・個別計画 */
    BC_L_LAWS,  /**< laws: ９ 関連する法令・条例等 */
    BC_LIST_FIELD_COUNT
} bc_list_field;

/** How a text field reads in exports. */
typedef struct bc_field_info {
    const char *key;      /**< JSON path, e.g. "title", "department.bureau" */
    const char *name_en;  /**< flat English column name, e.g. "bureau" */
    const char *name_ja;  /**< Japanese column name, e.g. "事業名" */
    bool narrative;       /**< a box of running text (vs. a short value) */
} bc_field_info;

/** Description of text field `f` (static storage); NULL when out of range. */
const bc_field_info *bc_text_field_info(bc_text_field f);

/** Description of list field `f` (static storage); NULL when out of range. */
const bc_field_info *bc_list_field_info(bc_list_field f);

/** A growable list of owned strings. */
typedef struct bc_string_list {
    char **items;
    size_t count;
    size_t capacity;
} bc_string_list;

/** A row of the 10 要求内容 table. */
typedef enum bc_item_kind {
    BC_ITEM_SUBTOTAL, /**< "subtotal": a `<group> 小計 n` row that opens a group */
    BC_ITEM_ITEM      /**< "item": an ordinary line item */
} bc_item_kind;

typedef struct bc_line_item {
    bc_item_kind kind;
    char *group;               /**< label of the subtotal above, or NULL */
    char *label;               /**< without a leading ・ */
    int64_t requested;         /**< 要求額 */
    int64_t budgeted;          /**< 予算額 (⇒ column) */
    int64_t budgeted_specific; /**< うち特財, the (n) after ⇒ */
} bc_line_item;

/** The 合計 row. */
typedef struct bc_total {
    int64_t requested;
    int64_t budgeted;
    int64_t budgeted_specific;
} bc_total;

/** A printed row of 財源内訳. */
typedef enum bc_fund_source {
    BC_FUND_NATIONAL,       /**< "national": 国庫支出金 */
    BC_FUND_METROPOLITAN,   /**< "metropolitan": 都支出金 */
    BC_FUND_OTHER_SPECIFIC, /**< "other_specific": その他特財 */
    BC_FUND_GENERAL,        /**< "general": 一般財源 */
    BC_FUND_SOURCE_COUNT
} bc_fund_source;

/** JSON name of a funding source ("national", ...); NULL when out of range. */
const char *bc_fund_source_key(bc_fund_source s);

/** Japanese label of a funding source (国庫支出金, ...); NULL when out of range. */
const char *bc_fund_source_label(bc_fund_source s);

/** Parses a JSON name back; returns false when `key` is none of them. */
bool bc_fund_source_from_key(const char *key, bc_fund_source *out);

typedef struct bc_funding {
    bc_fund_source source;
    char *label;    /**< as printed, e.g. 都支出金 */
    char *detail;   /**< what the label line names, or NULL */
    int64_t amount;
} bc_funding;

/** Where a record was read from. */
typedef struct bc_source {
    char *file; /**< input name as given ("<stdin>" for standard input), or NULL */
    long line;  /**< line where the record's page starts, 0 when unknown */
} bc_source;

/** One 概要書 sheet. */
typedef struct bc_record {
    int64_t no;          /**< NO; BC_AMOUNT_NULL when not stated */
    int64_t fiscal_year; /**< Western year (令和２年度 → 2020) or BC_AMOUNT_NULL */
    char *text[BC_TEXT_FIELD_COUNT];
    bc_string_list list[BC_LIST_FIELD_COUNT];
    bc_line_item *line_items;
    size_t line_item_count;
    size_t line_item_capacity;
    bc_total total;
    bc_funding *funding;
    size_t funding_count;
    size_t funding_capacity;
    bc_source source;
} bc_record;

/** Sets every field of an uninitialised record to "not stated". */
void bc_record_init(bc_record *rec);

/** Frees what `rec` owns and re-initialises it.  `rec` may be NULL. */
void bc_record_clear(bc_record *rec);

/** Allocates an initialised record; NULL when out of memory. */
bc_record *bc_record_new(void);

/** Frees a record from bc_record_new().  `rec` may be NULL. */
void bc_record_free(bc_record *rec);

/**
 * Replaces text field `f` with a copy of `value` (NULL clears it).
 * Returns BC_ERR_NOMEM on allocation failure (the field is then unchanged).
 */
bc_status bc_record_set_text(bc_record *rec, bc_text_field f, const char *value);

/** As bc_record_set_text() with the first `len` bytes of `value`. */
bc_status bc_record_set_textn(bc_record *rec, bc_text_field f,
                              const char *value, size_t len);

/** Text field `f` (borrowed), or NULL. */
const char *bc_record_text(const bc_record *rec, bc_text_field f);

/** Appends a copy of `value` to list field `l`. */
bc_status bc_record_list_append(bc_record *rec, bc_list_field l, const char *value);

/**
 * Appends a line item; `group` and `label` are copied (either may be NULL).
 * Returns BC_ERR_NOMEM on allocation failure.
 */
bc_status bc_record_add_line_item(bc_record *rec, bc_item_kind kind,
                                  const char *group, const char *label,
                                  int64_t requested, int64_t budgeted,
                                  int64_t budgeted_specific);

/** Appends a funding row; `label` and `detail` are copied (may be NULL). */
bc_status bc_record_add_funding(bc_record *rec, bc_fund_source source,
                                const char *label, const char *detail,
                                int64_t amount);

/** Records the source file (copied) and line. */
bc_status bc_record_set_source(bc_record *rec, const char *file, long line);

/**
 * Sum of the stated funding rows of `source` (0 when there are none; then
 * `*present`, when not NULL, is false).  BC_AMOUNT_NULL when the sum does
 * not fit in int64_t.
 */
int64_t bc_record_funding_amount(const bc_record *rec, bc_fund_source source,
                                 bool *present);

/** Appends a copy of `value` to `list`. */
bc_status bc_string_list_append(bc_string_list *list, const char *value);

/** Frees the items of `list` and empties it. */
void bc_string_list_clear(bc_string_list *list);

#ifdef __cplusplus
}
#endif
#endif
