"""The totals row of the xlsx line-item sheet counts the items and leaves
the subtotals out, in either language: its cached values and its formula
both name the subtotal rows by the kind the sheet shows (the English book
was a surviving mutant of tools/mutate.sh, tests/mutation-survivors.md)."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
import testlib  # noqa: E402


def body():
    import openpyxl

    tmp = tempfile.mkdtemp(prefix="budgetconv-xlsx-totals.")
    for lang, sheet in (("ja", "要求内容"), ("en", "line_items")):
        out = os.path.join(tmp, "book-%s.xlsx" % lang)
        rc, _, err = testlib.run("-q", "-O", "lang=" + lang, "-o", out, testlib.SAMPLE)
        testlib.check(rc == 0, "%s: the sample converts to xlsx" % lang, err)
        if rc != 0:
            continue
        values = list(openpyxl.load_workbook(out, data_only=True)[sheet].iter_rows(values_only=True))
        formulas = list(openpyxl.load_workbook(out)[sheet].iter_rows(values_only=True))
        rows, total = values[1:-1], values[-1]
        kind, requested = 3, 5  # no, title, group, kind, label, requested, ...
        subtotal = rows[0][kind]  # the sample's first row opens a group
        want = sum(r[requested] or 0 for r in rows if r[kind] != subtotal)
        testlib.check(total[requested] == want,
                      "%s: the totals row sums the items, not the subtotals" % lang,
                      "total %r, items %r (subtotal kind %r)" % (total[requested], want, subtotal))
        testlib.check('<>"%s"' % subtotal in str(formulas[-1][requested]),
                      "%s: its formula leaves out the %s rows" % (lang, subtotal),
                      str(formulas[-1][requested]))
    testlib.finish(tmp)


testlib.main(body)
