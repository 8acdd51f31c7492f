"""Checks that two workbooks hold the same cell values on budgetconv's data
sheets (cells.SHEETS); other sheets, styles and formulas' text are not
compared.  Exit 0 when equal, 1 with the first difference.

    /usr/bin/python3 same_cells.py EXPECTED.xlsx OTHER.xlsx"""
import itertools
import sys

import openpyxl

import cells


def values(path, name):
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        for row in wb[name].iter_rows(values_only=True):
            yield tuple(None if v == "" else v for v in row)
    finally:
        wb.close()


def main(expected, other):
    for name in cells.SHEETS:
        pairs = itertools.zip_longest(values(expected, name), values(other, name))
        for n, (a, b) in enumerate(pairs, 1):
            a, b = a or (), b or ()
            width = max(len(a), len(b))
            a, b = a + (None,) * (width - len(a)), b + (None,) * (width - len(b))
            if a != b:
                print(f"{other}: {name} row {n} differs from {expected}:\n  {a}\n  {b}")
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
