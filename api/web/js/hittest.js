// 检索测试 (risk, admin): a question as the chat would take it — the refusal decision with its reason and
// signals, the answer an officer would read, and the ranked chunks with scores and the words each matched.
// Each chunk links to its place in the document's chunk preview (#/doc/<doc_id>/<chunk_id>).

import { api } from "./api.js";
import { errorBox, h, loading, mount } from "./dom.js";
import { answerNodes, openCitation } from "./answer.js";

const SOURCE_ZH = { regulation: "监管制度", internal_rule: "行内制度", case_note: "案例记录", article: "文章" };
const SIGNAL_ZH = {
  coverage: "问题词覆盖", support: "最佳句支持度", fit: "词面吻合", kind: "所问事实类型", unit_missing: "缺少所问单位",
  unknown: "知识库未见词", absent_thing: "缺少所问事物", thin: "可依据的词少", margin: "首条领先幅度",
};

export async function render(main) {
  const question = h("input#hit-question", { type: "text", maxlength: "500", required: true, autocomplete: "off",
    placeholder: "例如：贷款逾期多少天要下调为次级？", "aria-label": "测试问题" });
  const k = h("select#hit-k", { "aria-label": "列出条数" }, [5, 10, 20].map((n) =>
    h("option", { value: String(n), selected: n === 10 }, `前 ${n} 条`)));
  const out = h("div#hit-result", { "aria-live": "polite" });
  const form = h("form.card.toolbar", { onsubmit: (e) => { e.preventDefault(); run(question.value, Number(k.value), out); } },
    question, k, h("button.btn.primary", { type: "submit" }, "测试"));
  question.style.flex = "1";
  mount(main,
    h("header.page-head", {}, h("h1", {}, "检索测试"),
      h("p.muted", {}, "按本账号的可见范围，查看问题会检索到哪些条文、各自得分与命中词，以及回答或拒答的依据。"
        + "测试的是制度问答：涉及具体借款人的提问在问答页面按借款人记录作答。")),
    form, out);
  question.focus();
}

async function run(text, k, out) {
  if (!text.trim()) return;
  mount(out, loading("正在检索…"));
  try {
    const result = await api("/api/retrieval-test", { method: "POST", body: { question: text, k } });
    mount(out, decisionCard(result), hitTable(result.hits));
  } catch (e) {
    mount(out, errorBox(e));
  }
}

function decisionCard({ decision, answer, standard_answer_id: standard }) {
  const verdict = standard ? "标准答复" : decision.answer ? "回答" : "拒答";
  const state = standard ? "standard" : decision.answer ? "answer" : "refuse";
  return h("section.card.hit-decision", { "aria-label": "判断结果", dataset: { state } },
    h("h2", {}, h("span.badge.verdict", { dataset: { state } }, verdict),
      standard ? ` 命中标准问答 #${standard}，直接给出审定答复` :
        ` 置信度 ${decision.probability.toFixed(2)}（阈值 ${decision.threshold}）`),
    standard ? null : h("p.hit-reason", {}, decision.reason_zh,
      decision.missing.length ? `；缺少：${decision.missing.map((w) => `“${w}”`).join("")}` : ""),
    standard || !decision.unanswered.length ? null : h("p.hit-reason", {},
      `只回答了前面的问题；没有依据的：${decision.unanswered.map((q) => `“${q}”`).join("")}`),
    standard ? null : h("p.small.muted", {}, `检索词：${decision.key_terms.join("、") || "—"}`),
    standard ? null : h("dl.signals", {}, Object.entries(decision.signals).map(([name, value]) => [
      h("dt", {}, SIGNAL_ZH[name] || name), h("dd", {}, value.toFixed(2))])),
    h("h3", {}, "问答页面的答复（未接入大模型时的原文；接入后措辞可能不同，依据不变）"),
    h("div.answer-text.hit-answer", {}, answerNodes(answer.text, answer.citations, openCitation)));
}

function hitTable(hits) {
  if (!hits.length) return h("div.empty", {}, h("strong", {}, "没有检索到条文"), h("p", {}, "知识库中没有与问题共有词语或语义相近的内容。"));
  return h("section.card", { "aria-label": "检索结果" },
    h("h2", {}, `检索结果（${hits.length} 条）`),
    h("table.data.hit-table", { "aria-label": "排序条文" },
      h("thead", {}, h("tr", {}, ["#", "条文", "得分", "词面 / 语义", "命中词", "用于答复"].map((t) =>
        h("th", { scope: "col" }, t)))),
      h("tbody", {}, hits.map((hit) => h("tr", { dataset: { chunkId: hit.chunk_id, used: String(hit.used) } },
        h("td.num", {}, hit.rank),
        h("td", {},
          h("a.hit-link", { href: `#/doc/${encodeURIComponent(hit.doc_id)}/${encodeURIComponent(hit.chunk_id)}` },
            `《${hit.doc_title}》${hit.article || ""}`),
          h("div.small.muted", {}, SOURCE_ZH[hit.source_type] || hit.source_type),
          h("div.hit-text.small", {}, highlighted(hit.text, hit.matched_terms))),
        h("td.num", {}, hit.score.toFixed(3)),
        h("td.num.small", {}, `${hit.lexical_score.toFixed(2)} / ${hit.vector_score.toFixed(2)}`),
        h("td", {}, hit.matched_terms.length ? hit.matched_terms.map((t) => h("span.tag", {}, t)) : h("span.muted", {}, "无")),
        h("td", {}, hit.cited ? h("span.status-ok", {}, "✓ 已引用") : hit.used ? "参与判断" : "—"))))));
}

/** The chunk text (cut to 240 characters) with every matched word marked. */
export function highlighted(text, terms) {
  const shown = text.length > 240 ? `${text.slice(0, 240)}…` : text;
  const words = [...new Set(terms)].filter((t) => t.length > 1 || /[\u4e00-\u9fff]/.test(t))
    .sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!words.length) return shown;
  const parts = [];
  let last = 0;
  for (const match of shown.matchAll(new RegExp(words.join("|"), "g"))) {
    parts.push(shown.slice(last, match.index), h("mark", {}, match[0]));
    last = match.index + match[0].length;
  }
  parts.push(shown.slice(last));
  return parts;
}
