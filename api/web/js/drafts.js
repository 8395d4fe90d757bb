// 检查报告: draft a 贷后检查报告, edit sections in place, trace every figure and statement to its source.

import { api, download } from "./api.js";
import { copyText, emptyState, errorBox, h, loading, mount, toast } from "./dom.js";
import { openClauseRef } from "./signals.js";

const TABLE_ZH = { borrowers: "借款人", loans: "贷款", collateral: "押品", guarantors: "保证人",
  financial_statements: "财务报表", account_flows: "账户流水", inspections: "检查记录", events: "风险事件",
  draft: "报告参数", meeting_rules: "例会规则" };
const ORIGIN_ZH = { record: "记录原值", derived: "由记录计算", context: "报告参数", rule: "制度规则" };

export async function render(main, [borrowerId]) {
  const picker = await borrowerPicker(borrowerId);
  const area = h("div#draft-area", {}, borrowerId ? loading("正在生成检查报告…") : emptyState("请选择借款人", "选择借款人和检查基准日后生成贷后检查报告草稿。"));
  mount(main, h("header.page-head", {}, h("h1", {}, "贷后检查报告"),
    h("p.muted", {}, "系统按借款人记录和制度条文起草；可直接在正文中修改，悬停或将光标放在句子上查看每个数字的来源。")),
    picker.node, area);
  if (borrowerId) await showReport(area, borrowerId, picker.date.value);
}

async function borrowerPicker(selected) {
  const { borrowers } = await api("/api/borrowers?signals=false");
  const select = h("select#draft-borrower", { "aria-label": "借款人" },
    h("option", { value: "" }, "选择借款人…"),
    borrowers.map((b) => h("option", { value: b.id, selected: b.id === selected }, `${b.id} ${b.name}（${b.classification || "—"}）`)));
  const date = h("input#draft-date", { type: "date", value: "", "aria-label": "检查基准日" });
  const go = () => { if (select.value) location.hash = `#/drafts/${select.value}`; };
  const node = h("form.toolbar", { onsubmit: (e) => { e.preventDefault(); go(); } },
    h("label", { for: "draft-borrower" }, "借款人"), select,
    h("label", { for: "draft-date" }, "检查基准日"), date,
    h("button.btn.primary", { type: "submit" }, "生成报告"));
  return { node, select, date };
}

async function showReport(area, borrowerId, asOf) {
  const query = asOf ? `?date=${asOf}` : "";
  let report;
  try {
    report = await api(`/api/borrowers/${encodeURIComponent(borrowerId)}/report${query}`);
  } catch (e) {
    return mount(area, errorBox(e));
  }
  const key = `draft:${report.borrower_id}:${report.as_of}`;
  const panel = h("aside.card.prov-panel#provenance", { "aria-label": "来源", "aria-live": "polite" }, provenanceHint(report));
  const doc = h("article.draft-doc", { "aria-label": report.title },
    h("h1", {}, report.title),
    h("p.muted.small", {}, `借款人编号 ${report.borrower_id} · ${report.branch} · 客户经理 ${report.officer} · 检查基准日 ${report.as_of}`),
    report.sections.map((s, i) => sectionNode(s, i, report, panel)));
  restoreEdits(doc, key);
  const flag = h("span.edited-flag", { role: "status" });
  const markEdited = () => { saveEdits(doc, key); flag.textContent = "已修改（自动保存在本机）"; };
  doc.addEventListener("input", markEdited);
  if (localStorage.getItem(key)) flag.textContent = "已恢复上次的修改";
  const toolbar = h("div.toolbar", {},
    h("button.btn.primary#download-docx", { type: "button", onclick: () => downloadDocx(report, query, doc) }, "下载 Word（.docx，含修改）"),
    h("button.btn", { type: "button", onclick: async () => { await copyText(docText(doc)); toast("全文已复制（含修改）"); } }, "复制全文（含修改）"),
    h("button.btn.ghost", { type: "button", onclick: () => { localStorage.removeItem(key); showReport(area, borrowerId, asOf); } }, "恢复系统原稿"),
    flag);
  mount(area, toolbar,
    h("p.small.muted", {}, "说明：在线修改自动保存在本机浏览器；下载的 Word 使用您修改后的正文，表格和引用条文沿用系统原稿，导出记录会注明正文经过人工修改。"),
    report.missing?.length ? h("div.error-box", {}, `缺少记录：${report.missing.join("、")}`) : null,
    h("div.draft-layout", {}, doc, panel));
}

function sectionNode(section, index, report, panel) {
  const statements = section.statements.map((st, j) => {
    const span = h("span.stmt", { dataset: { kind: st.kind, ref: `${index}.${j}` }, tabindex: "-1" }, st.text);
    const show = () => showProvenance(panel, st, span);
    span.addEventListener("mouseenter", show);
    span.addEventListener("focus", show);
    return h("p", {}, span);
  });
  return h("section", { dataset: { key: section.key } },
    h("h2", {}, section.heading || section.title),
    h("div.draft-section", { contenteditable: "true", spellcheck: "false", dataset: { key: section.key },
      "aria-label": `${section.heading || section.title}（可编辑）`,
      onkeyup: () => caretProvenance(panel, section), onclick: () => caretProvenance(panel, section) }, statements),
    section.tables.map((t) => tableNode(t, panel)));
}

function caretProvenance(panel, section) {
  const node = window.getSelection()?.anchorNode;
  const span = (node?.nodeType === 1 ? node : node?.parentElement)?.closest(".stmt");
  if (!span) return;
  const [, j] = span.dataset.ref.split(".").map(Number);
  showProvenance(panel, section.statements[j], span);
}

function tableNode(table, panel) {
  return h("div.table-wrap", {}, h("table.data", { "aria-label": table.title },
    h("caption", { class: "small", style: { textAlign: "left", padding: ".3rem .6rem", fontWeight: 600 } }, table.title),
    h("thead", {}, h("tr", {}, table.columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, table.rows.map((row) => h("tr", {}, row.map((cell) => {
      if (!cell.sources) return h("td", {}, cell.text ?? "");
      const td = h("td.fact-ref", { tabindex: "0" }, cell.text ?? "");
      const show = () => showProvenance(panel, { text: `${cell.label}：${cell.text}`, kind: "fact", facts: [cell], clauses: [] }, td);
      td.addEventListener("mouseenter", show);
      td.addEventListener("focus", show);
      return td;
    }))))));
}

function provenanceHint(report) {
  return [h("h2", {}, "来源"), h("p.small.muted", {}, "将鼠标移到正文句子或表格数字上，这里显示它来自哪条记录、依据哪条制度。"),
    h("h3", {}, "本报告引用的制度"),
    report.clauses.length ? report.clauses.map((c) => h("div", {}, openClauseRef(c))) : h("p.small.muted", {}, "无"),
    h("p.small.muted", {}, `涉及记录 ${report.record_ids.length} 条；正文生成方式：${report.narrative?.source === "llm" ? "大模型润色（已核对数字）" : "模板"}`)];
}

let active = null;

function showProvenance(panel, statement, anchor) {
  active?.classList.remove("active");
  active = anchor;
  anchor.classList.add("active");
  mount(panel, h("h2", {}, "来源"),
    h("blockquote.small", {}, statement.text),
    statement.facts.length ? statement.facts.map((f) => h("div.prov-item", {},
      h("strong", {}, f.label), "：", f.text, " ", h("span.tag", {}, ORIGIN_ZH[f.origin] || f.origin),
      f.missing ? h("span.tag", {}, "记录缺失") : null,
      h("div.muted", {}, f.sources.map((s) => `${TABLE_ZH[s.table] || s.table} ${s.record_id} · ${s.field}`).join("；")))) :
      h("p.small.muted", {}, "该句不含取自记录的数字。"),
    statement.clauses.length ? [h("h3", { style: { marginTop: ".6rem" } }, "依据条文"), statement.clauses.map((c) => h("div", {}, openClauseRef(c)))] : null);
}

function saveEdits(doc, key) {
  const edits = {};
  for (const node of doc.querySelectorAll(".draft-section")) edits[node.dataset.key] = node.innerText;
  localStorage.setItem(key, JSON.stringify(edits));
}

function restoreEdits(doc, key) {
  let edits;
  try { edits = JSON.parse(localStorage.getItem(key) || "null"); } catch { edits = null; }
  if (!edits) return;
  for (const node of doc.querySelectorAll(".draft-section")) {
    if (edits[node.dataset.key] !== undefined) mount(node, edits[node.dataset.key].split("\n").filter(Boolean).map((t) => h("p", {}, t)));
  }
}

function docText(doc) {
  return [...doc.children].map((n) => n.innerText).join("\n\n");
}

/** The text of every section as shown (and possibly edited) on the page: one string per paragraph. */
function editedSections(doc, report) {
  return [...doc.querySelectorAll(".draft-section")].map((node) => ({
    title: report.sections.find((s) => s.key === node.dataset.key)?.title || node.dataset.key,
    paragraphs: node.innerText.split("\n").map((t) => t.trim()).filter(Boolean),
  }));
}

async function downloadDocx(report, query, doc) {
  try {
    const name = await download(`/api/borrowers/${encodeURIComponent(report.borrower_id)}/report.docx${query}`,
      `${report.borrower_id}_贷后检查报告.docx`, { body: { sections: editedSections(doc, report) } });
    toast(`已下载 ${name}`);
  } catch (e) {
    toast(e.message, "error");
  }
}
