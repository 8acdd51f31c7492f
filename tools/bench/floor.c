/*
 * The floor of tools/bench.sh: the least a C program must do to turn
 * budgetconv's NDJSON into the same cells as its workbook's data sheets
 * (cells.py) — jansson to parse, libxlsxwriter in constant_memory mode to
 * write, no styles, no checks beyond what keeps it from crashing.
 *
 *   cc -O2 -o floor floor.c $(pkg-config --cflags --libs jansson xlsxwriter)
 *   ./floor IN.ndjson OUT.xlsx
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <xlsxwriter.h>

static const char *const sheets[3] = {"事業一覧", "要求内容", "財源内訳"};
static const char *const sources[4][2] = {{"national", "国庫支出金"},
                                          {"metropolitan", "都支出金"},
                                          {"other_specific", "その他特財"},
                                          {"general", "一般財源"}};
static const char *const boxes[][2] = {
    {"事務事業評価", "evaluation"},
    {"事業説明文", "description"},
    {"背景、区民ニーズ、現状課題等", "background"},
    {"要求する事業内容", "request_details"},
    {"事業実施で得られる成果", "expected_outcomes"},
    {"国・都・特別区等の動向や取組状況", "peer_trends"},
    {"基本計画・個別計画", "plans"},
    {"関連する法令・条例等", "laws"},
    {"実施に向けた財源確保", "funding_plan"},
    {"スケジュール", "schedule"},
    {"事業実施に伴う将来コスト", "future_costs"},
    {"編成の考え方", "budget_rationale"},
    {"債務負担行為", "debt_burden"},
};
#define NBOXES (sizeof boxes / sizeof *boxes)

static const char *const head_items[] = {"NO", "事業名", "区分", "種別", "内容",
                                         "要求額", "予算額", "うち特財"};
static const char *const head_funding[] = {"NO", "事業名", "財源", "内容", "金額"};

static void put(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, json_t *v)
{
    if (json_is_integer(v))
        worksheet_write_number(ws, r, c, (double)json_integer_value(v), NULL);
    else if (json_is_string(v) && json_string_length(v) > 0)
        worksheet_write_string(ws, r, c, json_string_value(v), NULL);
}

/* A list joined by "\n", written as one cell. */
static void put_list(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, json_t *v, char **buf,
                     size_t *cap)
{
    size_t len = 0, i;
    json_t *s;
    json_array_foreach(v, i, s)
    {
        size_t n = json_string_length(s);
        if (len + n + 2 > *cap) {
            *cap = (len + n + 2) * 2;
            if ((*buf = realloc(*buf, *cap)) == NULL)
                exit(1);
        }
        if (i > 0)
            (*buf)[len++] = '\n';
        memcpy(*buf + len, json_string_value(s), n);
        len += n;
    }
    if (len > 0) {
        (*buf)[len] = '\0';
        worksheet_write_string(ws, r, c, *buf, NULL);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: floor IN.ndjson OUT.xlsx\n");
        return 64;
    }
    FILE *in = fopen(argv[1], "r");
    if (in == NULL) {
        perror(argv[1]);
        return 66;
    }
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &opt);
    lxw_worksheet *ws[3];
    for (int i = 0; i < 3; i++)
        ws[i] = workbook_add_worksheet(wb, sheets[i]);
    lxw_col_t c = 0;
    static const char *const head_projects[] = {"NO",       "事業名", "所管部", "所管課",
                                                "款",       "会計",   "要求区分", "要求額",
                                                "予算額", "うち特財"};
    for (size_t i = 0; i < 10; i++)
        worksheet_write_string(ws[0], 0, c++, head_projects[i], NULL);
    for (size_t i = 0; i < 4; i++)
        worksheet_write_string(ws[0], 0, c++, sources[i][1], NULL);
    for (size_t i = 0; i < NBOXES; i++)
        worksheet_write_string(ws[0], 0, c++, boxes[i][0], NULL);
    for (lxw_col_t i = 0; i < 8; i++)
        worksheet_write_string(ws[1], 0, i, head_items[i], NULL);
    for (lxw_col_t i = 0; i < 5; i++)
        worksheet_write_string(ws[2], 0, i, head_funding[i], NULL);

    lxw_row_t row[3] = {1, 1, 1};
    char *line = NULL, *buf = NULL;
    size_t cap = 0, bufcap = 0;
    while (getline(&line, &cap, in) > 0) {
        json_t *r = json_loads(line, 0, NULL);
        if (r == NULL)
            continue;
        json_t *no = json_object_get(r, "no"), *title = json_object_get(r, "title");
        json_t *dep = json_object_get(r, "department"), *total = json_object_get(r, "total");
        json_t *funding = json_object_get(r, "funding");
        lxw_row_t p = row[0]++;
        c = 0;
        put(ws[0], p, c++, no);
        put(ws[0], p, c++, title);
        put(ws[0], p, c++, json_object_get(dep, "bureau"));
        put(ws[0], p, c++, json_object_get(dep, "division"));
        put(ws[0], p, c++, json_object_get(r, "account"));
        put(ws[0], p, c++, json_object_get(r, "fund"));
        put(ws[0], p, c++, json_object_get(r, "request_type"));
        put(ws[0], p, c++, json_object_get(total, "requested"));
        put(ws[0], p, c++, json_object_get(total, "budgeted"));
        put(ws[0], p, c++, json_object_get(total, "budgeted_specific"));
        size_t i;
        json_t *f;
        for (size_t s = 0; s < 4; s++, c++) {
            long long sum = 0;
            int seen = 0;
            json_array_foreach(funding, i, f)
            {
                if (strcmp(json_string_value(json_object_get(f, "source")), sources[s][0]) == 0) {
                    sum += json_integer_value(json_object_get(f, "amount"));
                    seen = 1;
                }
            }
            if (seen)
                worksheet_write_number(ws[0], p, c, (double)sum, NULL);
        }
        for (size_t b = 0; b < NBOXES; b++, c++) {
            json_t *v = json_object_get(r, boxes[b][1]);
            if (json_is_array(v))
                put_list(ws[0], p, c, v, &buf, &bufcap);
            else
                put(ws[0], p, c, v);
        }
        json_t *it;
        json_array_foreach(json_object_get(r, "line_items"), i, it)
        {
            lxw_row_t q = row[1]++;
            const char *kind = json_string_value(json_object_get(it, "kind"));
            put(ws[1], q, 0, no);
            put(ws[1], q, 1, title);
            put(ws[1], q, 2, json_object_get(it, "group"));
            worksheet_write_string(ws[1], q, 3, strcmp(kind, "subtotal") == 0 ? "小計" : "明細",
                                   NULL);
            put(ws[1], q, 4, json_object_get(it, "label"));
            put(ws[1], q, 5, json_object_get(it, "requested"));
            put(ws[1], q, 6, json_object_get(it, "budgeted"));
            put(ws[1], q, 7, json_object_get(it, "budgeted_specific"));
        }
        json_array_foreach(funding, i, f)
        {
            lxw_row_t q = row[2]++;
            json_t *label = json_object_get(f, "label");
            put(ws[2], q, 0, no);
            put(ws[2], q, 1, title);
            if (json_is_string(label))
                put(ws[2], q, 2, label);
            else
                for (size_t s = 0; s < 4; s++)
                    if (strcmp(json_string_value(json_object_get(f, "source")), sources[s][0]) == 0)
                        worksheet_write_string(ws[2], q, 2, sources[s][1], NULL);
            put(ws[2], q, 3, json_object_get(f, "detail"));
            put(ws[2], q, 4, json_object_get(f, "amount"));
        }
        json_decref(r);
    }
    free(line);
    free(buf);
    fclose(in);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 74;
}
