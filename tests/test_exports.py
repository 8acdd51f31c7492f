"""libbudgetconv exports exactly its public API: the dynamic symbols the
library defines (nm -D --defined-only) are the functions that
include/budgetconv/*.h declare, read here from the headers themselves
(comments and preprocessor lines removed), not from the list the build
made.  The driver's and the tests' private parts (registry, contexts,
inputs, plugin loading) must not be among them.  make installcheck runs it
again on the installed library ($BC_LIBRARY)."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
import testlib  # noqa: E402

LIBRARY = os.environ.get("BC_LIBRARY") or os.path.join(os.environ["BUILDDIR"], "core", ".libs",
                                                       "libbudgetconv.so")
HEADERS = os.path.join(testlib.SRCDIR, "include", "budgetconv")


def declared():
    """Names of the functions the public headers declare."""
    names = set()
    for name in sorted(os.listdir(HEADERS)):
        if not name.endswith(".h"):
            continue
        with open(os.path.join(HEADERS, name), encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        text = re.sub(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", " ", text, flags=re.M)
        # A name followed by its parameter list; not a function pointer
        # type such as `bc_status (*open)(…)`.
        names.update(re.findall(r"\b(bc_\w+)\s*\((?!\s*\*)", text))
    return names


def exported():
    """(name, type letter) of every symbol the library defines dynamically."""
    out = subprocess.run(["nm", "-D", "--defined-only", LIBRARY], check=True,
                         capture_output=True, text=True).stdout
    return [(f[2], f[1]) for f in (line.split() for line in out.splitlines()) if len(f) == 3]


def body():
    if not os.path.exists(LIBRARY):
        testlib.skip("the library exports its public API", f"{LIBRARY} was not built")
        testlib.finish()
        return
    api = declared()
    syms = exported()
    names = {n for n, _ in syms}
    testlib.check(len(api) > 40, "the headers declare the API", sorted(api))
    extra = sorted(names - api)
    testlib.check(not extra, "nothing is exported that no public header declares",
                  "exported but private: " + " ".join(extra))
    missing = sorted(api - names)
    testlib.check(not missing, "every function the headers declare is exported",
                  "declared but not exported: " + " ".join(missing))
    data = sorted(n for n, t in syms if t not in "T")
    testlib.check(not data, "only functions are exported", " ".join(data))
    private = [n for n in ("bc_registry_new", "bc_registry_find", "bc_plugin_validate",
                           "bc_plugin_scan", "bc_context_new", "bc_context_set",
                           "bc_option_find", "bc_input_open", "bc_input_from_stream")
               if n in names]
    testlib.check(not private, "the driver's private parts stay inside", " ".join(private))
    testlib.finish()


testlib.main(body)
