// 借款人: the caller's borrowers (sortable, filterable) and one borrower's loans, collateral, trend and signals.

import { api } from "./api.js";
import { CLASS_ORDER, classBadge, emptyState, errorBox, h, loading, mount, severityBadge, wan } from "./dom.js";
import { openClauseRef, signalCard } from "./signals.js";
import { lineChart } from "./charts.js";

const COLUMNS = [
  { key: "id", label: "编号" }, { key: "name", label: "借款人" }, { key: "branch", label: "支行" },
  { key: "classification", label: "风险分类", rank: (b) => CLASS_ORDER.indexOf(b.classification) },
  { key: "balance", label: "贷款余额", num: true }, { key: "overdue_days", label: "逾期天数", num: true },
  { key: "signals", label: "风险信号", num: true, rank: (b) => b.signals ?? -1 },
];
const detailCache = new Map();

export async function render(main, [borrowerId]) {
  if (borrowerId) return renderDetail(main, borrowerId);
  mount(main, loading());
  const { borrowers, total } = await api("/api/borrowers?limit=1000");
  const rows = borrowers.map((b) => ({ ...b, signals: signalCount(b) }));
  const view = { rows, sort: { key: "id", dir: "asc" }, filters: { q: "", cls: "", overdue: false, signals: false } };
  const body = h("tbody");
  const count = h("span.muted.small", { role: "status" });
  const head = h("tr", {}, COLUMNS.map((c) => h("th", { scope: "col", class: c.num ? "num" : undefined },
    h("button.sort-btn", { type: "button", dataset: { key: c.key }, onclick: () => sortBy(view, c.key, head, body, count) }, c.label))));
  mount(main,
    h("header.page-head", {}, h("h1", {}, "借款人"), h("p.muted", {}, "仅显示您有权查看的借款人；点击列标题排序，点击行查看详情。"
      + (total > borrowers.length ? `共 ${total} 户，此处列出前 ${borrowers.length} 户，请用筛选缩小范围。` : ""))),
    kpis(rows),
    filterBar(view, () => draw(view, body, count)),
    h("div.table-wrap", {}, h("table.data#borrower-table", { "aria-label": "借款人列表" }, h("thead", {}, head), body)),
    h("p", {}, count));
  draw(view, body, count);
  fillSignals(view, body, count);
}

function signalCount(b) {
  if (Array.isArray(b.signals)) return b.signals.length;
  return b.open_signals ?? b.signal_count ?? (typeof b.signals === "number" ? b.signals : null);
}

function kpis(rows) {
  const total = rows.reduce((s, b) => s + (b.balance || 0), 0);
  const bad = rows.filter((b) => ["次级", "可疑", "损失"].includes(b.classification));
  const overdue = rows.filter((b) => b.overdue_days > 0);
  return h("div.kpis", {},
    kpi("借款人", `${rows.length} 户`), kpi("贷款余额合计", wan(total)),
    kpi("逾期户数", `${overdue.length} 户`), kpi("不良（次级及以下）", `${bad.length} 户 · ${wan(bad.reduce((s, b) => s + b.balance, 0))}`));
}

export function kpi(label, value) {
  return h("div.kpi", {}, h("span", {}, label), h("strong", {}, value));
}

function filterBar(view, redraw) {
  const search = h("input#borrower-search", { type: "search", placeholder: "按编号或名称筛选", "aria-label": "按编号或名称筛选",
    oninput: () => { view.filters.q = search.value.trim(); redraw(); } });
  const cls = h("select#class-filter", { "aria-label": "风险分类", onchange: () => { view.filters.cls = cls.value; redraw(); } },
    h("option", { value: "" }, "全部分类"), CLASS_ORDER.map((c) => h("option", { value: c }, c)));
  const check = (id, label, key) => h("label", { for: id, style: { fontWeight: 400 } },
    h("input", { id, type: "checkbox", onchange: (e) => { view.filters[key] = e.target.checked; redraw(); } }), " ", label);
  return h("div.toolbar", {}, search, cls, check("only-overdue", "仅看逾期", "overdue"), check("only-signals", "仅看有风险信号", "signals"));
}

function visible(view) {
  const { q, cls, overdue, signals } = view.filters;
  const column = COLUMNS.find((c) => c.key === view.sort.key);
  const value = column.rank || ((b) => b[column.key]);
  return view.rows
    .filter((b) => !q || b.id.includes(q) || b.name.includes(q))
    .filter((b) => !cls || b.classification === cls)
    .filter((b) => !overdue || b.overdue_days > 0)
    .filter((b) => !signals || b.signals > 0)
    .sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = typeof x === "string" ? x.localeCompare(y, "zh-CN") : (x ?? -1) - (y ?? -1);
      return view.sort.dir === "asc" ? order : -order;
    });
}

function sortBy(view, key, head, body, count) {
  view.sort = { key, dir: view.sort.key === key && view.sort.dir === "asc" ? "desc" : "asc" };
  for (const button of head.querySelectorAll(".sort-btn")) {
    button.dataset.dir = button.dataset.key === key ? view.sort.dir : "";
    button.closest("th").setAttribute("aria-sort", button.dataset.key === key ? (view.sort.dir === "asc" ? "ascending" : "descending") : "none");
  }
  draw(view, body, count);
}

function draw(view, body, count) {
  const rows = visible(view);
  mount(body, rows.length ? rows.map((b) => h("tr.row-link", { dataset: { id: b.id }, onclick: () => { location.hash = `#/borrowers/${b.id}`; } },
    h("td", {}, b.id),
    h("td", {}, h("a", { href: `#/borrowers/${b.id}` }, b.name)),
    h("td", {}, b.branch),
    h("td", {}, classBadge(b.classification)),
    h("td.num", {}, wan(b.balance)),
    h("td.num", { class: b.overdue_days > 90 ? "status-err" : undefined }, b.overdue_days || "—"),
    h("td.num", {}, b.signals === null ? "…" : b.signals || "—"))) :
    h("tr", {}, h("td", { colspan: COLUMNS.length }, emptyState("没有符合条件的借款人"))));
  count.textContent = `共 ${view.rows.length} 户，当前显示 ${rows.length} 户`;
}

/** The list endpoint may not count signals: fetch details a few at a time and fill the column in. */
async function fillSignals(view, body, count) {
  const missing = view.rows.filter((b) => b.signals === null);
  const next = async () => {
    for (let b = missing.shift(); b; b = missing.shift()) {
      try { b.signals = (await borrowerDetail(b.id)).signals.length; } catch { b.signals = 0; }
    }
  };
  await Promise.all([next(), next(), next(), next()]);
  if (body.isConnected) draw(view, body, count);
}

export async function borrowerDetail(id) {
  if (!detailCache.has(id)) detailCache.set(id, api(`/api/borrowers/${encodeURIComponent(id)}`).catch((e) => { detailCache.delete(id); throw e; }));
  return detailCache.get(id);
}

async function renderDetail(main, id) {
  mount(main, loading());
  detailCache.delete(id);
  let b;
  try { b = await borrowerDetail(id); } catch (e) {
    return mount(main, h("p.breadcrumb", {}, h("a", { href: "#/borrowers" }, "← 借款人")), errorBox(e));
  }
  const advice = b.classification_advice;
  mount(main,
    h("p.breadcrumb", {}, h("a", { href: "#/borrowers" }, "← 借款人列表")),
    h("header.page-head", {}, h("h1", {}, b.name), classBadge(b.classification),
      h("span.muted", {}, `${b.id} · ${b.kind} · ${b.industry || ""} · ${b.branch} · 客户经理 ${b.officer_name || b.officer_code}`),
      h("span.spacer"), h("a.btn.primary", { href: `#/drafts/${b.id}` }, "生成检查报告")),
    h("div.kpis", {}, kpi("授信额度", wan(b.credit_limit)), kpi("贷款余额", wan(b.balance)),
      kpi("最长逾期", b.overdue_days ? `${b.overdue_days} 天` : "无逾期"), kpi("风险信号", `${b.signals.length} 项`),
      kpi("下次检查截止", b.next_inspection_due || "—")),
    h("div.grid-2", {},
      h("section.card", { "aria-label": "风险信号" }, h("h2", {}, "风险信号及依据"),
        b.signals.length ? b.signals.map((s) => signalCard(s)) : emptyState("未触发风险信号"),
        advice ? h("div.signal", { dataset: { severity: advice.suggested === advice.current ? "低" : "高" } },
          h("p", {}, h("strong", {}, "分类建议："), `现 ${advice.current} → 建议 ${advice.suggested}`),
          h("p.small", {}, advice.reason_zh), advice.clause_ref ? openClauseRef(advice.clause_ref) : null) : null),
      h("section.card", { "aria-label": "财务趋势" }, h("h2", {}, "财务趋势"), trend(b.statements))),
    h("section.card", { style: { marginTop: "1rem" } }, h("h2", {}, "贷款"), loansTable(b.loans)),
    h("div.grid-2", { style: { marginTop: "1rem" } },
      h("section.card", {}, h("h2", {}, "押品与担保"), collateralTable(b.collateral), guarantors(b.guarantors)),
      h("section.card", {}, h("h2", {}, "账户流水摘要"), flowSummary(b))));
}

function trend(statements) {
  if (!statements?.length) return emptyState("暂无财务报表");
  const labels = statements.map((s) => s.period);
  const ratio = (s, k) => s.ratios?.[k] ?? null;
  return h("div.stack", {},
    lineChart({ title: "营业收入与净利润（年化，万元）", labels, format: (v) => (v / 10000).toFixed(0),
      series: [{ name: "营业收入", values: statements.map((s) => ratio(s, "annual_revenue") ?? s.revenue) },
        { name: "净利润", values: statements.map((s) => ratio(s, "annual_net_profit") ?? s.net_profit) }] }),
    lineChart({ title: "流动比率", labels, height: 160, format: (v) => Number(v).toFixed(2),
      series: [{ name: "流动比率", values: statements.map((s) => ratio(s, "current_ratio")), color: "#2e7d32" }] }));
}

function table(columns, rows) {
  return h("div.table-wrap", {}, h("table.data", {},
    h("thead", {}, h("tr", {}, columns.map(([label, , num]) => h("th", { scope: "col", class: num ? "num" : undefined }, label)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map(([, cell, num]) => h("td", { class: num ? "num" : undefined }, cell(r))))))));
}

function loansTable(loans) {
  if (!loans?.length) return emptyState("暂无贷款");
  return table([["贷款编号", (l) => l.loan_id], ["品种", (l) => l.product], ["金额", (l) => wan(l.amount), 1],
    ["余额", (l) => wan(l.balance), 1], ["起止日期", (l) => `${l.start_date} 至 ${l.maturity_date}`],
    ["支付方式", (l) => l.payment_mode], ["逾期天数", (l) => l.overdue_days || "—", 1],
    ["分类", (l) => classBadge(l.classification)],
    ["状态", (l) => [l.extended && "展期", l.restructured && "重组"].filter(Boolean).join("、") || "—"]], loans);
}

function collateralTable(items) {
  if (!items?.length) return emptyState("无押品");
  return table([["押品", (c) => `${c.type}：${c.description}`], ["评估价值", (c) => wan(c.appraised_value), 1],
    ["抵押率", (c) => (c.loan_to_value == null ? "—" : `${(c.loan_to_value * 100).toFixed(1)}%`), 1],
    ["登记到期", (c) => c.registration_end_date || "—"]], items);
}

function guarantors(items) {
  if (!items?.length) return null;
  return h("ul.small", {}, items.map((g) => h("li", {}, `${g.name}（${g.relation}）：${g.notes || ""}`)));
}

const FLOW_ZH = { disbursement_payment: "贷款资金支付", sales_receipt: "销售回款", other: "其他" };

function flowSummary(b) {
  const flows = b.flows || [];
  if (!flows.length) return emptyState("暂无账户流水");
  const groups = new Map();
  for (const f of flows) {
    const key = `${FLOW_ZH[f.kind] || f.kind}${f.payment_mode ? `（${f.payment_mode}）` : ""}·${f.direction === "in" ? "流入" : "流出"}`;
    const g = groups.get(key) || { key, count: 0, sum: 0 };
    g.count += 1; g.sum += f.amount;
    groups.set(key, g);
  }
  const dates = flows.map((f) => f.date).sort();
  const recent = [...flows].sort((x, y) => y.date.localeCompare(x.date)).slice(0, 6);
  return h("div.stack", {},
    h("p.small.muted", {}, `${dates[0]} 至 ${dates[dates.length - 1]}，共 ${flows.length} 笔` +
      (b.agreed_sales_receipt_ratio ? `；约定销售资金归行率 ${(b.agreed_sales_receipt_ratio * 100).toFixed(0)}%` : "")),
    table([["类型", (g) => g.key], ["笔数", (g) => g.count, 1], ["金额合计", (g) => wan(g.sum), 1]], [...groups.values()]),
    h("h3", {}, "最近流水"),
    table([["日期", (f) => f.date], ["方向", (f) => (f.direction === "in" ? "流入" : "流出")], ["金额", (f) => wan(f.amount), 1],
      ["交易对手", (f) => f.counterparty], ["摘要", (f) => f.memo]], recent));
}

export { severityBadge };
