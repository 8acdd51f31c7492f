#!/usr/bin/env python3
"""Makes and applies the mutants of tools/mutate.sh (docs/testing.md).

    mutate.py list [-o OPS] [-i IDS] [-x PATH] [-n N] [-s SEED] SRCDIR PATH...
                                                         mutants as JSON lines
    mutate.py apply MUTANT_JSON SRCDIR                         writes one into SRCDIR
    mutate.py operators                                        the declared operators

A mutant is one change to one line of a C source file, made by one of the
operators below, in code only (never in comments, strings, character
constants or preprocessor lines other than a #define's number).  Its id is a
hash of the file, the line's text before and after, so it stays the same
when other lines move; tests/mutation-survivors.md names mutants by id.
"""
import hashlib
import json
import os
import random
import re
import sys

OPERATORS = {
    "cmp-boundary": "a comparison's boundary moved: < <=, <= <, > >=, >= >",
    "cmp-negate": "a comparison negated: == !=, != ==",
    "logic": "&& and || swapped",
    "cond-true": "the condition of an if or while replaced by 1 (the guard always taken)",
    "cond-false": "the condition of an if replaced by 0 (the guard deleted)",
    "not-drop": "a logical ! removed",
    "return-ok": "an error return replaced by an early return BC_OK",
    "call-drop": "a statement that frees, closes, flushes, syncs, clears or unlinks deleted",
    "call-ok": "a call to fsync, fflush, fclose, close, ferror, chmod or rename taken as success (0)",
    "swap-args": "the first two arguments of a call swapped",
    "const": "an integer constant plus or minus one",
}

PUNCT = ["<<=", ">>=", "->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "++", "--"]
BOUNDARY = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
DROP_CALL = re.compile(r"^(\s*)((free|fclose|fsync|fflush|close|unlink|remove|bc_record_clear|"
                       r"bc_string_list_clear|\w+_free|\w+_clear|\w+_close)\s*\(.*\)\s*;)\s*$")
OK_CALLS = ("fsync", "fflush", "fclose", "close", "ferror", "chmod", "rename")
SIMPLE_ARG = re.compile(r"^[&*]?[A-Za-z_][\w.>\-\[\]]*$|^-?\d+[uUlL]*$|^'.'$")


def code_masks(lines):
    """Per line, a string where code characters are kept and every character
    of a comment, string or character constant is replaced by a space; and
    whether the line is a preprocessor line."""
    out = []
    in_comment = False
    for line in lines:
        chars = list(line)
        i, n = 0, len(line)
        while i < n:
            if in_comment:
                end = line.find("*/", i)
                stop = n if end < 0 else end + 2
                for k in range(i, stop):
                    chars[k] = " "
                in_comment = end < 0
                i = stop
                continue
            c = line[i]
            if line.startswith("//", i):
                for k in range(i, n):
                    chars[k] = " "
                break
            if line.startswith("/*", i):
                in_comment = True
                continue
            if c in "\"'":
                k = i + 1
                while k < n and line[k] != c:
                    k += 2 if line[k] == "\\" else 1
                for j in range(i, min(k + 1, n)):
                    chars[j] = " "
                i = k + 1
                continue
            i += 1
        masked = "".join(chars)
        out.append((masked, masked.lstrip().startswith("#")))
    return out


def tokens(masked):
    """(start, end, text) of the punctuators and numbers of a masked line."""
    i, n = 0, len(masked)
    while i < n:
        c = masked[i]
        if c.isalpha() or c == "_":
            j = i
            while j < n and (masked[j].isalnum() or masked[j] == "_"):
                j += 1
            yield i, j, masked[i:j]
            i = j
            continue
        if c.isdigit():
            j = i
            while j < n and (masked[j].isalnum() or masked[j] in "._"):
                j += 1
            yield i, j, masked[i:j]
            i = j
            continue
        for p in PUNCT:
            if masked.startswith(p, i):
                yield i, i + len(p), p
                i += len(p)
                break
        else:
            if not c.isspace():
                yield i, i + 1, c
            i += 1


def closing_paren(masked, open_at):
    depth = 0
    for k in range(open_at, len(masked)):
        if masked[k] == "(":
            depth += 1
        elif masked[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def split_args(text):
    """Top-level comma-separated arguments of `text` (without parentheses)."""
    args, depth, start = [], 0, 0
    for k, c in enumerate(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            args.append((start, k))
            start = k + 1
    args.append((start, len(text)))
    return args


def line_mutants(line, masked, preproc):
    """Yields (operator, mutated line, what) for one line."""
    if preproc:
        m = re.match(r"^(\s*#\s*define\s+\w+\s+\(?)(\d+)([uUlL]*\)?\s*)$", masked)
        if m:
            value = int(m.group(2))
            for delta in (1, -1):
                if value + delta >= 0:
                    new = line[:m.start(2)] + str(value + delta) + line[m.end(2):]
                    yield "const", new, "%d -> %d" % (value, value + delta)
        return
    toks = list(tokens(masked))
    for idx, (s, e, t) in enumerate(toks):
        prev = toks[idx - 1][2] if idx > 0 else ""
        if t in BOUNDARY:
            # `<` after an identifier at the start of a declaration is never
            # a comparison in this code base; #include lines are skipped.
            yield "cmp-boundary", line[:s] + BOUNDARY[t] + line[e:], "'%s' -> '%s'" % (t, BOUNDARY[t])
        elif t in ("==", "!="):
            r = "!=" if t == "==" else "=="
            yield "cmp-negate", line[:s] + r + line[e:], "'%s' -> '%s'" % (t, r)
        elif t in ("&&", "||"):
            r = "||" if t == "&&" else "&&"
            yield "logic", line[:s] + r + line[e:], "'%s' -> '%s'" % (t, r)
        elif t == "!" and idx + 1 < len(toks):
            yield "not-drop", line[:s] + line[e:], "'!' removed"
        elif t in ("if", "while") and idx + 1 < len(toks) and toks[idx + 1][2] == "(":
            o = toks[idx + 1][0]
            c = closing_paren(masked, o)
            if c > o + 1:
                cond = line[o + 1:c].strip()
                yield "cond-true", line[:o + 1] + "1" + line[c:], "%s (%s) -> %s (1)" % (t, cond, t)
                if t == "if":
                    yield "cond-false", line[:o + 1] + "0" + line[c:], "if (%s) -> if (0)" % cond
        elif t in OK_CALLS and prev not in ("->", ".") and idx + 1 < len(toks) and toks[idx + 1][2] == "(":
            c = closing_paren(masked, toks[idx + 1][0])
            stmt = masked[:s].strip() == "" and masked[c + 1:].strip() == ";"
            if c > 0 and not stmt:
                yield "call-ok", line[:s] + "0" + line[c + 1:], "%s(...) -> 0" % t
        elif t[0].isdigit() and re.match(r"^\d+[uUlL]*$", t) and prev not in ("[",):
            digits = re.match(r"^\d+", t).group(0)
            if len(digits) > 1 and digits.startswith("0"):
                continue  # octal
            value = int(digits)
            suffix = t[len(digits):]
            for delta in (1, -1):
                v = value + delta
                text = str(v) if v >= 0 else "(-1)"
                yield "const", line[:s] + text + suffix + line[e:], "%d -> %d" % (value, v)
        if (t[0].isalpha() or t[0] == "_") and t not in ("if", "while", "for", "switch", "return", "sizeof") \
                and idx + 1 < len(toks) and toks[idx + 1][2] == "(" and prev not in ("->", "."):
            o = toks[idx + 1][0]
            c = closing_paren(masked, o)
            if c > o:
                inner = line[o + 1:c]
                args = split_args(masked[o + 1:c])
                if len(args) >= 2:
                    (a0, a1), (b0, b1) = args[0], args[1]
                    x, y = inner[a0:a1].strip(), inner[b0:b1].strip()
                    if x != y and SIMPLE_ARG.match(x) and SIMPLE_ARG.match(y):
                        new_inner = inner[:a0] + inner[a0:a1].replace(x, y, 1) + "," + \
                            inner[b0:b1].replace(y, x, 1) + inner[b1:]
                        yield "swap-args", line[:o + 1] + new_inner + line[c:], \
                            "%s(%s, %s) -> %s(%s, %s)" % (t, x, y, t, y, x)
    m = re.match(r"^(\s*)return\s+(bc_error_setv?\s*\(|BC_ERR_\w+)", masked)
    if m:
        yield "return-ok", m.group(1) + "return BC_OK; " + line[len(m.group(1)):], \
            "error return -> return BC_OK"
    m = DROP_CALL.match(masked)
    if m:
        yield "call-drop", m.group(1) + ";", "'%s' deleted" % line[len(m.group(1)):].strip()


def file_mutants(srcdir, rel):
    with open(os.path.join(srcdir, rel), encoding="utf-8") as f:
        lines = f.read().split("\n")
    seen = {}
    for no, (line, (masked, preproc)) in enumerate(zip(lines, code_masks(lines)), 1):
        for op, new, what in line_mutants(line, masked, preproc):
            if new == line:
                continue
            key = "%s\0%s\0%s" % (rel, line.strip(), new.strip())
            seen[key] = seen.get(key, 0) + 1
            mid = hashlib.sha1(("%s\0%d" % (key, seen[key])).encode()).hexdigest()[:8]
            yield {"id": mid, "file": rel, "line": no, "op": op, "what": what,
                   "before": line, "after": new}


def sources(srcdir, paths, excluded):
    out = []
    for p in paths:
        full = os.path.join(srcdir, p)
        if os.path.isfile(full):
            out.append(os.path.normpath(p))
            continue
        for root, dirs, files in os.walk(full):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(".c"):
                    out.append(os.path.relpath(os.path.join(root, f), srcdir))
    def keep(rel):
        return not any(rel == x or rel.startswith(x.rstrip("/") + "/") for x in excluded)
    return [r for r in out if keep(r)]


def main(argv):
    if len(argv) >= 1 and argv[0] == "operators":
        for k, v in OPERATORS.items():
            print("%-13s %s" % (k, v))
        return 0
    if len(argv) >= 3 and argv[0] == "apply":
        m = json.loads(argv[1])
        path = os.path.join(argv[2], m["file"])
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines[m["line"] - 1] != m["before"]:
            print("mutate.py: %s:%d is not what the mutant was made from" % (m["file"], m["line"]),
                  file=sys.stderr)
            return 1
        lines[m["line"] - 1] = m["after"]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        return 0
    if len(argv) >= 2 and argv[0] == "list":
        args = argv[1:]
        ops, sample, seed, excluded, ids = None, 0, 1, [], None
        while args and args[0].startswith("-"):
            flag, value = args[0], args[1]
            args = args[2:]
            if flag == "-o":
                ops = value.split(",")
                unknown = [o for o in ops if o not in OPERATORS]
                if unknown:
                    print("mutate.py: unknown operator %s" % ",".join(unknown), file=sys.stderr)
                    return 2
            elif flag == "-n":
                sample = int(value)
            elif flag == "-s":
                seed = int(value)
            elif flag == "-x":
                excluded.append(os.path.normpath(value))
            elif flag == "-i":
                ids = set(value.split(","))
        srcdir, paths = args[0], args[1:]
        mutants = [m for rel in sources(srcdir, paths, excluded)
                   for m in file_mutants(srcdir, rel)
                   if (ops is None or m["op"] in ops) and (ids is None or m["id"] in ids)]
        if sample and sample < len(mutants):
            mutants = random.Random(seed).sample(mutants, sample)
            mutants.sort(key=lambda m: (m["file"], m["line"]))
        for m in mutants:
            print(json.dumps(m, ensure_ascii=False))
        return 0
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
