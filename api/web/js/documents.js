// 文档库 (admin): the catalog with type, version, dates and chunk counts; upload with progress; delete; re-index.

import { api, uploadFile } from "./api.js";
import { confirmDialog, emptyState, errorBox, h, loading, mount, toast } from "./dom.js";

const SOURCE_ZH = { regulation: "监管制度", internal_rule: "行内制度", case_note: "案例记录", article: "文章" };
const STATUS_ZH = { added: "已入库", updated: "已更新", unchanged: "内容未变", error: "失败" };

export async function render(main) {
  const table = h("div.table-wrap", {}, loading());
  const uploads = h("ul.upload-list", { "aria-label": "上传结果" });
  const announcer = h("p.sr-only#upload-announcer", { role: "status" });
  const typeSelect = h("select#source-type", { "aria-label": "来源类型" },
    h("option", { value: "" }, "自动判断类型"),
    Object.entries(SOURCE_ZH).map(([value, label]) => h("option", { value }, label)));
  const picker = h("input#file-input", { type: "file", multiple: true, accept: ".md,.txt,.docx,.doc,.wps,.pdf,.xlsx,.xls,.html,.htm", hidden: true,
    onchange: () => { start([...picker.files]); picker.value = ""; } });
  const start = (files) => startUploads(files, typeSelect.value, { list: uploads, announcer }, table);
  const drop = h("div.dropzone", { tabindex: "0", role: "button", "aria-label": "选择或拖入要上传的文件",
    onclick: () => picker.click(),
    onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); picker.click(); } } },
    h("strong", {}, "拖入文件或点击选择"), h("div.small", {}, "支持 .md .txt .docx .pdf，可多选；每个文件单独显示进度和结果"));
  wireDrop(drop, start);
  const reindexBtn = h("button.btn", { type: "button", onclick: () => reindex(reindexBtn, table) }, "重建索引");
  mount(main,
    h("header.page-head", {}, h("h1", {}, "文档库"), h("p.muted", {}, "知识库中的制度、内部规定与案例记录。"),
      h("span.spacer"), reindexBtn),
    h("section.card.stack", { "aria-label": "上传文档", style: { marginBottom: "1rem" } },
      h("div.toolbar", {}, h("label", { for: "source-type" }, "来源类型"), typeSelect), drop, picker, uploads, announcer),
    table);
  await refresh(table);
}

function wireDrop(zone, onFiles) {
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    onFiles([...e.dataTransfer.files]);
  });
}

async function refresh(table) {
  try {
    const { documents } = await api("/api/documents");
    mount(table, documents.length ? catalog(documents, table) : emptyState("知识库为空", "上传制度文件后即可问答。"));
  } catch (e) {
    mount(table, errorBox(e));
  }
}

function catalog(documents, table) {
  const files = Object.fromEntries(documents.map((d) => [d.doc_id, d.file]));
  return h("table.data", { "aria-label": "文档目录" },
    h("thead", {}, h("tr", {}, ["文档", "类型", "版本 / 文号", "生效日期", "状态", "条文数", "入库时间", ""].map((t, i) =>
      h("th", { class: i === 5 ? "num" : undefined, scope: "col" }, t)))),
    h("tbody", {}, documents.map((d) => h("tr", { dataset: { docId: d.doc_id } },
      h("td", {}, h("a.doc-link", { href: `#/doc/${encodeURIComponent(d.doc_id)}`, title: "查看分块预览" }, d.title),
        h("div.small.muted", {}, d.file || ""),
        d.duplicate_of ? h("div.small.muted.duplicate-note", {},
          `与 ${files[d.duplicate_of] || "另一文件"} 内容相同，只存一份，引用时两个文件都列出`) : null),
      h("td.nowrap", {}, SOURCE_ZH[d.source_type] || d.source_type),
      h("td", {}, d.version || "—"),
      h("td.nowrap", {}, d.effective_date || "—"),
      h("td", {}, d.superseded ? h("span.badge.sev", { dataset: { level: "low" } }, "已废止") : h("span.status-ok", {}, "现行")),
      h("td.num", {}, d.duplicate_of ? "—" : d.chunk_count),
      h("td.small", {}, (d.ingested_at || "").slice(0, 16).replace("T", " ")),
      h("td", {}, h("button.btn.small", { type: "button", "aria-label": `删除 ${d.title}`,
        onclick: () => remove(d, table) }, "删除"))))));
}

async function remove(doc, table) {
  if (!await confirmDialog("删除文档", `确定从知识库删除《${doc.title}》吗？其条文将不再用于问答。`, "删除")) return;
  try {
    await api(`/api/documents/${encodeURIComponent(doc.doc_id)}`, { method: "DELETE" });
    toast(`已删除《${doc.title}》`);
    await refresh(table);
  } catch (e) {
    toast(e.message, "error");
  }
}

async function reindex(button, table) {
  button.disabled = true;
  button.textContent = "正在重建…";
  try {
    const report = await api("/api/documents/reindex", { method: "POST" });
    const changed = report.added.length + report.updated.length;
    toast(`已检查 ${report.sources} 个源文件：更新 ${changed} 个，未变 ${report.unchanged.length} 个` +
      (report.errors.length ? `，失败 ${report.errors.length} 个` : ""), report.errors.length ? "error" : "info");
    await refresh(table);
  } catch (e) {
    toast(e.message, "error");
  } finally {
    button.disabled = false;
    button.textContent = "重建索引";
  }
}

async function startUploads(files, sourceType, { list, announcer }, table) {
  announcer.replaceChildren();                     // the outcome of each file is announced as it lands
  const announce = (text) => announcer.append(h("span", {}, `${text}。`));
  const rows = files.map((file) => uploadRow(file, announce));
  list.prepend(...rows.map((r) => r.node));
  for (const [i, file] of files.entries()) {
    try {
      const reply = await uploadFile(file, sourceType, rows[i].progress, rows[i].serverProgress);
      const result = reply.results?.[0] || {};
      rows[i].done(result.status, result.detail || result.errors?.map((e) => e.detail).join("；"), result.warnings);
    } catch (e) {
      rows[i].done("error", e.message);
    }
  }
  await refresh(table);
}

/** One file's row: a bar (bytes sent, then a scan's pages read) that turns green when ingested and red when
 * refused, a status in words, and under it what was refused or, for a kept file, the pages OCR could not read. */
function uploadRow(file, announce) {
  const bar = h("progress", { max: "1", value: "0", "aria-label": `${file.name} 上传进度` });
  const status = h("span.upload-status.small", {}, "等待上传");
  const node = h("li.upload-item", { dataset: { status: "pending", name: file.name } },
    h("span", {}, file.name, h("span.muted.small", {}, `  ${(file.size / 1024).toFixed(1)} KB`)), bar, status);
  return {
    node,
    progress(fraction) {
      bar.value = fraction;
      node.dataset.status = "uploading";
      status.textContent = fraction < 1 ? `${Math.round(fraction * 100)}%` : "正在入库…";
      bar.setAttribute("aria-valuetext", status.textContent);
    },
    serverProgress({ stage, page, pages }) {
      const reading = stage === "ocr" && pages > 0;
      bar.value = reading ? page / pages : 1;
      status.textContent = reading ? `识别扫描页 ${Math.min(page + 1, pages)}/${pages}` : "正在入库…";
      bar.setAttribute("aria-valuetext", status.textContent);
    },
    done(result, detail, warnings = []) {
      const failed = !STATUS_ZH[result] || result === "error";
      node.dataset.status = failed ? "error" : result;
      bar.value = 1;
      status.className = `upload-status small ${failed ? "status-err" : "status-ok"}`;
      const words = failed ? `上传失败${detail ? "：" + detail : ""}` : [STATUS_ZH[result], ...warnings].join("；");
      mount(status, h("span", { "aria-hidden": "true" }, failed ? "✕ " : "✓ "), failed ? "上传失败" : STATUS_ZH[result]);
      bar.setAttribute("aria-valuetext", words);
      announce(`${file.name}：${words}`);
      if (detail && failed) node.append(h("div.detail", {}, detail));
      if (!failed) node.append(...warnings.map((warning) => h("div.detail.warning", {}, warning)));
    },
  };
}
