#!/usr/bin/python3
"""The xlsx exporter, read back with real clients: openpyxl, pandas and
LibreOffice.  (The 集計 sheet's formulas recalculated by LibreOffice and
Gnumeric: test_xlsx_recalc.py; a book past Excel's row limit:
test_xlsx_rowlimit.py.)

Records come from the gold file through the json importer (and from the
sample pages through rawtext when it is built).  Expectations are written
here from the gold file and DESIGN.md, never from budgetconv's own code.
Prints TAP.  Run by Debian's /usr/bin/python3 (python3-openpyxl).
"""
import copy
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

import openpyxl
import pandas
from openpyxl.utils import get_column_letter

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
from testlib import GOLD_PATH, SAMPLE, check, finish, run  # noqa: E402
import testlib  # noqa: E402
testlib.require_gold()

PROJECT_JA, PROJECT_EN = (testlib.HEADERS["projects"][lang] for lang in ("ja", "en"))
# 区分 is the group (レベルアップ分, ...), 種別 the kind (小計 or 明細).
ITEMS_JA, ITEMS_EN = (testlib.HEADERS["items"][lang] for lang in ("ja", "en"))
FUNDING_JA, FUNDING_EN = (testlib.HEADERS["funding"][lang] for lang in ("ja", "en"))
SHEETS_JA = ["事業一覧", "要求内容", "財源内訳"]
SHEETS_EN = ["projects", "line_items", "funding"]
SUMMARY_JA, SUMMARY_EN = "集計", "summary"
AMOUNTS = {"事業一覧": range(7, 14), "要求内容": range(5, 8), "財源内訳": range(4, 5)}
TEXT_KEYS = testlib.BOX_EN + ["debt_burden"]
SOURCES = testlib.SOURCES
INJECTIONS = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", '=HYPERLINK("http://example.com","x")']

def dump(records, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False)


def project_row(r):
    def fund(source):
        rows = [f["amount"] for f in r["funding"] if f["source"] == source]
        return sum(rows) if rows else None

    def text(key):
        v = r.get(key)
        if isinstance(v, list):
            return "\n".join(v) if v else None
        return v

    dept = r.get("department") or {}
    total = r.get("total") or {}
    return ([r.get("no"), r.get("title"), dept.get("bureau"), dept.get("division"),
             r.get("account"), r.get("fund"), r.get("request_type"), total.get("requested"),
             total.get("budgeted"), total.get("budgeted_specific")] + [fund(s) for s in SOURCES] +
            [r.get("evaluation")] + [text(k) for k in TEXT_KEYS])


def item_rows(r, en=False):
    kinds = {"subtotal": "subtotal" if en else "小計", "item": "item" if en else "明細"}
    return [[r["no"], r["title"], i["group"], kinds[i["kind"]], i["label"], i["requested"],
             i["budgeted"], i["budgeted_specific"]] for i in r["line_items"]]


def funding_rows(r, en=False):
    return [[r["no"], r["title"], f["source"] if en else f["label"], f["detail"], f["amount"]]
            for f in r["funding"]]


def expected_sheets(records, en=False):
    return {
        "事業一覧": [project_row(r) for r in records],
        "要求内容": [row for r in records for row in item_rows(r, en)],
        "財源内訳": [row for r in records for row in funding_rows(r, en)],
    }


def data_rows(ws):
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def display_width(s):
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in s.split("\n")), default=0)


def soffice_csv(paths, outdir, profile):
    """Converts every sheet of every workbook to UTF-8 CSV, raw values."""
    opts = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    p = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", opts, "--outdir", outdir, *paths],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def as_csv(v):
    return "" if v is None else str(v)


def main():
    with open(GOLD_PATH, encoding="utf-8") as f:
        gold = json.load(f)
    tmp = tempfile.mkdtemp(prefix="bc-xlsx-")
    out = os.path.join(tmp, "gold.xlsx")

    rc, _, err = run("-f", "json", GOLD_PATH, "-o", out)
    check(rc == 0 and os.path.exists(out), "gold records export to xlsx", err)
    wb = openpyxl.load_workbook(out)
    wbv = openpyxl.load_workbook(out, data_only=True)
    check(wb.sheetnames == [SUMMARY_JA] + SHEETS_JA, "sheet names, 集計 first", wb.sheetnames)

    headers = [[c.value for c in wb[name][1]] for name in SHEETS_JA]
    check(headers == [PROJECT_JA, ITEMS_JA, FUNDING_JA], "Japanese headers", headers)

    want = expected_sheets(gold)
    n_rows = {name: len(rows) for name, rows in want.items()}
    for name in SHEETS_JA:
        got = data_rows(wb[name])
        diffs = [(i, g, w) for i, (g, w) in enumerate(zip(got, want[name])) if g != w]
        check(len(got) == n_rows[name] and not diffs,
              f"{name}: every cell equals the gold record, and nothing else is there",
              (len(got), diffs[:3]))

    bad = []
    for name in SHEETS_JA:
        ws = wb[name]
        for row in ws.iter_rows(min_row=2, max_row=n_rows[name] + 1):
            for c in AMOUNTS[name]:
                cell = row[c]
                if cell.value is not None and (not is_number(cell.value)
                                               or cell.number_format != "#,##0"):
                    bad.append((name, cell.coordinate, cell.value, cell.number_format))
    check(not bad, "amounts are numbers formatted #,##0", bad[:5])

    # pandas reads the data sheets as data frames: integer NO, numeric amounts
    # (float only where a column has blanks, as pandas has no integer NaN)
    # whose sums are those of the records.
    frames = pandas.read_excel(out, sheet_name=None)
    bad = []
    for name in SHEETS_JA:
        df = frames.get(name)
        if df is None or len(df) != n_rows[name] or str(df["NO"].dtype) != "int64":
            bad.append((name, None if df is None else (len(df), str(df["NO"].dtype))))
            continue
        for c in AMOUNTS[name]:
            column = df.iloc[:, c]
            want_sum = sum(r[c] for r in want[name] if r[c] is not None)
            blanks = any(r[c] is None for r in want[name])
            if not pandas.api.types.is_numeric_dtype(column) or \
                    (not blanks and str(column.dtype) != "int64") or column.sum() != want_sum:
                bad.append((name, df.columns[c], str(column.dtype), column.sum(), want_sum))
    check(not bad, "pandas: every data sheet is a tidy frame, integer NO, sums as the records",
          bad)

    bad = []
    for name in SHEETS_JA:
        ws = wb[name]
        ref = f"A1:{get_column_letter(ws.max_column)}{n_rows[name] + 1}"
        # 事業一覧 keeps NO and 事業名 in view when scrolling right.
        panes = "C2" if name == "事業一覧" else "A2"
        if ws.freeze_panes != panes or ws.auto_filter.ref != ref:
            bad.append((name, ws.freeze_panes, ws.auto_filter.ref, ref))
        if not all(c.font.b for c in ws[1]):
            bad.append((name, "header not bold"))
    check(not bad, "bold header row frozen (and NO, 事業名 on 事業一覧), autofilter over header "
          "and data", bad)

    # 事業一覧 on paper: landscape, one page wide, the header on every page.
    ws = wb["事業一覧"]
    got = (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
           ws.page_setup.paperSize,
           ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
           ws.print_title_rows)
    check(got[0] == "landscape" and got[1] in (None, 1) and got[2:] == (0, 8, True, "$1:$1"),
          "事業一覧 prints landscape on A3, one page wide, header row repeated", got)

    ws = wb["事業一覧"]
    width = {c: ws.column_dimensions[get_column_letter(c + 1)].width for c in range(27)}
    titles = max(display_width(r["title"]) for r in gold)
    narrative = [width[c] for c in range(15, 27)]
    # Readers do not fit rows to wrapped text on opening: the rows must be
    # tall enough already, and rows of short values stay one line high.
    wrapped = (all(ws.cell(2, c + 1).alignment.wrap_text for c in range(15, 26))
               and all(ws.row_dimensions[r].height >= 60 for r in range(2, 9))
               and wb["財源内訳"].row_dimensions[2].height is None)
    check(min(titles, 40) <= width[1] <= 42 and width[0] < 10 and width[1] > 2 * width[0]
          and all(w <= 52 for w in narrative) and max(narrative) >= 50 and wrapped,
          "column widths follow display width (CJK counts 2), capped; long text wraps in tall rows",
          (titles, width, wrapped))

    # ...and no taller than their text needs: as many 15-point lines as the
    # tallest cell takes when wrapped at its column's width.
    bad = []
    for r in range(2, n_rows["事業一覧"] + 2):
        lines = 1
        for c in range(27):
            v = ws.cell(r, c + 1).value
            if isinstance(v, str):
                room = ws.column_dimensions[get_column_letter(c + 1)].width - 1
                lines = max(lines, sum(max(1, -(-display_width(line) // int(room)))
                                       for line in v.split("\n")))
        height = ws.row_dimensions[r].height
        if (height or 15) != min(15 * lines, 409):
            bad.append((r, height, lines))
    check(not bad, "事業一覧: each row as tall as its wrapped text, no taller", bad)

    with open(os.path.join(tmp, "stdout.xlsx"), "wb") as f:
        rc, _, err = run("-f", "json", GOLD_PATH, "-t", "xlsx", "-o", "-", stdout=f)
    try:
        via_stdout = openpyxl.load_workbook(os.path.join(tmp, "stdout.xlsx"))
        same = all(data_rows(via_stdout[n]) == data_rows(wb[n]) for n in SHEETS_JA)
    except Exception as e:  # a broken zip must fail the test, not the script
        same, err = False, f"{err}\n{e}"
    check(rc == 0 and same, "writing to stdout gives the same workbook", err)

    en = os.path.join(tmp, "en.xlsx")
    rc, _, err = run("-f", "json", GOLD_PATH, "-O", "lang=en", "-o", en)
    wb_en = openpyxl.load_workbook(en) if rc == 0 else None
    got = (wb_en.sheetnames, [[c.value for c in wb_en[n][1]] for n in SHEETS_EN]) if wb_en else err
    check(got == ([SUMMARY_EN] + SHEETS_EN, [PROJECT_EN, ITEMS_EN, FUNDING_EN]),
          "-O lang=en: English sheet names and keys as headers", got)
    want_en = expected_sheets(gold, en=True)
    check(wb_en is not None and data_rows(wb_en["line_items"])
          == want_en["要求内容"], "-O lang=en: line item kinds in English")
    check(wb_en is not None and data_rows(wb_en["funding"])
          == want_en["財源内訳"], "-O lang=en: funding sources as their keys")

    rc, _, err = run("-f", "json", GOLD_PATH, "-O", "colour=red", "-o", os.path.join(tmp, "x.xlsx"))
    check(rc == 64 and "colour" in err and "lang" in err,
          "an unknown -O key is refused with the valid keys", f"rc={rc} {err}")

    # Formula injection: text that looks like a formula stays text, on the
    # data sheets and where 集計 lists it as a group.
    inj = copy.deepcopy(gold[:2])
    inj[0]["title"], inj[0]["department"]["bureau"] = INJECTIONS[0], INJECTIONS[1]
    inj[0]["description"], inj[0]["account"] = INJECTIONS[4], INJECTIONS[3]
    inj[0]["request_type"] = INJECTIONS[0]
    inj[0]["line_items"][0]["label"], inj[0]["funding"][0]["detail"] = INJECTIONS[2], INJECTIONS[0]
    inj_path, inj_out = os.path.join(tmp, "inj.json"), os.path.join(tmp, "inj.xlsx")
    dump(inj, inj_path)
    rc, _, err = run("-f", "json", inj_path, "-o", inj_out)
    wb_inj = openpyxl.load_workbook(inj_out) if rc == 0 else None
    bad = [] if wb_inj else [err]
    for ws in (wb_inj.worksheets if wb_inj else []):
        for row in ws.iter_rows():
            for cell in row:
                if ws.title != SUMMARY_JA and cell.data_type == "f" or \
                        ws.title == SUMMARY_JA and cell.column == 1 and \
                        cell.value is not None and cell.data_type != "s":
                    bad.append((ws.title, cell.coordinate, cell.value))
    got = (wb_inj["事業一覧"]["B2"].value, wb_inj["事業一覧"]["B2"].data_type,
           wb_inj["要求内容"]["E2"].value, wb_inj["財源内訳"]["D2"].value) if wb_inj else None
    keys = {c.value for c in wb_inj[SUMMARY_JA]["A"] if c.data_type == "s"} if wb_inj else set()
    formulas = -1
    if wb_inj:
        with zipfile.ZipFile(inj_out) as z:
            formulas = sum(z.read(f"xl/worksheets/sheet{i}.xml").decode().count("<f>")
                           for i in (2, 3, 4))
    check(not bad and got == (INJECTIONS[0], "s", INJECTIONS[2], INJECTIONS[0])
          and {INJECTIONS[0], INJECTIONS[1], INJECTIONS[3]} <= keys and formulas == 0,
          "formula-like text is stored as strings, 集計's group names too; data sheets hold "
          "no formula", (bad, got, keys, formulas))

    # A text longer than a cell holds is cut at 32,767 UTF-16 units.
    long_recs = copy.deepcopy(gold[:1])
    long_recs[0]["description"] = "あ" * 20000 + "😀" * 8000 + "x" * 100
    long_path, long_out = os.path.join(tmp, "long.json"), os.path.join(tmp, "long.xlsx")
    dump(long_recs, long_path)
    rc, _, err = run("-f", "json", long_path, "-o", long_out)
    value = openpyxl.load_workbook(long_out)["事業一覧"]["P2"].value if rc == 0 else None
    check(value == "あ" * 20000 + "😀" * 6383 and "NO 59" in err and "事業説明文" in err
          and "warning" in err, "an over-long text is cut with a warning naming record and field",
          (rc, err, len(value or "")))
    rc, _, err = run("--strict", "-f", "json", long_path, "-o", os.path.join(tmp, "strict.xlsx"))
    check(rc != 0, "--strict fails the run on the cut", f"rc={rc}")
    # A title too long for its cell is quoted in part: the message still says why.
    long_recs[0]["title"] = "題" * 33000
    dump(long_recs, long_path)
    rc, _, err = run("-f", "json", long_path, "-o", long_out)
    lines = err.splitlines()
    check(rc == 0 and len(lines) == 4 and all(
        line.endswith("is longer than a cell holds (32767 characters) and was cut")
        and "題" * 40 + "…:" in line and len(line) < 400 for line in lines),
        "a long title is quoted in part in the warnings about cuts", err[:2000])

    # The cap itself: 32,767 characters fit whole, without a word; one more
    # is cut back to 32,767 with a warning.
    got = []
    for n in (32767, 32768):
        edge = copy.deepcopy(gold[:1])
        edge[0]["description"] = "い" * (n - 1) + "x"
        edge_path, edge_out = os.path.join(tmp, f"edge{n}.json"), os.path.join(tmp, f"edge{n}.xlsx")
        dump(edge, edge_path)
        rc, _, err = run("-f", "json", edge_path, "-o", edge_out)
        value = openpyxl.load_workbook(edge_out)["事業一覧"]["P2"].value if rc == 0 else ""
        got.append((rc, len(value), value[-1:], "warning" in err))
    check(got == [(0, 32767, "x", False), (0, 32767, "い", True)],
          "exactly 32,767 characters fit a cell; 32,768 are cut to 32,767", got)

    # Records with nothing but a number, or nothing at all.
    sparse_path, sparse_out = os.path.join(tmp, "sparse.json"), os.path.join(tmp, "sparse.xlsx")
    dump([{"no": 5}, {}], sparse_path)
    rc, _, err = run("-f", "json", sparse_path, "-o", sparse_out)
    got = None
    if rc == 0:
        wbs = openpyxl.load_workbook(sparse_out)
        ws = wbs["事業一覧"]
        got = ([c.value for c in ws[2]], [c.value for c in ws[3]], ws.max_row,
               wbs["要求内容"].max_row, wbs["財源内訳"].max_row)
    check(got == ([5] + [None] * 26, [None] * 27, 3, 1, 1),
          "missing fields export as empty cells", (rc, err, got))

    empty_path, empty_out = os.path.join(tmp, "empty.json"), os.path.join(tmp, "empty.xlsx")
    dump([], empty_path)
    rc, _, err = run("-f", "json", empty_path, "-o", empty_out)
    got = None
    if rc == 0:
        wbe = openpyxl.load_workbook(empty_out)
        got = [(wbe[n].max_row, wbe[n].auto_filter.ref) for n in SHEETS_JA]
    check(got == [(1, "A1:AA1"), (1, "A1:H1"), (1, "A1:E1")],
          "no records: headers only", (rc, err, got))

    # LibreOffice reads the same values.
    lo_dir = os.path.join(tmp, "lo")
    os.mkdir(lo_dir)
    rc, log = soffice_csv([out, inj_out, long_out], lo_dir, os.path.join(tmp, "profile"))
    bad = []
    for name in SHEETS_JA:
        path = os.path.join(lo_dir, f"gold-{name}.csv")
        rows = read_csv(path) if os.path.exists(path) else []
        want_rows = [[as_csv(v) for v in r] for r in want[name]]
        if rows[1:] != want_rows or rows[:1] != [headers[SHEETS_JA.index(name)]]:
            bad.append((name, len(rows), [r for r in rows[1:] if r not in want_rows][:2]))
    check(rc == 0 and not bad, "LibreOffice: every data sheet's values match the gold",
          (log, bad))
    path = os.path.join(lo_dir, "inj-事業一覧.csv")
    rows = read_csv(path) if os.path.exists(path) else [[]]
    check(len(rows) > 1 and rows[1][1] == INJECTIONS[0] and rows[1][2] == INJECTIONS[1]
          and rows[1][4] == INJECTIONS[3] and rows[1][15] == INJECTIONS[4],
          "LibreOffice: formula-like text shows as typed, not evaluated", rows[1:2])
    path = os.path.join(lo_dir, "long-事業一覧.csv")
    rows = read_csv(path) if os.path.exists(path) else [[]]
    check(len(rows) > 1 and rows[1][15] == "あ" * 20000 + "😀" * 6383,
          "LibreOffice: the cut text opens intact", len(rows))

    # 集計's chart: a native bar chart of 要求額 and 予算額 per bureau, its
    # series over the bureau table of the sheet.
    ws = wb[SUMMARY_JA]
    head = next(c.row for c in ws["A"] if c.value == "所管部")
    last = head
    while ws.cell(last + 1, 1).value is not None:
        last += 1
    bureaus = [ws.cell(r, 1).value for r in range(head + 1, last + 1)]
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        chart = z.read("xl/charts/chart1.xml").decode() if "xl/charts/chart1.xml" in names else ""
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode() \
            if "xl/worksheets/_rels/sheet1.xml.rels" in names else ""
    refs = [(cat, val) for cat, val in
            re.findall(r"<c:cat>.*?<c:f>(.*?)</c:f>.*?<c:val>.*?<c:f>(.*?)</c:f>", chart, re.S)]
    names_ref = re.findall(r"<c:tx><c:strRef><c:f>(.*?)</c:f>", chart)
    cat = f"'集計'!$A${head + 1}:$A${last}"
    check("<c:barChart>" in chart and '<c:barDir val="bar"/>' in chart and
          refs == [(cat, f"'集計'!$C${head + 1}:$C${last}"), (cat, f"'集計'!$D${head + 1}:$D${last}")]
          and names_ref == [f"'集計'!$C${head}", f"'集計'!$D${head}"] and "drawing" in rels
          and sorted(bureaus) == sorted({r["department"]["bureau"] for r in gold}),
          "集計 has a bar chart of 要求額 and 予算額 over its bureau table",
          (refs, names_ref, cat, bureaus))

    # More bureaus than 集計 lists: the first 200 by name, the rest on one
    # row, with a warning.
    many = [{"no": i, "department": {"bureau": f"部{i:03d}"}, "total": {"requested": i}}
            for i in range(1, 206)]
    many_path, many_out = os.path.join(tmp, "many.json"), os.path.join(tmp, "many.xlsx")
    dump(many, many_path)
    rc, _, err = run("-f", "json", many_path, "-o", many_out)
    got = None
    if rc == 0:
        ws = openpyxl.load_workbook(many_out, data_only=True)[SUMMARY_JA]
        head = next(c.row for c in ws["A"] if c.value == "所管部")
        rows = []
        while ws.cell(head + 1 + len(rows), 1).value is not None:
            rows.append([ws.cell(head + 1 + len(rows), c).value for c in (1, 2, 3)])
        got = (len(rows), rows[199], rows[200])
    check(got == (201, ["部200", 1, 200], ["（その他）", 5, sum(range(201, 206))]) and
          "200" in err and "warning" in err,
          "past 200 bureaus, 集計 counts the rest on one row and says so", (rc, err, got))

    # A bureau too long to be listed is counted with the others, not as
    # unknown beside the record that has none, and the run says so.
    odd = [{"no": 1, "department": {"bureau": "部" * 400}, "total": {"requested": 1}},
           {"no": 2, "total": {"requested": 2}},
           {"no": 3, "department": {"bureau": "総務部"}, "total": {"requested": 4}}]
    odd_path, odd_out = os.path.join(tmp, "odd.json"), os.path.join(tmp, "odd.xlsx")
    dump(odd, odd_path)
    rc, _, err = run("-f", "json", odd_path, "-o", odd_out)
    got = None
    if rc == 0:
        ws = openpyxl.load_workbook(odd_out, data_only=True)[SUMMARY_JA]
        head = next(c.row for c in ws["A"] if c.value == "所管部")
        got = [[ws.cell(r, c).value for c in (1, 2, 3)] for r in (head + 1, head + 2)]
    check(got == [["総務部", 1, 4], ["（その他）", 2, 3]] and "longer than 1024 bytes" in err,
          "a bureau too long to list goes under （その他）, with a warning", (rc, err, got))

    # A full disk: one message, budgetconv's own, and no file left behind.
    full = os.path.join(tmp, "full")
    os.mkdir(full)
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", full],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if mounted:
        try:
            rc, _, err = run("-f", "json", GOLD_PATH, "-o", os.path.join(full, "x.xlsx"))
            left = os.listdir(full)
        finally:
            subprocess.run(["umount", full])
        lines = err.splitlines()
        check(rc == 74 and len(lines) == 1 and lines[0].startswith("budgetconv: ") and
              "No space left on device" in err and "[ERROR]" not in err and not left,
              "a full disk: exit 74 with budgetconv's one message, none of libxlsxwriter's",
              (rc, err, left))
        # libxlsxwriter writes its temporary files (TMPDIR) unchecked: full,
        # they gave exit 0 and a broken workbook, rows missing mid-sheet.
        # Small enough to fail while spooling rows, or only while assembling.
        got = []
        for size in ("8k", "64k"):
            subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", full],
                           check=True)
            try:
                target = os.path.join(tmp, f"tmpdir-{size}.xlsx")
                p = subprocess.run([testlib.BUDGETCONV, "-f", "json", GOLD_PATH, "-o", target],
                                   env=dict(os.environ, TMPDIR=full), stderr=subprocess.PIPE)
                err = p.stderr.decode("utf-8", "replace")
                got.append((size, p.returncode, len(err.splitlines()),
                            "temporary directory full" in err or
                            "could not be written: No space left on device" in err,
                            os.path.exists(target)))
            finally:
                subprocess.run(["umount", full])
        check(got == [("8k", 74, 1, True, False), ("64k", 74, 1, True, False)],
              "a full temporary directory: exit 74, one message, no workbook", got)
    else:
        testlib.skip("a full disk", "needs root to mount a small tmpfs")
        testlib.skip("a full temporary directory", "needs root to mount a small tmpfs")

    # The ten sample pages.
    sample_out = os.path.join(tmp, "sample.xlsx")
    rc, _, err = run(SAMPLE, "-o", sample_out)
    wbs = openpyxl.load_workbook(sample_out) if rc == 0 else None
    nos = [r[0] for r in data_rows(wbs["事業一覧"])] if wbs else []
    check(nos == list(range(59, 69)), "sample pages export to xlsx", (rc, err, nos))
    bad = []
    if wbs:
        rows = {r[0]: r for r in data_rows(wbs["事業一覧"])}
        items = data_rows(wbs["要求内容"])
        for r in gold:
            got = rows.get(r["no"], [None] * 27)
            if [got[c] for c in AMOUNTS["事業一覧"]] != \
                    [project_row(r)[c] for c in AMOUNTS["事業一覧"]]:
                bad.append((r["no"], got[7:14]))
            if [i for i in items if i[0] == r["no"]] != item_rows(r):
                bad.append((r["no"], "line items"))
    check(wbs is not None and not bad, "sample pages: gold records' amounts", bad)
    finish(tmp)


if __name__ == "__main__":
    testlib.main(main)
