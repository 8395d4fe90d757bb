// A document's chunk preview (#/doc/<doc_id>[/<chunk_id>]): how it was cut for retrieval, each chunk with
// its 第X条 or heading as the chat cites it; the chunk named in the address is scrolled to and marked.

import { api } from "./api.js";
import { errorBox, h, loading, mount } from "./dom.js";

const SOURCE_ZH = { regulation: "监管制度", internal_rule: "行内制度", case_note: "案例记录", article: "文章" };

export async function render(main, [docId, chunkId] = []) {
  mount(main, loading());
  try {
    const doc = await api(`/api/documents/${encodeURIComponent(docId || "")}/chunks`);
    mount(main,
      h("header.page-head", {}, h("h1", {}, `《${doc.title}》`),
        h("p.muted", {}, [SOURCE_ZH[doc.source_type] || doc.source_type, doc.version, doc.effective_date && `${doc.effective_date} 起施行`,
          doc.superseded && "已废止", `${doc.chunks.length} 个分块`, `文件：${doc.sources.join("、")}`].filter(Boolean).join(" · "))),
      h("ol.chunk-preview", { "aria-label": "分块预览" }, doc.chunks.map((c) =>
        h("li.card.chunk-item", { id: `chunk-${c.chunk_id}`, dataset: { chunkId: c.chunk_id },
          "aria-current": c.chunk_id === chunkId ? "true" : undefined },
        h("div.chunk-head", {}, h("strong", {}, c.article || "（无条号）"), c.chapter ? h("span.muted.small", {}, c.chapter) : null,
          h("span.muted.small", {}, `${c.chars} 字`)),
        h("div.chunk-text", {}, c.text)))));
    const target = chunkId && document.getElementById(`chunk-${chunkId}`);
    if (target) target.scrollIntoView({ block: "center" });
  } catch (e) {
    mount(main, errorBox(e));
  }
}
