// 审计日志 (admin): who did what with which evidence; filters, id-cursor paging, expandable detail, CSV export.

import { api, download } from "./api.js";
import { emptyState, errorBox, h, loading, mount, toast } from "./dom.js";
import { ACTION_ZH, actionLabel, detailCell, localTime, roleLabel, targetText } from "./audit_detail.js";

const PAGE_SIZE = 25;

export async function render(main) {
  // cursors[i] is the before_id of page i+1 (null: the newest entries); kept so 上一页 shows the same rows.
  const view = { filters: { action: "", username: "", since: "" }, cursors: [null], page: 0, token: 0 };
  const body = h("div.table-wrap#audit-results", { "aria-live": "polite", "aria-busy": "false" }, loading());
  const status = h("span.muted.small#audit-page", { role: "status" });
  const prev = h("button.btn.small#audit-prev", { type: "button", disabled: true,
    onclick: () => go(view, view.page - 1, parts) }, "上一页");
  const next = h("button.btn.small#audit-next", { type: "button", disabled: true,
    onclick: () => go(view, view.page + 1, parts) }, "下一页");
  const parts = { body, status, prev, next };
  const exportBtn = h("button.btn#audit-export", { type: "button", onclick: () => exportCsv(view, exportBtn) }, "导出 CSV");
  mount(main,
    h("header.page-head", {}, h("h1", {}, "审计日志"),
      h("p.muted", {}, "问答、起草、导出、导入与登录的留痕，最新在前；仅管理员可见。导出按当前筛选条件输出全部记录。"),
      h("span.spacer"), exportBtn),
    filterForm(view, parts),
    body,
    h("nav.pager", { "aria-label": "审计日志分页" }, prev, status, next));
  await load(view, parts);
}

function filterForm(view, parts) {
  const action = h("select#audit-action", { name: "action" },
    h("option", { value: "" }, "全部动作"),
    Object.entries(ACTION_ZH).map(([value, label]) => h("option", { value }, label)));
  const user = h("input#audit-user", { name: "username", type: "search", maxlength: "64", autocomplete: "off",
    placeholder: "例如 wanglei", spellcheck: "false" });
  const since = h("input#audit-since", { name: "since", type: "date" });
  const form = h("form.toolbar.audit-filters", { role: "search", "aria-label": "筛选审计日志",
    onsubmit: (e) => {
      e.preventDefault();
      view.filters = { action: action.value, username: user.value.trim(), since: since.value };
      restart(view, parts);
    },
    onreset: () => {
      view.filters = { action: "", username: "", since: "" };
      setTimeout(() => restart(view, parts));
    } },
    field("audit-action", "动作", action), field("audit-user", "用户", user), field("audit-since", "起始日期", since),
    h("span.field", {}, h("button.btn.primary", { type: "submit" }, "查询"), h("button.btn", { type: "reset" }, "重置")));
  return form;
}

function field(id, label, control) {
  return h("span.field", {}, h("label", { for: id }, label), control);
}

function restart(view, parts) {
  view.cursors = [null];
  go(view, 0, parts);
}

function go(view, page, parts) {
  if (page < 0 || page >= view.cursors.length || view.busy) return;
  view.page = page;
  load(view, parts);
}

/** Query string of the filters; the date is a local (browser) midnight sent as a UTC instant. */
function query(filters) {
  const params = new URLSearchParams();
  if (filters.action) params.set("action", filters.action);
  if (filters.username) params.set("username", filters.username);
  if (filters.since) {
    const midnight = new Date(`${filters.since}T00:00:00`);
    if (!Number.isNaN(midnight.getTime())) params.set("since", midnight.toISOString());
  }
  return params;
}

async function load(view, parts) {
  const { body, status, prev, next } = parts;
  const token = ++view.token;
  const params = query(view.filters);
  params.set("limit", String(PAGE_SIZE + 1));                 // one more than shown: is there a next page?
  const cursor = view.cursors[view.page];
  if (cursor) params.set("before_id", String(cursor));
  body.setAttribute("aria-busy", "true");
  view.busy = true;                                           // buttons stay enabled: a focused button keeps focus
  try {
    const { entries } = await api(`/api/audit?${params}`);
    if (token !== view.token) return;
    const rows = entries.slice(0, PAGE_SIZE);
    const more = entries.length > PAGE_SIZE;
    view.cursors.length = view.page + 1;
    if (more) view.cursors.push(rows[rows.length - 1].id);
    mount(body, rows.length ? table(rows) : emptyState("没有符合条件的记录", "调整动作、用户或起始日期后再查询。"));
    setPager(prev, next, view.page === 0, !more);
    status.textContent = rows.length
      ? `第 ${view.page + 1} 页 · 本页 ${rows.length} 条（编号 ${span(rows)}）`
      : `第 ${view.page + 1} 页 · 无记录`;
  } catch (e) {
    if (token !== view.token) return;
    mount(body, errorBox(e));
    status.textContent = "";
    setPager(prev, next, view.page === 0, true);
  } finally {
    if (token === view.token) { body.setAttribute("aria-busy", "false"); view.busy = false; }
  }
}

/** Enable or disable 上一页/下一页; focus on a button that becomes disabled moves to the other one. */
function setPager(prev, next, noPrev, noNext) {
  const focused = document.activeElement;
  prev.disabled = noPrev;
  next.disabled = noNext;
  if (focused === next && noNext && !noPrev) prev.focus();
  else if (focused === prev && noPrev && !noNext) next.focus();
}

function span(rows) {
  const [newest, oldest] = [rows[0].id, rows[rows.length - 1].id];
  return newest === oldest ? String(newest) : `${newest}–${oldest}`;
}

function table(rows) {
  return h("table.data#audit-table", { "aria-label": "审计日志" },
    h("thead", {}, h("tr", {}, ["时间", "用户", "角色", "动作", "对象", "依据与输出"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((e) => h("tr", { dataset: { id: String(e.id), action: e.action } },
      h("td.audit-time", {}, h("time", { datetime: e.at, title: `编号 ${e.id}` },
        localTime(e.at).split(" ").map((part) => h("span", {}, part)))),
      h("td.nowrap", {}, e.username),
      h("td.nowrap", {}, roleLabel(e.role)),
      h("td.nowrap", {}, h("span.badge.action", { dataset: { action: e.action } }, actionLabel(e.action))),
      h("td.audit-target", {}, targetText(e.target)),
      h("td.audit-evidence", {}, detailCell(e.detail))))));
}

async function exportCsv(view, button) {
  button.disabled = true;
  button.textContent = "正在导出…";
  try {
    const params = query(view.filters);
    const name = await download(`/api/audit/export${params.size ? `?${params}` : ""}`, "audit_log.csv");
    toast(`已导出 ${name}`);
  } catch (e) {
    toast(e.message, "error");
  } finally {
    button.disabled = false;
    button.textContent = "导出 CSV";
  }
}
