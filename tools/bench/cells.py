"""The cells of budgetconv's three data sheets, laid out from one JSON record.

The peers of tools/bench.sh write these rows with their own library, so that
every program in the comparison writes the same cells; same_cells.py then
checks that they did.  The layout mirrors libbudgetconv's projects, items
and funding tables (include/budgetconv/views.h)."""

SHEETS = ("事業一覧", "要求内容", "財源内訳")

SOURCES = (("national", "国庫支出金"), ("metropolitan", "都支出金"),
           ("other_specific", "その他特財"), ("general", "一般財源"))

# (header, key) of the text columns of 事業一覧 after the amounts.
BOXES = (("事務事業評価", "evaluation"), ("事業説明文", "description"),
         ("背景、区民ニーズ、現状課題等", "background"),
         ("要求する事業内容", "request_details"),
         ("事業実施で得られる成果", "expected_outcomes"),
         ("国・都・特別区等の動向や取組状況", "peer_trends"),
         ("基本計画・個別計画", "plans"), ("関連する法令・条例等", "laws"),
         ("実施に向けた財源確保", "funding_plan"), ("スケジュール", "schedule"),
         ("事業実施に伴う将来コスト", "future_costs"),
         ("編成の考え方", "budget_rationale"), ("債務負担行為", "debt_burden"))

HEADERS = (
    ["NO", "事業名", "所管部", "所管課", "款", "会計", "要求区分", "要求額", "予算額",
     "うち特財"] + [ja for _, ja in SOURCES] + [ja for ja, _ in BOXES],
    ["NO", "事業名", "区分", "種別", "内容", "要求額", "予算額", "うち特財"],
    ["NO", "事業名", "財源", "内容", "金額"],
)

KIND = {"subtotal": "小計", "item": "明細"}
LABEL = dict(SOURCES)


def text(v):
    if isinstance(v, list):
        return "\n".join(v) if v else None
    return v


def project_row(r):
    dep = r.get("department") or {}
    total = r.get("total") or {}
    row = [r["no"], r.get("title"), dep.get("bureau"), dep.get("division"),
           r.get("account"), r.get("fund"), r.get("request_type"),
           total.get("requested"), total.get("budgeted"), total.get("budgeted_specific")]
    for key, _ in SOURCES:
        amounts = [f["amount"] for f in r.get("funding", []) if f["source"] == key]
        row.append(sum(a for a in amounts if a is not None) if amounts else None)
    row += [text(r.get(key)) for _, key in BOXES]
    return row


def item_rows(r):
    for it in r.get("line_items", []):
        yield [r["no"], r.get("title"), it.get("group"), KIND[it["kind"]], it.get("label"),
               it.get("requested"), it.get("budgeted"), it.get("budgeted_specific")]


def funding_rows(r):
    for f in r.get("funding", []):
        yield [r["no"], r.get("title"), f.get("label") or LABEL[f["source"]], f.get("detail"),
               f.get("amount")]
