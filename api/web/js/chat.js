// 制度问答: conversation list, streamed answers with citation chips, no-basis state, copy and feedback.

import { api, streamChat } from "./api.js";
import { copyText, errorBox, h, loading, mount, toast } from "./dom.js";
import { answerNodes, chip, openCitation } from "./answer.js";

const EXAMPLES = ["关注类贷款多久进行一次现场检查？", "贷款资金被挪用应当如何处置？",
  "逾期90天以上的贷款至少应划为哪一类？", "押品价值下降后应当采取哪些措施？"];

export async function render(main, [conversationId]) {
  const list = h("ul.conv-items", { "aria-label": "会话列表" });
  const thread = h("div.thread-messages", { "aria-live": "polite" });
  const input = h("textarea#question", { rows: 2, maxlength: 2000, placeholder: "输入制度问题，Enter 发送，Shift+Enter 换行", "aria-label": "问题" });
  const send = h("button.btn.primary", { type: "submit" }, "发送");
  const view = { list, thread, input, send, conversationId: conversationId || null, turns: 0, busy: false };
  const form = h("form.composer", { onsubmit: (e) => { e.preventDefault(); ask(view); } }, input, send);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); ask(view); }
  });
  mount(main, h("div.chat-layout", {},
    h("aside.conv-panel", { "aria-label": "会话" },
      h("a.btn.primary.wide", { href: "#/chat", onclick: () => { if (!view.conversationId) input.focus(); } }, "＋ 新建对话"),
      h("h2.panel-title", {}, "最近会话"), list),
    h("section.thread", { "aria-label": "问答" },
      h("header.page-head", {}, h("h1", {}, "制度问答"),
        h("p.muted", {}, "回答仅依据知识库中的制度条文，每句结论附依据；找不到依据时会明确说明。")),
      thread, form)));
  loadConversations(view);
  if (view.conversationId) await loadConversation(view);
  else mount(thread, welcome(view));
  input.focus();
}

function welcome(view) {
  return h("div.welcome", {},
    h("h2", {}, "可以这样问"),
    h("div.example-list", {}, EXAMPLES.map((q) => h("button.example", { type: "button",
      onclick: () => { view.input.value = q; ask(view); } }, q))));
}

async function loadConversations(view) {
  try {
    const { conversations } = await api("/api/conversations");
    mount(view.list, conversations.length ? conversations.map((c) => h("li", {},
      h("a.conv-link", { href: `#/chat/${c.id}`, "aria-current": c.id === view.conversationId ? "page" : undefined,
        title: c.title }, h("span.conv-title", {}, c.title || "（无标题）"),
        h("span.conv-date", {}, c.created_at.slice(0, 16).replace("T", " "))))) : h("li.muted.small", {}, "还没有会话"));
  } catch (e) {
    mount(view.list, h("li", {}, errorBox(e)));
  }
}

async function loadConversation(view) {
  mount(view.thread, loading());
  const conversation = await api(`/api/conversations/${encodeURIComponent(view.conversationId)}`);
  view.thread.replaceChildren();
  for (const message of conversation.messages) {
    if (message.role === "user") view.thread.append(questionCard(message.content));
    else {
      const card = answerCard(view, view.turns++);
      card.finish(message.content, message.citations || [], message.refused, message.records || [], message.standard_answer);
      view.thread.append(card.node);
    }
  }
  view.thread.lastElementChild?.scrollIntoView({ block: "end" });
}

function questionCard(text) {
  return h("div.msg.user", {}, h("div.msg-body", {}, text));
}

async function ask(view) {
  const question = view.input.value.trim();
  if (!question || view.busy) return;
  view.busy = true;
  view.send.disabled = true;
  if (!view.turns) view.thread.replaceChildren();
  view.thread.append(questionCard(question));
  const card = answerCard(view, view.turns);
  view.thread.append(card.node);
  view.input.value = "";
  let text = "";
  let citations = [];
  let records = [];
  let finished = false;
  performance.clearMarks("chat-first-delta");
  performance.mark("chat-send");
  try {
    await streamChat({ message: question, conversation_id: view.conversationId }, (name, data) => {
      if (name === "meta") view.conversationId = data.conversation_id;
      else if (name === "delta") {
        if (!text) performance.mark("chat-first-delta");
        text += data.text || "";
        card.update(text, citations);
      }
      else if (name === "citations") { citations = data.citations || []; records = data.records || records; card.update(text, citations); }
      else if (name === "replace") { text = data.answer || ""; citations = data.citations || citations; card.update(text, citations); }
      else if (name === "done") { finished = true; card.finish(data.answer ?? text, data.citations || citations, data.refused, data.records || records, data.standard_answer); }
      else if (name === "error") throw new Error(data.detail || "回答中断，请重试。");
    });
    if (!finished) card.finish(text, citations, false, records);
    view.turns++;
    history.replaceState(null, "", `#/chat/${view.conversationId}`);
    loadConversations(view);
  } catch (e) {
    card.fail(e);
  } finally {
    view.busy = false;
    view.send.disabled = false;
    view.input.focus();
  }
}

function answerCard(view, turn) {
  const body = h("div.msg-body.answer-text", {}, h("span.typing", { "aria-label": "正在回答" }, h("i"), h("i"), h("i")));
  const sources = h("div.sources");
  const actions = h("div.msg-actions");
  const node = h("article.msg.assistant", { "aria-label": "回答" }, body, sources, actions);
  node.dataset.state = "streaming";
  return {
    node,
    update(text, citations) {
      mount(body, answerNodes(text, citations, openCitation), h("span.caret", { "aria-hidden": "true" }));
      view.thread.scrollTop = view.thread.scrollHeight;
      node.dispatchEvent(new CustomEvent("answer-progress", { bubbles: true, detail: text.length }));
    },
    finish(text, citations, refused, records = [], standard = null) {
      node.dataset.state = refused ? "refused" : "answered";
      if (refused) mount(body, noBasis(text));
      else mount(body, standard ? h("span.badge.standard", { title: "风险管理部门审定的标准答复，按原文给出" }, "标准答复") : null,
        answerNodes(text, citations, openCitation));
      mount(sources, [
        ...(records.length ? [h("span.sources-label", {}, "记录"), recordChips(records)] : []),
        ...(citations.length ? [h("span.sources-label", {}, "依据"), uniqueChips(citations)] : []),
      ]);
      mount(actions, answerActions(view, turn, text, citations));
      view.thread.scrollTop = view.thread.scrollHeight;
    },
    fail(error) {
      node.dataset.state = "error";
      mount(body, errorBox(error));
    },
  };
}

/** Record facts of a borrower answer as chips; each opens the borrower's page. */
function recordChips(records) {
  return records.map((r) => h("a.record-chip", {
    href: `#/borrowers/${encodeURIComponent(r.borrower_id)}`, dataset: { ref: r.ref, borrower: r.borrower_id },
    title: `打开借款人 ${r.borrower_id}（记录：${r.table} ${r.as_of}）`,
  }, h("span.record-table", {}, r.table), h("span.record-text", {}, `${r.record_id === r.borrower_id ? "" : r.record_id + " "}${r.text}`)));
}

function uniqueChips(citations) {
  return citations.map((c) => chip(c, openCitation));
}

function noBasis(text) {
  const [first, ...rest] = text.split("\n");
  return h("div.no-basis", { role: "note" },
    h("div.no-basis-head", {}, h("span.no-basis-icon", { "aria-hidden": "true" }, "!"), h("strong", {}, "未找到依据")),
    h("p", {}, first), rest.filter((l) => l.trim()).map((l) => h("p.muted", {}, l)));
}

function answerActions(view, turn, text, citations) {
  const status = h("span.feedback-status", { role: "status" });
  const plain = text + (citations.length ? "\n\n依据：\n" + citations.map((c) =>
    `[${c.number}] 《${c.doc_title}》${c.article}：${c.quote}`).join("\n") : "");
  const copy = h("button.btn.ghost.small", { type: "button", onclick: async () => {
    await copyText(plain); toast("回答已复制");
  } }, "复制回答");
  const useful = h("button.btn.ghost.small", { type: "button", "aria-pressed": "false",
    onclick: () => sendFeedback(view, turn, "useful", "", [useful, wrong], status) }, "有用");
  const wrong = h("button.btn.ghost.small", { type: "button", "aria-pressed": "false",
    onclick: () => askWhy(view, turn, [useful, wrong], status) }, "有误");
  return [copy, useful, wrong, status];
}

function askWhy(view, turn, buttons, status) {
  const box = h("textarea", { rows: 2, maxlength: 1000, placeholder: "哪里有误？（可选）", "aria-label": "错误说明" });
  const form = h("form.why", { onsubmit: (e) => {
    e.preventDefault(); form.remove(); sendFeedback(view, turn, "wrong", box.value, buttons, status);
  } }, box, h("button.btn.small", { type: "submit" }, "提交"));
  status.after(form);
  box.focus();
}

async function sendFeedback(view, turn, rating, comment, buttons, status) {
  try {
    await api("/api/feedback", { method: "POST", body: { conversation_id: view.conversationId, turn, rating, comment } });
    buttons.forEach((b, i) => b.setAttribute("aria-pressed", String((i === 0) === (rating === "useful"))));
    status.textContent = rating === "useful" ? "感谢反馈：已记为有用" : "感谢反馈：已记为有误，将用于改进";
  } catch (e) {
    status.textContent = e.message;
  }
}
