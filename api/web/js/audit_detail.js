// 审计日志 cells: Chinese labels for actions and targets, and the evidence of an entry (chunks, records, hash).

import { ROLE_ZH, h } from "./dom.js";

export const ACTION_ZH = {
  question: "制度问答", search: "检索", draft: "起草检查报告", export: "导出文件", import: "导入借款人数据",
  ingest: "文档入库", login: "登录", login_failed: "登录失败", logout: "退出登录", meeting: "贷后例会",
  quiz: "培训测验", user_add: "新增用户", user_disable: "停用用户", token_issue: "签发令牌",
  audit_view: "查看审计日志", audit_export: "导出审计日志", curation: "标准问答维护", retrieval_test: "检索测试",
};

const TARGET_ZH = { borrower: "借款人", meeting: "例会", decision: "决议", doc: "文档", standard_answer: "标准问答",
  feedback: "反馈" };

// Evidence fields shown by name; anything else in `detail` is listed under its own key.
const FIELDS = [
  ["chunks", "检索条文", (v) => v.map((c) => (c.version ? `${c.chunk_id}（${c.version}）` : c.chunk_id))],
  ["cited", "引用条文", (v) => v],
  ["clauses", "引用条款", (v) => v.map((c) => [c.label, c.chunk_id].filter(Boolean).join(" · "))],
  ["record_ids", "使用记录", (v) => v],
  ["borrowers", "借款人", (v) => v],
  ["files", "文件", (v) => v.map((f) => (typeof f === "object" ? [f.name || f.path, f.sha256?.slice(0, 12)].filter(Boolean).join(" · ") : f))],
];

// Other detail keys written by the services, in words; unknown keys are shown as they are.
const KEY_ZH = {
  conversation_id: "会话", backend: "生成方式", refused: "拒答", fallback_reason: "降级原因", format: "格式",
  narrative: "叙述来源", branch: "支行", date: "日期", operation: "操作", status: "状态", count: "条数",
  bytes: "字节数", edited: "经用户修改", edited_sections: "修改的章节", file: "文件", sha256: "文件哈希",
  borrower_id: "借款人", role: "角色", op: "动作", question: "问题", reason: "原因", note: "说明",
  standard_answer_id: "标准问答", feedback_id: "来源反馈",
};

export function actionLabel(action) {
  return ACTION_ZH[action] || action;
}

export function roleLabel(role) {
  return ROLE_ZH[role] || role || "—";
}

export function targetText(target) {
  const match = /^([a-z_]+):(.+)$/.exec(target || "");
  return match && TARGET_ZH[match[1]] ? `${TARGET_ZH[match[1]]} ${match[2]}` : target || "—";
}

/** Local time of a UTC ISO stamp, e.g. 2026-11-24 12:15:08. */
export function localTime(iso) {
  const at = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(at.getTime())) return iso;
  const pad = (n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** The list under a key, each value once (one chunk may back several citations). */
function asList(value) {
  if (!Array.isArray(value)) return [];
  const seen = new Set();
  return value.filter((v) => { const key = JSON.stringify(v); return !seen.has(key) && seen.add(key); });
}

/** One line that fits the table (counts and a short hash), expandable into every id and field. */
export function detailCell(detail) {
  const shown = FIELDS.filter(([key]) => asList(detail?.[key]).length);
  const hash = detail?.output_sha256;
  const rest = Object.entries(detail || {}).filter(([key]) => key !== "output_sha256" && !FIELDS.some(([k]) => k === key));
  if (!shown.length && !hash && !rest.length) return h("span.muted", {}, "—");
  const summary = [
    ...shown.map(([key, label]) => `${label} ${asList(detail[key]).length}`),
    hash ? `输出 ${hash.slice(0, 8)}…` : null,
    !shown.length && !hash ? rest.slice(0, 2).map(([k, v]) => `${KEY_ZH[k] || k}：${short(v)}`).join(" · ") : null,
  ].filter(Boolean).join(" · ");
  return h("details.audit-detail", {},
    h("summary", {}, summary),
    h("dl.audit-facts", {},
      shown.map(([key, label, format]) => [h("dt", {}, label), h("dd", {}, format(asList(detail[key])).map((id) => h("code", {}, String(id))))]),
      hash ? [h("dt", {}, "输出哈希"), h("dd", {}, h("code.hash", {}, hash))] : null,
      rest.map(([key, value]) => [h("dt", { title: key }, KEY_ZH[key] || key), h("dd", {}, full(value))])));
}

function short(value) {
  const text = full(value);
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

function full(value) {
  if (typeof value === "boolean") return value ? "是" : "否";
  if (value === null || value === "") return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}
