#!/usr/bin/env python3
"""Every content record in every scramble pattern, as one book: how many
records come out exact, flagged (a warning names their NO) or silently
wrong.  The books of this directory hold a chosen few of these pairs; the
sweep finds the pairs worth a book.  Not part of `make check` (it renders
some 4,600 pages); run it by hand after changing the importer:

  python3 tests/data/pages/sweep.py build/budgetconv
  python3 tests/data/pages/sweep.py --cols 84 --radicals mixed build/budgetconv
  python3 tests/data/pages/sweep.py --damaged build/budgetconv   # x-… patterns

Options: --cols N (text box width), --radicals 1|0|mixed|supplements,
--damaged (the damaged patterns instead of the others), --prefix P (only
the content keys that start with P), --patterns Q (only the patterns whose
key starts with Q, e.g. z- for the eighth round's).  Prints each silently wrong record
with its fields, then the counts; exits 1 when any is silently wrong.
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import make_pages  # noqa: E402


def load_score():
    path = os.path.join(HERE, "../../../../shared/eval/score.py")
    if os.path.exists(path):
        spec = importlib.util.spec_from_file_location("score", path)
        score = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(score)
        return score
    sys.exit("sweep.py: needs the shared score.py (../shared/eval/score.py beside the checkout)")


def main():
    ap = argparse.ArgumentParser(description="every content in every pattern")
    ap.add_argument("budgetconv")
    ap.add_argument("--cols", type=int, default=make_pages.COLS)
    ap.add_argument("--radicals", default="1", choices=["1", "0", "mixed", "supplements"])
    ap.add_argument("--damaged", action="store_true")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--patterns", default="", help="only the patterns whose key starts with this")
    a = ap.parse_args()
    score = load_score()
    radicals = {"1": True, "0": False}.get(a.radicals, a.radicals)
    content = make_pages.load_content()
    patterns = [p for p in make_pages.PATTERNS
                if p.startswith("x-") == a.damaged and p.startswith(a.patterns)]
    pages, no = [], 5000
    for key in sorted(k for k in content if k.startswith(a.prefix)):
        for p in patterns:
            pages.append((key, p, no))
            no += 1
    data, expected = make_pages.render_book({"radicals": radicals, "ff": True, "cols": a.cols},
                                            pages, content)
    with tempfile.NamedTemporaryFile(suffix=".txt") as book:
        book.write(data)
        book.flush()
        r = subprocess.run([a.budgetconv, "-t", "json", book.name], capture_output=True, text=True)
    if r.returncode not in (0, 65) or not r.stdout:
        sys.exit(f"sweep.py: budgetconv exited {r.returncode}: {r.stderr[-2000:]}")
    got = {x["no"]: x for x in json.loads(r.stdout)["records"]}
    flagged = {int(n) for n in re.findall(r"\bNO (\d+)\b", r.stderr)}
    counts = {"exact": 0, "flagged": 0, "silently wrong": 0}
    for (key, pattern, n), want in zip(pages, json.loads(expected)):
        wrong = [(f, x, y) for f, x, y, eq in score.fields(want, got.get(n, {})) if not eq]
        state = "exact" if not wrong else "flagged" if n in flagged else "silently wrong"
        counts[state] += 1
        if state == "silently wrong":
            print(f"{key} in {pattern} (NO {n}): {' '.join(f for f, _, _ in wrong)}")
            for f, x, y in wrong:
                print(f"    {f} want {x!r:.160}\n    {f} got  {y!r:.160}")
    print(", ".join(f"{v} {k}" for k, v in counts.items()), f"of {len(pages)} pages")
    return 1 if counts["silently wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
