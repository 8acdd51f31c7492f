/* How the xlsx export lays out the shared tables (xlsx_layout.h). */
#include "xlsx_layout.h"

xlsx_cell_kind xlsx_cell_kind_of(const bc_column *col)
{
    if (col->amount)
        return XLSX_AMOUNT;
    if (col->kind == BC_COL_NO)
        return XLSX_NUMBER;
    const bc_field_info *info = bc_column_field(col);
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
