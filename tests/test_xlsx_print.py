"""How the xlsx data sheets print and show, read back with openpyxl: a row
is given a height only when a wrapped cell needs more than one line, and only
sheets without running text are fitted to one page wide (two surviving
mutants of tools/mutate.sh, tests/mutation-survivors.md)."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
import testlib  # noqa: E402


def body():
    import openpyxl

    tmp = tempfile.mkdtemp(prefix="budgetconv-xlsx-print.")
    out = os.path.join(tmp, "book.xlsx")
    rc, _, err = testlib.run("-q", "-o", out, testlib.SAMPLE)
    testlib.check(rc == 0, "the sample converts to xlsx", err)
    wb = openpyxl.load_workbook(out)

    # A row of one line keeps the sheet's default height: only wrapped
    # cells of two lines or more set one (15 points a line).
    items = wb["要求内容"]
    projects = wb["事業一覧"]
    for ws in (items, projects):
        heights = {r: ws.row_dimensions[r].height for r in range(2, ws.max_row + 1)}
        single = {r: h for r, h in heights.items() if h is not None and h < 30}
        testlib.check(not single, "%s: no row of one line is given a height" % ws.title,
                      "rows: %r" % single)
    testlib.check(any(h for h in (items.row_dimensions[r].height for r in range(2, items.max_row + 1))),
                  "要求内容: a wrapped label makes its row taller")

    def fitted(ws):
        pr = ws.sheet_properties.pageSetUpPr
        return bool(pr is not None and pr.fitToPage)
    for ws in (projects, items):
        testlib.check(fitted(ws) and ws.page_setup.fitToWidth in (None, 1)
                      and ws.page_setup.fitToHeight == 0,
                      "%s prints one page wide, as many pages long as it needs" % ws.title,
                      "fitToPage %r, fitToWidth %r, fitToHeight %r"
                      % (fitted(ws), ws.page_setup.fitToWidth, ws.page_setup.fitToHeight))
    testlib.finish(tmp)


testlib.main(body)
