// 标准问答 (risk, admin): curated answers served first in chat, checked against their clauses on save, and the
// queue of answers officers marked 有误, each to turn into a standard answer or dismiss.

import { api } from "./api.js";
import { ROLE_ZH, confirmDialog, emptyState, errorBox, h, loading, mount, toast } from "./dom.js";

const STATUS_ZH = { active: "启用", needs_review: "待复核", retired: "已停用" };
const CHAT_ROLES = ["officer", "head", "risk", "trainer", "admin"];

export async function render(main) {
  const list = h("div.table-wrap", {}, loading());
  const queue = h("div#feedback-queue", {}, loading());
  const editor = h("section.card.curation-form#curation-editor", { "aria-label": "编辑标准问答", hidden: true });
  const views = { list, queue, editor };
  mount(main,
    h("header.page-head", {}, h("h1", {}, "标准问答"),
      h("p.muted", {}, "问到这些问题时，制度问答先给出审定的答复；所引条文被修改或删除后自动转为待复核。"),
      h("span.spacer"),
      h("button.btn.primary#new-standard", { type: "button", onclick: () => openEditor(views) }, "新增标准问答")),
    editor,
    h("section.card", { "aria-label": "标准问答列表", style: { marginBottom: "1rem" } }, h("h2", {}, "已维护的答复"), list),
    h("section.card", { "aria-label": "有误反馈队列" }, h("h2", {}, "“有误”反馈队列"), queue));
  await Promise.all([refreshList(views), refreshQueue(views)]);
}

async function refreshList(views) {
  try {
    const { answers } = await api("/api/standard-answers");
    mount(views.list, answers.length ? answerTable(answers, views)
      : emptyState("还没有标准问答", "可新增，或从下方“有误”反馈转为标准答复。"));
  } catch (e) {
    mount(views.list, errorBox(e));
  }
}

function answerTable(answers, views) {
  return h("table.data", { "aria-label": "标准问答" },
    h("thead", {}, h("tr", {}, ["问题", "依据", "适用", "状态", ""].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, answers.map((a) => h("tr", { dataset: { answerId: String(a.id), status: a.status } },
      h("td", {}, a.question, a.variants.length ? h("div.small.muted", {}, `同义问法：${a.variants.join("；")}`) : null),
      h("td.small", {}, a.citations.map((c) => h("div", {}, `[${c.number}]《${c.doc_title}》${c.article}`))),
      h("td.small", {}, a.roles.map((r) => ROLE_ZH[r] || r).join("、"), h("div.muted", {}, a.branch || "全行")),
      h("td", {}, h("span.badge.status", { dataset: { status: a.status } }, STATUS_ZH[a.status] || a.status),
        a.review_reason ? h("div.small.review-reason", {}, a.review_reason) : null),
      h("td.nowrap", {},
        h("button.btn.small", { type: "button", onclick: () => openEditor(views, a) }, "编辑"),
        a.status !== "retired" ? h("button.btn.small", { type: "button", onclick: () => retire(a, views) }, "停用") : null)))));
}

async function retire(answer, views) {
  if (!await confirmDialog("停用标准问答", `停用后“${answer.question}”将按常规检索作答。`, "停用")) return;
  try {
    await api(`/api/standard-answers/${answer.id}`, { method: "DELETE" });
    toast("已停用");
    await refreshList(views);
  } catch (e) {
    toast(e.message, "error");
  }
}

/** The form: question, variants (one per line), answer with [n] markers, the clause each [n] cites, roles, branch.
 * `answer` edits an existing one; `feedback` writes one from a 有误 verdict. */
function openEditor(views, answer = null, feedback = null) {
  const seed = answer || { question: feedback?.question || "", variants: [], answer: "", roles: [], branch: "",
    citations: (feedback?.citations || []).map((c) => ({ doc_title: c.doc_title, article: c.article })) };
  const refs = h("div#ref-rows");
  const addRef = (c = {}) => refs.append(h("div.ref-row", {},
    h("input", { name: "document", placeholder: "文档名称，如 示范银行贷后管理实施细则", value: c.doc_title || "", "aria-label": "引用的文档" }),
    h("input", { name: "article", placeholder: "第X条", value: c.article || "", "aria-label": "引用的条款" }),
    h("button.btn.small", { type: "button", "aria-label": "删除此引用", onclick: (e) => e.target.closest(".ref-row").remove() }, "✕")));
  (seed.citations.length ? seed.citations : [{}]).forEach(addRef);
  const error = h("p.form-error#curation-error", { role: "alert" });
  const form = h("form.stack", { onsubmit: (e) => save(e, form, error, views, answer, feedback) },
    h("h2", {}, answer ? "编辑标准问答" : feedback ? "由反馈转为标准问答" : "新增标准问答"),
    feedback ? h("p.small.muted", {}, `原回答：${feedback.answer.slice(0, 160)}`) : null,
    h("label", { for: "sa-question" }, "标准问题"),
    h("input#sa-question", { name: "question", required: true, maxlength: "200", value: seed.question }),
    h("label", { for: "sa-variants" }, "同义问法（每行一个，可空）"),
    h("textarea#sa-variants", { name: "variants" }, seed.variants.join("\n")),
    h("label", { for: "sa-answer" }, "答复正文（每句末尾用 [1]、[2] 标注所引条文）"),
    h("textarea#sa-answer", { name: "answer", required: true, maxlength: "2000" }, seed.answer),
    h("div", {}, h("strong", {}, "引用条文"), h("span.small.muted", {}, "  依次对应 [1]、[2]…")), refs,
    h("button.btn.small", { type: "button", onclick: () => addRef() }, "增加引用"),
    h("fieldset", {}, h("legend", {}, "可获得此答复的角色（不选为全部）"),
      CHAT_ROLES.map((r) => h("label.inline", {}, h("input", { type: "checkbox", name: "roles", value: r,
        checked: seed.roles.includes(r) }), ROLE_ZH[r]))),
    h("label", { for: "sa-branch" }, "适用机构（留空为全行）"),
    h("input#sa-branch", { name: "branch", value: seed.branch, maxlength: "64" }),
    error,
    h("div.toolbar", {}, h("button.btn.primary#save-standard", { type: "submit" }, "保存并核对引用"),
      h("button.btn", { type: "button", onclick: () => { views.editor.hidden = true; } }, "取消")));
  mount(views.editor, form);
  views.editor.hidden = false;
  form.querySelector("#sa-question").focus();
}

async function save(event, form, error, views, answer, feedback) {
  event.preventDefault();
  error.textContent = "";
  const body = {
    question: form.question.value.trim(),
    variants: form.variants.value.split("\n").map((v) => v.trim()).filter(Boolean),
    answer: form.answer.value.trim(),
    citations: [...form.querySelectorAll(".ref-row")].map((row) => ({
      document: row.querySelector("[name=document]").value.trim(), article: row.querySelector("[name=article]").value.trim(),
    })).filter((r) => r.document || r.article),
    roles: [...form.querySelectorAll("[name=roles]:checked")].map((c) => c.value),
    branch: form.branch.value.trim(),
  };
  const path = feedback ? `/api/feedback/review/${feedback.id}/convert`
    : answer ? `/api/standard-answers/${answer.id}` : "/api/standard-answers";
  try {
    await api(path, { method: answer ? "PUT" : "POST", body });
    views.editor.hidden = true;
    toast("已保存，引用核对通过");
    await Promise.all([refreshList(views), refreshQueue(views)]);
  } catch (e) {
    error.textContent = e.message;
  }
}

async function refreshQueue(views) {
  try {
    const { feedback } = await api("/api/feedback/review");
    mount(views.queue, feedback.length ? feedback.map((f) => queueItem(f, views))
      : emptyState("没有待处理的反馈", "客户经理标记为“有误”的回答会出现在这里。"));
  } catch (e) {
    mount(views.queue, errorBox(e));
  }
}

function queueItem(item, views) {
  return h("article.queue-item", { dataset: { feedbackId: String(item.id) } },
    h("div", {}, h("strong", {}, item.question), h("span.small.muted", {}, `  ${item.username} · ${item.created_at.slice(0, 16).replace("T", " ")}`)),
    h("div.small.answer-text", {}, item.answer),
    item.citations.length ? h("div.small.muted", {}, "依据：", item.citations.map((c) => `《${c.doc_title}》${c.article}`).join("、")) : null,
    h("div.small", {}, "反馈说明：", item.comment || "（未填写）"),
    h("div.toolbar", {},
      h("button.btn.small.primary", { type: "button", onclick: () => openEditor(views, null, item) }, "转为标准问答"),
      h("button.btn.small", { type: "button", onclick: () => dismiss(item, views) }, "驳回")));
}

async function dismiss(item, views) {
  if (!await confirmDialog("驳回反馈", `确认“${item.question}”的回答无误，驳回这条反馈？`, "驳回")) return;
  try {
    await api(`/api/feedback/review/${item.id}/dismiss`, { method: "POST", body: {} });
    toast("已驳回");
    await refreshQueue(views);
  } catch (e) {
    toast(e.message, "error");
  }
}
