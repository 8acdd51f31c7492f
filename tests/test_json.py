#!/usr/bin/python3
"""The json plugin read back by real clients: every record the importer
makes validates against docs/record.schema.json (python3-jsonschema), the
gold records survive json -> json exactly, NDJSON and compact output carry
the same records, and awkward text is escaped so that json.loads gives it
back unchanged.  Prints TAP."""
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
import testlib  # noqa: E402
from testlib import GOLD_PATH as GOLD, SAMPLE, SRCDIR  # noqa: E402
testlib.require_gold()

SCHEMA = os.path.join(SRCDIR, "docs", "record.schema.json")
SCHEMA_ID = "budgetconv/record/1"


def run(*args, stdin=None):
    return testlib.run(*args, binary=True, stdin=stdin)


def convert(*args):
    rc, out, err = run(*args)
    assert rc == 0, "budgetconv %s exited %d: %s" % (" ".join(args), rc, err)
    return out


def without_source(records):
    return [{k: v for k, v in r.items() if k != "source"} for r in records]


with open(SCHEMA, encoding="utf-8") as f:
    validator = jsonschema.Draft202012Validator(json.load(f))
with open(GOLD, encoding="utf-8") as f:
    gold = json.load(f)


def t_schema_gold():
    doc = json.loads(convert("-f", "json", GOLD, "-t", "json"))
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, errors[0].message


def t_gold_round_trip():
    doc = json.loads(convert("-f", "json", GOLD, "-t", "json"))
    assert doc["schema"] == "budgetconv/record/1"
    assert without_source(doc["records"]) == gold, "records differ from the gold"


def t_byte_identical():
    first = convert("-f", "json", GOLD, "-t", "json")
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        tmp.write(first)
        tmp.flush()
        second = convert(tmp.name, "-t", "json")
    assert first == second, "json -> json changed bytes"


def t_ndjson():
    out = convert("-f", "json", GOLD, "-t", "json", "-O", "ndjson").decode("utf-8")
    lines = out.split("\n")
    assert lines[-1] == "", "NDJSON must end with a newline"
    records = [json.loads(line) for line in lines[:-1]]
    assert len(records) == len(gold), "%d lines for %d records" % (len(records), len(gold))
    assert without_source(records) == gold
    for r in records:
        validator.validate({"schema": "budgetconv/record/1", "records": [r]})


def t_ndjson_by_name():
    """-o FILE.ndjson writes NDJSON unless -O ndjson=no says otherwise: it
    wrote a pretty document under that name, which NDJSON readers refuse."""
    with tempfile.TemporaryDirectory() as d:
        nd, doc = os.path.join(d, "out.ndjson"), os.path.join(d, "doc.ndjson")
        convert("-f", "json", GOLD, "-o", nd)
        convert("-f", "json", GOLD, "-o", doc, "-O", "ndjson=no")
        with open(nd, "rb") as f:
            assert f.read() == convert("-f", "json", GOLD, "-t", "json", "-O", "ndjson")
        with open(doc, "rb") as f:
            assert f.read() == convert("-f", "json", GOLD, "-t", "json")


def t_compact():
    out = convert("-f", "json", GOLD, "-t", "json", "-O", "compact")
    assert without_source(json.loads(out)["records"]) == gold


def t_utf8_not_escaped():
    out = convert("-f", "json", GOLD, "-t", "json")
    assert "区民保養施設".encode() in out, "Japanese text should be written as UTF-8"
    assert b"\\u" not in out, "no \\u escapes are needed for this text"


def t_awkward_text():
    title = 'quote " backslash \\ tab \t newline \n bell \x07 emoji 🙂 radical-free 民'
    rec = {"no": 7, "title": title, "plans": ["a|b", ""], "line_items": [],
           "funding": [], "total": {"requested": -5, "budgeted": 0, "budgeted_specific": None}}
    rc, out, err = run("-f", "json", "-", "-t", "json", stdin=json.dumps({"schema": SCHEMA_ID, "records": [rec]}).encode())
    assert rc == 0, err
    back = json.loads(out)["records"][0]
    assert back["title"] == title and back["plans"] == ["a|b", ""] and back["total"]["requested"] == -5
    validator.validate(json.loads(out))


def t_sample_schema():
    doc = json.loads(convert(SAMPLE, "-t", "json"))
    validator.validate(doc)
    assert [r["no"] for r in doc["records"]] == list(range(59, 69))
    assert all(r["source"]["line"] >= 1 for r in doc["records"])


def t_bad_json(text, want):
    def t():
        rc, out, err = run("-f", "json", "-", "-t", "json", stdin=text.encode())
        assert rc == 65, "exit %d, want 65" % rc
        assert out == b"", "a failed run wrote to stdout"
        assert err.startswith("budgetconv: <stdin>:") and want in err, err
    return t


def check(name, fn):
    try:
        fn()
        testlib.check(True, name)
    except Exception as e:  # a failed check of any kind is one "not ok"
        testlib.check(False, name, "%s: %s" % (type(e).__name__, e))


def t_ndjson_detected():
    nd = convert("-f", "json", GOLD, "-t", "json", "-O", "ndjson")
    with tempfile.NamedTemporaryFile(suffix=".txt") as tmp:  # a misleading name
        tmp.write(nd)
        tmp.flush()
        doc = json.loads(convert(tmp.name, "-t", "json"))
    assert without_source(doc["records"]) == gold
    rc, out, err = run("-", "-t", "json", stdin=nd)
    assert rc == 0 and without_source(json.loads(out)["records"]) == gold, err


def t_error_line_after_blank_lines():
    rc, out, err = run("-f", "json", "-", "-t", "json",
                       stdin=b'\n\n\n{"schema": "budgetconv/record/1", "records": [\n{"no": 1},\n{"no": 2,\n bad}]}')
    assert rc == 65, rc
    assert err.startswith("budgetconv: <stdin>:7: NO 2: invalid JSON"), err


def t_minified_document():
    big = {"schema": SCHEMA_ID, "records": gold * 300}  # one line of several MiB, as jq -c writes it
    text = json.dumps(big, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(text) > 1024 * 1024
    rc, out, err = run("-", "-t", "json", "-O", "ndjson", stdin=text)
    assert rc == 0, err
    assert len(out.splitlines()) == len(gold) * 300


def doc(*records):
    return json.dumps({"schema": SCHEMA_ID, "records": list(records)}, indent=1).encode()


def fails(stdin, *want, args=()):
    """Runs -f json on `stdin`: exit 65, nothing on stdout, and each of
    `want` in the messages.  Returns the messages."""
    rc, out, err = run("-f", "json", "-", "-t", "json", *args, stdin=stdin)
    assert rc == 65, "exit %d, want 65: %s" % (rc, err)
    assert out == b"", "a failed run wrote to stdout"
    for w in want:
        assert w in err, "%r not in: %s" % (w, err)
    return err


def t_duplicate_key():
    fails(b'{"schema": "budgetconv/record/1", "records": [\n{"no": 1, "title": "a", "title": "b"}]}',
          "<stdin>:2: NO 1: invalid JSON: duplicate object key")
    fails(b'{"schema": "budgetconv/record/1", "records": [], "records": []}', "duplicate member 'records'")


def t_unknown_key():
    text = b'{"schema": "budgetconv/record/1", "records": [{"no": 4,\n "titel": "x",\n' \
           b' "line_items": [{"kind": "item",\n "amount": 5}]}]}'
    rc, out, err = run("-f", "json", "-", "-t", "json", stdin=text)
    assert rc == 0, err
    assert "<stdin>:2: warning: NO 4: unknown key 'titel' ignored" in err, err
    assert "<stdin>:4: warning: NO 4: unknown key 'line_items[0].amount' ignored" in err, err
    fails(text, "unknown key 'titel'", args=("--strict",))


def t_many_unknown_keys():
    """Twenty unknown keys are named one by one, the rest counted: finding a
    key's line scans the record, so 30,000 of them took seconds each run
    (a million, hours) and printed a line each."""
    keys = ", ".join('"k%d": 1' % i for i in range(30000))
    text = ('{"no": 7, "funding": [%s], %s}\n'
            % (", ".join('{"source": "general", "amount": 0, "x": 1}' for _ in range(5)),
               keys)).encode()
    rc, out, err = run("-f", "json", "-", "-t", "json", "-O", "ndjson", stdin=text)
    assert rc == 0, err
    lines = err.splitlines()
    assert len(lines) == 21, "%d lines: %s" % (len(lines), "\n".join(lines[:3] + lines[-2:]))
    assert lines[0] == "budgetconv: <stdin>:1: warning: NO 7: unknown key 'k0' ignored", lines[0]
    assert lines[-1] == "budgetconv: <stdin>:1: warning: NO 7: 29985 more unknown keys ignored", lines[-1]
    fails(text, "29985 more unknown keys ignored", args=("--strict",))


def t_schema():
    fails(b'{"records": [{"no": 1}]}', "<stdin>:1: no \"schema\" member")
    fails(b'{"schema": "budgetconv/record/2", "records": [{"no": 1}]}',
          "schema 'budgetconv/record/2' is not one this budgetconv reads")
    rc, out, err = run("-f", "json", "-", "-t", "json",
                       stdin=b'{"schema": "budgetconv/record/1.3", "records": [{"no": 1}]}')
    assert rc == 0, "a later minor version is read: " + err


def t_bad_record_goes_on():
    text = doc({"no": 1}, {"no": 2, "total": {"requested": 1}}, {"no": 3}, {"no": 4, "title": 5})
    text = text.replace(b'"requested": 1', b'"requested": 99999999999999999999')
    err = fails(text, "NO 2: invalid JSON: too big integer", "NO 4: title: not text (a number)")
    assert len(err.splitlines()) == 2, "one message per bad record:\n" + err
    # NDJSON goes on at the next line, whatever a bad line holds
    err = fails(b'{"no": 1}\n{"no": 2, "title": "abc}\n{"no": 3}\n{"no": 4, "x": [}\n{"no": 5}\n',
                "<stdin>:2: NO 2: invalid JSON", "<stdin>:4: NO 4: invalid JSON")
    assert len(err.splitlines()) == 2, "one message per bad record:\n" + err


def t_type_error_place():
    text = doc({"no": 7, "title": "t", "line_items": [
        {"kind": "item", "group": None, "label": "a", "requested": 1},
        {"kind": "item", "group": None, "label": "b", "requested": "12"}]})
    line = next(n for n, l in enumerate(text.decode().splitlines(), 1) if '"requested": "12"' in l)
    fails(text, "<stdin>:%d: NO 7: line_items[1].requested: not a whole number (text)" % line)


def t_null_no():
    fails(doc({"no": -2 ** 63}), "no: -9223372036854775808 is out of range")


def t_ndjson_bom():
    nd = convert("-f", "json", GOLD, "-t", "json", "-O", "ndjson")
    rc, out, err = run("-f", "json", "-", "-t", "json", stdin=b"\xef\xbb\xbf" + nd)
    assert rc == 0, err
    assert without_source(json.loads(out)["records"]) == gold
    rc, out, err = run("-", "-t", "json", stdin=b"\xef\xbb\xbf" + nd)
    assert rc == 0 and without_source(json.loads(out)["records"]) == gold, "probed: " + err


def t_closed_stdin():
    p = subprocess.run([testlib.BUDGETCONV, "-f", "json", "-", "-t", "json"],
                       stdin=subprocess.DEVNULL, capture_output=True, close_fds=True,
                       preexec_fn=lambda: os.close(0))
    err = p.stderr.decode()
    assert p.returncode == 66, "exit %d: %s" % (p.returncode, err)
    assert err == "budgetconv: cannot read standard input: Bad file descriptor\n", err


def t_stray_delimiter():
    """A delimiter where a record belongs is refused, and the reader moves on
    (it looped on it once)."""
    for text in (b']\n{"no": 1}\n', b'{"schema": "budgetconv/record/1", "records": [,]}'):
        p = subprocess.run([testlib.BUDGETCONV, "-f", "json", "-", "-t", "json"], input=text,
                           capture_output=True, timeout=30)
        err = p.stderr.decode()
        assert p.returncode == 65 and err.startswith("budgetconv: <stdin>:1: "), err


def t_record_cap():
    big = doc({"no": 1}, {"no": 2, "title": "x" * (16 * 1024 * 1024)})
    # the record opens on the line before its "no" (0-based index = 1-based line)
    line = big.decode().splitlines().index('   "no": 2,')
    fails(big, "<stdin>:%d: a JSON value longer than 16 MiB (the limit for one record)" % line)
    # an NDJSON line that long is one bad record: the next lines are still read
    err = fails(b'{"no": 1}\n{"no": 2, "title": "' + b"x" * (16 * 1024 * 1024) + b'"}\n{"no": 3, x}\n',
                "<stdin>:2: a line longer than 16 MiB", "<stdin>:3: NO 3: invalid JSON")
    assert len(err.splitlines()) == 2, err


def t_endless_line():
    """A line with no end (/dev/zero) ends the run once it is twice the
    limit for a record: it was passed over for as long as it went on."""
    p = subprocess.run([testlib.BUDGETCONV, "-f", "json", "/dev/zero", "-t", "json"],
                       capture_output=True, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 65 and p.stdout == b"", "exit %d: %s" % (p.returncode, err)
    assert err == ("budgetconv: /dev/zero:1: a line longer than 16 MiB (the limit for one record)\n"
                   "budgetconv: /dev/zero:1: a line longer than 32 MiB has not ended: is this JSON?\n"), err


def t_blanks_across_reads():
    """Blanks are kept where a record spans several reads of the input: they
    were dropped at each read's end, inside strings too, and the lines of
    later fields went wrong with the newlines."""
    blanks = " " * 200000  # several 64 KiB reads, each ending in a blank
    for text in (doc({"no": 1, "title": blanks}),
                 json.dumps({"no": 1, "title": blanks}).encode() + b"\n"):
        rc, out, err = run("-f", "json", "-", "-t", "json", stdin=text)
        assert rc == 0, err
        title = json.loads(out)["records"][0]["title"]
        assert title == blanks, "%d of %d blanks kept" % (len(title), len(blanks))
    fails(b'{"schema": "budgetconv/record/1", "records": [{"no": 2,' + b"\n" * 150000 +
          b'"title": 5}]}', "<stdin>:150001: NO 2: title: not text (a number)")


def t_controls_in_messages():
    """Text quoted from the input reaches the terminal without its control
    characters: an escape sequence or a line break in a key or a value
    would act on the terminal, or split the one line a message is."""
    hostile = "\u001b[2J\u009b31m\nx\ty\u007f"
    text = json.dumps({"no": 1, hostile: 1}).encode() + b"\n"
    rc, out, err = run("-f", "json", "-", "-t", "json", stdin=text)
    assert rc == 0, err
    assert err == "budgetconv: <stdin>:1: warning: NO 1: unknown key '?[2J?31m?x?y?' ignored\n", err
    err = fails(doc({"no": 2, "line_items": [{"kind": hostile}]}), "is neither item nor subtotal")
    assert err.count("\n") == 1 and "'?[2J?31m?x?y?' is" in err, err


def t_document_after_many_blanks():
    """White space before the document counts for nothing, however much:
    past the probe's 4 KiB the document was taken for NDJSON."""
    text = b"\xef\xbb\xbf" + b"\n" * 5000 + doc({"no": 1, "title": "a"}, {"no": 2, "title": "b"})
    rc, out, err = run("-f", "json", "-", "-t", "json", stdin=text)
    assert rc == 0, err
    assert [(r["no"], r["title"]) for r in json.loads(out)["records"]] == [(1, "a"), (2, "b")]
    fails(b"\n" * 5000 + b'{"schema": "budgetconv/record/1", "records": [\n{"no": 1, x}]}',
          "<stdin>:5002: NO 1: invalid JSON")


def t_file_name_not_utf8():
    # a CP932 name from a Windows zip (予算.txt) is bytes JSON cannot hold:
    # the book is still written, its source.file with U+FFFD, and said once
    with tempfile.TemporaryDirectory() as d:
        name = os.path.join(os.fsencode(d), b"\x97\x5c\x8eZ.txt")
        with open(SAMPLE, "rb") as src, open(name, "wb") as dst:
            dst.write(src.read())
        rc, out, err = run(name, "-t", "json")
        assert rc == 0, (rc, err)
        records = json.loads(out)["records"]
        want = os.path.join(d, "\ufffd\\\ufffdZ.txt")
        assert {r["source"]["file"] for r in records} == {want}, records[0]["source"]
        plain = json.loads(convert(SAMPLE, "-t", "json"))["records"]
        assert without_source(records) == without_source(plain)
        warnings = [line for line in err.splitlines() if "not valid UTF-8" in line]
        assert len(warnings) == 1 and "source.file" in warnings[0], err
        rc, out, err = run(name, "-t", "json", "--strict")
        assert rc != 0, "--strict let the warning pass"


def t_document_streams():
    """A document is read a record at a time: memory does not grow with it,
    and a bigger one still round-trips byte for byte."""
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {}
        for copies in (10, 400):
            records = []
            for k in range(copies):
                for r in gold:
                    records.append(dict(r, no=r["no"] + 1000 * k))
            p = os.path.join(tmp, "book%d.json" % copies)
            with open(p, "wb") as f:
                f.write(doc(*records))
            first = convert("-f", "json", p, "-t", "json")
            with open(p, "wb") as f:
                f.write(first)
            assert convert("-f", "json", p, "-t", "json") == first, "json -> json changed bytes"
            sizes[copies] = (len(first), testlib.peak_rss_kb(["-f", "json", p, "-t", "json"]))
    grew = sizes[400][1] - sizes[10][1]
    print("# document %d KB -> %d KB: peak RSS %d KB -> %d KB"
          % (sizes[10][0] // 1024, sizes[400][0] // 1024, sizes[10][1], sizes[400][1]))
    assert grew < 4096, "memory grew by %d KB for %d KB more input" % (
        grew, (sizes[400][0] - sizes[10][0]) // 1024)


def body():
    check("gold records validate against docs/record.schema.json", t_schema_gold)
    check("gold -> json -> records equal the gold", t_gold_round_trip)
    check("json -> json is byte-identical", t_byte_identical)
    check("-O ndjson: one valid record per line, same records", t_ndjson)
    check("-O compact: same records", t_compact)
    check("Japanese text is written as UTF-8", t_utf8_not_escaped)
    check("quotes, backslashes, control characters and emoji round-trip", t_awkward_text)
    check("the ten sample pages validate against the schema", t_sample_schema)
    check("NDJSON of our own is recognised without -f, whatever its name",
          t_ndjson_detected)
    check("a minified document longer than any line is read whole", t_minified_document)
    check("a syntax error's line counts the blank lines before the document",
          t_error_line_after_blank_lines)
    check("truncated JSON is bad data (65) with a line", t_bad_json('{"records": [{"no": 1}', "invalid JSON"))
    check("a string where a number belongs is bad data", t_bad_json('{"schema": "budgetconv/record/1", "records": [{"no": "1"}]}', "whole number"))
    check("an unknown funding source is bad data",
          t_bad_json('{"schema": "budgetconv/record/1", "records": [{"no": 1, "funding": [{"source": "moon", "amount": 1}]}]}', "funding"))
    check("a duplicate key is an error", t_duplicate_key)
    check("an unknown key is a warning naming it, an error with --strict", t_unknown_key)
    check("past twenty unknown keys in a record, the rest are counted in one warning",
          t_many_unknown_keys)
    check("a missing schema or another major version is an error", t_schema)
    check("a bad record (a 64-bit overflow, a type error) is named and the run goes on",
          t_bad_record_goes_on)
    check("a type error names the field's line, the NO and the field", t_type_error_place)
    check("the internal null value is no NO", t_null_no)
    check("NDJSON that starts with a UTF-8 BOM is read", t_ndjson_bom)
    check("a closed standard input is 'cannot read standard input' (66)", t_closed_stdin)
    check("a document streams: flat memory, byte-identical round trip", t_document_streams)
    check("blanks across reads are kept, and the lines after them", t_blanks_across_reads)
    check("control characters of the input do not reach the terminal", t_controls_in_messages)
    check("a document after 5000 blank lines is a document", t_document_after_many_blanks)
    check("a stray delimiter is refused without looping", t_stray_delimiter)
    check("-o FILE.ndjson writes NDJSON", t_ndjson_by_name)
    check("one record is at most 16 MiB of text", t_record_cap)
    check("a line with no end ends the run", t_endless_line)
    check("a file name that is not UTF-8 is written with U+FFFD, and said", t_file_name_not_utf8)
    testlib.finish()


testlib.main(body)
