#!/usr/bin/python3
"""csv plugin: every table, in every option combination, read back by
Python's csv module and compared cell by cell with what the gold records
say; the formula guard; the full table's round trip through -f csv; and
that the importer streams.  Prints TAP.

The expected cells are computed here from the column lists of issue 4 and
DESIGN §5, independently of the plugin's own tables."""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
from testlib import BUDGETCONV, GOLD_PATH as GOLD, SAMPLE, check, finish, skip  # noqa: E402
from testlib import BOX_EN, BOX_JA, SOURCE_JA, SOURCES, TEXTS, TEXTS_AFTER_LISTS  # noqa: E402
import testlib  # noqa: E402
testlib.require_gold()

# The shared views, and the csv plugin's own lossless table.
HEADERS = dict(testlib.HEADERS, **{
    "full": {
        "ja": ["行種別", "行番号", "NO", "年度", "文書", "事業名", "所管部", "所管課", "款", "会計",
               "要求区分", "単位"] + BOX_JA + ["事務事業評価", "債務負担行為", "合計要求額",
               "合計予算額", "合計うち特財", "種別", "区分", "内容", "要求額", "予算額", "うち特財",
               "財源", "財源名", "財源内容", "金額"],
        "en": ["row", "seq", "no", "fiscal_year", "document", "title", "bureau", "division",
               "account", "fund", "request_type", "unit"] + BOX_EN
              + ["evaluation", "debt_burden", "total_requested", "total_budgeted",
                 "total_budgeted_specific", "kind", "group", "label", "requested", "budgeted",
                 "budgeted_specific", "source", "funding_label", "funding_detail", "amount"],
    },
})

# What glibc's CP932 (like Windows) writes for the characters that Shift_JIS
# and CP932 map to different code points; Python's cp932 reads them back so.
CP932_FORMS = str.maketrans("〜−‖¢£¬—", "～－∥￠￡￢―")


def guard(s, raw=False):
    if raw or not re.match("'*([ \t\u3000]*[=+\\-@]|[\t\r\n])", s):
        return s
    return "'" + s


class Expect:
    """The cells a table should hold for some records."""

    def __init__(self, lang="ja", raw=False):
        self.lang, self.raw = lang, raw

    def amt(self, v):
        return "" if v is None else str(v)

    def txt(self, v):
        return "" if v is None else guard(v, self.raw)

    def lst(self, v):
        return self.txt("\n".join(v)) if v else ""

    def dept(self, r, k):
        return self.txt((r.get("department") or {}).get(k))

    def total(self, r):
        t = r.get("total") or {}
        return [self.amt(t.get(k)) for k in ("requested", "budgeted", "budgeted_specific")]

    def boxes(self, r):
        return ([self.txt(r.get(k)) for k in TEXTS] + [self.lst(r.get("plans")), self.lst(r.get("laws"))]
                + [self.txt(r.get(k)) for k in TEXTS_AFTER_LISTS])

    def fund_sum(self, r, src):
        rows = [f["amount"] for f in r.get("funding") or []
                if f["source"] == src and f.get("amount") is not None]
        return str(sum(rows)) if rows else ""

    def projects(self, r):
        return ([self.amt(r.get("no")), self.txt(r.get("title")), self.dept(r, "bureau"),
                 self.dept(r, "division"), self.txt(r.get("account")), self.txt(r.get("fund")),
                 self.txt(r.get("request_type"))] + self.total(r)
                + [self.fund_sum(r, s) for s in SOURCES] + [self.txt(r.get("evaluation"))]
                + self.boxes(r) + [self.txt(r.get("debt_burden"))])

    def item_cells(self, it):
        return [self.amt(it.get(k)) for k in ("requested", "budgeted", "budgeted_specific")]

    def items(self, r):
        out = []
        for it in r.get("line_items") or []:
            kind = it["kind"] if self.lang == "en" else {"subtotal": "小計", "item": "明細"}[it["kind"]]
            out.append([self.amt(r.get("no")), self.txt(r.get("title")), self.txt(it.get("group")),
                        kind, self.txt(it.get("label"))] + self.item_cells(it))
        return out

    def funding(self, r):
        out = []
        for f in r.get("funding") or []:
            src = f["source"] if self.lang == "en" else (
                f.get("label") or SOURCE_JA[SOURCES.index(f["source"])])
            out.append([self.amt(r.get("no")), self.txt(r.get("title")), self.txt(src),
                        self.txt(f.get("detail")), self.amt(f.get("amount"))])
        return out

    def full(self, r):
        rec = ([self.amt(r.get("no")), self.amt(r.get("fiscal_year")), self.txt(r.get("document")),
                self.txt(r.get("title")), self.dept(r, "bureau"), self.dept(r, "division"),
                self.txt(r.get("account")), self.txt(r.get("fund")), self.txt(r.get("request_type")),
                self.txt(r.get("unit"))] + self.boxes(r)
               + [self.txt(r.get("evaluation")), self.txt(r.get("debt_burden"))] + self.total(r))
        rows = []
        for it in r.get("line_items") or []:
            rows.append(["line_item", str(len(rows) + 1)] + rec
                        + [it["kind"], self.txt(it.get("group")), self.txt(it.get("label"))]
                        + self.item_cells(it) + [""] * 4)
        for f in r.get("funding") or []:
            rows.append(["funding", str(len(rows) + 1)] + rec + [""] * 6
                        + [f["source"], self.txt(f.get("label")), self.txt(f.get("detail")),
                           self.amt(f.get("amount"))])
        return rows or [["record", "1"] + rec + [""] * 10]

    def table(self, name, records):
        rows = [HEADERS[name][self.lang]]
        for r in records:
            cells = getattr(self, name)(r)
            rows.extend([cells] if name == "projects" else cells)
        return rows


def run(args):
    return testlib.run(*args, binary=True)


def export(src, opts, fmt="json"):
    args = ["-f", fmt, src, "-t", "csv"]
    for o in opts:
        args += ["-O", o]
    rc, out, err = run(args)
    assert rc == 0, "budgetconv %s: exit %d: %s" % (" ".join(args), rc, err)
    return out


def read_cells(data, encoding):
    return list(csv.reader(io.StringIO(data.decode(encoding), newline=""), strict=True))


def json_records(path, fmt):
    rc, out, err = run(["-f", fmt, path, "-t", "json"])
    assert rc == 0, "reading %s: exit %d: %s" % (path, rc, err)
    return json.loads(out)["records"]


def without_source(records):
    return [{k: v for k, v in r.items() if k != "source"} for r in records]


def first_row_lines(data):
    """The physical line where each data row of a UTF-8 CSV starts."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    starts, line = [], reader.line_num + 1
    for row in reader:
        starts.append((row, line))
        line = reader.line_num + 1
    return starts[1:]


def same(got, want, what):
    if got == want:
        return
    if len(got) != len(want):
        raise AssertionError("%s: %d rows, expected %d" % (what, len(got), len(want)))
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            diff = [(j, g[j] if j < len(g) else None, w[j] if j < len(w) else None)
                    for j in range(max(len(g), len(w))) if (g[j:j + 1] != w[j:j + 1])]
            raise AssertionError("%s: row %d differs at (column, got, expected) %r"
                                 % (what, i, diff[:3]))


class Suite:
    def __init__(self):
        self.tests = []
        self.tmp = tempfile.TemporaryDirectory(prefix="test_csv.")

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def add(self, name, fn, *args):
        self.tests.append((name, fn, args))

    def run(self):
        for name, fn, args in self.tests:
            try:
                why = fn(*args)
            except Exception as e:  # a test's failure, reported as TAP
                check(False, name, str(e) or type(e).__name__)
                continue
            if why:
                skip(name, why)
            else:
                check(True, name)
        finish()


def write_json(suite, name, records):
    p = suite.path(name)
    with open(p, "w", encoding="utf-8") as f:
        json.dump({"schema": "budgetconv/record/1", "records": records}, f, ensure_ascii=False)
    return p


def t_table(gold, table, lang, bom, crlf, enc):
    opts = ["table=" + table, "lang=" + lang, "encoding=" + enc] + (["bom"] * bom) + (["crlf"] * crlf)
    if bom and enc == "cp932":
        rc, out, err = run(["-f", "json", GOLD, "-t", "csv"] + sum([["-O", o] for o in opts], []))
        assert rc == 64 and out == b"" and "bom" in err, \
            "bom with cp932 should be a usage error: exit %d, %r" % (rc, err)
        return None
    data = export(GOLD, opts)
    assert data.startswith(b"\xef\xbb\xbf") == bool(bom), "BOM present: %s" % (not bom)
    want = Expect(lang).table(table, gold)
    if enc == "cp932":
        want = [[c.translate(CP932_FORMS) for c in row] for row in want]
    got = read_cells(data[3:] if bom else data, "utf-8" if enc == "utf-8" else "cp932")
    same(got, want, "table=%s lang=%s" % (table, lang))
    # Every row ends with the chosen line end; cells of the gold hold no CR.
    if crlf:
        assert data.count(b"\r\n") == data.count(b"\r") == len(want), "rows not ended by CRLF"
    else:
        assert b"\r" not in data, "CR written without -O crlf"
    assert data.endswith(b"\r\n" if crlf else b"\n"), "last row not terminated"


HOSTILE = [{
    "no": 900, "fiscal_year": 2020, "title": "=1+1",
    "department": {"bureau": "+cmd|' /C calc'!A0", "division": "-2+3"},
    "account": "@SUM(A1)", "fund": "\tTAB", "request_type": "\rCR", "description": "\nLF",
    "background": "'=already quoted", "request_details": "safe =1+1 inside",
    "expected_outcomes": " =1+1", "peer_trends": "\u3000\t@SUM(A1)", "funding_plan": "'  -3",
    "schedule": " \u3000x=1", "future_costs": "   ", "plans": ["=HYPERLINK(\"http://x\",\"y\")", "b"], "laws": [""],
    "line_items": [{"kind": "subtotal", "group": None, "label": "=G", "requested": -5,
                    "budgeted": 0, "budgeted_specific": None},
                   {"kind": "item", "group": "=G", "label": "-label", "requested": -5,
                    "budgeted": 0, "budgeted_specific": None}],
    "total": {"requested": -5, "budgeted": 0, "budgeted_specific": None},
    "funding": [{"source": "general", "label": "@L", "detail": "'-d", "amount": -5}],
}]


def t_injection(suite, raw):
    src = write_json(suite, "hostile.json", HOSTILE)
    for table in ("projects", "items", "funding", "full"):
        data = export(src, ["table=" + table] + (["raw"] if raw else []))
        got = read_cells(data, "utf-8")
        same(got, Expect("ja", raw).table(table, HOSTILE), "table=" + table)
    cells = read_cells(export(src, ["raw"] if raw else []), "utf-8")[1]
    # Spelled out too, so that the test does not only agree with itself.
    if raw:
        assert cells[1] == "=1+1" and cells[5] == "\tTAB", cells[:6]
    else:
        assert cells[1:6] == ["'=1+1", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)", "'\tTAB"], cells[:6]
        assert cells[16] == "''=already quoted" and cells[17] == "safe =1+1 inside", cells[16:18]
        assert cells[18:20] == ["' =1+1", "'\u3000\t@SUM(A1)"], cells[18:20]
        assert cells[22:25] == ["''  -3", " \u3000x=1", "   "], cells[22:25]
    assert cells[0] == "900" and cells[7] == "-5", "numbers are never guarded: %r" % cells[:8]


def t_round_trip(suite, src, fmt, name, opts, import_opts=()):
    csv_path = suite.path(name)
    with open(csv_path, "wb") as f:
        f.write(export(src, ["table=full"] + list(opts), fmt))
    args = ["-f", "csv"] if import_opts else []
    for o in import_opts:
        args += ["-O", o]
    # Without -f the probe must recognise the full table by its header.
    rc, out, err = run(args + [csv_path, "-t", "json"])
    assert rc == 0, "import: exit %d: %s" % (rc, err)
    back = json.loads(out)["records"]
    want = json_records(src, fmt)
    if without_source(back) != without_source(want):
        for i, (b, w) in enumerate(zip(without_source(back), without_source(want))):
            for k in w:
                if b.get(k) != w[k]:
                    raise AssertionError("record %d, %s: %r != %r" % (i, k, b.get(k), w[k]))
        raise AssertionError("%d records back, %d expected" % (len(back), len(want)))
    with open(csv_path, "rb") as f:
        starts = first_row_lines(f.read())
    lines = [line for row, line in starts if row[1] == "1"]
    got = [(r["source"]["file"], r["source"]["line"]) for r in back]
    assert got == [(csv_path, n) for n in lines], "source: %r, expected lines %r" % (got, lines)


def t_reordered(suite):
    """Columns reordered so that each row starts with a multi-line cell: the
    records and their first-row lines must still come out right."""
    rows = list(csv.reader(io.StringIO(export(GOLD, ["table=full"]).decode(), newline="")))
    p = suite.path("reversed.csv")
    with open(p, "w", newline="", encoding="utf-8") as f:
        first = rows[0].index("背景、区民ニーズ、現状課題等")
        order = [first] + [i for i in range(len(rows[0])) if i != first][::-1]
        csv.writer(f).writerows([[row[i] for i in order] for row in rows])
    rc, out, err = run([p, "-t", "json"])
    assert rc == 0, "import: exit %d: %s" % (rc, err)
    back = json.loads(out)["records"]
    assert without_source(back) == without_source(json_records(GOLD, "json")), "records differ"
    with open(p, "rb") as f:
        lines = [line for row, line in first_row_lines(f.read()) if row[-2] == "1"]
    got = [r["source"]["line"] for r in back]
    assert got == lines and len(set(got)) == len(got), "lines %r, expected %r" % (got, lines)
    assert any("\n" in r["background"] for r in back), "no multi-line first cell to count"


def t_dos_file(suite):
    """A full table passed through unix2dos (every LF, in cells too, made
    CRLF) reads back as it was: the cells' CRs were kept in the text."""
    p = suite.path("dos.csv")
    data = export(GOLD, ["table=full"])
    assert b"\n\n" not in data and data.count(b"\n") > data.count(b"\n1,"), "no multi-line cell"
    with open(p, "wb") as f:
        f.write(data.replace(b"\n", b"\r\n"))
    rc, out, err = run([p, "-t", "json"])
    assert rc == 0 and err == "", "import: exit %d: %s" % (rc, err)
    back = json.loads(out)["records"]
    assert without_source(back) == without_source(json_records(GOLD, "json")), "records differ"


def t_reexport(suite, opts):
    """full -> import -> full gives the same bytes: nothing is lost or
    reordered, not even the quoting of empty text."""
    first = suite.path("first.csv")
    with open(first, "wb") as f:
        f.write(export(GOLD, ["table=full"] + opts))
    again = export(first, ["table=full"] + opts, "csv")
    with open(first, "rb") as f:
        assert f.read() == again, "the re-exported full table differs"


def t_missing_fields(suite):
    recs = [{}, {"no": 5, "line_items": [{"kind": "item"}], "funding": [{"source": "general"}]}]
    src = write_json(suite, "sparse.json", recs)
    for table in ("projects", "items", "funding", "full"):
        got = read_cells(export(src, ["table=" + table]), "utf-8")
        same(got, Expect().table(table, recs), "table=" + table)
    t_round_trip(suite, src, "json", "sparse.csv", [])


def t_cp932_error(suite):
    src = write_json(suite, "emoji.json", [{"no": 7, "title": "絵文字😀"}])
    out = suite.path("emoji.csv")
    for lang, col in (("ja", "事業名"), ("en", "title")):
        rc, _, err = run(["-f", "json", src, "-o", out, "-O", "encoding=cp932", "-O", "lang=" + lang])
        assert rc == 65, "exit %d, expected 65: %s" % (rc, err)
        for part in ("NO 7", col, "U+1F600"):
            assert part in err, "%r not in the message: %s" % (part, err)
        assert not os.path.exists(out), "a failed run left " + out


def t_list_item_with_line_break(suite):
    """full joins a list's items with line breaks: an item holding one
    would read back as two, so it is refused, naming the record and column."""
    src = write_json(suite, "law-lf.json", [{"no": 3, "laws": ["a", "b\nc"]}])
    out = suite.path("law-lf.csv")
    rc, _, err = run(["-f", "json", src, "-o", out, "-O", "table=full", "-O", "lang=en"])
    assert rc == 65, "exit %d, expected 65: %s" % (rc, err)
    assert "record NO 3, column laws: item 2 holds a line break" in err, err
    assert not os.path.exists(out), "a failed run left " + out
    rc, _, err = run(["-f", "json", src, "-o", out, "-O", "table=projects"])
    assert rc == 0, "a table that is not read back keeps the line break: " + err


def t_streaming(suite):
    rows = list(csv.reader(io.StringIO(export(GOLD, ["table=full"]).decode(), newline="")))
    sizes = {}
    for copies in (10, 300):
        p = suite.path("many%d.csv" % copies)
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(rows[0])
            # each copy its own NOs: a NO's rows given twice are an error
            for copy in range(copies):
                w.writerows([r[:2] + [str(int(r[2]) + 1000 * copy)] + r[3:] for r in rows[1:]])
        sizes[copies] = (os.path.getsize(p), testlib.peak_rss_kb(["-f", "csv", p, "-t", "csv"]))
    grew = sizes[300][1] - sizes[10][1]
    print("# input %d KB -> %d KB: peak RSS %d KB -> %d KB"
          % (sizes[10][0] // 1024, sizes[300][0] // 1024, sizes[10][1], sizes[300][1]))
    assert grew < 8192, "memory grew by %d KB for %d KB more input" % (
        grew, (sizes[300][0] - sizes[10][0]) // 1024)


def t_sample(suite):
    t_round_trip(suite, SAMPLE, "rawtext", "sample.csv", [])
    return None


def main():
    with open(GOLD, encoding="utf-8") as f:
        gold = json.load(f)
    gold = gold["records"] if isinstance(gold, dict) else gold
    s = Suite()
    for table in ("projects", "items", "funding", "full"):
        for lang in ("ja", "en"):
            for bom in (0, 1):
                for crlf in (0, 1):
                    for enc in ("utf-8", "cp932"):
                        s.add("table=%s lang=%s%s%s encoding=%s reads back as the gold"
                              % (table, lang, " bom" * bom, " crlf" * crlf, enc),
                              t_table, gold, table, lang, bom, crlf, enc)
    s.add("text starting with = + - @ (after blanks too) TAB CR LF is guarded with ', numbers are not",
          t_injection, s, False)
    s.add("-O raw writes hostile text as it is", t_injection, s, True)
    for lang in ("ja", "en"):
        for extra in ([], ["bom"], ["crlf"], ["bom", "crlf"]):
            s.add("round trip json -> csv full (lang=%s %s) -> csv -> json is identical"
                  % (lang, " ".join(extra)), t_round_trip, s, GOLD, "json",
                  "rt-%s-%s.csv" % (lang, "-".join(extra)), ["lang=" + lang] + extra)
    s.add("hostile text survives the round trip (guard undone on import)",
          t_round_trip, s, write_json(s, "hostile-rt.json", HOSTILE), "json", "hostile-rt.csv", [])
    s.add("-O raw export reads back with -O raw import",
          t_round_trip, s, write_json(s, "hostile-raw.json", HOSTILE), "json", "hostile-raw.csv",
          ["raw"], ["raw"])
    s.add("a list item with a line break is refused by the full table", t_list_item_with_line_break, s)
    s.add("a full table with CRLF in its cells too (unix2dos) reads back the same", t_dos_file, s)
    s.add("full -> csv import -> full (lang=en bom crlf) is byte-identical",
          t_reexport, s, ["lang=en", "bom", "crlf"])
    s.add("columns in any order read back, with the right line for each record",
          t_reordered, s)
    s.add("records with missing fields export as empty cells and read back",
          t_missing_fields, s)
    s.add("a character CP932 lacks fails naming record and column", t_cp932_error, s)
    s.add("the importer streams: memory does not grow with the records", t_streaming, s)
    s.add("round trip of the sample through rawtext", t_sample, s)
    s.run()


if __name__ == "__main__":
    testlib.main(main)
