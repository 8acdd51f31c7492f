#!/usr/bin/python3
"""The json plugin read back by real clients: every record the importer
makes validates against docs/record.schema.json (python3-jsonschema), the
gold records survive json -> json exactly, NDJSON and compact output carry
the same records, and awkward text is escaped so that json.loads gives it
back unchanged.  Prints TAP."""
import json
import os
import sys
import tempfile

import jsonschema

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
import testlib  # noqa: E402
from testlib import GOLD_PATH as GOLD, SAMPLE, SRCDIR  # noqa: E402

SCHEMA = os.path.join(SRCDIR, "docs", "record.schema.json")


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
    rc, out, err = run("-f", "json", "-", "-t", "json", stdin=json.dumps({"records": [rec]}).encode())
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
                       stdin=b'\n\n\n{"records": [\n{"no": 1},\n{"no": 2,\n bad}]}')
    assert rc == 65, rc
    assert err.startswith("budgetconv: <stdin>:7: invalid JSON"), err


def t_minified_document():
    big = {"records": gold * 300}  # one line of several MiB, as jq -c writes it
    text = json.dumps(big, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(text) > 1024 * 1024
    rc, out, err = run("-", "-t", "json", "-O", "ndjson", stdin=text)
    assert rc == 0, err
    assert len(out.splitlines()) == len(gold) * 300


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
    check("a string where a number belongs is bad data", t_bad_json('{"records": [{"no": "1"}]}', "whole number"))
    check("an unknown funding source is bad data",
          t_bad_json('{"records": [{"no": 1, "funding": [{"source": "moon", "amount": 1}]}]}', "funding"))
    testlib.finish()


testlib.main(body)
