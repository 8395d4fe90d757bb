// Small inline-SVG charts (no library): line chart over periods and horizontal bar chart.

import { h } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
export const PALETTE = ["#1f5fa8", "#c8793a", "#2e7d32", "#8e44ad", "#c62828"];

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) if (c) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function niceMax(value) {
  if (value <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * step).find((v) => v >= value) || value;
}

/**
 * Line chart: labels along x, one or more series {name, values, color}; format(v) labels the y axis.
 * Negative values are supported (the axis starts below zero then).
 */
export function lineChart({ title, labels, series, format = String, height = 220 }) {
  const width = 560, left = 64, right = 34, top = 16, bottom = 30;
  const all = series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined));
  const max = niceMax(Math.max(0, ...all));
  const min = Math.min(0, ...all) < 0 ? -niceMax(-Math.min(...all)) : 0;
  const x = (i) => left + (labels.length === 1 ? (width - left - right) / 2 : i * (width - left - right) / (labels.length - 1));
  const y = (v) => top + (max - v) * (height - top - bottom) / (max - min || 1);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => min + f * (max - min)).map((v) => [
    svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), stroke: v === 0 ? "#9aa6b4" : "#e3e7ec" }),
    svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 13, fill: "#5f6b7a" }, format(v))]);
  const xLabels = labels.map((l, i) => svg("text", { x: x(i), y: height - 8, "text-anchor": "middle", "font-size": 13, fill: "#5f6b7a" }, l));
  const lines = series.map((s, k) => {
    const color = s.color || PALETTE[k % PALETTE.length];
    const points = s.values.map((v, i) => (v === null || v === undefined ? null : [x(i), y(v), v])).filter(Boolean);
    return svg("g", { "data-series": s.name },
      svg("polyline", { points: points.map((p) => `${p[0]},${p[1]}`).join(" "), fill: "none", stroke: color, "stroke-width": 2.5 }),
      points.map((p) => svg("circle", { cx: p[0], cy: p[1], r: 3.5, fill: "#fff", stroke: color, "stroke-width": 2 },
        svg("title", {}, `${s.name}：${format(p[2])}`))));
  });
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title }, grid, xLabels, lines);
  return h("figure.chart", {}, h("figcaption", {}, h("strong", {}, title)), chart, legend(series));
}

/** Horizontal bars: rows {label, value, color?, note?}; format(v) labels each bar. */
export function barChart({ title, rows, format = String }) {
  const width = 380, labelW = 120, barH = 20, gap = 7, valueW = 80;
  const height = Math.max(rows.length, 1) * (barH + gap) + gap;
  const max = Math.max(0, ...rows.map((r) => r.value)) || 1;
  const bars = rows.map((r, i) => {
    const y0 = gap + i * (barH + gap);
    const w = (r.value / max) * (width - labelW - valueW);
    return svg("g", {},
      svg("text", { x: labelW - 8, y: y0 + barH / 2 + 4, "text-anchor": "end", "font-size": 13, fill: "#1d2733" }, r.label),
      svg("rect", { x: labelW, y: y0, width: Math.max(w, r.value ? 2 : 0), height: barH, rx: 3, fill: r.color || PALETTE[0] },
        svg("title", {}, `${r.label}：${format(r.value)}`)),
      svg("text", { x: labelW + w + 6, y: y0 + barH / 2 + 4, "font-size": 13, fill: "#5f6b7a" }, format(r.value) + (r.note ? `（${r.note}）` : "")));
  });
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title }, bars);
  return h("figure.chart", {}, h("figcaption", {}, h("strong", {}, title)), chart);
}

function legend(series) {
  if (series.length < 2) return null;
  return h("div.legend", {}, series.map((s, k) => h("span", {},
    h("i", { style: { background: s.color || PALETTE[k % PALETTE.length] } }), s.name)));
}
