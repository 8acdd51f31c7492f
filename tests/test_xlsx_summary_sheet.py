#!/usr/bin/python3
"""Records without line items or funding rows: 要求内容 and 財源内訳 keep only
their header rows, and 集計 counts and sums them as plain zeros, with no
formula over a range of no rows (a mutant of tools/mutate.sh that wrote
=ROWS('要求内容'!$A$2:$A$1) lived); and 集計's label column is as wide as a
long bureau name in it (one that took the other columns' labels lived).
Read back with openpyxl.  Prints TAP.
"""
import os
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
from testlib import check, finish, run  # noqa: E402
import testlib  # noqa: E402


def main():
    tmp = tempfile.mkdtemp(prefix="budgetconv-summary-sheet.")
    src = os.path.join(tmp, "two.json")
    with open(src, "w", encoding="utf-8") as f:
        f.write('{"schema": "budgetconv/record/1", "records": '
                '[{"no": 1, "title": "A"}, {"no": 2, "title": "B"}]}\n')
    book = os.path.join(tmp, "two.xlsx")
    rc, _, err = run("-o", book, src)
    check(rc == 0 and err == "", "two records without tables convert", f"exit {rc}\n{err}")
    wb = openpyxl.load_workbook(book)
    for name in ("要求内容", "財源内訳"):
        rows = wb[name].max_row
        check(rows == 1, f"{name} holds its header row only", f"{rows} rows")
    formulas = [(c.coordinate, c.value) for row in wb["集計"].iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith(("=", "{="))]
    empty = [(at, v) for at, v in formulas if "要求内容" in v or "財源内訳" in v]
    check(formulas and not empty, "集計 has formulas, none over the empty sheets", str(empty))
    cells = {row[0].value: row[1].value for row in wb["集計"].iter_rows(max_col=2)}
    want = {"要求内容の行数": 0, "明細の要求額": 0, "明細の予算額": 0, "財源内訳の行数": 0,
            "財源内訳の金額": 0}
    got = {k: cells.get(k) for k in want}
    check(got == want, "集計 shows plain zeros for the empty sheets' counts and sums", str(got))
    # 17 characters of full width: 34 columns, past the 16 of the minimum.
    bureau = "産業・地域振興支援部・総合調整担当"
    with open(src, "w", encoding="utf-8") as f:
        f.write('{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "A", '
                '"department": {"bureau": "%s"}}]}\n' % bureau)
    rc, _, err = run("-o", book, src)
    width = openpyxl.load_workbook(book)["集計"].column_dimensions["A"].width
    check(rc == 0 and width >= 2 * len(bureau), "集計's label column fits a long bureau name",
          f"exit {rc}, width {width}\n{err}")
    finish(tmp)


if __name__ == "__main__":
    testlib.main(main)
