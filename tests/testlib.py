"""What the Python tests share: where the binary and the data are, running
budgetconv, and reporting results as TAP.  A test imports it with

    sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
    import testlib

and reports through check() and skip(), then finish().  The environment is
the one tests/local.mk sets up for every test.
"""
import os
import shutil
import subprocess
import sys

BUDGETCONV = os.environ.get("BUDGETCONV", "budgetconv")
SRCDIR = os.environ["SRCDIR"]
SHARED = os.environ.get("SHARED_DIR") or os.path.join(SRCDIR, "..", "shared")
GOLD_PATH = os.path.join(SHARED, "eval", "minato-r2-059-068.gold.json")
SAMPLE = os.path.join(SRCDIR, "samples", "minato-r2-059-068.txt")

# The columns of the views every table exporter shows (projects, items,
# funding: include/budgetconv/views.h), written out here from the column
# lists of issue 4 and DESIGN §5, independently of the library's own tables.
TEXTS = ["description", "background", "request_details", "expected_outcomes", "peer_trends"]
TEXTS_AFTER_LISTS = ["funding_plan", "schedule", "future_costs", "budget_rationale"]
BOX_JA = ["事業説明文", "背景、区民ニーズ、現状課題等", "要求する事業内容", "事業実施で得られる成果",
          "国・都・特別区等の動向や取組状況", "基本計画・個別計画", "関連する法令・条例等",
          "実施に向けた財源確保", "スケジュール", "事業実施に伴う将来コスト", "編成の考え方"]
BOX_EN = TEXTS + ["plans", "laws"] + TEXTS_AFTER_LISTS
SOURCES = ["national", "metropolitan", "other_specific", "general"]
SOURCE_JA = ["国庫支出金", "都支出金", "その他特財", "一般財源"]

HEADERS = {
    "projects": {
        "ja": ["NO", "事業名", "所管部", "所管課", "款", "会計", "要求区分", "要求額", "予算額",
               "うち特財"] + SOURCE_JA + ["事務事業評価"] + BOX_JA + ["債務負担行為"],
        "en": ["no", "title", "bureau", "division", "account", "fund", "request_type",
               "requested", "budgeted", "budgeted_specific"] + SOURCES + ["evaluation"]
              + BOX_EN + ["debt_burden"],
    },
    "items": {
        "ja": ["NO", "事業名", "区分", "種別", "内容", "要求額", "予算額", "うち特財"],
        "en": ["no", "title", "group", "kind", "label", "requested", "budgeted",
               "budgeted_specific"],
    },
    "funding": {
        "ja": ["NO", "事業名", "財源", "内容", "金額"],
        "en": ["no", "title", "source", "detail", "amount"],
    },
}

# (True, False or None for a skip; name; diagnostics), in the order run.
results = []


def check(ok, name, diag=""):
    """Records a test; `diag` is printed only when it failed."""
    results.append((bool(ok), name, diag if not ok else ""))


def skip(name, why):
    results.append((None, name, why))


def failed():
    return any(ok is False for ok, _, _ in results)


def finish(tmp=None):
    """Prints the results as TAP, the plan last.  `tmp`, a directory of the
    test's outputs, is removed when every test passed and kept otherwise, so
    that a failure can be looked into."""
    if tmp is not None:
        if failed():
            print(f"# outputs kept in {tmp}")
        else:
            shutil.rmtree(tmp)
    for n, (ok, name, diag) in enumerate(results, 1):
        if ok is None:
            print(f"ok {n} - {name} # SKIP {diag}")
            continue
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        for line in str(diag).splitlines()[:30]:
            print(f"# {line}")
    print(f"1..{len(results)}")


def require_gold():
    """Skips the whole script, saying what is missing, when the shared gold
    records are not there (a checkout without ../shared beside it and no
    configure --with-shared-dir): its tests read them throughout."""
    if not os.path.exists(GOLD_PATH):
        print(f"1..0 # SKIP {GOLD_PATH} is missing (no ../shared beside the tree; "
              "configure --with-shared-dir=DIR)")
        sys.exit(0)


def run(*args, stdout=None, binary=False, stdin=None):
    """Runs budgetconv with `args` and `stdin` (bytes) as its input: (exit
    status, standard output, standard error).  The output is text unless
    `binary`, and empty when `stdout` sends it to a file instead."""
    p = subprocess.run([BUDGETCONV, *args], input=stdin, stdout=stdout or subprocess.PIPE,
                       stderr=subprocess.PIPE)
    out = p.stdout if p.stdout is not None else b""
    return (p.returncode, out if binary else out.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def peak_rss_kb(args):
    """Peak RSS in KiB of one budgetconv run that must succeed, through a
    child of our own so that earlier runs do not count."""
    env = dict(os.environ)
    # AddressSanitizer keeps freed memory in quarantine; that is not ours.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=1"
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
            "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, BUDGETCONV] + args, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "0", "budgetconv %s failed" % " ".join(args)
    return int(out[1])


def main(body):
    """Runs a test script's `body`, which ends with finish(); an exception
    that escapes it is reported as one more failed test.  Exits 1 when any
    test failed."""
    try:
        body()
    except Exception as e:  # report, then let the driver see the failure
        check(False, "test script ran to the end", repr(e))
        finish()
    sys.exit(1 if failed() else 0)
