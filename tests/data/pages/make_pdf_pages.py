#!/usr/bin/python3
"""Lays content records (content-*.json) out as 予算要求事業概要書 sheets in
a spreadsheet, the way the real sheets are made in Excel, and sends them
through the real pipeline: xlsxwriter -> LibreOffice (soffice --headless
--convert-to pdf) -> pdfminer.six's pdf2txt with its default options.

Each book becomes pdf-<book>.txt (pdf2txt's output, unmodified) and
pdf-<book>.expected.json (built from the content records alone with
make_pages.expected_record(), DESIGN §2; never from an importer's output).
See README.md in this directory, section "Pages made by the real tools".

usage: make_pdf_pages.py [--keep] [--check] [--book NAME]... [DIR]
  writes DIR/pdf-<book>.txt and .expected.json (DIR: this directory).
  --keep leaves the xlsx and pdf in DIR/pdf-work/ (not to be committed).
  --check needs no soffice: it only verifies that the committed
  .expected.json files are what the content records give (the .txt files
  depend on the LibreOffice and pdfminer versions, see README.md).
"""
import math
import re
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import make_pages as mp  # noqa: E402


LABELS = [("national", "国庫支出金"), ("metropolitan", "都支出金"),
          ("other_specific", "その他特財"), ("general", "一般財源")]

# ---------------------------------------------------------------- the books
# book -> options and its records (content key, NO).  Options:
#   font       IPAGothic / IPAMincho / IPAPGothic
#   size       font size of the texts (points); labels the same
#   left       width of the left half's text columns D:F (xlsx width units)
#   label      width of the 要求内容 column I
#   amt        width of each amount column K M N
#   lab3       width of the left label column C
#   wrap       "cell": paragraphs are lines of a cell that wraps them;
#              "explicit": every line break typed (Alt+Enter), at `cols`
#   onesheet   all records on one long sheet with manual page breaks
#              (else a sheet per record, each fit to one page)
#   numbers    "num": amounts are numbers formatted #,##0 / (#,##0);
#              "text": amounts typed as text
#   split_num  box numbers in their own cell (B) apart from the label (C)
#   pad        extra lines of height given to every text cell
#   arrow      "cell": ⇒ typed in a narrow column of its own left of 予算額;
#              "format": ⇒ part of the 予算額 cell (number format "⇒ "#,##0
#              or typed "⇒ 53,680"), the ⇒ column a hairline
#   fit        columns sized to their contents (fit_widths()): the label and
#              amount columns tight, box heads 11–14 wrapped in column H
#   tight      (with fit) 小計 typed in the subtotal's label cell, the label
#              and 要求額 columns as narrow as their longest text
#   rowcell    a table row's label and amount typed in one cell ("label 1,234"),
#              the shape of the sample's rows
#   inline     a box's head and its text typed in one cell (boxes 1–9 and
#              11–14), 合計 right-aligned next to its amount
#   flabel     alignment of the 財源内訳 labels (left / right, next to the detail)
#   rhead, sub, spec  widths of columns H (所管課, 款, 財源/内訳, box heads
#              10–14), J (小計) and N (うち特財)
BOOKS = {
    "a": ({"font": "IPAGothic", "size": 9, "left": 22, "label": 30, "amt": 10, "lab3": 10,
           "sub": 4, "spec": 8, "wrap": "cell", "onesheet": False, "numbers": "num",
           "arrow": "format", "split_num": False, "pad": 1, "flabel": "right"}, [
        ("s59", 2400), ("s63", 2401), ("n-three-groups", 2402), ("h-long-request", 2403),
        ("m-many-rows", 2404), ("t-long-texts", 2405), ("f-metro-only", 2406),
    ]),
    "b": ({"font": "IPAMincho", "size": 10, "left": 18, "label": 26, "amt": 9, "lab3": 14,
           "wrap": "explicit", "onesheet": False, "numbers": "text", "arrow": "cell",
           "split_num": True, "pad": 1}, [
        ("s61", 2410), ("n-every-source", 2411), ("n-latin-wrap", 2412), ("m-first-year", 2413),
        ("t-kana-latin", 2414), ("v6-long-boxes", 2415),
    ]),
    "c": ({"font": "IPAGothic", "size": 8, "left": 26, "label": 34, "amt": 11, "lab3": 9,
           "sub": 5, "spec": 9, "wrap": "cell", "onesheet": True, "numbers": "num", "fit": True,
           "arrow": "format", "split_num": False, "pad": 1, "flabel": "right"}, [
        ("s60", 2420), ("h-cues-first", 2421), ("n-ten-items", 2422), ("m-wrapped-detail", 2423),
        ("f-long-table", 2424), ("s7-zero-nofund", 2425),
    ]),
    "d": ({"font": "IPAPGothic", "size": 10, "left": 20, "label": 24, "amt": 12, "lab3": 16,
           "rhead": 8, "wrap": "explicit", "onesheet": True, "fit": True, "numbers": "num", "arrow": "cell",
           "split_num": True, "pad": 1}, [
        ("s65", 2430), ("h-tiny", 2431), ("m-eval-wrapped", 2432), ("t-four-groups", 2433),
        ("f-huge", 2434), ("v5-cue-spaced", 2435),
    ]),
    "e": ({"font": "IPAMincho", "size": 9, "left": 24, "label": 28, "amt": 10, "lab3": 12,
           "spec": 8, "wrap": "cell", "onesheet": False, "numbers": "text", "arrow": "format", "fit": True,
           "split_num": False, "pad": 1, "flabel": "left"}, [
        ("s67", 2440), ("n-single-item", 2441), ("m-fund-halfwidth", 2442), ("f-dearu", 2443),
        ("s7-box14-long", 2444), ("s7-title-10", 2445), ("v6-bullets-noperiod", 2446),
    ]),
    "f": ({"font": "IPAGothic", "size": 9, "left": 22, "label": 30, "amt": 10, "lab3": 12,
           "wrap": "cell", "onesheet": False, "numbers": "num", "arrow": "format", "fit": True,
           "split_num": False, "pad": 1, "flabel": "right", "inline": True}, [
        ("s62", 2450), ("h-numbered-both", 2451), ("n-fund-arrows", 2452), ("m-cut-group", 2453),
        ("t-bullets", 2454), ("f-real-wording", 2455), ("s7-label-words", 2456),
        ("v5-taigen", 2457),
    ]),
    "h": ({"font": "IPAGothic", "size": 9, "left": 22, "label": 40, "amt": 10, "lab3": 12,
           "wrap": "cell", "onesheet": False, "numbers": "num", "arrow": "format", "fit": True,
           "tight": True, "split_num": False, "pad": 1, "flabel": "right", "inline": True}, [
        ("s59", 2470), ("s60", 2471), ("h-future-tense-background", 2472),
        ("n-one-cut", 2473), ("m-one-group", 2474), ("t-reiwa10", 2475),
        ("f-box5-peers", 2476), ("v6-future-needs", 2477), ("s7-twin-cross", 2478),
    ]),
    "i": ({"font": "IPAGothic", "size": 9, "left": 22, "label": 34, "amt": 10, "lab3": 12,
           "wrap": "cell", "onesheet": False, "numbers": "num", "arrow": "format",
           "split_num": False, "pad": 1, "flabel": "right", "inline": True, "rowcell": True}, [
        ("s61", 2480), ("s63", 2481), ("h-background-mentions-cues", 2482),
        ("n-equal-amounts", 2483), ("m-tiny-cues", 2484), ("t-all-cut", 2485),
        ("f-empty-boxes", 2486), ("v5-cue-bullets", 2487), ("s7-fund-words", 2488),
    ]),
    "g": ({"font": "IPAMincho", "size": 8, "left": 24, "label": 28, "amt": 9, "lab3": 14,
           "wrap": "explicit", "onesheet": True, "numbers": "text", "arrow": "cell",
           "split_num": False, "pad": 1, "inline": True}, [
        ("t-desc-multi", 2460), ("n-two-line-labels", 2461), ("m-number-tail", 2462),
        ("f-colon-bg", 2463), ("v6-state-mixed", 2464), ("s7-heisei30", 2465),
        ("t-heisei-header", 2466),
    ]),
}

# ------------------------------------------------------------------ texts

def paragraphs(field, lead="　"):
    """A text field as the lines typed in its cell: paragraphs, a prose one
    opening with `lead` (list items, cue lines and headings do not)."""
    if not field:
        return []
    return [mp.led(para, lead) for para in field.replace("\n\n", "\n").split("\n")]


# LibreOffice prints a column of xlsx width w as (7w + 5) points wide at 100%
# (measured on its PDFs: one pixel of Excel's formula is one point)
PT_PER_PX = 1.0


def units(cols, size):
    """xlsx column width units for `cols` display columns at `size` points."""
    return max(1.0, round((cols * size / 2 / PT_PER_PX - 5) / 7, 1))


def biggest(contents):
    return max(max(r["req"] for r in c["rows"]) + sum(r["req"] for r in c["rows"]) for c in contents)


def wide_enough(opts, contents):
    """Every author widens an amount column that shows ###."""
    o = dict(opts)
    need = units(mp.width(mp.fmt(biggest(contents))) + 5, o["size"])
    for k in ("amt", "spec", "bud"):
        o[k] = max(o.get(k, o["amt"]), need)
    return o


def fit_widths(opts, contents):
    """An author who sizes the columns to what they hold: the box heads'
    column to "２ 要求区分", the 要求内容 column to the longest label (up to
    `label`), the amount columns to the longest amount."""
    o = dict(opts)
    z = o["size"]
    o["lab3"] = (units(mp.width("要求区分") + 2, z) if o["split_num"]
                 else units(mp.width("２ 要求区分") + 2, z) - 2)
    labels = [("・" if r.get("dot") else "") + r["label"] for c in contents for r in c["rows"]]
    o["label"] = min(o["label"], units(max(map(mp.width, labels)) + 1, z))
    big = biggest(contents) if not o.get("tight") else \
        max(max(r["req"] for r in c["rows"]) * 2 for c in contents)
    o["amt"] = units(mp.width(mp.fmt(big)) + 2, z)
    o["spec"] = units(mp.width(mp.fmt(big)) + 4, z)
    o["bud"] = units(mp.width(mp.fmt(big)) + 5, z)
    o["rhead"] = units(mp.width("      伴う将来コスト") + 1, z)
    o["sub"] = units(mp.width("小計") + 1, z)
    if o.get("tight"):
        # the table as tight as the sample's lines suggest: 小計 typed in
        # the label cell, the label and amount columns no wider than their
        # longest text
        o["label"] = units(max(jwidth(l) for l in labels + [r["label"] + " 小計" for c in contents
                                                             for r in c["rows"]]) + 1, z)
        o["sub"] = 0.5
        o["amt"] = units(mp.width(mp.fmt(big)) + 1, z)
    return o


def jwidth(s):
    """Display columns as a Japanese font prints them: all but ASCII and
    half-width katakana are full width (・ × ① …, which Unicode calls
    ambiguous)."""
    return sum(1 if c.isascii() or "\uff61" <= c <= "\uff9f" else 2 for c in s)


class Sheet:
    """One record's cells on a worksheet, from row r0."""

    def __init__(self, book, ws, opts):
        self.book, self.ws, self.o = book, ws, opts
        self.formats = {}
        f = opts["size"]
        self.line = f * 1.32                         # points per text line
        lw = opts["left"]
        # columns A..N
        self.widths = [1.5, 3.5 if opts["split_num"] else 2, opts["lab3"], lw, lw, lw, 1.2,
                       opts.get("rhead", 6), opts["label"], opts.get("sub", 6), opts["amt"],
                       0.6 if opts.get("arrow") == "format" else 2.5, opts.get("bud", opts["amt"]),
                       opts.get("spec", opts["amt"])]
        for i, w in enumerate(self.widths):
            ws.set_column(i, i, w)

    def fmt(self, **kw):
        base = {"font_name": self.o["font"], "font_size": self.o["size"], "valign": "top",
                "text_wrap": True, "border": 1}
        base.update(kw)
        key = tuple(sorted(base.items()))
        if key not in self.formats:
            self.formats[key] = self.book.add_format(base)
        return self.formats[key]

    def cols_of(self, c0, c1):
        """Display columns (a full-width character is 2) that fit in the
        merged columns c0..c1 at the font size."""
        px = sum(self.widths[c] * 7 + 5 for c in range(c0, c1 + 1))
        return int(2 * px * PT_PER_PX / self.o["size"]) - 2

    def cell_text(self, lines, c0, c1):
        """The cell's string: typed line breaks between paragraphs, and in
        an "explicit" book at every line end as well."""
        if self.o["wrap"] == "explicit":
            cols = int(self.cols_of(c0, c1) * 0.9)
            out = []
            for l in lines:
                out += mp.wrap(l, cols)
            lines = out
        return "\n".join(lines)

    def need(self, text, c0, c1):
        """Points of height that the text needs in columns c0..c1."""
        if text == "":
            return self.line + 4
        cols = self.cols_of(c0, c1) * 0.85
        n = sum(max(1, math.ceil(mp.width(l) / cols)) for l in text.split("\n"))
        return (n + self.o["pad"]) * self.line + 4


def amount_cells(sh, row, col, n, spec=False):
    """An amount in column `col`: a number with #,##0 (or (#,##0)), or text."""
    if n is None:
        sh.ws.write_blank(row, col, None, sh.fmt(align="right", valign="vcenter"))
        return
    if sh.o["numbers"] == "num":
        sh.ws.write_number(row, col, n, sh.fmt(align="right", valign="vcenter", text_wrap=False,
                                              num_format="(#,##0)" if spec else "#,##0"))
    else:
        sh.ws.write_string(row, col, f"({mp.fmt(n)})" if spec else mp.fmt(n),
                           sh.fmt(align="right", valign="vcenter", text_wrap=False))


def arrow_cells(sh, row, n):
    """The ⇒ column and 予算額 of a table row (n None: a bare ⇒)."""
    if sh.o.get("arrow") != "format":
        put(sh, row, row, 11, 11, "⇒", align="center", valign="vcenter")
        amount_cells(sh, row, 12, n)
        return
    put(sh, row, row, 11, 11, "", valign="vcenter")
    f = sh.fmt(align="right", valign="vcenter", num_format='"⇒ "#,##0', text_wrap=False)
    if n is None:
        sh.ws.write_string(row, 12, "⇒", sh.fmt(align="left", valign="vcenter"))
    elif sh.o["numbers"] == "num":
        sh.ws.write_number(row, 12, n, f)
    else:
        sh.ws.write_string(row, 12, f"⇒ {mp.fmt(n)}", sh.fmt(align="right", valign="vcenter",
                                                             text_wrap=False))


def put(sh, r0, r1, c0, c1, text, **kw):
    f = sh.fmt(**kw)
    if r0 == r1 and c0 == c1:
        sh.ws.write_string(r0, c0, text, f)
    else:
        sh.ws.merge_range(r0, c0, r1, c1, text, f)


def marker(sh, row, num, label, c1=5, text=None, tc0=None):
    """A box's head: number and label (one cell, or two with split_num)."""
    bold = {"bold": True, "valign": "vcenter", "bg_color": "#EEEEEE"}
    if sh.o["split_num"]:
        put(sh, row, row, 1, 1, num, align="center", **bold)
        put(sh, row, row, 2, c1 if text is None else tc0 - 1, label, **bold)
    else:
        put(sh, row, row, 1, c1 if text is None else tc0 - 1, f"{num} {label}", **bold)
    if text is not None:
        put(sh, row, row, tc0, 5, text, valign="vcenter")


def lay_out(sh, c, no, r0):
    """Writes record c on sh from row r0; returns the row after it."""
    ws, o = sh.ws, sh.o
    rec = mp.expected_record(c, no)
    heights = {}

    def need_at(row, h):
        heights[row] = max(heights.get(row, sh.line + 6), h)

    def spread(r_a, r_b, h):
        for r in range(r_a, r_b + 1):
            need_at(r, h / (r_b - r_a + 1))

    fy = c.get("fy_text") or mp.wareki(c["year"])
    big = o["size"] + 3
    # header
    put(sh, r0, r0, 1, 2, f"NO {no}", border=0, bold=True, valign="vcenter")
    put(sh, r0 + 1, r0 + 1, 1, 6, f"{fy}予算要求事業概要書", border=0, bold=True,
        font_size=big, valign="vcenter", align="right")
    need_at(r0 + 1, big * 1.4 + 4)
    put(sh, r0 + 1, r0 + 1, 7, 7, "所管課", align="right", valign="vcenter")
    put(sh, r0 + 1, r0 + 1, 8, 13, f"{c['bureau']}　{c['division']}", valign="vcenter")
    parens = c.get("fund_parens", "（）")
    acct = c["account"] + (parens[0] + c["fund"] + parens[1] if c["fund"] else "")
    put(sh, r0 + 2, r0 + 2, 7, 7, "款", align="right", valign="vcenter")
    put(sh, r0 + 2, r0 + 2, 8, 10, acct, valign="vcenter")
    need_at(r0 + 2, sh.need(acct, 8, 10))
    put(sh, r0 + 2, r0 + 2, 11, 13, "（単位：千円）", border=0, align="right", valign="vcenter")

    # box 1 and the table head
    r = r0 + 3
    title = "\n".join(c["title_lines"]) if c.get("title_lines") and o["wrap"] == "explicit" \
        else c["title"]
    inline = o.get("inline")
    if inline:
        put(sh, r, r, 1, 5, f"１ 事業名　{title}", valign="vcenter")
        need_at(r, sh.need(f"１ 事業名　{title}", 1, 5))
    else:
        marker(sh, r, "１", "事業名", text=title, tc0=3)
        need_at(r, sh.need(title, 3, 5))

    def left_box(head, r_a, r_b, num, label, text):
        """A box of the left half: its head on row `head`, its text on rows
        r_a..r_b (inline: head and text typed in one cell)."""
        if inline:
            x = f"{num} {label}" + ("\n" + text if text else "")
            put(sh, head, r_b, 1, 5, x)
            spread(head, r_b, sh.need(x, 1, 5))
        else:
            marker(sh, head, num, label)
            put(sh, r_a, r_b, 1, 5, text)
            spread(r_a, r_b, sh.need(text, 1, 5))
    if o.get("rowcell"):
        put(sh, r, r, 7, 10, "10 要求内容 要求額", bold=True, valign="vcenter", bg_color="#EEEEEE")
    else:
        put(sh, r, r, 7, 9, "10 要求内容", bold=True, valign="vcenter", bg_color="#EEEEEE")
        put(sh, r, r, 10, 10, "要求額", bold=True, align="center", valign="vcenter",
            bg_color="#EEEEEE")
    put(sh, r, r, 11, 11, "" if o.get("arrow") == "format" else "⇒", align="center",
        valign="vcenter")
    put(sh, r, r, 12, 13, ("⇒ " if o.get("arrow") == "format" else "") + "予算額 (うち特財)", bold=True, align="center", valign="vcenter", text_wrap=False,
        bg_color="#EEEEEE")

    # the table rows beside boxes ２ ３ ４
    rows = c["rows"]
    blank = c.get("blank_rows", 0)
    t_data = len(rows) + blank
    T = max(t_data, 5)
    top = r + 1
    for i in range(T):
        row = top + i
        if i < len(rows):
            x = rows[i]
            lab = x["label"]
            if x["kind"] == "item":
                lab = ("・" if x.get("dot") else "") + lab
                if x.get("cont"):
                    lab += "\n" + x["cont"] if o["wrap"] == "explicit" else x["cont"]
                put(sh, row, row, 8, 9, lab, valign="vcenter")
                need_at(row, sh.need(lab, 8, 9))
            elif o.get("tight"):
                put(sh, row, row, 8, 9, lab + " 小計", valign="vcenter")
                need_at(row, sh.need(lab, 8, 9))
            else:
                put(sh, row, row, 8, 8, lab, valign="vcenter")
                put(sh, row, row, 9, 9, "小計", align="center", valign="vcenter")
                need_at(row, sh.need(lab, 8, 8))
            if o.get("rowcell"):
                # 要求内容 and 要求額 typed as one text, as a system that
                # prints the sheet may write them
                lab = (lab + (" 小計" if x["kind"] == "subtotal" and not o.get("tight") else "")
                       + " " + mp.fmt(x["req"]))
                put(sh, row, row, 8, 10, lab, valign="vcenter")
                need_at(row, sh.need(lab, 8, 10))
            else:
                amount_cells(sh, row, 10, x["req"])
            arrow_cells(sh, row, x["bud"])
            amount_cells(sh, row, 13, x["spec"], spec=True)
        else:
            put(sh, row, row, 8, 9, "", valign="vcenter")
            put(sh, row, row, 10, 10, "", valign="vcenter")
            if i < t_data:
                arrow_cells(sh, row, None)
            else:
                put(sh, row, row, 11, 11, "", valign="vcenter")
                put(sh, row, row, 12, 12, "", valign="vcenter")
            put(sh, row, row, 13, 13, "", valign="vcenter")
        put(sh, row, row, 7, 7, "", border=0)
    # left: ２ on the first row, ３'s head on the second, then texts
    if inline:
        put(sh, top, top, 1, 5, f"２ 要求区分　{c['request_type']}", valign="vcenter")
    else:
        marker(sh, top, "２", "要求区分", text=c["request_type"], tc0=3)
    x3 = sh.cell_text(paragraphs(c["description"]), 1, 5)
    x4 = sh.cell_text(paragraphs(c["background"]), 1, 5)
    n3, n4 = sh.need(x3, 1, 5), sh.need(x4, 1, 5)
    rest = T - 3
    a = min(max(1, round(rest * n3 / (n3 + n4))), rest - 1)
    left_box(top + 1, top + 2, top + 1 + a, "３", "事業説明文", x3)
    left_box(top + 2 + a, top + 3 + a, top + T - 1, "４", "背景、区民ニーズ、現状課題等", x4)

    # box ５'s head beside 合計
    r = top + T
    t = rec["total"]
    if o.get("rowcell"):
        put(sh, r, r, 8, 10, f"合計 {mp.fmt(t['requested'])}", bold=True, valign="vcenter")
    else:
        put(sh, r, r, 8, 9, "合計", bold=True, align="right" if inline else "center",
            valign="vcenter")
        amount_cells(sh, r, 10, t["requested"])
    arrow_cells(sh, r, t["budgeted"])
    amount_cells(sh, r, 13, t["budgeted_specific"], spec=True)

    # lower part: 10 rows on each side
    lo = r + 1
    # right: 財源内訳 (4), 債務負担行為, 11, 12, 13, 14 head, 14 text
    put(sh, lo, lo + 3, 7, 7, "財源\n内訳", align="center", valign="vcenter")
    fund = {f["source"]: f for f in c["funding"]}
    for i, (src, lab) in enumerate(LABELS):
        row = lo + i
        put(sh, row, row, 8, 8, lab, valign="vcenter", align=o.get("flabel", "left"))
        f = fund.get(src)
        det = ""
        if f and f["detail"]:
            det = "\n".join(f["detail_lines"]) if f.get("detail_lines") and o["wrap"] == "explicit" \
                else f["detail"]
        put(sh, row, row, 9, 11, det, valign="vcenter")
        need_at(row, sh.need(det, 9, 11))
        amount_cells(sh, row, 12, f["amount"] if f else None)
        put(sh, row, row, 13, 13, "", valign="vcenter")
    row = lo + 4
    put(sh, row, row, 7, 8, "債務負担行為", valign="vcenter")
    put(sh, row, row, 9, 11, "令和 年 〜 年", align="right", valign="vcenter")
    put(sh, row, row, 12, 12, "限度額", align="left", valign="vcenter")
    put(sh, row, row, 13, 13, "", valign="vcenter")

    def right_box(row, head, text, hc1=7 if o.get("fit") else 8):
        if inline:
            x = re.sub(r"\n[ 　]*", "", head) + ("　" + text if text else "")
            put(sh, row, row, 7, 13, x, valign="vcenter")
            need_at(row, sh.need(x, 7, 13))
            return
        put(sh, row, row, 7, hc1, head, bold=True, valign="vcenter", bg_color="#EEEEEE")
        put(sh, row, row, hc1 + 1, 13, text, valign="vcenter" if fit else "top")
        need_at(row, max(sh.need(text, hc1 + 1, 13), sh.need(head, 7, hc1)))

    fit = o.get("fit")
    right_box(lo + 5, "11 実施に向けた\n　　　財源確保" if fit else "11 実施に向けた財源確保",
              sh.cell_text(paragraphs(c["funding_plan"], ""), 9, 13))
    right_box(lo + 6, "12 スケジュール",
              sh.cell_text(c["schedule"].replace("\n\n", "\n").split("\n"), 9, 13))
    right_box(lo + 7, "13 事業実施に\n      伴う将来コスト" if fit else "13 事業実施に伴う将来コスト",
              sh.cell_text(paragraphs(c["future_costs"], ""), 9, 13))
    ev = c["evaluation"]
    if ev and c.get("evaluation_lines") and o["wrap"] == "explicit":
        ev = "\n".join(c["evaluation_lines"])
    row = lo + 8
    hc1 = 7 if o.get("fit") else 9
    tag = f"【事務事業評価】　{ev}" if ev else ""
    x14 = sh.cell_text(paragraphs(c["budget_rationale"]), 7, 13)
    if inline:
        x = "14 編成の考え方" + ("　" + tag if tag else "") + "\n" + x14
        put(sh, row, lo + 9, 7, 13, x)
        spread(row, lo + 9, sh.need(x, 7, 13))
    else:
        put(sh, row, row, 7, hc1, "14 編成の考え方", bold=True, valign="vcenter", bg_color="#EEEEEE")
        need_at(row, sh.need("14 編成の考え方", 7, hc1))
        put(sh, row, row, hc1 + 1, 13, tag, valign="vcenter")
        need_at(row, sh.need(tag, hc1 + 1, 13))
        put(sh, lo + 9, lo + 9, 7, 13, x14)
        need_at(lo + 9, sh.need(x14, 7, 13))

    # left: ５ text (2 rows), ６ ７ ８ ９ heads and texts
    x5 = sh.cell_text(paragraphs(c["request_details"]), 1, 5)
    left_box(r, lo, lo + 1, "５", "要求する事業内容", x5)
    row = lo + 2
    for num, label, text in (("６", "事業実施で得られる成果", paragraphs(c["expected_outcomes"])),
                             ("７", "国・都・特別区等の動向や取組状況", paragraphs(c["peer_trends"])),
                             ("８", "基本計画・個別計画", c["plans_text"].split("\n")),
                             ("９", "関連する法令・条例等", c["laws_text"].split("\n"))):
        left_box(row, row + 1, row + 1, num, label, sh.cell_text(text, 1, 5))
        row += 2
    end = lo + 10
    for rr in range(r0, end):
        ws.set_row(rr, round(heights.get(rr, sh.line + 6), 1))
    return end, sum(heights.get(rr, sh.line + 6) for rr in range(r0, end))


def sheet_width_pt(sh):
    return sum(sh.widths[c] * 7 + 5 for c in range(14)) * PT_PER_PX


def page_setup(ws):
    ws.set_paper(9)                  # A4
    ws.set_landscape()
    ws.set_margins(left=0.3, right=0.3, top=0.4, bottom=0.4)
    ws.hide_gridlines(2)


def make_xlsx(path, opts, pages, content):
    import xlsxwriter            # Debian python3-xlsxwriter (/usr/bin/python3)
    if opts.get("fit") and opts["onesheet"]:
        opts = fit_widths(opts, [content[k] for k, _ in pages])
    elif not opts.get("fit"):
        opts = wide_enough(opts, [content[k] for k, _ in pages])
    book = xlsxwriter.Workbook(path)
    if opts["onesheet"]:
        ws = book.add_worksheet("概要書")
        page_setup(ws)
        sh = Sheet(book, ws, opts)
        r = 0
        starts, tallest = [], 0
        for key, no in pages:
            starts.append(r)
            r, h = lay_out(sh, content[key], no, r)
            tallest = max(tallest, h)
            r += 1                   # an empty row between the sheets
        ws.set_h_pagebreaks(starts[1:])
        ws.print_area(0, 0, r - 1, 13)
        # one scale for the whole sheet: every record fits its page
        scale = min(810 / sheet_width_pt(sh), 540 / tallest) * 100
        ws.set_print_scale(max(10, min(100, int(scale))))
    else:
        for key, no in pages:
            ws = book.add_worksheet(f"NO{no}")
            page_setup(ws)
            sh = Sheet(book, ws, fit_widths(opts, [content[key]]) if opts.get("fit") else opts)
            r, _ = lay_out(sh, content[key], no, 0)
            ws.print_area(0, 0, r - 1, 13)
            ws.fit_to_pages(1, 1)
    book.close()


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stderr.decode(errors='replace')}")
    return p


def expected_js(pages, content):
    return mp.records_json([mp.expected_record(content[key], no) for key, no in pages])


def main(argv):
    keep = "--keep" in argv
    check = "--check" in argv
    only = [argv[i + 1] for i, a in enumerate(argv) if a == "--book"]
    args = [a for i, a in enumerate(argv[1:], 1) if not a.startswith("--")
            and argv[i - 1] != "--book"]
    outdir = args[0] if args else HERE
    content = mp.load_content()
    for c in content.values():
        mp.check_arithmetic(c)
    nos = [no for _, pages in BOOKS.values() for _, no in pages]
    assert len(nos) == len(set(nos)), "a NO used twice"
    bad = 0
    for name, (opts, pages) in sorted(BOOKS.items()):
        if only and name not in only:
            continue
        base = os.path.join(outdir, f"pdf-{name}")
        js = expected_js(pages, content)
        if check:
            if not mp.committed_is(base + ".expected.json", js):
                print(f"{base}.expected.json: differs from the content records")
                bad += 1
            continue
        work = os.path.join(outdir, "pdf-work") if keep else tempfile.mkdtemp(prefix="pdfpages-")
        os.makedirs(work, exist_ok=True)
        xlsx = os.path.join(work, f"pdf-{name}.xlsx")
        make_xlsx(xlsx, opts, pages, content)
        profile = os.path.join(work, "lo-profile")
        run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", work, xlsx])
        pdf = xlsx[:-5] + ".pdf"
        run(["pdf2txt", "-o", base + ".txt", pdf])
        with open(base + ".expected.json", "wb") as f:
            f.write(js)
        if not keep:
            shutil.rmtree(work)
        print(f"{base}.txt: {len(pages)} records")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
