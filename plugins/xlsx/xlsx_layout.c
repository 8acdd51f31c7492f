/* How the xlsx export lays out the shared tables (xlsx_layout.h). */
#include "xlsx_layout.h"

xlsx_cell_kind xlsx_cell_kind_of(const bc_column *col)
{
    if (col->amount)
        return XLSX_AMOUNT;
    const bc_field_info *info = NULL;
    switch (col->kind) {
    case BC_COL_NO:
        return XLSX_NUMBER;
    case BC_COL_TEXT:
        info = bc_text_field_info((bc_text_field)col->arg);
        break;
    case BC_COL_LIST:
        info = bc_list_field_info((bc_list_field)col->arg);
        break;
    default:
        break;
    }
    return info != NULL && info->narrative ? XLSX_LONG_TEXT : XLSX_TEXT;
}

const char *xlsx_sheet_name(int sheet, bool en)
{
    static const char *const names[XLSX_SHEET_COUNT][2] = {
        [XLSX_SHEET_PROJECTS] = {"事業一覧", "projects"},
        [XLSX_SHEET_ITEMS] = {"要求内容", "line_items"},
        [XLSX_SHEET_FUNDING] = {"財源内訳", "funding"},
    };
    return names[sheet][en];
}
