#!/usr/bin/python3
"""The xlsx exporter, read back with real clients: openpyxl and LibreOffice.

Records come from the gold file through the json importer (and from the
sample pages through rawtext when it is built).  Expectations are written
here from the gold file and DESIGN.md, never from budgetconv's own code.
Prints TAP.  Run by Debian's /usr/bin/python3 (python3-openpyxl).
"""
import copy
import csv
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
from testlib import GOLD_PATH, SAMPLE, check, finish, run  # noqa: E402
import testlib  # noqa: E402

PROJECT_JA = ["NO", "事業名", "所管部", "所管課", "款", "会計", "要求区分", "要求額", "予算額", "うち特財", "国庫支出金", "都支出金", "その他特財", "一般財源",
              "事務事業評価", "事業説明文", "背景、区民ニーズ、現状課題等", "要求する事業内容",
              "事業実施で得られる成果", "国・都・特別区等の動向や取組状況", "基本計画・個別計画",
              "関連する法令・条例等", "実施に向けた財源確保", "スケジュール",
              "事業実施に伴う将来コスト", "編成の考え方", "債務負担行為"]
PROJECT_EN = ["no", "title", "bureau", "division", "account", "fund", "request_type",
              "requested", "budgeted", "budgeted_specific", "national",
              "metropolitan", "other_specific", "general", "evaluation", "description",
              "background", "request_details", "expected_outcomes", "peer_trends", "plans",
              "laws", "funding_plan", "schedule", "future_costs", "budget_rationale",
              "debt_burden"]
# 区分 is the group (レベルアップ分, ...), 種別 the kind (小計 or 明細).
ITEMS_JA = ["NO", "事業名", "区分", "種別", "内容", "要求額", "予算額", "うち特財"]
ITEMS_EN = ["no", "title", "group", "kind", "label", "requested", "budgeted", "budgeted_specific"]
FUNDING_JA = ["NO", "事業名", "財源", "内容", "金額"]
FUNDING_EN = ["no", "title", "source", "detail", "amount"]
SHEETS_JA = ["事業一覧", "要求内容", "財源内訳"]
SHEETS_EN = ["projects", "line_items", "funding"]
AMOUNTS = {"事業一覧": range(7, 14), "要求内容": range(5, 8), "財源内訳": range(4, 5)}
TEXT_KEYS = ["description", "background", "request_details", "expected_outcomes",
             "peer_trends", "plans", "laws", "funding_plan", "schedule", "future_costs",
             "budget_rationale", "debt_burden"]
SOURCES = ["national", "metropolitan", "other_specific", "general"]
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


def expected_totals(records):
    """Per sheet, the column index → value the totals row must show."""
    sheets = expected_sheets(records)
    totals = {}
    for name, rows in sheets.items():
        counted = [r for r in rows if name != "要求内容" or r[3] == "明細"]
        totals[name] = {c: sum(r[c] for r in counted if r[c] is not None)
                        for c in AMOUNTS[name]}
    return totals


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
    check(wb.sheetnames == SHEETS_JA, "sheet names", wb.sheetnames)

    headers = [[c.value for c in ws[1]] for ws in wb.worksheets]
    check(headers == [PROJECT_JA, ITEMS_JA, FUNDING_JA], "Japanese headers", headers)

    want = expected_sheets(gold)
    n_rows = {name: len(rows) for name, rows in want.items()}
    for name in SHEETS_JA:
        got = data_rows(wb[name])[:n_rows[name]]
        diffs = [(i, g, w) for i, (g, w) in enumerate(zip(got, want[name])) if g != w]
        check(len(got) == n_rows[name] and not diffs,
              f"{name}: every cell equals the gold record", diffs[:3])

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

    totals = expected_totals(gold)
    bad = []
    for name in SHEETS_JA:
        ws, wsv, last = wb[name], wbv[name], n_rows[name] + 1
        for c in AMOUNTS[name]:
            letter = get_column_letter(c + 1)
            formula, cached = ws.cell(last + 1, c + 1).value, wsv.cell(last + 1, c + 1).value
            plain = f"=SUBTOTAL(109,{letter}2:{letter}{last})"
            # Line items leave the subtotal rows out, or they would count twice.
            masked = (f"=SUMPRODUCT(SUBTOTAL(109,OFFSET({letter}2,ROW({letter}2:{letter}{last})"
                      f"-ROW({letter}2),0)),--($D$2:$D${last}<>\"小計\"))")
            ok_formula = formula == (masked if name == "要求内容" else plain)
            if not ok_formula or cached != totals[name][c] or not is_number(cached):
                bad.append((name, letter, formula, cached, totals[name][c]))
        if ws.cell(last + 1, 1).value != "合計":
            bad.append((name, "label", ws.cell(last + 1, 1).value))
    check(not bad, "totals rows: SUBTOTAL(109) formulas whose cached values are the sums", bad)

    bad = []
    for name, ws in zip(SHEETS_JA, wb.worksheets):
        ref = f"A1:{get_column_letter(ws.max_column)}{n_rows[name] + 1}"
        if ws.freeze_panes != "A2" or ws.auto_filter.ref != ref:
            bad.append((name, ws.freeze_panes, ws.auto_filter.ref, ref))
        if not all(c.font.b for c in ws[1]):
            bad.append((name, "header not bold"))
    check(not bad, "bold header row frozen, autofilter over header and data", bad)

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
    got = (wb_en.sheetnames, [[c.value for c in ws[1]] for ws in wb_en.worksheets]) if wb_en else err
    check(got == (SHEETS_EN, [PROJECT_EN, ITEMS_EN, FUNDING_EN]),
          "-O lang=en: English sheet names and keys as headers", got)
    want_en = expected_sheets(gold, en=True)
    check(wb_en is not None and data_rows(wb_en["line_items"])[:n_rows["要求内容"]]
          == want_en["要求内容"], "-O lang=en: line item kinds in English")
    check(wb_en is not None and data_rows(wb_en["funding"])[:n_rows["財源内訳"]]
          == want_en["財源内訳"], "-O lang=en: funding sources as their keys")

    rc, _, err = run("-f", "json", GOLD_PATH, "-O", "colour=red", "-o", os.path.join(tmp, "x.xlsx"))
    check(rc == 64 and "colour" in err and "lang" in err,
          "an unknown -O key is refused with the valid keys", f"rc={rc} {err}")

    # Formula injection: text that looks like a formula stays text.
    inj = copy.deepcopy(gold[:2])
    inj[0]["title"], inj[0]["department"]["bureau"] = INJECTIONS[0], INJECTIONS[1]
    inj[0]["description"], inj[0]["account"] = INJECTIONS[4], INJECTIONS[3]
    inj[0]["line_items"][0]["label"], inj[0]["funding"][0]["detail"] = INJECTIONS[2], INJECTIONS[0]
    inj_path, inj_out = os.path.join(tmp, "inj.json"), os.path.join(tmp, "inj.xlsx")
    dump(inj, inj_path)
    rc, _, err = run("-f", "json", inj_path, "-o", inj_out)
    wb_inj = openpyxl.load_workbook(inj_out) if rc == 0 else None
    bad = [] if wb_inj else [err]
    for ws in (wb_inj.worksheets if wb_inj else []):
        for row in ws.iter_rows(min_row=2, max_row=ws.max_row - 1):
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str)
                                              and cell.value.startswith("=")
                                              and cell.value not in INJECTIONS):
                    bad.append((ws.title, cell.coordinate, cell.value))
    got = (wb_inj["事業一覧"]["B2"].value, wb_inj["事業一覧"]["B2"].data_type,
           wb_inj["要求内容"]["E2"].value, wb_inj["財源内訳"]["D2"].value) if wb_inj else None
    formulas = -1
    if wb_inj:
        with zipfile.ZipFile(inj_out) as z:
            formulas = z.read("xl/worksheets/sheet1.xml").decode().count("<f>")
    check(not bad and got == (INJECTIONS[0], "s", INJECTIONS[2], INJECTIONS[0])
          and formulas == len(AMOUNTS["事業一覧"]),
          "formula-like text is stored as strings; the only formulas are the totals",
          (bad, got, formulas))

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

    # Records with nothing but a number, or nothing at all.
    sparse_path, sparse_out = os.path.join(tmp, "sparse.json"), os.path.join(tmp, "sparse.xlsx")
    dump([{"no": 5}, {}], sparse_path)
    rc, _, err = run("-f", "json", sparse_path, "-o", sparse_out)
    got = None
    if rc == 0:
        wbs = openpyxl.load_workbook(sparse_out)
        ws = wbs["事業一覧"]
        got = ([c.value for c in ws[2]], [c.value for c in ws[3]], ws.cell(4, 1).value,
               wbs["要求内容"].max_row, wbs["財源内訳"].max_row)
    check(got == ([5] + [None] * 26, [None] * 27, "合計", 1, 1),
          "missing fields export as empty cells", (rc, err, got))

    empty_path, empty_out = os.path.join(tmp, "empty.json"), os.path.join(tmp, "empty.xlsx")
    dump([], empty_path)
    rc, _, err = run("-f", "json", empty_path, "-o", empty_out)
    got = None
    if rc == 0:
        wbe = openpyxl.load_workbook(empty_out)
        got = [(ws.max_row, ws.auto_filter.ref) for ws in wbe.worksheets]
    check(got == [(1, "A1:AA1"), (1, "A1:H1"), (1, "A1:E1")],
          "no records: headers only, no totals row", (rc, err, got))

    # LibreOffice reads the same values; it keeps the cached totals.
    lo_dir = os.path.join(tmp, "lo")
    os.mkdir(lo_dir)
    rc, log = soffice_csv([out, inj_out, long_out], lo_dir, os.path.join(tmp, "profile"))
    bad = []
    for name in SHEETS_JA:
        path = os.path.join(lo_dir, f"gold-{name}.csv")
        rows = read_csv(path) if os.path.exists(path) else []
        want_rows = [[as_csv(v) for v in r] for r in want[name]]
        total = [""] * len(want[name][0])
        total[0] = "合計"
        for c, v in totals[name].items():
            total[c] = str(v)
        if rows[1:] != want_rows + [total] or rows[:1] != [headers[SHEETS_JA.index(name)]]:
            bad.append((name, len(rows), [r for r in rows[1:] if r not in want_rows + [total]][:2]))
    check(rc == 0 and not bad, "LibreOffice: every sheet's values and totals match the gold",
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

    # With recalculation forced on a copy stripped of cached values, the
    # formulas themselves must give the sums.
    stripped = os.path.join(tmp, "stripped.xlsx")
    openpyxl.load_workbook(out).save(stripped)
    profile = os.path.join(tmp, "profile-recalc")
    os.makedirs(os.path.join(profile, "user"))
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
                '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>'
                '</item>\n</oor:items>\n')
    recalc_dir = os.path.join(tmp, "recalc")
    os.mkdir(recalc_dir)
    stripped_total = openpyxl.load_workbook(stripped, data_only=True)["財源内訳"].cell(
        n_rows["財源内訳"] + 2, 5).value
    rc, log = soffice_csv([stripped], recalc_dir, profile)
    bad = []
    for name in SHEETS_JA:
        path = os.path.join(recalc_dir, f"stripped-{name}.csv")
        last = read_csv(path)[-1] if os.path.exists(path) else []
        want_last = {c: str(v) for c, v in totals[name].items()}
        if {c: last[c] for c in want_last if c < len(last)} != want_last:
            bad.append((name, last, want_last))
    check(rc == 0 and stripped_total is None and not bad,
          "LibreOffice recalculating the formulas gets the same totals", (log, bad))

    # The ten sample pages.
    sample_out = os.path.join(tmp, "sample.xlsx")
    rc, _, err = run(SAMPLE, "-o", sample_out)
    wbs = openpyxl.load_workbook(sample_out) if rc == 0 else None
    nos = [r[0] for r in data_rows(wbs["事業一覧"])[:-1]] if wbs else []
    check(nos == list(range(59, 69)), "sample pages export to xlsx", (rc, err, nos))
    bad = []
    if wbs:
        rows = {r[0]: r for r in data_rows(wbs["事業一覧"])[:-1]}
        items = data_rows(wbs["要求内容"])[:-1]
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
