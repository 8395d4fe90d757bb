// Renders an answer's text with [n] citation chips, and the cited clause with its quote highlighted.

import { api } from "./api.js";
import { errorBox, h, loading, mount, openDrawer } from "./dom.js";

const SOURCE_ZH = { regulation: "监管制度", internal_rule: "行内制度", case_note: "案例记录", article: "文章" };

/** Paragraphs and "- " lists; each [n] becomes a chip that opens citation n (when known). */
export function answerNodes(text, citations, onChip) {
  const blocks = [];
  let list = null;
  for (const line of text.split("\n")) {
    const item = /^\s*[-•]\s+(.*)$/.exec(line);
    if (item) {
      if (!list) { list = h("ul"); blocks.push(list); }
      list.append(h("li", {}, inline(item[1], citations, onChip)));
    } else if (line.trim()) {
      list = null;
      blocks.push(h("p", {}, inline(line, citations, onChip)));
    } else {
      list = null;
    }
  }
  return blocks;
}

function inline(line, citations, onChip) {
  const parts = [];
  let last = 0;
  for (const match of line.matchAll(/\[(\d{1,2})\]/g)) {
    parts.push(line.slice(last, match.index));
    const number = Number(match[1]);
    const citation = citations.find((c) => c.number === number);
    parts.push(citation ? chip(citation, onChip, true) : h("sup.cite-pending", {}, `[${number}]`));
    last = match.index + match[0].length;
  }
  parts.push(line.slice(last));
  return parts;
}

export function chip(citation, onChip, compact = false) {
  const label = `${citation.doc_title} ${citation.article}`.trim();
  return h("button.cite-chip", {
    type: "button", class: compact ? "compact" : undefined, dataset: { number: String(citation.number) },
    title: `查看依据：《${citation.doc_title}》${citation.article}`, "aria-label": `依据 ${citation.number}：${label}`,
    onclick: () => onChip(citation),
  }, h("span.cite-num", {}, String(citation.number)), compact ? null : h("span.cite-label", {}, `《${citation.doc_title}》${citation.article}`));
}

/** Open the side panel with the full clause of `citation`, its quoted sentence highlighted. */
export async function openCitation(citation) {
  const body = h("div.clause", {}, loading("正在打开条文…"));
  openDrawer(`依据 [${citation.number}]`, body);
  try {
    const chunk = await api(`/api/chunks/${encodeURIComponent(citation.chunk_id)}`);
    mount(body, clauseView(chunk, citation.quote));
    body.querySelector("mark")?.scrollIntoView({ block: "center" });
  } catch (e) {
    mount(body, errorBox(e), citation.quote ? h("blockquote", {}, citation.quote) : null);
  }
}

export function clauseView(chunk, quote) {
  const meta = [SOURCE_ZH[chunk.source_type] || chunk.source_type,
    chunk.version && `文号 ${chunk.version}`, chunk.effective_date && `施行 ${chunk.effective_date}`,
    chunk.superseded ? "已废止" : "现行有效",
    (chunk.sources || []).length > 1 && `同一内容的文件：${chunk.sources.join("、")}`].filter(Boolean);
  return [
    h("h3.clause-doc", {}, `《${chunk.doc_title}》`),
    h("p.clause-where", {}, [chunk.chapter, chunk.article].filter(Boolean).join(" · ")),
    h("p.clause-meta", {}, meta.map((m) => h("span.tag", {}, m))),
    h("div.clause-text", { tabindex: "0" }, highlighted(chunk.text, quote)),
  ];
}

function highlighted(text, quote) {
  // a quote may span lines (a list under its intro): each of its lines is marked where it stands
  const needles = (quote || "").split("\n").map((q) => findQuote(text, q)).filter(Boolean);
  return text.split("\n").map((line) => {
    const needle = needles.find((n) => line.includes(n));
    if (!needle) return h("p", {}, line);
    const at = line.indexOf(needle);
    return h("p", {}, line.slice(0, at), h("mark", {}, needle), line.slice(at + needle.length));
  });
}

function findQuote(text, quote) {
  const candidates = [quote.trim(), quote.trim().replace(/[。；;，,]+$/, ""), quote.trim().split(/[。；]/)[0]];
  return candidates.find((c) => c.length >= 4 && text.includes(c)) || "";
}
