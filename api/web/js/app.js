// The workspace shell: login, role-aware navigation and a hash router over the screens.

import { api } from "./api.js";
import { ROLE_ZH, closeDrawer, errorBox, h, mount, toast } from "./dom.js";

// Each screen: route, label, roles that see it, and the module that renders it (loaded on demand);
// `inNav: false` for a screen reached only by links (a document's chunk preview).
const SCREENS = [
  { route: "chat", label: "制度问答", icon: "问", roles: "*", module: "./chat.js" },
  { route: "borrowers", label: "借款人", icon: "户", roles: ["officer", "head", "risk", "admin"], module: "./borrowers.js" },
  { route: "drafts", label: "检查报告", icon: "报", roles: ["officer", "head", "risk", "admin"], module: "./drafts.js" },
  { route: "meeting", label: "贷后例会", icon: "会", roles: ["head", "risk", "admin"], module: "./meeting.js" },
  { route: "quiz", label: "培训测验", icon: "训", roles: "*", module: "./quiz.js" },
  { route: "documents", label: "文档库", icon: "库", roles: ["admin"], module: "./documents.js" },
  { route: "curation", label: "标准问答", icon: "标", roles: ["risk", "admin"], module: "./curation.js" },
  { route: "hittest", label: "检索测试", icon: "测", roles: ["risk", "admin"], module: "./hittest.js" },
  { route: "doc", label: "分块预览", roles: ["risk", "admin"], module: "./docview.js", inNav: false },
  { route: "audit", label: "审计日志", icon: "审", roles: ["admin"], module: "./audit.js" },
];

const state = { me: null, screens: [] };

export function currentUser() { return state.me; }

function allowed(screen, role) {
  return screen.roles === "*" || screen.roles.includes(role);
}

async function boot() {
  try {
    state.me = await api("/api/auth/me");
  } catch {
    state.me = null;
  }
  if (!state.me) return showLogin();
  enterWorkspace();
}

function showLogin(message = "") {
  document.getElementById("nav").hidden = true;
  document.getElementById("userbox").hidden = true;
  const error = h("p.form-error", { role: "alert", id: "login-error" }, message);
  const form = h("form.card.login-card", { onsubmit: (e) => login(e, form, error), "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "登录贷后助手"),
    h("p.muted", {}, "示范银行贷后管理工作台：制度问答、借款人监测、检查报告、例会与培训。"),
    h("label", { for: "username" }, "用户名"),
    h("input", { id: "username", name: "username", autocomplete: "username", required: true, autofocus: true }),
    h("label", { for: "password" }, "密码"),
    h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true }),
    error,
    h("button.btn.primary.wide", { type: "submit" }, "登录"),
    h("p.hint", {}, "演示账号：wanglei（客户经理）、head_chengdong（支行行长）、risk、trainer、admin；密码为“用户名-demo”。"));
  mount(document.getElementById("main"), h("section.login-wrap", {}, form));
  form.querySelector("#username").focus();
}

async function login(event, form, error) {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  error.textContent = "";
  try {
    state.me = await api("/api/auth/login", {
      method: "POST", body: { username: form.username.value.trim(), password: form.password.value },
    });
    if (!location.hash || location.hash === "#/") location.hash = "#/chat";
    enterWorkspace();
  } catch (e) {
    error.textContent = e.message;
    button.disabled = false;
    form.password.select();
  }
}

async function logout() {
  try { await api("/api/auth/logout", { method: "POST" }); } catch { /* already gone */ }
  state.me = null;
  location.hash = "";
  showLogin("已退出登录。");
}

function enterWorkspace() {
  const { me } = state;
  state.screens = SCREENS.filter((s) => allowed(s, me.role));
  const nav = mount(document.getElementById("nav"),
    h("ul", {}, state.screens.filter((s) => s.inNav !== false).map((s) => h("li", {},
      h("a.nav-link", { href: `#/${s.route}`, dataset: { route: s.route } },
        h("span.nav-icon", { "aria-hidden": "true" }, s.icon), h("span.nav-label", {}, s.label))))));
  nav.hidden = false;
  const where = me.branch || (me.visible_branches === null ? "全行" : "");
  mount(document.getElementById("userbox"),
    h("span.user-name", {}, me.username),
    h("span.user-role", {}, `${ROLE_ZH[me.role] || me.role}${where ? " · " + where : ""}`),
    h("a.btn.ghost.small", { href: "/docs", target: "_blank", rel: "noopener" }, "接口文档"),
    h("button.btn.ghost.small", { type: "button", onclick: logout }, "退出"));
  document.getElementById("userbox").hidden = false;
  route();
}

let routeToken = 0;

async function route() {
  if (!state.me) return;
  closeDrawer();
  const [name, ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  const screen = state.screens.find((s) => s.route === name) || state.screens[0];
  const known = SCREENS.find((s) => s.route === name);
  const token = ++routeToken;
  const main = document.getElementById("main");
  if (known && known !== screen) return forbidden(main, known);
  if (screen.route !== name) { location.replace(`#/${screen.route}`); return; }
  markNav(screen.route);
  document.title = `${screen.label} · 贷后助手`;
  try {
    const module = await import(screen.module);
    if (token !== routeToken) return;
    await module.render(main, rest.map(decodeURIComponent), state.me);
  } catch (e) {
    if (e.status === 401) return showLogin("登录已过期，请重新登录。");
    mount(main, errorBox(e));
  }
}

function markNav(route) {
  for (const link of document.querySelectorAll(".nav-link")) {
    if (link.dataset.route === route) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** A screen the user's role may not open (typed or bookmarked URL): say so instead of silently redirecting. */
function forbidden(main, screen) {
  markNav(null);
  document.title = "无权访问 · 贷后助手";
  const who = screen.roles.map((r) => ROLE_ZH[r] || r).join("、");
  const home = state.screens[0];
  mount(main, h("section.card.forbidden", { role: "alert", "aria-labelledby": "forbidden-title" },
    h("h1", { id: "forbidden-title" }, "403 · 无权访问"),
    h("p", {}, `“${screen.label}”仅对${who}开放，当前账号（${ROLE_ZH[state.me.role] || state.me.role}）没有查看权限。`),
    h("p.muted", {}, "如确需查看，请联系系统管理员。"),
    h("a.btn.primary", { href: `#/${home.route}` }, `返回${home.label}`)));
  main.focus();
}

window.addEventListener("hashchange", route);
window.addEventListener("keydown", (e) => { if (e.key === "Escape") closeDrawer(); });
window.addEventListener("unhandledrejection", (e) => {
  if (e.reason?.status === 401) showLogin("登录已过期，请重新登录。");
  else if (e.reason?.message) toast(e.reason.message, "error");
});
boot();
