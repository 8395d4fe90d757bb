// 贷后例会: pick branch and date, see who is reviewed and why, the branch risk picture, record decisions, download.

import { api, download } from "./api.js";
import { classBadge, emptyState, errorBox, h, loading, mount, pct, toast, wan } from "./dom.js";
import { barChart } from "./charts.js";
import { kpi } from "./borrowers.js";

const BRANCHES = ["城东支行", "城西支行", "高新支行"];
const ACTIONS = ["停止新增用信", "压缩信用余额", "补充担保", "加强资金账户监管", "采取法律措施", "其他"];
const CLASS_COLORS = ["#2e7d32", "#c79100", "#e06c00", "#c62828", "#6d1b1b"];
const SEVERITY_COLORS = { 高: "#c62828", 中: "#e06c00", 低: "#c79100" };

export async function render(main, _rest, me) {
  const branches = me.visible_branches || BRANCHES;
  const branch = h("select#meeting-branch", { "aria-label": "机构" }, branches.map((b) => h("option", { value: b }, b)));
  const date = h("input#meeting-date", { type: "date", value: new Date().toISOString().slice(0, 10), required: true, "aria-label": "例会日期" });
  const area = h("div#meeting-area", {}, emptyState("选择机构和例会日期", "系统按《贷后例会制度》列出本次应审议的借款人及原因。"));
  const form = h("form.toolbar", { onsubmit: (e) => { e.preventDefault(); show(area, branch.value, date.value); } },
    h("label", { for: "meeting-branch" }, "机构"), branch, h("label", { for: "meeting-date" }, "例会日期"), date,
    h("button.btn.primary", { type: "submit" }, "生成审议名单"));
  mount(main, h("header.page-head", {}, h("h1", {}, "贷后管理例会"),
    h("p.muted", {}, "审议名单、支行风险概况、会议决议，以及会议纪要和审议表的下载。")), form, area);
}

async function show(area, branch, date) {
  mount(area, loading("正在生成审议名单…"));
  try {
    const selection = await api(`/api/meetings/selection?${new URLSearchParams({ branch, date })}`);
    const meeting = { id: null };
    const decisions = h("div");
    mount(area,
      h("div.toolbar", {},
        h("button.btn#download-minutes", { type: "button", onclick: () => save(`/api/meetings/minutes?${new URLSearchParams({ branch, date, format: "docx" })}`, "会议纪要.docx") }, "下载会议纪要（.docx）"),
        h("button.btn#download-forms", { type: "button", onclick: () => save(`/api/meetings/forms?${new URLSearchParams({ branch, date })}`, "审议表.zip") }, "下载审议表（每户一表）")),
      h("section.card#risk-overview", { "aria-label": "支行风险概况", style: { marginBottom: "1rem" } }, h("h2", {}, `${branch}风险概况`), loading()),
      h("section.card", { "aria-label": "审议名单" },
        h("div.section-title", {}, h("h2", {}, `审议名单（${selection.kind}例会）`),
          h("span.muted.small", {}, `共考察 ${selection.considered} 户，列入审议 ${selection.items.length} 户`)),
        selection.items.length ? selection.items.map((item) => reviewRow(item, meeting, branch, date, decisions)) : emptyState("本次无需审议的借款人")),
      decisions);
    overview(area.querySelector("#risk-overview"), branch, date);
  } catch (e) {
    mount(area, errorBox(e));
  }
}

function reviewRow(item, meeting, branch, date, decisions) {
  const action = h("select", { "aria-label": `${item.name} 措施` }, h("option", { value: "" }, "（不作决议）"), ACTIONS.map((a) => h("option", { value: a }, a)));
  const dept = h("input", { value: "公司业务部", "aria-label": `${item.name} 责任部门` });
  const person = h("input", { value: item.officer || "", "aria-label": `${item.name} 责任人` });
  const deadline = h("input", { type: "date", value: plusDays(date, 30), "aria-label": `${item.name} 完成时限` });
  const detail = h("textarea", { rows: 2, placeholder: "具体措施（措施为“其他”时必填）", "aria-label": `${item.name} 具体措施` });
  const status = h("span.small", { role: "status" });
  const record = h("button.btn.small.primary", { type: "button", onclick: async () => {
    if (!action.value) { status.textContent = "请先选择措施。"; return; }
    record.disabled = true;
    try {
      meeting.id ||= (await api("/api/meetings", { method: "POST", body: { branch, date } })).id;
      const body = { decisions: [{ borrower_id: item.borrower_id, action: action.value, responsible_department: dept.value,
        responsible_person: person.value, deadline: deadline.value, detail: detail.value }] };
      await api(`/api/meetings/${meeting.id}/decisions`, { method: "POST", body });
      status.textContent = "决议已记录";
      status.className = "small status-ok";
      toast(`已记录：${item.name} ${action.value}`);
    } catch (e) {
      status.textContent = e.message;
      status.className = "small status-err";
    } finally {
      record.disabled = false;
    }
  } }, "记录决议");
  return h("div.meeting-row", { dataset: { borrower: item.borrower_id } },
    h("div", {}, h("h3", {}, h("a", { href: `#/borrowers/${item.borrower_id}` }, `${item.borrower_id} ${item.name}`), " ", classBadge(item.classification)),
      h("p.small.muted", { style: { margin: 0 } }, `客户经理 ${item.officer} · 授信 ${wan(item.credit_limit)}`),
      h("ul.reasons", {}, item.reasons.map((r) => h("li", {}, r.text, r.source ? h("span.muted", {}, `（${r.source}）`) : null)))),
    h("details.decision", {}, h("summary.btn.small", {}, "记录决议…"),
      h("div.stack", { style: { gap: ".35rem", marginTop: ".4rem" } }, action, dept, person, deadline, detail, h("div", {}, record, " ", status))));
}

function plusDays(iso, days) {
  const base = new Date(Math.max(Date.parse(iso), Date.now()));
  base.setDate(base.getDate() + days);
  return base.toISOString().slice(0, 10);
}

async function save(path, fallback) {
  try { toast(`已下载 ${await download(path, fallback)}`); } catch (e) { toast(e.message, "error"); }
}

/** The branch picture of the minutes' risk-manager section (GET /api/meetings/picture): same figures as the 纪要. */
async function overview(box, branch, date) {
  try {
    const p = await api(`/api/meetings/picture?${new URLSearchParams({ branch, date })}`);
    const s = p.summary;
    const byClass = p.classes.map((c, i) => ({ label: c.classification, color: CLASS_COLORS[i], value: c.balance / 10000,
      note: `${c.borrowers}户` }));
    const period = `${p.period_start} 至 ${p.date}`;
    mount(box, h("div.section-title", {}, h("h2", {}, `${branch}风险概况`),
      h("span.muted.small", {}, `${p.scope === "own" ? "仅含您管户的借款人" : "与会议纪要“信贷资产质量总体情况”一致"} · 统计期 ${period} · 列入审议 ${p.reviewed} 户`)),
      h("div.kpis", {}, kpi("借款人", `${s.borrowers} 户`), kpi("贷款余额", wan(s.total_balance)), kpi("不良余额", wan(s.bad_balance)),
        kpi("不良率", pct(s.bad_ratio, 2)), kpi("本期新增逾期", `${s.new_overdue_loans} 笔`),
        kpi("现场检查超期", `${s.inspections_overdue} 户`)),
      h("div.grid-2", {},
        barChart({ title: "贷款余额按五级分类（万元）", rows: byClass, format: (v) => v.toFixed(0) }),
        p.new_overdue.length ? barChart({ title: "本期新增逾期（逾期本金，万元）", rows: p.new_overdue.map((l) => ({
          label: l.borrower.slice(0, 8), value: (l.overdue_principal || 0) / 10000, color: "#c62828", note: `${l.overdue_days}天` })),
          format: (v) => v.toFixed(0) }) : quiet("本期新增逾期", `${period} 无新增逾期贷款`),
        p.signals.length ? barChart({ title: "风险信号按类型（户）", rows: p.signals.map((x) => ({ label: `${x.name}·${x.severity}`,
          value: x.borrowers, color: SEVERITY_COLORS[x.severity] || "#c8793a" })), format: (v) => String(v) })
          : quiet("风险信号按类型", "未触发风险信号"),
        inspections(p.inspections_overdue)),
      p.statements.map((t) => h("p.small.muted", { style: { margin: ".4rem 0 0" } }, t)));
  } catch (e) {
    mount(box, h("h2", {}, `${branch}风险概况`), errorBox(e));
  }
}

function quiet(title, text) {
  return h("figure.chart", {}, h("figcaption", {}, h("strong", {}, title)), h("p.muted", {}, text));
}

function inspections(rows) {
  if (!rows.length) return quiet("现场检查超期", "无现场检查超期的借款人");
  return h("figure.chart#inspections-overdue", {}, h("figcaption", {}, h("strong", {}, `现场检查超期（${rows.length} 户）`)),
    h("ul.small", {}, rows.map((b) => h("li", {}, h("a", { href: `#/borrowers/${b.borrower_id}` }, `${b.borrower_id} ${b.name}`)))));
}
