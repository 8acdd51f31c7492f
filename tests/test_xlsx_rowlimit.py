#!/usr/bin/python3
"""A book past Excel's 1,048,576 rows: 要求内容 goes on on `要求内容 (2)`.

The input is generated NDJSON: a few records carrying many line items each,
so that the book is large while the records stay few.  The workbook is read
back straight from its XML parts (streamed, as a client of this size would
need to) for the row counts, headers, filters, panes and sums; 集計's
cached totals must match and its formulas must name both parts.  Peak
memory of the big run must stay that of a run a tenth its size.

Slow (about half a minute): not run under the sanitizers (tests/local.mk),
and skipped when BUDGETCONV_SKIP_SLOW is set.  Prints TAP.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile

import openpyxl

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
from testlib import BUDGETCONV, check, finish, skip  # noqa: E402
import testlib  # noqa: E402

ROWS_PER_SHEET = 1048576          # Excel's limit, the header included
ITEMS_PER_RECORD = 10000
RECORDS = 110                     # 1,100,000 line items: two sheets of them
ITEMS_HEADER = testlib.HEADERS["items"]["ja"]
# Peak memory may grow by this much from a tenth of the book to all of it:
# less than 4 bytes per line item.
FLAT_KB = 4 * 1024
# GNU time measures the peak of budgetconv alone: the kernel counts a child
# of this script with the script's own memory, which it had until exec.
GNU_TIME = "/usr/bin/time"


def generate(path, records):
    """NDJSON of `records` records, each with ITEMS_PER_RECORD items whose
    requested amounts are 1, 2, 3, 1, 2, 3, ... and budgets 1."""
    amounts = [1 + i % 3 for i in range(ITEMS_PER_RECORD)]
    items = ",".join('{"kind":"item","label":"x","requested":%d,"budgeted":1}' % a
                     for a in amounts)
    requested = sum(amounts)
    with open(path, "w", encoding="utf-8") as f:
        for no in range(1, records + 1):
            f.write('{"no":%d,"title":"t","department":{"bureau":"b%d"},"line_items":[%s],'
                    '"total":{"requested":%d,"budgeted":%d}}\n'
                    % (no, no % 3, items, requested, ITEMS_PER_RECORD))
    return requested * records


def convert(src, out):
    """Runs budgetconv: (exit status, stderr, seconds, peak RSS in KiB or
    None without GNU time)."""
    report = out + ".time"
    timed = os.access(GNU_TIME, os.X_OK)
    start = time.monotonic()
    p = subprocess.run(([GNU_TIME, "-f", "%M", "-o", report] if timed else []) +
                       [BUDGETCONV, "-f", "json", src, "-o", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.monotonic() - start
    peak = None
    if timed and os.path.exists(report):
        with open(report) as f:
            peak = int(f.read().split()[-1])
    return p.returncode, p.stderr.decode("utf-8", "replace"), seconds, peak


ROW = re.compile(rb'<row r="(\d+)"')
CELL_F = re.compile(rb'<c r="F(\d+)"[^>]*><v>([0-9.E+-]+)</v>')


def scan(z, part):
    """Streams a worksheet part: (rows, last row number, sum of column F
    below the header, the XML outside the rows: its head and tail)."""
    rows, last, total, head, tail = 0, 0, 0, b"", b""
    with z.open(part) as f:
        rest = b""
        while True:
            chunk = f.read(1 << 20)
            data = rest + chunk
            cut = data.rfind(b"</row>") + 6 if chunk else len(data)
            if cut < 6:
                cut = 0
            body, rest = data[:cut], data[cut:]
            if not head:
                head = body[:body.find(b"<row")] if b"<row" in body else body
            for m in ROW.finditer(body):
                rows += 1
                last = int(m.group(1))
            total += sum(int(float(v)) for r, v in CELL_F.findall(body) if int(r) > 1)
            tail = (tail + body)[-4096:]
            if not chunk:
                break
    return rows, last, total, head, tail[tail.rfind(b"</sheetData>"):]


def main():
    if os.environ.get("BUDGETCONV_SKIP_SLOW"):
        skip("a book past the row limit", "BUDGETCONV_SKIP_SLOW is set")
        finish()
        return
    tmp = tempfile.mkdtemp(prefix="bc-rowlimit-")
    small, big = os.path.join(tmp, "small.ndjson"), os.path.join(tmp, "big.ndjson")
    generate(small, RECORDS // 10)
    want_total = generate(big, RECORDS)
    items = RECORDS * ITEMS_PER_RECORD

    rc, err, _, small_kb = convert(small, os.path.join(tmp, "small.xlsx"))
    check(rc == 0 and not err, "a tenth of the book converts", (rc, err))
    out = os.path.join(tmp, "big.xlsx")
    rc, err, seconds, big_kb = convert(big, out)
    check(rc == 0 and not err, f"{items:,} line items convert ({seconds:.1f} s)", (rc, err))
    print(f"# {items:,} line items: {seconds:.1f} s, peak RSS {big_kb} KiB "
          f"(a tenth of them: {small_kb} KiB)")
    if big_kb is None or small_kb is None:
        skip("peak memory stays flat", f"no GNU time at {GNU_TIME}")
    else:
        check(big_kb <= small_kb + FLAT_KB, "peak memory stays flat",
              f"{big_kb} KiB against {small_kb} KiB")
    if rc != 0:
        finish(tmp)
        return

    wb = openpyxl.load_workbook(out, read_only=True)
    names = wb.sheetnames
    check(names == ["集計", "事業一覧", "要求内容", "財源内訳", "要求内容 (2)"],
          "要求内容 goes on on 要求内容 (2)", names)
    with zipfile.ZipFile(out) as z:
        parts = [scan(z, f"xl/worksheets/sheet{i}.xml") for i in (3, 5)]
    first = ROWS_PER_SHEET - 1
    got = [(rows, last) for rows, last, _, _, _ in parts]
    check(got == [(ROWS_PER_SHEET, ROWS_PER_SHEET), (items - first + 1, items - first + 1)],
          "row counts: a full sheet, then the rest, each under its header",
          (got, items - first + 1))
    check(sum(p[2] for p in parts) == want_total,
          "the parts' 要求額 add up to the records' line items",
          ([p[2] for p in parts], want_total))
    bad = []
    for (rows, last, _, head, tail), name in zip(parts, ("要求内容", "要求内容 (2)")):
        if b'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' \
                not in head or f'<autoFilter ref="A1:H{last}"/>'.encode() not in tail:
            bad.append((name, head[-300:], tail[:300]))
    headers = [[c.value for c in next(wb[n].iter_rows(max_row=1))]
               for n in ("要求内容", "要求内容 (2)")]
    check(not bad and headers == [ITEMS_HEADER] * 2,
          "each part has the header, a filter over all its rows and the frozen header",
          (bad, headers))

    # 集計: the cached values, and formulas that name both parts.
    cached = openpyxl.load_workbook(out, read_only=True, data_only=True)["集計"]
    values = {r[0].value: r[1].value for r in cached.iter_rows(max_col=2) if r[0].value}
    formulas = {r[0].value: r[1].value for r in wb["集計"].iter_rows(max_col=2) if r[0].value}
    got = (values.get("要求内容の行数"), values.get("明細の要求額"), values.get("要求額"),
           values.get("事業数"))
    check(got == (items, want_total, want_total, RECORDS), "集計: totals over both parts", got)
    f = str(formulas.get("明細の要求額"))
    check(f"'要求内容'!$D$2:$D${ROWS_PER_SHEET}" in f and
          f"'要求内容 (2)'!$F$2:$F${items - first + 1}" in f,
          "集計: its formulas cover both parts", f)
    finish(tmp)


if __name__ == "__main__":
    testlib.main(main)
