// 培训测验: trainers generate, review and open quizzes and read results; trainees take a quiz and see the grading.

import { api } from "./api.js";
import { emptyState, errorBox, h, loading, mount, pct, toast } from "./dom.js";

const TYPE_ZH = { single: "单选", multiple: "多选", true_false: "判断", fill: "填空" };
const STATUS_ZH = { open: "进行中", expired: "已截止", closed: "已结束" };

export async function render(main, [mode, sessionId], me) {
  const trainer = ["trainer", "admin"].includes(me.role);
  if (mode === "take" && sessionId) return takeQuiz(main, sessionId);
  if (mode === "results" && sessionId && trainer) return showResults(main, sessionId);
  mount(main, h("header.page-head", {}, h("h1", {}, "培训测验"),
    h("p.muted", {}, trainer ? "从制度文件出题、逐题审核、开设测验并查看成绩。" : "输入培训岗发给您的测验编号开始答题。")),
    joinForm(), trainer ? await trainerDesk(me) : sessionsCard(false));
}

function joinForm() {
  const input = h("input#quiz-session-id", { placeholder: "测验编号", "aria-label": "测验编号", required: true, style: { minWidth: "320px" } });
  return h("form.toolbar.card", { style: { marginBottom: "1rem" }, onsubmit: (e) => { e.preventDefault(); location.hash = `#/quiz/take/${input.value.trim()}`; } },
    h("label", { for: "quiz-session-id" }, "参加测验"), input, h("button.btn.primary", { type: "submit" }, "开始答题"));
}

async function trainerDesk() {
  const { documents } = await api("/api/documents");
  const rules = documents.filter((d) => ["regulation", "internal_rule"].includes(d.source_type) && !d.superseded);
  const source = h("select#quiz-source", { "aria-label": "出题依据" }, rules.map((d) => h("option", { value: d.title }, d.title)));
  const count = h("input#quiz-count", { type: "number", min: "1", max: "50", value: "5", "aria-label": "题目数量", style: { width: "5rem" } });
  const topic = h("input#quiz-topic", { placeholder: "主题（可选，如 贷后检查）", "aria-label": "主题" });
  const review = h("div#quiz-review");
  const button = h("button.btn.primary", { type: "submit" }, "生成题目");
  const form = h("form.card.stack", { onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    mount(review, loading("正在从条文生成题目…"));
    try {
      const quiz = await api("/api/quiz/generate", { method: "POST", body: { source: source.value, n: Number(count.value), topic: topic.value || null, save: true } });
      reviewList(review, quiz.items.map((i) => i.id));
    } catch (err) { mount(review, errorBox(err)); } finally { button.disabled = false; }
  } },
    h("h2", {}, "1. 从制度出题"),
    h("div.form-grid", {}, h("label", { for: "quiz-source" }, "出题依据"), source, h("label", { for: "quiz-count" }, "题目数量"), count,
      h("label", { for: "quiz-topic" }, "主题"), topic),
    h("div", {}, button));
  return h("div.stack", {}, form, review, sessionsCard(true));
}

async function reviewList(box, ids) {
  const { items } = await api("/api/quiz/items");
  const batch = items.filter((i) => ids.includes(i.id));
  const title = h("input#quiz-title", { value: "贷后管理制度培训测验", "aria-label": "测验名称", style: { minWidth: "260px" } });
  const open = h("button.btn.primary#open-session", { type: "button", onclick: () => openSession(batch, title.value, open) }, "开设测验（已通过的题目）");
  mount(box, h("section.card", { "aria-label": "审核题目" },
    h("div.section-title", {}, h("h2", {}, `2. 审核题目（${batch.length} 道）`),
      h("button.btn.small#approve-all", { type: "button", onclick: async () => {
        for (const item of batch.filter((i) => i.status === "pending")) await decide(item, "approve");
        reviewList(box, ids);
      } }, "全部通过")),
    batch.length ? batch.map((item) => reviewCard(item, () => reviewList(box, ids))) : emptyState("没有生成题目"),
    h("h2", { style: { marginTop: "1rem" } }, "3. 开设测验"),
    h("div.toolbar", {}, h("label", { for: "quiz-title" }, "测验名称"), title, open)));
}

function reviewCard(item, refresh) {
  return h("div.quiz-item", { dataset: { id: item.id, status: item.status } },
    h("p", {}, h("span.tag", {}, TYPE_ZH[item.type] || item.type), h("span.tag", {}, item.topic), h("span.tag", {}, item.difficulty),
      h("span.tag", {}, { pending: "待审核", approved: "已通过", rejected: "已退回" }[item.status] || item.status)),
    h("p", {}, h("strong", {}, item.stem)),
    item.options && Object.keys(item.options).length ? h("ul.small", {}, Object.entries(item.options).map(([k, v]) => h("li", {}, `${k}. ${v}`))) : null,
    h("p.small", {}, h("strong", {}, "答案："), item.answer, "　", h("strong", {}, "解析："), item.explanation),
    item.citation ? h("p.small.muted", {}, `出处：《${item.citation.doc_title}》${item.citation.article}`) : null,
    item.status === "pending" ? h("div.toolbar", {},
      h("button.btn.small.primary", { type: "button", onclick: async () => { await decide(item, "approve"); refresh(); } }, "通过"),
      h("button.btn.small", { type: "button", onclick: async () => { await decide(item, "reject"); refresh(); } }, "退回")) : null);
}

async function decide(item, verb) {
  const body = verb === "reject" ? { reason: "审核退回" } : undefined;
  await api(`/api/quiz/items/${encodeURIComponent(item.id)}/${verb}`, { method: "POST", body });
}

async function openSession(batch, title, button) {
  const { items } = await api("/api/quiz/items?status=approved");
  const approved = items.filter((i) => batch.some((b) => b.id === i.id)).map((i) => i.id);
  if (!approved.length) return toast("请先审核通过至少一道题目。", "error");
  button.disabled = true;
  try {
    const { session_id: id } = await api("/api/quiz/sessions", { method: "POST", body: { title, item_ids: approved } });
    location.hash = `#/quiz/results/${id}`;
  } catch (e) { toast(e.message, "error"); button.disabled = false; }
}

/** Trainers: the sessions they opened (from the server); trainees: the sessions they answered, with their score. */
function sessionsCard(trainer) {
  const box = h("div", {}, loading());
  const card = h("section.card#quiz-sessions", { "aria-label": trainer ? "我开设的测验" : "我参加过的测验" },
    h("h2", {}, trainer ? "我开设的测验" : "我参加过的测验"), box);
  api("/api/quiz/sessions").then(({ sessions }) => {
    if (!sessions.length) return mount(box, h("p.muted", {}, trainer ? "还没有开设测验" : "还没有参加过测验"));
    const head = trainer ? ["测验", "状态", "题数", "已交卷", "开设时间"] : ["测验", "状态", "得分", "交卷时间"];
    mount(box, table(head, sessions.map((x) => {
      const name = trainer ? h("a", { href: `#/quiz/results/${x.session_id}` }, x.title) : x.title;
      const status = h("span.tag", { dataset: { status: x.status } }, STATUS_ZH[x.status] || x.status);
      return trainer ? [name, status, String(x.items), String(x.answers), when(x.opened_at)]
        : [name, status, `${x.score} / ${x.total}`, when(x.submitted_at)];
    }), (x) => ({ dataset: { session: x.session_id } }), sessions));
  }).catch((e) => mount(box, errorBox(e)));
  return card;
}

async function showResults(main, id) {
  mount(main, loading());
  const r = await api(`/api/quiz/sessions/${encodeURIComponent(id)}/results`);
  const link = `${location.origin}/#/quiz/take/${id}`;
  mount(main, h("p.breadcrumb", {}, h("a", { href: "#/quiz" }, "← 培训测验")),
    h("header.page-head", {}, h("h1", {}, r.title), h("span.tag", {}, r.status === "closed" ? "已结束" : "进行中"),
      h("span.spacer"), h("button.btn", { type: "button", onclick: () => location.reload() }, "刷新成绩")),
    h("div.card", { style: { marginBottom: "1rem" } }, h("p", {}, "测验编号：", h("code#session-code", {}, id), `（共 ${r.items} 题）`),
      h("p.small", {}, "答题链接：", h("a", { href: link }, link))),
    h("div.grid-2", {},
      h("section.card", { "aria-label": "按答题人" }, h("h2", {}, "按答题人"), r.trainees.length ? table(["答题人", "得分", "正确率", "提交时间"],
        r.trainees.map((t) => [t.trainee, `${t.score} / ${t.total}`, pct(t.rate), t.submitted_at.slice(0, 16).replace("T", " ")])) : emptyState("还没有人提交")),
      h("section.card", { "aria-label": "按主题" }, h("h2", {}, "按主题"), r.topics.length ? table(["主题", "答对 / 作答", "正确率"],
        r.topics.map((t) => [t.topic, `${t.correct} / ${t.answered}`, pct(t.rate)])) : emptyState("暂无数据"))));
}

function when(iso) {
  const d = new Date(iso), two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function table(head, rows, rowAttrs, records) {
  return h("div.table-wrap", {}, h("table.data", {}, h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((row, i) => h("tr", rowAttrs ? rowAttrs(records[i]) : {}, row.map((c) => h("td", {}, c)))))));
}

async function takeQuiz(main, id) {
  mount(main, loading());
  let paper;
  try { paper = await api(`/api/quiz/sessions/${encodeURIComponent(id)}`); } catch (e) { return mount(main, errorBox(e)); }
  const submit = h("button.btn.primary#submit-answers", { type: "submit" }, "提交答案");
  const form = h("form", { onsubmit: async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const graded = await api(`/api/quiz/sessions/${encodeURIComponent(id)}/answers`, { method: "POST", body: { answers: collect(form, paper.items) } });
      gradedView(main, graded);
    } catch (err) { toast(err.message, "error"); submit.disabled = false; }
  } }, paper.items.map((item, i) => questionNode(item, i)), submit);
  mount(main, h("header.page-head", {}, h("h1", {}, "答题"), h("p.muted", {}, `共 ${paper.items.length} 题，提交后立即判分；每人只能提交一次。`)), form);
}

function questionNode(item, index) {
  const name = `q-${item.id}`;
  const stem = h("p", {}, h("strong", {}, `${index + 1}. `), h("span.tag", {}, TYPE_ZH[item.type] || item.type), item.stem);
  let input;
  if (item.type === "fill") input = h("input", { name, "aria-label": `第 ${index + 1} 题答案` });
  else {
    const options = item.type === "true_false" ? { 对: "对", 错: "错" } : item.options;
    const kind = item.type === "multiple" ? "checkbox" : "radio";
    input = h("div.options", { role: kind === "radio" ? "radiogroup" : "group", "aria-label": `第 ${index + 1} 题选项` },
      Object.entries(options).map(([key, text]) => h("label", {}, h("input", { type: kind, name, value: key }),
        item.type === "true_false" ? text : `${key}. ${text}`)));
  }
  return h("fieldset.quiz-item", { dataset: { id: item.id } }, h("legend", { class: "sr-only" }, `第 ${index + 1} 题`), stem, input);
}

function collect(form, items) {
  const answers = {};
  for (const item of items) {
    const fields = [...form.querySelectorAll(`[name="q-${CSS.escape(item.id)}"]`)];
    const value = item.type === "fill" ? fields[0].value.trim() : fields.filter((f) => f.checked).map((f) => f.value).join("");
    if (value) answers[item.id] = value;
  }
  return answers;
}

function gradedView(main, graded) {
  mount(main, h("header.page-head", {}, h("h1", {}, "测验结果")),
    h("div.card#quiz-score", { style: { marginBottom: "1rem" } }, h("span.score", {}, `${graded.score} / ${graded.total}`),
      h("p.muted", {}, `${graded.trainee}，正确率 ${pct(graded.total ? graded.score / graded.total : 0, 0)}`)),
    graded.results.map((r, i) => h("div.quiz-item", { dataset: { correct: String(r.correct) } },
      h("p", {}, h("strong", {}, `${i + 1}. `), r.stem),
      h("p.small", {}, r.correct ? h("span.status-ok", {}, "✓ 正确") : h("span.status-err", {}, "✗ 错误"),
        `　您的答案：${r.given || "（未作答）"}　正确答案：${r.answer}`),
      h("p.small", {}, h("strong", {}, "解析："), r.explanation),
      r.citation ? h("p.small.muted", {}, `出处：《${r.citation.doc_title}》${r.citation.article}${r.citation.quote ? `：${r.citation.quote}` : ""}`) : null)));
}
