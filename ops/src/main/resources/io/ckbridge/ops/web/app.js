// The ops page: reads the JSON API every poll interval and redraws each part in place.
"use strict";

const REFRESH_MS = 5000;
const charts = {};
let selectedTopic = null;

const esc = (value) => String(value ?? "").replace(/[&<>"']/g,
    (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const num = (value, digits = 0) => value == null ? "–"
    : Number(value).toLocaleString("en-US", {maximumFractionDigits: digits, minimumFractionDigits: digits});
const bytes = (value) => {
  if (value == null) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return (unit === 0 ? Math.round(value) : value.toFixed(1)) + " " + units[unit];
};
const ago = (ms) => {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return seconds < 120 ? seconds + " s ago" : Math.round(seconds / 60) + " min ago";
};
const state = (value) => `<span class="${esc(value)}">${esc(value)}</span>`;

async function api(path, options) {
  const response = await fetch(path, options);
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = {error: text}; }
  if (!response.ok) throw new Error((body && body.error) || response.status + " " + response.statusText);
  return body;
}

function fill(tableId, rows, empty) {
  const body = document.querySelector(`#${tableId} tbody`);
  const columns = document.querySelectorAll(`#${tableId} thead th`).length;
  body.innerHTML = rows.length ? rows.join("") : `<tr><td colspan="${columns}" class="dim">${esc(empty)}</td></tr>`;
}

function failed(tableId, error) {
  fill(tableId, [], "Could not read: " + error.message);
}

async function health() {
  try {
    const response = await fetch("/health");
    const body = await response.json();
    const badge = document.getElementById("health");
    badge.textContent = body.status;
    badge.className = "badge " + body.status;
    badge.title = body.errors ? Object.values(body.errors).join("\n") : (body.reason || "");
    document.getElementById("polled").textContent = body.polledAt ? "polled " + ago(body.polledAt) : "";
  } catch (e) {
    document.getElementById("health").textContent = "ops unreachable";
  }
}

async function findings() {
  const box = document.getElementById("findings");
  try {
    const body = await api("/api/findings");
    document.getElementById("findings-count").textContent = body.findings.length ? `(${body.findings.length})` : "";
    box.innerHTML = body.findings.length ? body.findings.map((f) => `
      <div class="finding ${esc(f.severity)}" data-rule="${esc(f.rule)}">
        <div class="summary"><span class="${esc(f.severity)}">${esc(f.severity)}</span> ${esc(f.summary)}
          <span class="dim small">since ${esc(ago(f.sinceMs))}</span></div>
        <div class="why"><b>Why:</b> ${esc(f.why)}</div>
        <div class="action"><b>What to do:</b> ${esc(f.action)}</div>
        <details><summary>Evidence (${f.evidence.length})</summary><ul>${f.evidence.map((e) => `<li>${e.location ? `<code>${esc(e.location)}</code> ` : ""}${esc(e.detail)}${
          e.series ? ` <span class="dim">[${esc(e.series)}: ${num(e.from, 2)} → ${num(e.to, 2)}, ${
            esc(new Date(e.fromMs).toLocaleTimeString())}–${esc(new Date(e.toMs).toLocaleTimeString())}]</span>`
            : ""}</li>`).join("")}</ul></details>
      </div>`).join("") : `<p class="dim">Nothing wrong found.</p>`;
  } catch (e) {
    box.innerHTML = `<p class="DOWN">Could not read findings: ${esc(e.message)}</p>`;
  }
}

async function connectors() {
  try {
    const list = await api("/api/connectors");
    fill("connectors", list.map((c) => `
      <tr data-connector="${esc(c.name)}">
        <td>${esc(c.name)}${c.topics ? `<div class="dim small">${esc(c.topics)}</div>` : ""}</td>
        <td>${esc(c.type)}</td>
        <td class="state">${state(c.state)}${c.trace ? `<details><summary>trace</summary><pre>${esc(c.trace)}</pre></details>` : ""}</td>
        <td>${esc(c.worker)}</td>
        <td>${c.tasks.map((t) => `<div>${esc(t.id)}: ${state(t.state)} <span class="dim">${esc(t.worker)}</span>${
          t.trace ? `<details><summary>trace</summary><pre>${esc(t.trace)}</pre></details>` : ""}</div>`).join("")}</td>
        <td>${["pause", "resume", "restart", "stop"].map((action) =>
          `<button data-action="${action}" data-name="${esc(c.name)}">${action}</button>`).join("")}</td>
      </tr>`), "No connectors.");
  } catch (e) {
    failed("connectors", e);
  }
}

async function lag() {
  try {
    const body = await api("/api/lag");
    fill("groups", body.groups.map((g) => `
      <tr data-group="${esc(g.group)}">
        <td>${esc(g.group)}${g.connector ? `<div class="dim small">connector ${esc(g.connector)}</div>` : ""}</td>
        <td>${esc(g.kind)}</td><td>${esc(g.state)}</td><td class="status">${state(g.status)}</td>
        <td class="num">${num(g.totalLag)}</td><td class="num">${num(g.maxLagSeconds, 1)}</td>
        <td><details><summary>${g.partitions.length}</summary><table>${g.partitions.map((p) => `<tr>
          <td>${esc(p.topic)}-${esc(p.partition)}</td><td>${state(p.status)}</td>
          <td class="num">${num(p.committedOffset)} / ${num(p.endOffset)}</td><td class="num">lag ${num(p.lag)}</td>
          <td class="dim">${p.window.length} commits</td></tr>`).join("")}</table></details></td>
      </tr>`), body.error || "No consumer groups.");
  } catch (e) {
    failed("groups", e);
  }
}

async function nodes() {
  try {
    const body = await api("/api/nodes");
    fill("nodes", body.nodes.map((n) => n.up ? `
      <tr data-node="${esc(n.address)}">
        <td>${esc(n.address)}<div class="dim small">JMX ${esc(n.endpoint)} · ${esc(n.version)}</div></td>
        <td>${esc(n.datacenter)} / ${esc(n.rack)}</td><td>${state(n.mode)}</td>
        <td class="num">${bytes(n.heapUsedBytes)} / ${bytes(n.heapMaxBytes)}</td>
        <td class="num">${num(n.pendingCompactions)}${Object.keys(n.pendingByTable).length ? `<div class="dim small">${
          Object.entries(n.pendingByTable).map(([t, p]) => esc(t) + " " + p).join(", ")}</div>` : ""}</td>
        <td>${n.activeCompactions.map((c) => `<div>${esc(c.keyspace)}.${esc(c.table)} ${esc(c.kind)} ${
          c.total > 0 ? Math.round(100 * c.completed / c.total) + "%" : ""}</div>`).join("") || "–"}</td>
        <td class="num">${bytes(n.compactedBytesPerSecond)}/s<div class="dim small">limit ${
          n.compactionThroughputMibPerSec > 0 ? n.compactionThroughputMibPerSec + " MiB/s" : "none"}</div></td>
        <td class="num">${num(n.writeP99Ms, 1)} ms</td><td class="num">${num(n.readP99Ms, 1)} ms</td>
        <td class="num">${num(n.writesPerSecond)}</td><td class="num">${num(n.droppedMutationsPerSecond, 1)}</td>
      </tr>` : `<tr><td>${esc(n.address || n.endpoint)}</td><td colspan="10" class="DOWN">${esc(n.error)}</td></tr>`),
      "No Cassandra nodes watched (bridge ops --cassandra-jmx host:port,...).");
  } catch (e) {
    failed("nodes", e);
  }
}

async function cdc() {
  try {
    const body = await api("/api/cdc");
    fill("publishers", body.publishers.map((p) => `
      <tr><td>${esc(p.url)}</td><td>${state(p.status)}</td><td class="num">${bytes(p.backlogBytes)}</td>
        <td><span class="bar${p.cdcRawUsedRatio > 0.8 ? " high" : ""}"><span style="width:${
          Math.min(100, Math.round(p.cdcRawUsedRatio * 100))}%"></span></span> ${Math.round(p.cdcRawUsedRatio * 100)}%
          <span class="dim small">${bytes(p.cdcRawBytes)} of ${bytes(p.cdcTotalSpaceBytes)}</span></td>
        <td class="num">${num(p.lagSeconds, 2)}</td><td class="num">${num(p.changesPublished)}</td>
        <td>${p.reasons.map(esc).join("<br>")}${p.warning ? `<div class="WARN">${esc(p.warning)}</div>` : ""}</td></tr>`),
      "No CDC publishers watched (bridge ops --publisher-metrics URL,...).");
    const m = body.materializer;
    document.getElementById("materializer").innerHTML = m
      ? `Materializer: ${state(m.state)} · ${num(m.events)} change events written${m.error ? " · " + esc(m.error) : ""}`
      : "No materializer watched.";
  } catch (e) {
    failed("publishers", e);
  }
}

async function topics() {
  try {
    const list = await api("/api/topics");
    fill("topics", list.filter((t) => !t.internal).map((t) => `
      <tr data-topic="${esc(t.name)}"><td><a href="#" data-describe="${esc(t.name)}">${esc(t.name)}</a></td>
        <td class="num">${t.partitions}</td><td class="num">${t.replicationFactor}</td>
        <td><button data-delete-topic="${esc(t.name)}">delete</button></td></tr>`), "No topics.");
  } catch (e) {
    failed("topics", e);
  }
}

async function schemas() {
  try {
    const listing = await api("/api/schemas");
    document.getElementById("schema-registry").textContent = `${listing.registry}, default ${listing.defaultCompatibility}`;
    fill("schemas", listing.subjects.map((s) => `
      <tr data-subject="${esc(s.subject)}"><td>${esc(s.subject)}</td>
        <td>${s.topicExists ? esc(s.topic) : `<span class="dim">${esc(s.topic || "–")}</span>`}</td>
        <td class="num">${s.versions.length}</td><td class="num">${s.latestId < 0 ? "–" : s.latestId}</td>
        <td>${esc(s.compatibility)}</td></tr>`), "No subjects yet.");
  } catch (e) {
    if (e.message.startsWith("No schema registry")) {
      document.getElementById("schemas-section").hidden = true;
    } else {
      failed("schemas", e);
    }
  }
}

async function describeTopic(name) {
  selectedTopic = name;
  const box = document.getElementById("topic-details");
  try {
    const t = await api("/api/topics/" + encodeURIComponent(name));
    box.innerHTML = `<h3>${esc(t.name)} <span class="dim small">${num(t.messages)} records kept</span></h3>
      <table><thead><tr><th>partition</th><th>leader</th><th>replicas</th><th>in sync</th>
        <th class="num">offsets</th></tr></thead><tbody>${t.partitions.map((p) => `<tr><td>${p.partition}</td>
        <td>${esc(p.leader)}</td><td>${esc(p.replicas.join(", "))}</td><td>${esc(p.isr.join(", "))}</td>
        <td class="num">${num(p.earliestOffset)} – ${num(p.endOffset)}</td></tr>`).join("")}</tbody></table>
      <p>${Object.keys(t.configs).length ? Object.entries(t.configs).map(([k, v]) => `<code>${esc(k)}=${esc(v)}</code>`)
        .join(" ") : `<span class="dim">every config at the broker's default</span>`}</p>`;
  } catch (e) {
    box.innerHTML = `<p class="DOWN">${esc(e.message)}</p>`;
  }
}

// Charts: one time axis for lag and compactions (uPlot, cursors kept in step).
const palette = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#4e342e"];

function chartData(series, names) {
  const times = new Set();
  series.forEach((s) => s.points.forEach((p) => times.add(p[0])));
  const xs = Array.from(times).sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  const columns = names.map((name) => {
    const column = new Array(xs.length).fill(null);
    const found = series.find((s) => s.name === name);
    if (found) found.points.forEach((p) => { column[index.get(p[0])] = p[1]; });
    return column;
  });
  return [xs.map((t) => t / 1000), ...columns];
}

function drawChart(id, left, right, leftLabel, rightLabel, series) {
  const names = [...left.map((s) => s.name), ...right.map((s) => s.name)];
  const data = chartData(series, names);
  const signature = names.join("|");
  const element = document.getElementById(id);
  if (charts[id] && charts[id].signature === signature) {
    charts[id].plot.setData(data);
    return;
  }
  if (charts[id]) charts[id].plot.destroy();
  const specs = [{}, ...left.map((s, i) => ({label: s.label, scale: "left", stroke: palette[i % palette.length],
    width: 2, spanGaps: true})), ...right.map((s, i) => ({label: s.label, scale: "right",
    stroke: palette[(left.length + i) % palette.length], width: 2, dash: [6, 4], spanGaps: true}))];
  const plot = new uPlot({
    width: Math.max(400, element.clientWidth), height: 260, series: specs,
    cursor: {sync: {key: "ops"}},
    scales: {x: {time: true}, left: {auto: true, range: (u, min, max) => [0, Math.max(1, max * 1.1)]},
      right: {auto: true, range: (u, min, max) => [0, Math.max(1, max * 1.1)]}},
    axes: [{label: "time"}, {scale: "left", label: leftLabel, size: 70},
      {scale: "right", side: 1, label: rightLabel, size: 70, grid: {show: false}}],
  }, data, element);
  charts[id] = {plot, signature};
}

async function history() {
  const minutes = document.getElementById("minutes").value;
  try {
    const names = (await api("/api/history")).series;
    const pick = (prefix) => names.filter((n) => n.startsWith(prefix));
    const lagSeries = pick("lag.records:");
    const pending = pick("node.pending.compactions:");
    const writes = pick("node.write.p99.ms:");
    const compacted = pick("node.compacted.bytes.per.second:");
    const wanted = [...lagSeries, ...pending, ...writes, ...compacted];
    const body = wanted.length ? await api("/api/history?minutes=" + minutes + "&series="
        + wanted.map(encodeURIComponent).join(",")) : {series: []};
    const mib = body.series.map((s) => s.name.startsWith("node.compacted.bytes.per.second:")
        ? {name: s.name, points: s.points.map((p) => [p[0], p[1] / 1048576])} : s);
    const label = (name) => name.substring(name.indexOf(":") + 1);
    drawChart("chart-lag", lagSeries.map((n) => ({name: n, label: "lag " + label(n)})),
        pending.map((n) => ({name: n, label: "pending compactions " + label(n)})), "records", "pending compactions",
        mib);
    drawChart("chart-nodes", writes.map((n) => ({name: n, label: "write p99 " + label(n)})),
        compacted.map((n) => ({name: n, label: "compacted " + label(n)})), "ms", "MiB/s", mib);
  } catch (e) {
    document.getElementById("chart-lag").textContent = "Could not read history: " + e.message;
  }
}

const SEGMENT_STATES = {P: "pending", W: "postponed", R: "running", D: "done", F: "failed"};
const when = (iso) => iso ? esc(iso.replace(/\.\d+Z$/, "Z").replace("T", " ")) : "–";

function segmentGrid(grid) {
  return `<div class="grid" aria-label="segments">${[...grid].map((letter, seq) =>
      `<i class="${letter}" title="segment ${seq}: ${SEGMENT_STATES[letter]}"></i>`).join("")}</div>`;
}

async function repairs() {
  let body;
  try {
    body = await api("/api/repairs");
  } catch (e) {
    fill("repairs", [], e.message);
    fill("repair-schedules", [], "");
    return;
  }
  fill("repairs", body.runs.map((run) => {
    const finished = run.done + run.failed;
    const share = run.total ? finished / run.total : 0;
    const actions = run.state === "RUNNING" ? ["pause", "abort"] : run.state === "PAUSED" ? ["resume", "abort"] : [];
    return `<tr data-run="${esc(run.id)}"><td class="small">${esc(run.id.substring(0, 8))}</td>
      <td>${esc(run.keyspace)}${run.tables.length ? " " + esc(run.tables.join(",")) : ""}</td>
      <td>${state(run.state)}${run.waiting ? `<div class="small WARN">${esc(run.waiting)}</div>` : ""}
        ${run.error ? `<div class="small ERROR">${esc(run.error)}</div>` : ""}</td>
      <td><span class="bar${run.failed ? " high" : ""}"><span style="width:${(share * 100).toFixed(1)}%"></span></span>
        ${Math.floor(share * 100)}%${segmentGrid(run.grid)}</td>
      <td class="small">${run.done}/${run.total} done${run.running ? `, ${run.running} running` : ""}${
        run.failed ? `, ${run.failed} failed` : ""}${run.postponed ? `, ${run.postponed} postponed` : ""}
        <div class="dim">${run.segmentsPerNode}/node, intensity ${run.intensity}, ${esc(run.parallelism)}${
        run.incremental ? ", incremental" : ""}</div></td>
      <td class="small">${when(run.createdAt)}</td><td class="small">${esc(run.cause)}</td>
      <td>${actions.map((a) => `<button data-repair="${esc(run.id)}" data-repair-action="${a}">${a}</button>`)
        .join("")}</td></tr>`;
  }), "No repair runs yet.");
  fill("repair-schedules", body.schedules.map((s) => `<tr><td class="small">${esc(s.id.substring(0, 8))}</td>
      <td>${esc(s.keyspace)}${s.tables.length ? " " + esc(s.tables.join(",")) : ""}</td><td>${esc(s.every)}</td>
      <td class="small">${when(s.nextRun)}</td><td>${s.active ? state("ACTIVE") : state("PAUSED")}</td>
      <td class="small">${s.lastRunId ? esc(s.lastRunId.substring(0, 8)) : "–"}</td>
      <td>${["run-now", s.active ? "pause" : "resume", "delete"].map((a) =>
        `<button data-schedule="${esc(s.id)}" data-schedule-action="${a}">${a}</button>`).join("")}</td></tr>`),
      "No schedules.");
}

async function refresh() {
  await Promise.all([health(), findings(), connectors(), lag(), nodes(), cdc(), repairs(), schemas(), history()]);
}

document.addEventListener("click", async (event) => {
  const target = event.target;
  if (target.dataset.action) {
    target.disabled = true;
    try {
      await api(`/api/connectors/${encodeURIComponent(target.dataset.name)}/${target.dataset.action}`, {method: "POST"});
      setTimeout(connectors, 700);
      setTimeout(connectors, 2000);
    } catch (e) {
      alert(`${target.dataset.action} ${target.dataset.name}: ${e.message}`);
    } finally {
      target.disabled = false;
    }
  } else if (target.dataset.repair || target.dataset.schedule) {
    const run = target.dataset.repair;
    const path = run ? `/api/repairs/${run}/${target.dataset.repairAction}`
        : `/api/repairs/schedules/${target.dataset.schedule}` + (target.dataset.scheduleAction === "delete" ? ""
            : "/" + target.dataset.scheduleAction);
    const method = target.dataset.scheduleAction === "delete" ? "DELETE" : "POST";
    if ((target.dataset.repairAction === "abort" || method === "DELETE") && !confirm(`${target.textContent}?`)) return;
    target.disabled = true;
    try {
      await api(path, {method});
      await repairs();
    } catch (e) {
      alert(`${target.textContent}: ${e.message}`);
    } finally {
      target.disabled = false;
    }
  } else if (target.dataset.describe) {
    event.preventDefault();
    describeTopic(target.dataset.describe);
  } else if (target.dataset.deleteTopic) {
    const name = target.dataset.deleteTopic;
    if (!confirm(`Delete topic ${name} and every record in it?`)) return;
    try {
      await api("/api/topics/" + encodeURIComponent(name), {method: "DELETE"});
      if (selectedTopic === name) document.getElementById("topic-details").innerHTML = "";
      topics();
    } catch (e) {
      alert(`delete ${name}: ${e.message}`);
    }
  }
});

document.getElementById("topic-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const message = document.getElementById("topic-message");
  const configs = {};
  form.configs.value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean).forEach((pair) => {
    const equals = pair.indexOf("=");
    if (equals > 0) configs[pair.substring(0, equals).trim()] = pair.substring(equals + 1).trim();
  });
  try {
    const created = await api("/api/topics", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({name: form.name.value.trim(), partitions: Number(form.partitions.value),
        replicationFactor: Number(form.replicationFactor.value), configs})});
    message.textContent = `created ${created.name}`;
    message.className = "OK";
    form.name.value = "";
    await topics();
    describeTopic(created.name);
  } catch (e) {
    message.textContent = e.message;
    message.className = "DOWN";
  }
});

document.getElementById("repair-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const message = document.getElementById("repair-message");
  const scheduling = event.submitter && event.submitter.value === "schedule";
  const request = {keyspace: form.keyspace.value.trim(),
    tables: form.tables.value.split(",").map((t) => t.trim()).filter(Boolean),
    segmentsPerNode: Number(form.segmentsPerNode.value), intensity: Number(form.intensity.value),
    parallelism: form.parallelism.value, incremental: form.incremental.checked};
  if (scheduling) request.every = form.every.value.trim();
  try {
    const created = await api(scheduling ? "/api/repairs/schedules" : "/api/repairs", {method: "POST",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify(request)});
    message.textContent = scheduling ? `scheduled every ${created.every}` : `started: ${created.total} segments`;
    message.className = "OK";
    await repairs();
  } catch (e) {
    message.textContent = e.message;
    message.className = "DOWN";
  }
});

document.getElementById("minutes").addEventListener("change", history);
window.addEventListener("resize", () => Object.values(charts).forEach((c) =>
    c.plot.setSize({width: Math.max(400, c.plot.root.parentElement.clientWidth), height: 260})));

refresh();
topics();
setInterval(refresh, REFRESH_MS);
setInterval(topics, 30000);
