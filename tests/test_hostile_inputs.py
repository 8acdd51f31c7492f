#!/usr/bin/python3
"""Hostile input: seeded random mutations of real files (lines dropped,
duplicated, swapped, cut, bytes flipped) through every importer.  Each run
must end with 0 or 65, print only `budgetconv: ...` lines, trip no sanitizer,
and leave an output file only when it succeeded.  The seed is fixed so a
failure can be replayed; the mutations are the same on every run.  Prints TAP."""
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
import testlib  # noqa: E402
from testlib import BUDGETCONV, GOLD_PATH, SAMPLE, check, finish  # noqa: E402
testlib.require_gold()

ROUNDS = 60  # per format; under ASan each run costs tens of milliseconds


def mutate(rng, data):
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 6)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        op = rng.randrange(6)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = lines[i][:rng.randrange(len(lines[i]) + 1)]
        elif op == 4 and lines[i]:
            b = bytearray(lines[i])
            b[rng.randrange(len(b))] = rng.randrange(256)
            lines[i] = bytes(b)
        else:
            lines = lines[:i]
    return b"\n".join(lines)


def run_one(path, fmt, out):
    p = subprocess.run([BUDGETCONV, "-f", fmt, "-t", "json", "-o", out, path],
                       capture_output=True, timeout=60)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def body():
    tmp = tempfile.mkdtemp(prefix="budgetconv-hostile.")
    sources = {}
    with open(SAMPLE, "rb") as f:
        sources["rawtext"] = f.read()
    with open(GOLD_PATH, "rb") as f:
        sources["json"] = f.read()
    rc, full, err = testlib.run("-f", "json", GOLD_PATH, "-t", "csv", "-O", "table=full",
                                binary=True)
    check(rc == 0, "the csv full table to mutate exports", err)
    sources["csv"] = full
    for fmt, data in sources.items():
        rng = random.Random(20201128 + len(fmt))
        bad = []
        for n in range(ROUNDS):
            path = os.path.join(tmp, f"{fmt}-{n}.in")
            out = os.path.join(tmp, f"{fmt}-{n}.json")
            with open(path, "wb") as f:
                f.write(mutate(rng, data))
            try:
                rc, err = run_one(path, fmt, out)
            except subprocess.TimeoutExpired:
                bad.append((n, "hung"))
                continue
            stray = [line for line in err.splitlines() if not line.startswith("budgetconv: ")]
            if rc not in (0, 65) or stray or (rc != 0) == os.path.exists(out):
                bad.append((n, rc, stray[:3], os.path.exists(out)))
            else:
                os.unlink(path)
        check(not bad, f"{ROUNDS} mutated {fmt} inputs: 0 or 65, clean messages, no partial output",
              bad[:5])
    finish(tmp)


testlib.main(body)
