#!/usr/bin/python3
"""The CSV export opened in a spreadsheet as the README says to.

Every table (-O table=projects|items|funding|full) of the gold records and
of the sample pages is written with -O bom, opened by LibreOffice headless
with the README's import filter string CSV:44,34,76,1 (comma, double quote,
UTF-8, from line 1) and saved again as UTF-8 CSV; its cells must be those
Python's csv module reads from budgetconv's file.  Prints TAP.
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
from testlib import GOLD_PATH, SAMPLE, check, finish, run, skip  # noqa: E402
import testlib  # noqa: E402
testlib.require_gold()

TABLES = ["projects", "items", "funding", "full"]
FILTER = "CSV:44,34,76,1"  # as README.md gives it
# Written back as typed: UTF-8, comma, double quote, raw values, no BOM.
SAVE = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false"


def readme_filter():
    """The import filter string the README gives for LibreOffice."""
    with open(os.path.join(os.environ["SRCDIR"], "README.md"), encoding="utf-8") as f:
        return re.findall(r'--infilter="?(CSV:[0-9,]+)', f.read())


def read(path, encoding):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def main():
    tmp = tempfile.mkdtemp(prefix="bc-csv-sheets-")
    check(readme_filter() == [FILTER], "the README gives the filter string used here",
          readme_filter())
    if not shutil.which("soffice"):
        skip("LibreOffice opens the CSV", "soffice not installed")
        finish(tmp)
        return
    written = []
    for source, args in (("gold", ["-f", "json", GOLD_PATH]), ("sample", [SAMPLE])):
        for table in TABLES:
            path = os.path.join(tmp, f"{source}-{table}.csv")
            rc, _, err = run(*args, "-t", "csv", "-O", "bom", "-O", f"table={table}",
                             "-o", path)
            check(rc == 0, f"{source}: -O bom -O table={table}", err)
            if rc == 0:
                written.append(path)
    with open(written[0], "rb") as f:
        check(f.read(3) == b"\xef\xbb\xbf", "-O bom starts the file with the UTF-8 BOM")
    out = os.path.join(tmp, "lo")
    os.mkdir(out)
    p = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        f"--infilter={FILTER}", "--convert-to", SAVE, "--outdir", out,
                        *written], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=300)
    for path in written:
        name = os.path.basename(path)
        mine = read(path, "utf-8-sig")
        back = os.path.join(out, name)
        theirs = read(back, "utf-8") if os.path.exists(back) else None
        diffs = [] if theirs is None else \
            [(i, j, a, b) for i, (ra, rb) in enumerate(zip(mine, theirs))
             for j, (a, b) in enumerate(zip(ra, rb)) if a != b]
        check(theirs is not None and len(mine) > 1 and len(theirs) == len(mine) and
              all(len(a) == len(b) for a, b in zip(mine, theirs)) and not diffs,
              f"LibreOffice reads {name} cell for cell as Python's csv module does",
              (p.stdout.decode("utf-8", "replace")[-500:], diffs[:3]))
    finish(tmp)


if __name__ == "__main__":
    testlib.main(main)
