#!/usr/bin/python3
"""The markdown exporter, rendered by a real client: cmark-gfm with the GFM
table extension, as GitHub renders it.  The HTML is walked with Python's own
parser and compared with the gold file.  Prints TAP.
"""
import copy
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from urllib.parse import unquote
from html.parser import HTMLParser

sys.path.insert(0, os.path.join(os.environ["SRCDIR"], "tests"))
from testlib import GOLD_PATH, SAMPLE, check, finish, run  # noqa: E402
import testlib  # noqa: E402
testlib.require_gold()

BOXES = [("description", "事業説明文"), ("background", "背景、区民ニーズ、現状課題等"),
         ("request_details", "要求する事業内容"), ("expected_outcomes", "事業実施で得られる成果"),
         ("peer_trends", "国・都・特別区等の動向や取組状況"), ("plans", "基本計画・個別計画"),
         ("laws", "関連する法令・条例等"), ("funding_plan", "実施に向けた財源確保"),
         ("schedule", "スケジュール"), ("future_costs", "事業実施に伴う将来コスト"),
         ("budget_rationale", "編成の考え方"), ("debt_burden", "債務負担行為")]
VOID = {"br", "hr", "img", "input"}
# Sections before the records': 一覧, 所管部別 and the cuts.
R = 3

class Node:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, dict(attrs), []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag):
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    yield c
                yield from c.find_all(tag)

    def tags(self):
        return {n.tag for c in self.children if isinstance(c, Node) for n in [c, *c.walk()]}

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()


class Tree(HTMLParser):
    """The rendered HTML as Nodes; raw HTML that cmark-gfm dropped shows up
    as comments, which are kept as 'comment' nodes."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", [])
        self.stack = [self.root]
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        while len(self.stack) > 1 and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def handle_comment(self, data):
        self.stack[-1].children.append(Node("comment", []))


def render(markdown):
    p = subprocess.run(["cmark-gfm", "--extension", "table"], input=markdown.encode(),
                       stdout=subprocess.PIPE, check=True)
    return Tree(p.stdout.decode()).root


def export(records, tmp, name, *options):
    path = os.path.join(tmp, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False)
    rc, out, err = run("-f", "json", path, "-t", "markdown", *options)
    return rc, out, err


def blocks(root):
    return [c for c in root.children if isinstance(c, Node)]


def sections(root):
    """Top-level blocks split at each h2: [(heading text, [blocks])]."""
    out = []
    for b in blocks(root):
        if b.tag == "h2":
            out.append((b.text(), []))
        elif out:
            out[-1][1].append(b)
    return out


def boxes(section_blocks):
    """h3 text → the blocks under it."""
    out, current = {}, None
    for b in section_blocks:
        if b.tag == "h3":
            current = out.setdefault(b.text(), [])
        elif current is not None:
            current.append(b)
    return out


def table(node):
    """(header cells, alignments, body rows) of a rendered table."""
    head = [c.text() for c in next(node.find_all("thead")).find_all("th")]
    align = [c.attrs.get("align") for c in next(node.find_all("thead")).find_all("th")]
    body = next(node.find_all("tbody"), None)
    rows = [[c.text() for c in tr.find_all("td")] for tr in body.find_all("tr")] if body else []
    return head, align, rows


def github_slug(text):
    """GitHub's anchor for a heading's text (github-slugger): lower case,
    drop other numbers, punctuation but - and connectors (_), symbols unless
    alphabetic,
    controls, formats, private use and unassigned, separators but the
    space; then each space is a -."""
    out = []
    for ch in text.lower():
        cat = unicodedata.category(ch)
        if ch == " ":
            out.append("-")
        elif ch == "-" or cat == "Pc" or not (
                cat in ("No", "Zs", "Zl", "Zp") or cat[0] in "PC" or
                (cat[0] == "S" and "CIRCLED LATIN" not in unicodedata.name(ch, ""))):
            out.append(ch)
    return "".join(out)


def heading_ids(root):
    """The ids of the h2 headings in order, as GitHub numbers repeated slugs
    over every heading of the document."""
    seen, ids = {}, []
    for node in root.walk():
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            slug = original = github_slug(node.text())
            while slug in seen:
                seen[original] += 1
                slug = f"{original}-{seen[original]}"
            seen[slug] = 0
            if node.tag == "h2":
                ids.append(slug)
    return ids


def money(v):
    return "" if v is None else f"{v:,}"


def summary_rows(records):
    rows = []
    for r in records:
        dept = r.get("department") or {}
        total = r.get("total") or {}
        req, bud = total.get("requested"), total.get("budgeted")
        rows.append(["" if r.get("no") is None else str(r["no"]), r.get("title") or "",
                     " ".join(x for x in (dept.get("bureau"), dept.get("division")) if x),
                     money(req), money(bud),
                     money(bud - req if req is not None and bud is not None else None)])
    return rows


def sum_of(records, key):
    return sum((r.get("total") or {}).get(key) or 0 for r in records)


def main():
    with open(GOLD_PATH, encoding="utf-8") as f:
        gold = json.load(f)
    tmp = tempfile.mkdtemp(prefix="bc-md-")

    rc, md, err = run("-f", "json", GOLD_PATH, "-o", os.path.join(tmp, "gold.md"))
    check(rc == 0, "gold records export to Markdown", err)
    with open(os.path.join(tmp, "gold.md"), encoding="utf-8") as f:
        md = f.read()
    rc, stdout_md, err = run("-f", "json", GOLD_PATH, "-t", "markdown")
    check(rc == 0 and stdout_md == md, "standard output gets the same report", err)
    root = render(md)

    h1 = [b.text() for b in blocks(root) if b.tag == "h1"]
    check(h1 == ["予算要求事業概要書（2020年度）"], "one title, with the fiscal year", h1)

    secs = sections(root)
    summary = secs[0][1][0] if secs and secs[0][1] else None
    got = table(summary) if summary is not None and summary.tag == "table" else None
    want_rows = summary_rows(gold) + [["合計", "", "", money(sum_of(gold, "requested")),
                                     money(sum_of(gold, "budgeted")),
                                     money(sum_of(gold, "budgeted") - sum_of(gold, "requested"))]]
    check(secs[0][0] == "一覧" and got == (["NO", "事業名", "所管", "要求額", "予算額", "差引"],
                                         ["right", None, None, "right", "right", "right"],
                                         [[f"{c}" for c in r] for r in want_rows]),
          "summary table: every record and the totals, amounts right-aligned", got)

    titles = [s[0] for s in secs[R:]]
    check(titles == [f"{r['no']} {r['title']}" for r in gold], "a heading per record", titles)

    bad = []
    for r, (_, body) in zip(gold, secs[R:]):
        meta = [li.text() for li in body[0].find_all("li")] if body and body[0].tag == "ul" else []
        want = [f"所管部: {r['department']['bureau']}", f"所管課: {r['department']['division']}",
                f"款: {r['account']}"] + ([f"会計: {r['fund']}"] if r["fund"] else []) + \
               [f"要求区分: {r['request_type']}"] + \
               ([f"事務事業評価: {r['evaluation']}"] if r["evaluation"] else []) + \
               [f"{label}: {money(r['total'][k])} 千円" for k, label in
                (("requested", "要求額"), ("budgeted", "予算額"), ("budgeted_specific", "うち特財"))
                if r["total"][k] is not None]
        if meta != want:
            bad.append((r["no"], meta, want))
    check(not bad, "each record's metadata", bad[:2])

    bad = []
    for r, (_, body) in zip(gold, secs[R:]):
        got_boxes = boxes(body)
        for key, name in BOXES:
            value = r[key]
            if not value:
                if name in got_boxes:
                    bad.append((r["no"], name, "shown though empty"))
                continue
            under = got_boxes.get(name, [])
            if isinstance(value, list):
                got = [li.text() for b in under if b.tag == "ul" for li in b.find_all("li")]
                want = value
            else:
                # Lines that start with the form's bullet ・ are a list.
                got = [("ul", [li.text() for li in b.find_all("li")]) if b.tag == "ul"
                       else (b.tag, b.text()) for b in under]
                want = []
                for line in (x.strip() for x in value.split("\n")):
                    if line.startswith("・") and line[1:].strip():
                        if not want or want[-1][0] != "ul":
                            want.append(("ul", []))
                        want[-1][1].append(line[1:].strip())
                    elif line:
                        want.append(("p", line))
            if got != want or any(b.tag not in ("p", "ul") for b in under):
                bad.append((r["no"], name, got, want))
    check(not bad, "each box is a sub-heading with the record's text, ・ items as lists",
          bad[:2])

    bad = []
    kinds = {"subtotal": "小計", "item": "明細"}
    for r, (_, body) in zip(gold, secs[R:]):
        under = boxes(body).get("要求内容", [])
        got = table(under[0]) if under and under[0].tag == "table" else None
        want = (["種別", "内容", "要求額", "予算額", "うち特財"],
                [None, None, "right", "right", "right"],
                [[kinds[i["kind"]], i["label"], money(i["requested"]), money(i["budgeted"]),
                  money(i["budgeted_specific"])] for i in r["line_items"]] +
                [["合計", "", money(r["total"]["requested"]), money(r["total"]["budgeted"]),
                  money(r["total"]["budgeted_specific"])]])
        if got != want:
            bad.append((r["no"], got, want))
    check(not bad, "line-item tables: every row, amounts right-aligned with separators", bad[:1])

    bad = []
    for r, (_, body) in zip(gold, secs[R:]):
        under = boxes(body).get("財源内訳", [])
        got = table(under[0]) if under and under[0].tag == "table" else None
        rows = [[f["label"], f["detail"] or "", money(f["amount"])] for f in r["funding"]]
        if len(rows) > 1:
            rows.append(["合計", "", money(sum(f["amount"] for f in r["funding"]))])
        want = (["財源", "内容", "金額"], [None, None, "right"], rows)
        if got != want:
            bad.append((r["no"], got, want))
    check(not bad, "funding tables: every printed row", bad[:1])

    # Text that would be markup stays text.
    title = "a|b *c* _d_ <b>x</b> \\ `e` [l](http://u) &amp; ~~s~~ $x$ #h"
    lines = ["- item", "1. one", "> quote", "    code", "===", "<script>alert(1)</script>",
             "**bold**", "2) two", "+ plus", "# heading", "a  ", "| x | y |", "---",
             "&copy; \\*"]
    inj = copy.deepcopy(gold[:1])
    inj[0].update(title=title, description="\n".join(lines), plans=[], laws=[])
    inj[0]["line_items"][0]["label"] = "x | y"
    inj[0]["funding"][0]["detail"] = "*z* <i>"
    rc, out, err = export(inj, tmp, "inj")
    iroot = render(out) if rc == 0 else Node("root", [])
    isecs = sections(iroot)
    bad = []
    if len(isecs) != R + 1 or isecs[R][0] != f"59 {title}":
        bad.append(("heading", [s[0] for s in isecs]))
    srows = table(isecs[0][1][0])[2] if isecs and isecs[0][1] else []
    if not srows or srows[0][:2] != ["59", title] or len(srows[0]) != 6:
        bad.append(("summary row", srows[:1]))
    ibox = boxes(isecs[R][1]) if len(isecs) == R + 1 else {}
    got = [b.text() for b in ibox.get("事業説明文", [])]
    if got != [line.strip() for line in lines] or \
            any(b.tag != "p" for b in ibox.get("事業説明文", [])):
        bad.append(("description", got))
    items = table(ibox["要求内容"][0])[2] if "要求内容" in ibox else []
    funding = table(ibox["財源内訳"][0])[2] if "財源内訳" in ibox else []
    if not items or items[0][1] != "x | y" or not funding or funding[0][1] != "*z* <i>":
        bad.append(("cells", items[:1], funding[:1]))
    record = Node("root", [])
    record.children = [b for _, body in isecs[R:] for b in body]
    markup = {"em", "code", "pre", "blockquote", "ol", "a", "del", "script", "hr", "b",
              "i", "comment", "br"} & (iroot.tags() - {"a"} | record.tags())
    strong = [n.text() for n in iroot.find_all("strong")]
    if markup or "bold" in " ".join(strong) or \
            len(list(iroot.find_all("h1"))) != 1:
        bad.append(("markup", markup, strong))
    check(rc == 0 and not bad, "record text never turns into markup", (err, bad))

    # A lone CR ends a line in GFM: inside a cell it must not start a row.
    cr = copy.deepcopy(gold[:1])
    cr[0].update(title="a\rb | c")
    cr[0]["line_items"][0]["label"] = "x\ry | z"
    rc, out, err = export(cr, tmp, "cr")
    csecs = sections(render(out)) if rc == 0 else []
    crows = table(csecs[0][1][0])[2] if csecs and csecs[0][1] else []
    cbox = boxes(csecs[R][1]) if len(csecs) == R + 1 else {}
    citems = table(cbox["要求内容"][0])[2] if "要求内容" in cbox else []
    check(rc == 0 and len(crows) == 2 and crows[0][:2] == ["59", "a b | c"] and
          citems and citems[0][1] == "x y | z",
          "a carriage return inside a cell stays in its cell", (err, crows[:2], citems[:1]))

    rc, out, err = export(gold, tmp, "en", "-O", "lang=en")
    eroot = render(out) if rc == 0 else Node("root", [])
    esecs = sections(eroot)
    got = (esecs[0][0], table(esecs[0][1][0])[0], sorted(boxes(esecs[R][1]))) if esecs else None
    check(got is not None and got[:2] == ("Summary", ["No.", "Title", "Department", "Requested",
                                                       "Budgeted", "Difference"])
          and {"Description", "Line items", "Funding", "Budget rationale"} <= set(got[2]),
          "-O lang=en: English headings and labels", got)

    rc, _, err = run("-f", "json", GOLD_PATH, "-t", "markdown", "-O", "colour=red")
    check(rc == 64 and "colour" in err and "lang" in err,
          "an unknown -O key is refused with the valid keys", f"rc={rc} {err}")

    rc, out, err = export([{"no": 5}, {}], tmp, "sparse")
    sroot = render(out) if rc == 0 else Node("root", [])
    ssecs = sections(sroot)
    got = (table(ssecs[0][1][0])[2], [s[0] for s in ssecs[R:]]) if ssecs else None
    check(got == ([["5", "", "", "", "", ""], ["", "", "", "", "", ""],
                   ["合計", "", "", "", "", ""]], ["5 （事業名なし）", "（事業名なし）"]),
          "missing fields give empty cells, blank totals and a placeholder heading",
          (rc, err, got))

    # A total sums what was stated; of nothing stated it is blank, not 0.
    rc, out, err = export([{"no": 1, "total": {"requested": 1200}}, {"no": 2},
                           {"no": 3, "funding": [{"source": "national", "amount": None},
                                                 {"source": "general", "amount": None}]}],
                          tmp, "partly")
    psecs = sections(render(out)) if rc == 0 else []
    got = [table(psecs[i][1][0])[2][-1] for i in (0, 1)] if len(psecs) > R + 2 else None
    under = boxes(psecs[R + 2][1]).get("財源内訳", []) if got else []
    fund = table(under[0])[2][-1] if under and under[0].tag == "table" else None
    check(got == [["合計", "", "", "1,200", "", ""], ["合計", "3", "1,200", "", "", ""]] and
          fund == ["合計", "", ""],
          "a total of the amounts stated, blank where none was", (rc, err, got, fund))

    rc, out, err = export([], tmp, "empty")
    zroot = render(out) if rc == 0 else Node("root", [])
    zsecs = sections(zroot)
    got = ([b.text() for b in blocks(zroot)][:2], [s[0] for s in zsecs],
           table(zsecs[0][1][0])[2] if zsecs else None)
    check(got == (["予算要求事業概要書", "0件の事業。"], ["一覧", "所管部別", "予算が要求を下回った事業"],
                  [["合計", "", "", "", "", ""]]),
          "no records: a title and an empty summary", (rc, err, got))

    # Each NO links to its record's heading by the anchor GitHub gives it,
    # numbered as GitHub numbers repeated slugs; tricky titles too.
    tricky = [copy.deepcopy(gold[0]) for _ in range(6)]
    tricky[0].update(no=7, title="Ａｂｃ ＤＥＦ (x) «y» — z_w ½ ⓐ😀 ‘q’")
    tricky[1].update(no=7, title="Ａｂｃ ＤＥＦ (x) «y» — z_w ½ ⓐ😀 ‘q’")
    tricky[2].update(no=None, title="7 ａｂｃ ｄｅｆ x y  z_w  ⓐ q-1")
    tricky[3].update(no=8, title="\t a\nb \x01 ")
    tricky[4].update(no=9, title=None)
    tricky[5].update(no=10, title="事業説明文")
    for r in tricky:
        r["total"] = dict(r["total"], budgeted=r["total"]["requested"] - 1)
    bad = []
    for name, records in (("gold", gold), ("tricky", tricky)):
        rc, out, err = export(records, tmp, "anchors-" + name)
        aroot = render(out) if rc == 0 else Node("root", [])
        ids = heading_ids(aroot)[R:]
        asecs = sections(aroot)
        heads = [s[0] for s in asecs[R:]]

        def links(table_no):
            """(row text, href or None) of each row of a table."""
            rows = next(asecs[table_no][1][0].find_all("tbody")).find_all("tr")
            return [(tuple(c.text() for c in row.find_all("td")),
                     next((a.attrs.get("href") for a in row.find_all("a")), None))
                    for row in rows]
        summary_links = links(0) if len(asecs) > R else []
        for (cells, href), rec, head, slug in zip(summary_links, records, heads, ids):
            if (rec.get("no") is None) != (href is None) or \
                    href is not None and unquote(href) != "#" + slug:
                bad.append((name, head, href, slug))
        # The cuts table links as the summary does.
        for cells, href in links(2) if len(asecs) > R else []:
            if (cells, href) not in summary_links:
                bad.append((name, "cut", cells, href))
        if rc != 0 or len(heads) != len(records) or len(ids) != len(records):
            bad.append((name, rc, err, heads))
    check(not bad, "each NO links to its heading's GitHub anchor", bad[:4])

    # The per-bureau table and the cuts, largest first; records without a
    # bureau or a budget are counted.
    sparse = copy.deepcopy(gold)
    sparse[0]["department"]["bureau"] = None
    sparse[1]["total"]["budgeted"] = None
    rc, out, err = export(sparse, tmp, "bureaus")
    bsecs = sections(render(out)) if rc == 0 else []
    got = [table(b[1][0]) for b in bsecs[1:R]] if len(bsecs) > R else None
    order, groups = [], {}
    for r in sparse:
        key = r["department"]["bureau"] or "（不明）"
        if key not in groups and r["department"]["bureau"]:
            order.append(key)
        g = groups.setdefault(key, [0, 0, 0])
        g[0] += 1
        g[1] += r["total"]["requested"] or 0
        g[2] += r["total"]["budgeted"] or 0
    order += ["（不明）"] if "（不明）" in groups else []

    def rate(req, bud):
        return f"{100 * bud / req:.1f}%" if req else ""

    req_sum, bud_sum = sum_of(sparse, "requested"), sum_of(sparse, "budgeted")
    want_bureaus = (["所管部", "件数", "要求額", "予算額", "差引", "査定率"],
                    [None, "right", "right", "right", "right", "right"],
                    [[k, str(groups[k][0]), money(groups[k][1]), money(groups[k][2]),
                      money(groups[k][2] - groups[k][1]), rate(groups[k][1], groups[k][2])]
                     for k in order] +
                    [["合計", str(len(sparse)), money(req_sum), money(bud_sum),
                      money(bud_sum - req_sum), rate(req_sum, bud_sum)]])
    cut = [r for r in sparse if r["total"]["budgeted"] is not None and
           r["total"]["budgeted"] < r["total"]["requested"]]
    cut.sort(key=lambda r: r["total"]["budgeted"] - r["total"]["requested"])
    want_cuts = summary_rows(cut)
    check(got is not None and got[0] == want_bureaus and got[1][2] == want_cuts and
          [b[0] for b in bsecs[1:R]] == ["所管部別", "予算が要求を下回った事業"],
          "per-bureau table, and the cut projects largest cut first",
          (got, want_bureaus, want_cuts))

    # More bureaus than the table lists: the rest share one row.
    many = [{"no": i, "department": {"bureau": f"部{i:03d}"}, "total": {"requested": i}}
            for i in range(1, 206)]
    rc, out, err = export(many, tmp, "many")
    msecs = sections(render(out)) if rc == 0 else []
    rows = table(msecs[1][1][0])[2] if len(msecs) > R else []
    check(len(rows) == 202 and rows[199][:3] == ["部200", "1", "200"] and
          rows[200][:3] == ["（その他）", "5", money(sum(range(201, 206)))] and
          rows[201][:2] == ["合計", "205"],
          "past 200 bureaus, the per-bureau table counts the rest on one row",
          (rc, err, rows[198:]))

    # Control characters never reach the report: C0, DEL, C1, U+2028/9.
    ctl = copy.deepcopy(gold[:1])
    ctl[0].update(title="a\x01b\x7fc\x85d\x1be\u2028f\u2029g",
                  description="\x01- item\n\x7f\x85# h\nx\x9by")
    ctl[0]["line_items"][0]["label"] = "p\x00q" if False else "p\x07q"
    rc, out, err = export(ctl, tmp, "control")
    raw = [ch for ch in out if (ord(ch) < 0x20 and ch != "\n") or 0x7f <= ord(ch) <= 0x9f
           or ch in "\u2028\u2029"]
    csecs2 = sections(render(out)) if rc == 0 else []
    cbox2 = boxes(csecs2[R][1]) if len(csecs2) > R else {}
    got = ([s[0] for s in csecs2[R:]], [(b.tag, b.text()) for b in cbox2.get("事業説明文", [])])
    check(rc == 0 and not raw and got == (["59 a b c d e f g"],
                                         [("p", "- item"), ("p", "# h"), ("p", "x y")]),
          "control characters and line separators become spaces, never markup",
          (err, raw[:5], got))

    # A total that no longer fits is blank, never the last sum that did.
    big = copy.deepcopy(gold[:3])
    for r in big:
        r["total"]["requested"] = 4_000_000_000_000_000_000
    rc, out, err = export(big, tmp, "overflow")
    osecs = sections(render(out)) if rc == 0 else []
    totals = [table(osecs[i][1][0])[2][-1] for i in (0, 1)] if len(osecs) > R else None
    check(totals is not None and totals[0][3] == "" and totals[0][5] == "" and
          totals[1][2] == "" and totals[1][4] == "" and totals[1][5] == "",
          "a summary total past the amounts' range shows blank", (rc, err, totals))

    rc, out, err = run(SAMPLE, "-t", "markdown")
    proot = render(out) if rc == 0 else Node("root", [])
    psecs = sections(proot)
    heads = [s[0].split(" ")[0] for s in psecs[R:]]
    srows = {row[0]: row for row in table(psecs[0][1][0])[2]} if psecs else {}
    bad = [row for row in summary_rows(gold) if srows.get(row[0]) != row]
    check(rc == 0 and heads == [str(n) for n in range(59, 69)] and not bad,
          "sample pages: ten records, gold ones as expected", (err, heads, bad))

    finish(tmp)


if __name__ == "__main__":
    testlib.main(main)
