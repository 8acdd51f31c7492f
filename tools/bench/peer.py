"""A peer of budgetconv's ndjson -> xlsx: the same cells (cells.py) written
by XlsxWriter (constant_memory), openpyxl (write_only) or pandas (to_excel).

    /usr/bin/python3 peer.py xlsxwriter|openpyxl|pandas IN.ndjson OUT.xlsx"""
import json
import sys

import cells


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def rows_of(rec):
    return ([cells.project_row(rec)], cells.item_rows(rec), cells.funding_rows(rec))


def with_xlsxwriter(src, out):
    import xlsxwriter
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheets = [wb.add_worksheet(name) for name in cells.SHEETS]
    next_row = [1, 1, 1]
    for ws, header in zip(sheets, cells.HEADERS):
        ws.write_row(0, 0, header)
    for rec in records(src):
        for i, rows in enumerate(rows_of(rec)):
            for row in rows:
                for col, v in enumerate(row):
                    if v is not None:
                        sheets[i].write(next_row[i], col, v)
                next_row[i] += 1
    wb.close()


def with_openpyxl(src, out):
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    sheets = [wb.create_sheet(name) for name in cells.SHEETS]
    for ws, header in zip(sheets, cells.HEADERS):
        ws.append(header)
    for rec in records(src):
        for ws, rows in zip(sheets, rows_of(rec)):
            for row in rows:
                ws.append(row)
    wb.save(out)


def with_pandas(src, out):
    import pandas
    tables = ([], [], [])
    for rec in records(src):
        for table, rows in zip(tables, rows_of(rec)):
            table.extend(rows)
    with pandas.ExcelWriter(out, engine="openpyxl") as writer:
        for name, header, table in zip(cells.SHEETS, cells.HEADERS, tables):
            pandas.DataFrame(table, columns=header).to_excel(writer, sheet_name=name,
                                                             index=False)


if __name__ == "__main__":
    {"xlsxwriter": with_xlsxwriter, "openpyxl": with_openpyxl,
     "pandas": with_pandas}[sys.argv[1]](sys.argv[2], sys.argv[3])
