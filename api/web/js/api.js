// HTTP helpers: JSON calls with the CSRF header, SSE over fetch, XHR uploads with progress, downloads.

const CSRF = { "X-Requested-With": "daihou-web" };

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `请求失败（${status}）`);
    this.status = status;
  }
}

async function errorOf(response) {
  let detail = "";
  try {
    const body = await response.json();
    detail = typeof body.detail === "string" ? body.detail : (body.detail?.[0]?.msg || "");
  } catch { /* not JSON */ }
  if (!detail) detail = response.status === 401 ? "请先登录。" : `请求失败（${response.status}）`;
  return new ApiError(response.status, detail);
}

export async function api(path, { method = "GET", body, signal } = {}) {
  const headers = { ...CSRF, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, signal, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  return response.json();
}

/** POST a chat message and call onEvent(name, data) for every SSE event as it arrives. */
export async function streamChat(payload, onEvent, signal) {
  const response = await fetch("/api/chat", {
    method: "POST", signal, credentials: "same-origin",
    headers: { ...CSRF, "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(payload),
  });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      dispatch(buffer.slice(0, cut), onEvent);
      buffer = buffer.slice(cut + 2);
    }
  }
  if (buffer.trim()) dispatch(buffer, onEvent);
}

function dispatch(block, onEvent) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (!data.length) return;
  let parsed;
  try { parsed = JSON.parse(data.join("\n")); } catch { parsed = { text: data.join("\n") }; }
  onEvent(name, parsed);
}

/**
 * Upload one file through XHR: onProgress(0..1) while its bytes go up, then onServerProgress(data) for each
 * `progress` event of the server's stream (a scan's pages read, indexing started); resolves to the result,
 * the body the JSON call would have returned.
 */
export function uploadFile(file, sourceType, onProgress, onServerProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append("files", file, file.name);
    if (sourceType) form.append("source_type", sourceType);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("X-Requested-With", CSRF["X-Requested-With"]);
    xhr.setRequestHeader("Accept", "text/event-stream");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    const events = eventReader((name, data) => {
      if (name === "progress") onServerProgress(data);
      else if (name === "result") resolve(data);
      else if (name === "error") reject(new ApiError(data.status, data.detail || "上传失败"));
    });
    let streaming = false;
    xhr.onprogress = () => {
      streaming = isEventStream(xhr);
      if (streaming) events(xhr.responseText);
    };
    xhr.onload = () => {
      if (isEventStream(xhr)) {
        events(xhr.responseText, true);
        reject(new ApiError(0, STREAM_CUT_ZH));  // no-op once the result or error event settled the promise
        return;
      }
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch { /* keep empty */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body.detail || `上传失败（${xhr.status}）`));
    };
    xhr.onerror = () => reject(new ApiError(0, streaming ? STREAM_CUT_ZH : "网络错误，上传未完成。"));
    xhr.send(form);
  });
}

// the server goes on with an upload it has accepted: the file may well be in the catalog
const STREAM_CUT_ZH = "连接中断，未收到入库结果，请刷新文档目录查看。";

function isEventStream(xhr) {
  return (xhr.getResponseHeader("Content-Type") || "").startsWith("text/event-stream");
}

/** A reader of a growing SSE text (xhr.responseText): each call dispatches the events completed since the last. */
function eventReader(onEvent) {
  let seen = 0;
  return (text, finished = false) => {
    const blocks = text.slice(seen).split("\n\n");
    const complete = finished ? blocks : blocks.slice(0, -1);
    for (const block of complete) {
      seen += block.length + 2;
      if (block.trim()) dispatch(block, onEvent);
    }
  };
}

/** Fetch a file (GET, or POST with a JSON body) and hand it to the browser as a download (keeps the session cookie). */
export async function download(path, fallbackName, { body } = {}) {
  const init = body === undefined ? { headers: CSRF } :
    { method: "POST", headers: { ...CSRF, "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, { ...init, credentials: "same-origin" });
  if (!response.ok) throw await errorOf(response);
  const blob = await response.blob();
  const name = fileName(response.headers.get("Content-Disposition")) || fallbackName;
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
  return name;
}

function fileName(disposition) {
  if (!disposition) return "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : "";
}
