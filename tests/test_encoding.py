#!/usr/bin/python3
"""-O encoding=cp932 on the rawtext and csv importers: Shift_JIS text gives
the records its UTF-8 form gives (line numbers included, across many
buffer refills), a CSV written with -O encoding=cp932 reads back to the same
records, an invalid CP932 byte is a FILE:LINE: error, and without the
option such a file gets a message that suggests it.  Prints TAP."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
import testlib  # noqa: E402
from testlib import GOLD_PATH as GOLD, SAMPLE  # noqa: E402
testlib.require_gold()

UNIFIED = "/usr/share/unicode/EquivalentUnifiedIdeograph.txt"


def unified_map():
    """Radicals to unified ideographs (and ︓ to ：): CP932 has no radicals,
    so a page a Windows tool saved holds the unified forms."""
    m = {"\ufe13": "\uff1a"}
    with open(UNIFIED, encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            cps, to = (x.strip() for x in line.split(";"))
            lo, _, hi = cps.partition("..")
            for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
                m[chr(cp)] = chr(int(to, 16))
    return str.maketrans(m)


def run(*args):
    return testlib.run(*args)


def records(*args):
    rc, out, err = run(*args, "-t", "json")
    assert rc == 0, "budgetconv %s: exit %d: %s" % (" ".join(args), rc, err)
    return json.loads(out)["records"]


def without_file(recs):
    return [dict(r, source={"line": r["source"]["line"]}) for r in recs]


def body():
    tmp = tempfile.mkdtemp(prefix="test_encoding.")
    with open(SAMPLE, encoding="utf-8") as f:
        text = f.read().translate(unified_map())
    # Twenty copies: the decoder's buffers refill many times, and cut
    # two-byte characters in two.
    book = text * 20
    utf8 = os.path.join(tmp, "book-utf8.txt")
    sjis = os.path.join(tmp, "book-cp932.txt")
    with open(utf8, "w", encoding="utf-8") as f:
        f.write(book)
    with open(sjis, "wb") as f:
        f.write(book.encode("cp932"))

    def rawtext_same():
        want = records("-f", "rawtext", utf8)
        got = records("-f", "rawtext", "-O", "encoding=cp932", sjis)
        assert len(got) == 200, len(got)
        assert without_file(got) == without_file(want), "records differ from the UTF-8 text's"

    def rawtext_hint():
        rc, out, err = run("-f", "rawtext", sjis, "-t", "json")
        assert rc == 65, rc
        assert err.startswith("budgetconv: %s:" % sjis) and "-O encoding=cp932" in err, err
        assert "binary" not in err, err

    def bad_byte(path, fmt):
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")
        lines[4] = lines[4] + b"\x81\x20"  # a lead byte without its trail byte
        bad = os.path.join(tmp, "bad-" + os.path.basename(path))
        with open(bad, "wb") as f:
            f.write(b"\n".join(lines))
        rc, out, err = run("-f", fmt, "-O", "encoding=cp932", bad, "-t", "json")
        assert rc == 65, "exit %d: %s" % (rc, err)
        assert err == "budgetconv: %s:5: invalid CP932 (Shift_JIS) byte 0x81\n" % bad, err

    csv932 = os.path.join(tmp, "gold-cp932.csv")

    def csv_round_trip():
        rc, _, err = run("-f", "json", GOLD, "-t", "csv", "-O", "table=full", "-O",
                         "encoding=cp932", "-o", csv932)
        assert rc == 0, err
        with open(csv932, "rb") as f:
            raw = f.read()
        assert "〜".encode("cp932") in raw, "the gold's 〜 should be in the file"
        got = records("-f", "csv", "-O", "encoding=cp932", csv932)
        want = records("-f", "json", GOLD)
        strip = lambda rs: [{k: v for k, v in r.items() if k != "source"} for r in rs]  # noqa: E731
        assert strip(got) == strip(want), "records differ after the CP932 round trip"

    def csv_hint():
        rc, out, err = run("-f", "csv", csv932, "-t", "json")
        assert rc == 65, rc
        assert err.startswith("budgetconv: %s:1: " % csv932), err
        assert "-O encoding=cp932" in err, err

    for name, fn in (
            ("rawtext -O encoding=cp932 gives the UTF-8 text's records and lines", rawtext_same),
            ("rawtext without the option suggests it, not 'binary'", rawtext_hint),
            ("an invalid CP932 byte in rawtext is FILE:LINE", lambda: bad_byte(sjis, "rawtext")),
            ("a CSV written with -O encoding=cp932 reads back the same records", csv_round_trip),
            ("csv without the option suggests it", csv_hint),
            ("an invalid CP932 byte in csv is FILE:LINE", lambda: bad_byte(csv932, "csv"))):
        try:
            fn()
            testlib.check(True, name)
        except Exception as e:  # a failed check of any kind is one "not ok"
            testlib.check(False, name, "%s: %s" % (type(e).__name__, e))
    testlib.finish(tmp)


testlib.main(body)
