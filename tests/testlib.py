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
