#!/usr/bin/python3
"""The 集計 sheet recalculated by two other spreadsheet programs.

Every formula of the workbook is recalculated by LibreOffice (recalculation
on load forced in a private profile) and by Gnumeric (`ssconvert --recalc`)
from a copy whose cached results were all set to 0, so that only the
formulas can give the values.  Each computed cell must equal the value
budgetconv cached, and the cached values must equal the sums computed here
from the JSON records; no cell of any sheet may be an error.  Prints TAP.
"""
import copy
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
from testlib import GOLD_PATH, check, finish, run, skip  # noqa: E402
import testlib  # noqa: E402
testlib.require_gold()

SOURCES = testlib.SOURCES
ERRORS = re.compile(r"^(#[A-Z0-9/]+[!?]?|#N/A|Err:\d+)$")
PROFILE_XCU = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
               'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
               '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
               '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>'
               '</item>\n</oor:items>\n')
# Raw values of every sheet, UTF-8, comma, double quote.
LO_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def total(r, key):
    return (r.get("total") or {}).get(key)


def group_key(r, field):
    if field == "bureau":
        return (r.get("department") or {}).get("bureau") or None
    return r.get(field) or None


def expected(records, en=False):
    """The summary's values, computed from the records: label → value for the
    totals, and per group table {key: (count, requested, budgeted)} in the
    order the groups first appear; None keys are the records without one."""
    def add(values):
        return sum(v for v in values if v is not None)

    funds = {s: add(f["amount"] for r in records for f in r.get("funding", [])
                    if f["source"] == s) for s in SOURCES}
    items = [i for r in records for i in r.get("line_items", [])]
    totals = {"projects": len(records),
              "requested": add(total(r, "requested") for r in records),
              "budgeted": add(total(r, "budgeted") for r in records),
              "budgeted_specific": add(total(r, "budgeted_specific") for r in records),
              **funds,
              "line_items": len(items),
              "items_requested": add(i["requested"] for i in items if i["kind"] == "item"),
              "items_budgeted": add(i["budgeted"] for i in items if i["kind"] == "item"),
              "funding_rows": sum(len(r.get("funding", [])) for r in records),
              "funding_amount": add(f["amount"] for r in records for f in r.get("funding", []))}
    totals["difference"] = totals["budgeted"] - totals["requested"]
    groups = {}
    for field in ("bureau", "account", "request_type"):
        table = {}
        for r in records:
            c, q, b = table.get(group_key(r, field), (0, 0, 0))
            table[group_key(r, field)] = (c + 1, q + (total(r, "requested") or 0),
                                          b + (total(r, "budgeted") or 0))
        groups[field] = table
    return totals, groups


def number(text):
    """A CSV cell as a number (LibreOffice writes 87.5% for a percentage),
    or the text when it is none."""
    try:
        if text.endswith("%"):
            return float(text[:-1]) / 100
        return float(text)
    except ValueError:
        return text


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
        except (TypeError, ValueError):
            return False
    return a == b


def zero_cached(src, dst):
    """Copies the workbook with every formula's cached result set to 0 (or
    to the empty string for a string result)."""
    pattern = re.compile(rb'(<c [^>]*?)( t="str")?>(<f[^>]*>[^<]*</f>|<f[^>]*/>)<v>[^<]*</v>')
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = pattern.sub(lambda m: m.group(1) + b"><" + m.group(3)[1:] + b"<v>0</v>",
                                   data)
            zout.writestr(item, data)


def summary_cells(path):
    """The 集計 sheet as {(row, col): cached value} and its formulas."""
    values = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    formulas = openpyxl.load_workbook(path).worksheets[0]
    cells = {}
    for row in values.iter_rows():
        for c in row:
            if c.value is not None:
                cells[(c.row, c.column)] = c.value
    shown = {(c.row, c.column): c.value for row in formulas.iter_rows() for c in row
             if c.data_type == "f" or (c.value is not None and
                                       type(c.value).__name__ == "ArrayFormula")}
    return cells, shown


def read_summary(cells):
    """(totals by row label, {table header: [(key, count, req, bud, diff, rate)]})."""
    rows = {}
    for (r, c), v in cells.items():
        rows.setdefault(r, {})[c] = v
    totals, tables, header = {}, {}, None
    for r in sorted(rows):
        row = rows[r]
        if row.get(2) in ("件数", "count"):
            header = row[1]
            tables[header] = []
        elif header is not None and 1 in row:
            tables[header].append(tuple(row.get(c) for c in range(1, 7)))
        elif 1 in row and 2 in row:
            totals[row[1]] = row[2]
    return totals, tables


def check_summary(path, records, en, name):
    cells, _ = summary_cells(path)
    totals, tables = read_summary(cells)
    want_totals, want_groups = expected(records, en)
    ja = {"projects": "事業数", "requested": "要求額", "budgeted": "予算額",
          "difference": "差引", "budgeted_specific": "うち特財", "national": "国庫支出金",
          "metropolitan": "都支出金", "other_specific": "その他特財", "general": "一般財源",
          "line_items": "要求内容の行数", "items_requested": "明細の要求額",
          "items_budgeted": "明細の予算額", "funding_rows": "財源内訳の行数",
          "funding_amount": "財源内訳の金額"}
    bad = [(k, totals.get(k if en else ja[k]), v) for k, v in want_totals.items()
           if totals.get(k if en else ja[k]) != v]
    heads = {"bureau": "bureau" if en else "所管部", "account": "account" if en else "款",
             "request_type": "request_type" if en else "要求区分"}
    unknown = "(unknown)" if en else "（不明）"
    for field, table in want_groups.items():
        got = tables.get(heads[field], [])
        listed = [(k, v) for k, v in table.items() if k is not None]
        want = [(k, *v) for k, v in listed] + ([(unknown, *table[None])] if None in table else [])
        got_plain = [row[:4] for row in got]
        if got_plain != want:
            bad.append((field, got_plain, want))
        for row in got:
            key, count, req, bud, diff, rate = row
            want_rate = "" if not req else bud / req
            if diff != bud - req or not (rate in (None, "") and want_rate == "" or
                                         same(rate, want_rate)):
                bad.append((field, row))
    check(not bad, f"{name}: cached totals and group tables are the records' sums", bad[:4])
    return cells


def soffice(path, outdir, profile):
    p = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", LO_CSV, "--outdir", outdir, path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    stem = os.path.splitext(os.path.basename(path))[0]
    sheets = {}
    for f in glob.glob(os.path.join(outdir, stem + "-*.csv")):
        with open(f, encoding="utf-8", newline="") as fp:
            sheets[f[len(os.path.join(outdir, stem)) + 1:-4]] = list(csv.reader(fp))
    return p.returncode, p.stdout.decode("utf-8", "replace"), sheets


def gnumeric(path, outdir, names):
    p = subprocess.run(["ssconvert", "--recalc", "-S", "-T", "Gnumeric_stf:stf_assistant",
                        "-O", "format=raw separator=,", path,
                        os.path.join(outdir, "sheet-%n.csv")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    sheets = {}
    for i, name in enumerate(names):
        f = os.path.join(outdir, f"sheet-{i}.csv")
        if os.path.exists(f):
            with open(f, encoding="utf-8", newline="") as fp:
                sheets[name] = list(csv.reader(fp))
    return p.returncode, p.stdout.decode("utf-8", "replace"), sheets


def compare(cells, sheets, summary_name, who):
    """Cells of the recalculated summary against the cached ones, and no
    error cell in any sheet."""
    rows = sheets.get(summary_name, [])
    bad = []
    for (r, c), v in sorted(cells.items()):
        got = rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else None
        if got is None or not same(number(got) if isinstance(v, (int, float)) else got,
                                   v if v != "" else ""):
            bad.append(((r, c), got, v))
    errors = [(name, i, row) for name, table in sheets.items() for i, row in enumerate(table)
              if any(ERRORS.match(cell) for cell in row)]
    check(sheets and not bad and not errors,
          f"{who}: every recalculated 集計 cell equals its cached value; no error cell",
          (bad[:5], errors[:3], sorted(sheets)))


def main():
    with open(GOLD_PATH, encoding="utf-8") as f:
        gold = json.load(f)
    tmp = tempfile.mkdtemp(prefix="bc-recalc-")
    profile = os.path.join(tmp, "profile")
    os.makedirs(os.path.join(profile, "user"))
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write(PROFILE_XCU)

    # The gold records, and hostile ones: no bureau, no budget, an empty
    # record, names that read as formulas, criteria or wildcards, and two
    # that differ only in case or in width (= in formulas would merge them).
    hostile = copy.deepcopy(gold[:3])
    hostile[0]["department"]["bureau"] = "=1+1"
    hostile[1]["department"]["bureau"] = None
    hostile[1]["total"]["budgeted"] = None
    hostile[2]["account"] = ">5"
    extra = copy.deepcopy(gold[3:6])
    extra[0]["department"]["bureau"], extra[0]["account"] = "abc", "a*"
    extra[1]["department"]["bureau"], extra[1]["account"] = "ABC", "ａ*"
    extra[2]["department"]["bureau"], extra[2]["request_type"] = "ａｂｃ", ""
    hostile += extra + [{}]
    books = [("gold", gold, []), ("en", gold, ["-O", "lang=en"]), ("hostile", hostile, [])]

    have_lo, have_gn = shutil.which("soffice"), shutil.which("ssconvert")
    for name, records, opts in books:
        src = os.path.join(tmp, name + ".json")
        with open(src, "w", encoding="utf-8") as f:
            json.dump(records, f, ensure_ascii=False)
        out = os.path.join(tmp, name + ".xlsx")
        rc, _, err = run("-f", "json", src, "-o", out, *opts)
        check(rc == 0 and not err, f"{name}: exports to xlsx without a word", (rc, err))
        if rc != 0:
            continue
        en = bool(opts)
        summary_name = "summary" if en else "集計"
        cells = check_summary(out, records, en, name)
        _, formulas = summary_cells(out)
        zeroed = os.path.join(tmp, name + "-zeroed.xlsx")
        zero_cached(out, zeroed)
        zcells, _ = summary_cells(zeroed)
        changed = sum(1 for k in formulas if zcells.get(k) not in (0, "", None))
        check(formulas and changed == 0, f"{name}: a copy with every cached result zeroed",
              (len(formulas), changed))
        names = openpyxl.load_workbook(out, read_only=True).sheetnames
        for client, have, suffix, recalc, missing in (
                ("LibreOffice", have_lo, "-lo", lambda d: soffice(zeroed, d, profile),
                 "soffice not installed"),
                ("Gnumeric", have_gn, "-gnumeric", lambda d: gnumeric(zeroed, d, names),
                 "ssconvert (gnumeric) not installed")):
            if not have:
                skip(f"{name}: {client}", missing)
                continue
            d = os.path.join(tmp, name + suffix)
            os.mkdir(d)
            _, _, sheets = recalc(d)
            compare(cells, sheets, summary_name, f"{name}: {client}")
    finish(tmp)


if __name__ == "__main__":
    testlib.main(main)
