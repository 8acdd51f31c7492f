/*
 * form.c - what the importer knows about the numbered boxes of the form:
 * the label the extractor prints for each, the record field it fills, and
 * how its text is found.  Everything else asks rt_box_info().
 */
#include <stddef.h>

#include "rawtext.h"

static const rt_box boxes[15] = {
    [1] = {.key = "事業名", .binds = true, .text_field = -1, .list_field = -1},
    [2] = {.key = "要求区分", .text_field = -1, .list_field = -1},
    [3] = {.key = "事業説明文", .binds = true, .narrative = true,
           .text_field = BC_F_DESCRIPTION, .list_field = -1},
    [4] = {.key = "背景", .full = "背景、区民ニーズ、現状課題等", .binds = true,
           .narrative = true, .text_field = BC_F_BACKGROUND, .list_field = -1},
    [5] = {.key = "要求する事業内容", .binds = true, .narrative = true,
           .text_field = BC_F_REQUEST_DETAILS, .list_field = -1},
    [6] = {.key = "事業実施で得られる成果", .binds = true, .narrative = true,
           .text_field = BC_F_EXPECTED_OUTCOMES, .list_field = -1},
    [7] = {.key = "国・都・特別区等の動向", .full = "国・都・特別区等の動向や取組状況",
           .binds = true, .narrative = true, .text_field = BC_F_PEER_TRENDS, .list_field = -1},
    [8] = {.key = "基本計画・個別計画", .binds = true, .narrative = true, .text_field = -1,
           .list_field = BC_L_PLANS},
    [9] = {.key = "関連する法令・条例等", .binds = true, .narrative = true, .text_field = -1,
           .list_field = BC_L_LAWS, .on_comma = true},
    [10] = {.key = "要求内容", .full = "要求内容 要求額", .text_field = -1, .list_field = -1},
    [11] = {.key = "実施に向けた", .full = "実施に向けた財源確保", .second = "財源確保",
            .binds = true, .narrative = true, .text_field = BC_F_FUNDING_PLAN, .list_field = -1},
    [12] = {.key = "スケジュール", .binds = true, .narrative = true,
            .text_field = BC_F_SCHEDULE, .list_field = -1},
    [13] = {.key = "事業実施に", .full = "事業実施に伴う将来コスト", .second = "伴う将来コスト",
            .binds = true, .narrative = true, .text_field = BC_F_FUTURE_COSTS, .list_field = -1},
    [14] = {.key = "編成の考え方", .binds = true, .narrative = true,
            .text_field = BC_F_BUDGET_RATIONALE, .list_field = -1},
};

const rt_box *rt_box_info(int box)
{
    return box >= 1 && box <= 14 ? &boxes[box] : NULL;
}

const char *rt_box_name(int box)
{
    const rt_box *b = rt_box_info(box);
    if (b == NULL)
        return NULL;
    return b->full != NULL ? b->full : b->key;
}
