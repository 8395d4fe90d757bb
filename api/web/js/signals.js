// Risk signals with their triggering values and the clause they rest on (opened from the knowledge base).

import { api } from "./api.js";
import { h, loading, mount, openDrawer, severityBadge } from "./dom.js";
import { clauseView } from "./answer.js";

export const SIGNAL_NAMES = { overdue: "贷款逾期", classification_too_optimistic: "分类偏乐观", extended: "展期",
  restructured: "重组", collateral_coverage_low: "押品覆盖不足", collateral_value_drop: "押品价值下降",
  registration_term_short: "抵押登记期限不足", self_payment_over_threshold: "应受托而自主支付",
  purpose_deviation: "资金用途偏离", current_ratio_low: "流动比率过低", revenue_decline: "营业收入下降",
  profit_decline: "净利润下降", current_ratio_falling: "流动比率下降", receivables_turnover_falling: "应收周转下降",
  sales_receipts_below_agreed: "销售归行不足", event_litigation: "涉诉", event_enforcement: "被执行",
  event_credit_report: "征信恶化", event_controller_change: "实控人变更", inspection_overdue: "现场检查超期" };

export function signalCard(signal) {
  const refs = [signal.clause_ref, ...(signal.extra_refs || [])].filter(Boolean);
  return h("div.signal", { dataset: { severity: signal.severity, code: signal.code } },
    h("p", {}, severityBadge(signal.severity), " ", h("strong", {}, signal.title_zh)),
    signal.values?.length ? h("p.small.muted", {}, signal.values.map((v) =>
      `${v.label_zh}（${v.record_id}）：${formatValue(v.value)}`).join("；")) : null,
    signal.advice_zh ? h("p.small", {}, "处置建议：", signal.advice_zh) : null,
    refs.length ? h("p.small", {}, "依据：", refs.map((r) => openClauseRef(r))) : null);
}

function formatValue(value) {
  if (typeof value !== "number") return String(value ?? "—");
  if (Math.abs(value) >= 10000) return `${(value / 10000).toFixed(2)}万元`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** A link-like button for 《doc》article that opens the clause text (searched in the knowledge base). */
export function openClauseRef(ref) {
  const label = ref.label || `《${ref.doc_title}》${ref.article || ""}`;
  return h("button.cite-chip", { type: "button", title: `查看 ${label}`, onclick: () => showClause(ref, label) },
    h("span.cite-label", {}, label));
}

export async function showClause(ref, label) {
  const body = h("div.clause", {}, loading("正在查找条文…"));
  openDrawer(label, body);
  try {
    const chunk = ref.chunk_id ? await api(`/api/chunks/${encodeURIComponent(ref.chunk_id)}`) : await findClause(ref);
    mount(body, chunk ? clauseView(chunk, ref.quote || "") : notIndexed(ref));
  } catch {
    mount(body, notIndexed(ref));
  }
}

async function findClause(ref) {
  const params = new URLSearchParams({ q: `${ref.doc_title} ${ref.article || ""}`.trim(), k: "5", doc: ref.doc_title });
  const { results } = await api(`/api/search?${params}`);
  const hit = results.find((r) => r.article === ref.article) || (ref.article ? null : results[0]);
  return hit ? api(`/api/chunks/${encodeURIComponent(hit.chunk_id)}`) : null;
}

function notIndexed(ref) {
  return h("div.stack", {}, h("h3.clause-doc", {}, `《${ref.doc_title}》${ref.article || ""}`),
    ref.quote ? h("blockquote", {}, ref.quote) : null,
    h("p.muted", {}, "知识库中尚未收录该条文的全文；请管理员在文档库上传该文件后即可在此查看。"));
}
