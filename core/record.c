/* The canonical record: construction, setters and field descriptions. */
#include <stdlib.h>
#include <string.h>

#include <budgetconv/amount.h>
#include <budgetconv/memory.h>
#include <budgetconv/record.h>
#include <budgetconv/text.h>

static const bc_field_info text_fields[BC_TEXT_FIELD_COUNT] = {
    [BC_F_DOCUMENT] = {"document", "document", "文書", false},
    [BC_F_TITLE] = {"title", "title", "事業名", false},
    [BC_F_BUREAU] = {"department.bureau", "bureau", "所管部", false},
    [BC_F_DIVISION] = {"department.division", "division", "所管課", false},
    [BC_F_ACCOUNT] = {"account", "account", "款", false},
    [BC_F_FUND] = {"fund", "fund", "会計", false},
    [BC_F_REQUEST_TYPE] = {"request_type", "request_type", "要求区分", false},
    [BC_F_UNIT] = {"unit", "unit", "単位", false},
    [BC_F_DESCRIPTION] = {"description", "description", "事業説明文", true},
    [BC_F_BACKGROUND] = {"background", "background", "背景、区民ニーズ、現状課題等", true},
    [BC_F_REQUEST_DETAILS] = {"request_details", "request_details", "要求する事業内容", true},
    [BC_F_EXPECTED_OUTCOMES] = {"expected_outcomes", "expected_outcomes", "事業実施で得られる成果", true},
    [BC_F_PEER_TRENDS] = {"peer_trends", "peer_trends", "国・都・特別区等の動向や取組状況", true},
    [BC_F_FUNDING_PLAN] = {"funding_plan", "funding_plan", "実施に向けた財源確保", true},
    [BC_F_SCHEDULE] = {"schedule", "schedule", "スケジュール", true},
    [BC_F_FUTURE_COSTS] = {"future_costs", "future_costs", "事業実施に伴う将来コスト", true},
    [BC_F_BUDGET_RATIONALE] = {"budget_rationale", "budget_rationale", "編成の考え方", true},
    [BC_F_EVALUATION] = {"evaluation", "evaluation", "事務事業評価", false},
    [BC_F_DEBT_BURDEN] = {"debt_burden", "debt_burden", "債務負担行為", true},
};

static const bc_field_info list_fields[BC_LIST_FIELD_COUNT] = {
    [BC_L_PLANS] = {"plans", "plans", "基本計画・個別計画", true},
    [BC_L_LAWS] = {"laws", "laws", "関連する法令・条例等", true},
};

static const struct {
    const char *key;
    const char *label;
} fund_sources[BC_FUND_SOURCE_COUNT] = {
    [BC_FUND_NATIONAL] = {"national", "国庫支出金"},
    [BC_FUND_METROPOLITAN] = {"metropolitan", "都支出金"},
    [BC_FUND_OTHER_SPECIFIC] = {"other_specific", "その他特財"},
    [BC_FUND_GENERAL] = {"general", "一般財源"},
};

const bc_field_info *bc_text_field_info(bc_text_field f)
{
    return (unsigned)f < BC_TEXT_FIELD_COUNT ? &text_fields[f] : NULL;
}

const bc_field_info *bc_list_field_info(bc_list_field f)
{
    return (unsigned)f < BC_LIST_FIELD_COUNT ? &list_fields[f] : NULL;
}

const char *bc_fund_source_key(bc_fund_source s)
{
    return (unsigned)s < BC_FUND_SOURCE_COUNT ? fund_sources[s].key : NULL;
}

const char *bc_fund_source_label(bc_fund_source s)
{
    return (unsigned)s < BC_FUND_SOURCE_COUNT ? fund_sources[s].label : NULL;
}

bool bc_fund_source_from_key(const char *key, bc_fund_source *out)
{
    for (int s = 0; key != NULL && s < BC_FUND_SOURCE_COUNT; s++) {
        if (strcmp(key, fund_sources[s].key) == 0) {
            *out = (bc_fund_source)s;
            return true;
        }
    }
    return false;
}

void bc_record_init(bc_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->no = BC_AMOUNT_NULL;
    rec->fiscal_year = BC_AMOUNT_NULL;
    rec->total.requested = BC_AMOUNT_NULL;
    rec->total.budgeted = BC_AMOUNT_NULL;
    rec->total.budgeted_specific = BC_AMOUNT_NULL;
}

void bc_string_list_clear(bc_string_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = list->capacity = 0;
}

bc_status bc_string_list_append(bc_string_list *list, const char *value)
{
    char *copy = bc_strdup(value != NULL ? value : "");
    char **items = copy != NULL ? bc_grow(list->items, &list->capacity, list->count + 1,
                                          sizeof *items) : NULL;
    if (items == NULL) {
        free(copy);
        return BC_ERR_NOMEM;
    }
    list->items = items;
    list->items[list->count++] = copy;
    return BC_OK;
}

void bc_record_clear(bc_record *rec)
{
    if (rec == NULL)
        return;
    for (int f = 0; f < BC_TEXT_FIELD_COUNT; f++)
        free(rec->text[f]);
    for (int l = 0; l < BC_LIST_FIELD_COUNT; l++)
        bc_string_list_clear(&rec->list[l]);
    for (size_t i = 0; i < rec->line_item_count; i++) {
        free(rec->line_items[i].group);
        free(rec->line_items[i].label);
    }
    free(rec->line_items);
    for (size_t i = 0; i < rec->funding_count; i++) {
        free(rec->funding[i].label);
        free(rec->funding[i].detail);
    }
    free(rec->funding);
    free(rec->source.file);
    bc_record_init(rec);
}

bc_record *bc_record_new(void)
{
    bc_record *rec = malloc(sizeof *rec);
    if (rec != NULL)
        bc_record_init(rec);
    return rec;
}

void bc_record_free(bc_record *rec)
{
    bc_record_clear(rec);
    free(rec);
}

bc_status bc_record_set_textn(bc_record *rec, bc_text_field f,
                              const char *value, size_t len)
{
    if ((unsigned)f >= BC_TEXT_FIELD_COUNT)
        return BC_ERR_SOFTWARE;
    char *copy = NULL;
    if (value != NULL && (copy = bc_strndup(value, len)) == NULL)
        return BC_ERR_NOMEM;
    free(rec->text[f]);
    rec->text[f] = copy;
    return BC_OK;
}

bc_status bc_record_set_text(bc_record *rec, bc_text_field f, const char *value)
{
    return bc_record_set_textn(rec, f, value, value != NULL ? strlen(value) : 0);
}

const char *bc_record_text(const bc_record *rec, bc_text_field f)
{
    return (unsigned)f < BC_TEXT_FIELD_COUNT ? rec->text[f] : NULL;
}

bc_status bc_record_list_append(bc_record *rec, bc_list_field l, const char *value)
{
    if ((unsigned)l >= BC_LIST_FIELD_COUNT)
        return BC_ERR_SOFTWARE;
    return bc_string_list_append(&rec->list[l], value);
}

/* Copies two optional strings; on failure frees both and returns false. */
static bool copy_pair(const char *a, const char *b, char **ca, char **cb)
{
    *ca = bc_strdup(a);
    *cb = bc_strdup(b);
    if ((a != NULL && *ca == NULL) || (b != NULL && *cb == NULL)) {
        free(*ca);
        free(*cb);
        return false;
    }
    return true;
}

bc_status bc_record_add_line_item(bc_record *rec, bc_item_kind kind,
                                  const char *group, const char *label,
                                  int64_t requested, int64_t budgeted,
                                  int64_t budgeted_specific)
{
    char *g, *l;
    bc_line_item *items = bc_grow(rec->line_items, &rec->line_item_capacity,
                                  rec->line_item_count + 1, sizeof *items);
    if (items == NULL)
        return BC_ERR_NOMEM;
    rec->line_items = items;
    if (!copy_pair(group, label, &g, &l))
        return BC_ERR_NOMEM;
    rec->line_items[rec->line_item_count++] = (bc_line_item){
        kind, g, l, requested, budgeted, budgeted_specific};
    return BC_OK;
}

bc_status bc_record_add_funding(bc_record *rec, bc_fund_source source,
                                const char *label, const char *detail,
                                int64_t amount)
{
    char *l, *d;
    bc_funding *rows = bc_grow(rec->funding, &rec->funding_capacity, rec->funding_count + 1,
                               sizeof *rows);
    if (rows == NULL)
        return BC_ERR_NOMEM;
    rec->funding = rows;
    if (!copy_pair(label, detail, &l, &d))
        return BC_ERR_NOMEM;
    rec->funding[rec->funding_count++] = (bc_funding){source, l, d, amount};
    return BC_OK;
}

bc_status bc_record_set_source(bc_record *rec, const char *file, long line)
{
    char *copy = bc_strdup(file);
    if (file != NULL && copy == NULL)
        return BC_ERR_NOMEM;
    free(rec->source.file);
    rec->source.file = copy;
    rec->source.line = line;
    return BC_OK;
}

int64_t bc_record_funding_amount(const bc_record *rec, bc_fund_source source,
                                 bool *present)
{
    int64_t sum = 0;
    bool any = false;
    bool fits = true;
    for (size_t i = 0; i < rec->funding_count; i++) {
        if (rec->funding[i].source == source && rec->funding[i].amount != BC_AMOUNT_NULL) {
            fits = fits && bc_amount_add(&sum, rec->funding[i].amount);
            any = true;
        }
    }
    if (present != NULL)
        *present = any;
    return fits ? sum : BC_AMOUNT_NULL;
}
