// Sluice dashboard: polls /api/job and renders the job graph, rates, lag,
// state, checkpoints, recent output and warnings. Plain JS, no build step,
// nothing fetched from elsewhere: it works offline inside a cluster.
"use strict";

const POLL_MS = 1000;
// Rates are averaged over this window so that a quiet second does not
// show 0 while records arrive in bursts.
const RATE_WINDOW_MS = 10000;

const history = []; // [{t, ops: {id: {in, out}}}], oldest first
let graphKey = "";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function fmtInt(n) { return Number(n).toLocaleString("en-US"); }
function fmtRate(r) { return r >= 100 ? Math.round(r).toLocaleString("en-US") : r.toFixed(1); }
function fmtBytes(b) {
  if (b < 0) return "–";
  const u = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
  return (i === 0 ? b : b.toFixed(1)) + " " + u[i];
}
function fmtDuration(ms) {
  if (ms < 1000) return Math.round(ms) + " ms";
  const s = ms / 1000;
  if (s < 60) return s.toFixed(1) + " s";
  const m = Math.floor(s / 60), h = Math.floor(m / 60);
  return h > 0 ? `${h}h ${m % 60}m` : `${m}m ${Math.floor(s % 60)}s`;
}
function fmtTime(iso) { return new Date(iso).toLocaleTimeString("en-GB", { hour12: false }); }

function setRows(tbody, rows, emptyText, cols) {
  tbody.replaceChildren(...(rows.length ? rows
    : [el("tr", {}, el("td", { class: "empty", colspan: String(cols) }, emptyText))]));
}

// rates returns, per operator id, records in/out per second over the window.
function rates(now, ops) {
  const cur = { t: now, ops: {} };
  for (const o of ops) cur.ops[o.id] = { in: o.records_in, out: o.records_out };
  history.push(cur);
  while (history.length > 2 && now - history[1].t >= RATE_WINDOW_MS) history.shift();
  const first = history[0];
  const dt = (now - first.t) / 1000;
  const out = {};
  for (const o of ops) {
    const p = first.ops[o.id];
    out[o.id] = (dt > 0 && p) ? { in: (o.records_in - p.in) / dt, out: (o.records_out - p.out) / dt } : { in: 0, out: 0 };
  }
  return out;
}

// layout places operators in columns by their longest distance from a
// source, like Flink's job graph read left to right.
function layout(ops, edges) {
  const layer = {};
  for (const o of ops) layer[o.id] = 0;
  for (let pass = 0; pass < ops.length; pass++) {
    let changed = false;
    for (const e of edges) {
      if (layer[e.to] < layer[e.from] + 1) { layer[e.to] = layer[e.from] + 1; changed = true; }
    }
    if (!changed) break;
  }
  const cols = [];
  for (const o of ops) (cols[layer[o.id]] ||= []).push(o);
  // One barycentre pass: order each column by its inputs' rows, to cut crossings.
  const row = {};
  cols.forEach((col, i) => {
    if (i > 0) {
      const bary = o => {
        const ins = edges.filter(e => e.to === o.id).map(e => row[e.from]);
        return ins.length ? ins.reduce((a, b) => a + b, 0) / ins.length : 0;
      };
      col.sort((a, b) => bary(a) - bary(b) || a.id - b.id);
    }
    col.forEach((o, j) => { row[o.id] = j; });
  });
  const W = 230, H = 78, GX = 70, GY = 26;
  const maxRows = Math.max(1, ...cols.map(c => c.length));
  const pos = {};
  cols.forEach((col, i) => {
    const offset = (maxRows - col.length) * (H + GY) / 2;
    col.forEach((o, j) => { pos[o.id] = { x: 10 + i * (W + GX), y: 10 + offset + j * (H + GY), w: W, h: H }; });
  });
  return { pos, width: 20 + cols.length * (W + GX) - GX, height: 20 + maxRows * (H + GY) - GY };
}

function truncate(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

function renderGraph(ops, edges, rate) {
  const g = document.getElementById("graph");
  const key = JSON.stringify([ops.map(o => [o.id, o.name]), edges]);
  if (key !== graphKey) {
    graphKey = key;
    const { pos, width, height } = layout(ops, edges);
    g.setAttribute("width", width);
    g.setAttribute("height", height);
    g.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const defs = svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5",
      markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8a96a3" })));
    const parts = [defs];
    for (const e of edges) {
      const a = pos[e.from], b = pos[e.to];
      const x1 = a.x + a.w, y1 = a.y + a.h / 2, x2 = b.x, y2 = b.y + b.h / 2, mx = (x1 + x2) / 2;
      parts.push(svg("path", { class: "edge", d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, "marker-end": "url(#arrow)" }));
    }
    for (const o of ops) {
      const p = pos[o.id];
      const title = svg("title", {});
      title.textContent = o.describe;
      const label = svg("text", { class: "label", x: p.x + 10, y: p.y + 20 });
      label.textContent = truncate(o.name, 30);
      parts.push(svg("g", { class: "node " + o.kind, "data-id": String(o.id), "data-name": o.name }, title,
        svg("rect", { x: p.x, y: p.y, width: p.w, height: p.h }), label,
        svg("text", { class: "stats", x: p.x + 10, y: p.y + 42 }),
        svg("text", { class: "rate", x: p.x + 10, y: p.y + 62 })));
    }
    g.replaceChildren(...parts);
  }
  for (const o of ops) {
    const node = g.querySelector(`g.node[data-id="${o.id}"]`);
    if (!node) continue;
    // A sink's output is what it wrote to the external system.
    const out = o.kind === "sink" ? "written" : "out";
    node.querySelector("text.stats").textContent = `in ${fmtInt(o.records_in)} · ${out} ${fmtInt(o.records_out)}`;
    const r = rate[o.id];
    node.querySelector("text.rate").textContent = `${fmtRate(r.in)} in/s · ${fmtRate(r.out)} ${out}/s`;
  }
}

function render(job) {
  const now = Date.parse(job.now);
  document.getElementById("job-name").textContent = job.job || job.sql_file || "job";
  document.title = "Sluice · " + (job.job || "job");
  const state = document.getElementById("job-state");
  state.textContent = job.state;
  state.className = "badge " + job.state;
  const ready = document.getElementById("ready");
  ready.textContent = job.not_ready.length ? "not ready" : "ready";
  ready.className = "badge " + (job.not_ready.length ? "bad" : "ok");
  const live = document.getElementById("live");
  live.textContent = job.not_live ? "not live" : "live";
  live.className = "badge " + (job.not_live ? "bad" : "ok");
  document.getElementById("uptime").textContent = fmtDuration(now - Date.parse(job.started));
  const nr = document.getElementById("not-ready");
  const why = [...job.not_ready, ...(job.not_live ? [job.not_live] : []), ...(job.error ? ["error: " + job.error] : [])];
  nr.hidden = why.length === 0;
  nr.textContent = why.join(" · ");

  const ops = job.operators || [];
  const rate = rates(now, ops);
  renderGraph(ops, job.edges || [], rate);

  setRows(document.querySelector("#operators tbody"), ops.map(o => {
    const r = rate[o.id];
    return el("tr", { "data-name": o.name, title: o.describe },
      el("td", { class: "num" }, String(o.id)), el("td", {}, o.name),
      el("td", { class: "num records-in" }, fmtInt(o.records_in)), el("td", { class: "num records-out" }, fmtInt(o.records_out)),
      el("td", { class: "num rate-in" }, fmtRate(r.in)), el("td", { class: "num rate-out" }, fmtRate(r.out)));
  }), "no operators yet", 6);

  const srcRows = [];
  const counters = [];
  for (const s of job.sources || []) {
    const parts = (s.stats && s.stats.partitions) || [];
    for (const p of parts) {
      const lag = (p.position >= 0 && p.high_watermark >= 0) ? Math.max(p.high_watermark - p.position, 0) : null;
      srcRows.push(el("tr", { class: "partition", "data-table": s.table },
        el("td", {}, s.table), el("td", {}, `${p.topic}-${p.partition}`),
        el("td", { class: "num" }, p.position >= 0 ? fmtInt(p.position) : "–"),
        el("td", { class: "num" }, p.high_watermark >= 0 ? fmtInt(p.high_watermark) : "–"),
        el("td", { class: "num lag" }, lag === null ? "–" : fmtInt(lag))));
    }
    if (s.has_stats) {
      counters.push(`${s.table}: ${fmtInt(s.stats.records_read)} records read (${fmtBytes(s.stats.bytes_read)}), ` +
        `${fmtInt(s.stats.skipped)} skipped, ${fmtInt(s.stats.decode_errors)} decode errors`);
    } else {
      counters.push(`${s.table}: ${fmtInt(s.records)} rows (${s.connector})`);
    }
  }
  setRows(document.querySelector("#sources tbody"), srcRows, "no assigned partitions", 5);
  document.getElementById("source-counters").textContent = counters.join(" · ");

  const names = Object.fromEntries(ops.map(o => [o.id, o.name]));
  setRows(document.querySelector("#joins tbody"), (job.joins || []).map(j =>
    el("tr", { title: j.state_id }, el("td", {}, `${names[j.operator] || "Join"} #${j.operator}`),
      el("td", { class: "num left-rows" }, fmtInt(j.left_rows)), el("td", { class: "num right-rows" }, fmtInt(j.right_rows)),
      el("td", { class: "num" }, fmtBytes(j.approx_bytes)))), "no stateful operators", 4);

  const cp = job.checkpoints || { recent: [] };
  document.getElementById("cp-count").textContent = String(cp.completed);
  let summary = job.checkpointing
    ? `every ${fmtDuration(job.checkpoint_interval_ns / 1e6)} · ${cp.completed} completed · ${cp.failed} failed`
    : "not checkpointed (all sources bounded)";
  if (cp.recent.length) summary += ` · last ${fmtDuration(now - Date.parse(cp.recent[0].time))} ago`;
  if (cp.last_failure) summary += ` · last failure: ${cp.last_failure}`;
  document.getElementById("cp-summary").textContent = summary;
  setRows(document.querySelector("#checkpoints tbody"), cp.recent.map(c =>
    el("tr", { class: "checkpoint", "data-id": String(c.id) }, el("td", { class: "num" }, String(c.id)),
      el("td", {}, fmtTime(c.time)), el("td", { class: "num" }, fmtDuration(c.duration_ns / 1e6)),
      el("td", { class: "num" }, fmtBytes(c.bytes)))), "no checkpoint yet", 4);
  // What the start did with each operator's state (restored, rebuilt, ...).
  setRows(document.querySelector("#restore tbody"), (cp.restore || []).map(d =>
    el("tr", { class: "restore decision-" + d.decision, title: d.state_id, "data-decision": d.decision },
      el("td", {}, d.operator), el("td", {}, d.decision),
      el("td", { class: "num" }, d.checkpoint ? String(d.checkpoint) : ""), el("td", { class: "small" }, d.detail || ""))),
    "nothing restored (no checkpoint)", 4);

  document.getElementById("sinks").replaceChildren(...(job.sinks || []).map(s => {
    const pre = el("pre", { class: "recent" });
    pre.append(...(s.recent.length ? s.recent.map(r => el("div", { class: "row" }, r)) : [el("div", { class: "none" }, "no rows yet")]));
    let info = `${fmtInt(s.records)} rows written`;
    if (s.has_stats) info += ` · ${fmtInt(s.stats.delivered)} delivered · ${fmtInt(s.stats.errors)} errors · ${fmtInt(s.stats.retries)} retries`;
    if (s.has_stats && s.stats.merged) info += ` · ${fmtInt(s.stats.merged)} merged (superseded in their batch by a later row of the same key)`;
    return el("div", { class: "sink", "data-table": s.table },
      el("h3", {}, `Sink: ${s.table} (${s.connector})`), el("p", { class: "small" }, info), pre);
  }));

  const logs = (job.logs || []).slice().reverse();
  document.getElementById("logs").replaceChildren(...(logs.length ? logs.map(l => {
    const lvl = el("span", { class: "lvl " + l.level }, l.level.toUpperCase());
    const item = el("li", {}, lvl, `${fmtTime(l.time)} `, l.logger ? `${l.logger}: ` : "", l.message);
    if (l.fields) item.append(" ", el("span", { class: "fields" }, l.fields));
    return item;
  }) : [el("li", { class: "empty" }, "none")]));

  renderPlan(job.plan);
}

// renderPlan shows the plan one line per operator, wrapped to the page
// with a hanging indent under the operator's tree position, so that long
// lines need no horizontal scrolling and the tree stays readable.
function renderPlan(text) {
  const plan = document.getElementById("plan");
  if (plan.dataset.text === text) return;
  plan.dataset.text = text;
  plan.replaceChildren(...text.split("\n").map(line => {
    const prefix = /^[ :+|-]*(\[\d+\]:)?/.exec(line)[0].length;
    const div = el("div", { class: "plan-line" }, line || "\u00a0");
    div.style.paddingLeft = `${prefix + 2}ch`;
    div.style.textIndent = `-${prefix + 2}ch`;
    return div;
  }));
}

async function poll() {
  const err = document.getElementById("conn-error");
  try {
    const res = await fetch("api/job", { cache: "no-store" });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    render(await res.json());
    err.hidden = true;
  } catch (e) {
    err.hidden = false;
    err.textContent = `Cannot reach the job (${e.message}); retrying…`;
  }
  setTimeout(poll, POLL_MS);
}

poll();
