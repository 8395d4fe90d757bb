// Small DOM helpers: element builder, formatting, toasts, confirm dialog and the side drawer.

export function h(tag, attrs = {}, ...children) {
  const idMatch = /#([\w-]+)/.exec(tag);
  const id = idMatch?.[1];
  const [name, ...classes] = tag.replace(/#[\w-]+/, "").split(".");
  const node = document.createElement(name || "div");
  if (id) node.id = id;
  if (classes.length) node.className = classes.join(" ");
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "class") node.className += (node.className ? " " : "") + value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "style" && typeof value === "object") Object.assign(node.style, value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export const ROLE_ZH = { officer: "客户经理", head: "支行行长", risk: "风险经理", trainer: "培训岗", admin: "管理员" };

export function wan(amount) {
  if (amount === null || amount === undefined || Number.isNaN(Number(amount))) return "—";
  return `${(Number(amount) / 10000).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元`;
}

export function pct(x, digits = 1) {
  return x === null || x === undefined ? "—" : `${(Number(x) * 100).toFixed(digits)}%`;
}

export const CLASS_ORDER = ["正常", "关注", "次级", "可疑", "损失"];

export function classBadge(classification) {
  const level = CLASS_ORDER.indexOf(classification);
  return h("span.badge.cls", { dataset: { level: String(level) } }, classification || "—");
}

export function severityBadge(severity) {
  const level = { 高: "high", 中: "mid", 低: "low" }[severity] || "low";
  return h("span.badge.sev", { dataset: { level } }, severity || "—");
}

export function toast(message, kind = "info") {
  const area = document.getElementById("toasts");
  const node = h("div.toast", { role: kind === "error" ? "alert" : "status", dataset: { kind } }, message);
  area.append(node);
  setTimeout(() => node.remove(), kind === "error" ? 6000 : 3000);
}

export function confirmDialog(title, text, okLabel = "确定") {
  return new Promise((resolve) => {
    const dialog = h("dialog.dialog", { "aria-label": title },
      h("h2", {}, title), h("p", {}, text),
      h("div.dialog-actions", {},
        h("button.btn", { type: "button", value: "cancel", onclick: () => dialog.close("cancel") }, "取消"),
        h("button.btn.danger", { type: "button", onclick: () => dialog.close("ok") }, okLabel)));
    dialog.addEventListener("close", () => { resolve(dialog.returnValue === "ok"); dialog.remove(); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector(".danger").focus();
  });
}

let drawerReturn = null;

/** Open the right-hand side panel with a title and content; Esc or the close button shuts it. */
export function openDrawer(title, content) {
  const drawer = document.getElementById("drawer");
  drawerReturn = document.activeElement;
  mount(drawer,
    h("header.drawer-head", {},
      h("h2", { id: "drawer-title" }, title),
      h("button.icon-btn", { type: "button", "aria-label": "关闭", onclick: closeDrawer }, "✕")),
    h("div.drawer-body", {}, content));
  drawer.hidden = false;
  drawer.setAttribute("aria-labelledby", "drawer-title");
  drawer.querySelector(".icon-btn").focus();
}

export function closeDrawer() {
  const drawer = document.getElementById("drawer");
  if (drawer.hidden) return;
  drawer.hidden = true;
  drawer.replaceChildren();
  if (drawerReturn?.isConnected) drawerReturn.focus();
}

export function loading(text = "加载中…") {
  return h("div.loading", { role: "status" }, h("span.spinner", { "aria-hidden": "true" }), text);
}

export function errorBox(error) {
  return h("div.error-box", { role: "alert" }, error?.message || String(error));
}

export function emptyState(title, text) {
  return h("div.empty", {}, h("strong", {}, title), text ? h("p", {}, text) : null);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h("textarea", { style: { position: "fixed", opacity: "0" } });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}
