/* PWB operator dashboard: read-only views over the REST API, refreshed every few seconds. No build step. */
'use strict';

// API-PATHS-BEGIN: every API path this page reads. DashboardTest GETs each of them for the demo cluster.
const API = Object.freeze({
  clusters: '/api/v1/clusters',
  hosts: '/api/v1/clusters/{cluster}/hosts',
  vms: '/api/v1/clusters/{cluster}/vms',
  hostCpuNow: '/api/v1/clusters/{cluster}/hosts/{host}/samples?metric=cpu_percent&limit=1',
  projection: '/api/v1/clusters/{cluster}/hosts/{host}/projection',
  decisions: '/api/v1/clusters/{cluster}/decisions?limit=6',
  decision: '/api/v1/decisions/{decision}',
  shadows: '/api/v1/clusters/{cluster}/shadows?limit=200',
  shadowHistory: '/api/v1/shadows/{shadow}/history',
  forecast: '/api/v1/clusters/{cluster}/vms/{vm}/forecast',
});
// API-PATHS-END

const REFRESH_MS = 5000;
const PARALLEL_REQUESTS = 6;
const SHADOWS_WITH_HISTORY = 8;
const SHADOW_STATES = ['RESERVED', 'MIGRATING', 'VERIFYING', 'COMMITTED', 'ROLLED_BACK', 'EXPIRED'];
const FINAL_STATES = new Set(['COMMITTED', 'ROLLED_BACK', 'EXPIRED']);
const TOKEN_KEY = 'pwb.dashboard.token';
const SVG_NS = 'http://www.w3.org/2000/svg';

const state = {
  cluster: decodeURIComponent(location.hash.replace(/^#/, '')) || null,
  vm: null,
  metric: 'cpu_mhz',
  explanations: new Map(), // decision id -> explanation (decisions never change)
  histories: new Map(),    // shadow id -> {state, history}; re-read until the shadow is final
  opened: new Map(),       // decision id -> open or closed by the operator, kept across refreshes
  timer: null,
};

/* ---------- HTTP ---------- */

class ApiError extends Error {
  constructor(url, status, title, detail, errors) {
    super(`${title}${detail && detail !== title ? ': ' + detail : ''}`);
    this.url = url;
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors || [];
  }
}

function apiPath(name, params = {}) {
  return API[name].replace(/\{(\w+)\}/g, (_, key) => {
    if (params[key] === undefined || params[key] === null) throw new Error(`missing ${key} for ${name}`);
    return encodeURIComponent(params[key]);
  });
}

/** GET one API path; any non-2xx answer becomes an ApiError carrying the RFC 7807 problem's fields. */
async function getJson(name, params) {
  const url = apiPath(name, params);
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(url.replace(/^\//, ''), { headers, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(url, 0, 'PWB is not reachable', String(e.message || e));
  }
  const type = response.headers.get('Content-Type') || '';
  let body = null;
  if (type.includes('json')) {
    try { body = await response.json(); } catch (e) { body = null; }
  }
  if (!response.ok) {
    const p = body && typeof body === 'object' ? body : {};
    throw new ApiError(url, response.status, p.title || `HTTP ${response.status} ${response.statusText}`, p.detail || '', p.errors);
  }
  if (body === null) throw new ApiError(url, response.status, 'Unexpected answer', `expected JSON, got '${type || 'nothing'}'`);
  return body;
}

/** Runs fn over items with at most PARALLEL_REQUESTS in flight; results (or errors) keep the items' order. */
async function mapLimited(items, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      try { out[i] = { value: await fn(items[i]) }; } catch (error) { out[i] = { error }; }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, items.length) }, worker));
  return out;
}

/* ---------- DOM helpers (text only: API data never becomes markup) ---------- */

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

function fill(id, title, ...content) {
  const section = document.getElementById(id);
  section.dataset.loaded = 'yes';
  section.replaceChildren(el('h2', { text: title }), ...content.flat().filter(Boolean));
}

function problemBox(error) {
  return el('div', { class: 'problem' },
    el('strong', { text: error.status ? `${error.status} ${error.title}` : error.title || 'Error' }),
    error.detail ? ` ${error.detail}` : '',
    error.url ? el('code', { text: ` GET ${error.url}` }) : '',
    error.errors && error.errors.length ? el('ul', {}, error.errors.map(e => el('li', { text: e }))) : '');
}

const pct = v => (v === null || v === undefined || Number.isNaN(v) ? '–' : `${(v * 100).toFixed(1)} %`);
const time = iso => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–');
const shortId = id => (id && id.length > 12 ? id.slice(0, 8) : id);
const gib = bytes => `${(bytes / 2 ** 30).toFixed(bytes >= 10 * 2 ** 30 ? 0 : 1)} GiB`;

/** A horizontal bar for a 0..1+ utilisation, red above the threshold. */
function bar(value, threshold, label) {
  const known = value !== null && value !== undefined;
  const over = known && value > threshold;
  return el('div', { class: 'bar' + (over ? ' over' : ''), title: label },
    el('div', { class: 'track' },
      el('div', { class: 'fill', style: `width:${known ? Math.min(100, value * 100).toFixed(1) : 0}%` }),
      el('div', { class: 'limit', style: `left:${(threshold * 100).toFixed(1)}%` })),
    el('span', { text: known ? pct(value) : 'no data' }));
}

/** The horizon as a sparkline: conservative utilisation per step, points above the threshold in red. */
function sparkline(values, threshold) {
  const w = 110, h = 30, pad = 3;
  const top = Math.max(1, ...values.filter(v => v !== null)) * 1.05;
  const x = i => pad + (values.length < 2 ? 0 : (i * (w - 2 * pad)) / (values.length - 1));
  const y = v => h - pad - (v / top) * (h - 2 * pad);
  const points = values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
  const over = values.some(v => v !== null && v > threshold);
  return svg('svg', { class: 'spark', width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img',
    'aria-label': `projected utilisation over ${values.length} steps` },
    svg('line', { x1: pad, x2: w - pad, y1: y(threshold), y2: y(threshold), class: 'threshold' }),
    svg('polyline', { points: points.join(' '), class: over ? 'line over' : 'line' }),
    values.map((v, i) => (v !== null && v > threshold
      ? svg('circle', { cx: x(i), cy: y(v), r: 2.2, class: 'hot' }) : null)));
}

/* ---------- sections ---------- */

function renderClusterNav(clusters) {
  const nav = document.getElementById('clusters');
  nav.replaceChildren(...clusters.map(c => el('button', {
    type: 'button', class: c.id === state.cluster ? 'active' : '', text: c.id,
    onclick: () => { state.cluster = c.id; state.vm = null; location.hash = encodeURIComponent(c.id); refreshNow(); },
  })));
}

function renderCluster(cluster, hosts, vms, shadows) {
  const active = shadows.filter(s => !FINAL_STATES.has(s.state)).length;
  const facts = [
    ['mode', el('span', { class: `badge mode-${cluster.mode}`, text: cluster.mode })],
    ['threshold', `${cluster.cpuThresholdPercent} %`],
    ['memory threshold', `${cluster.memoryThresholdPercent} %`],
    ['training', `${(cluster.trainingSeconds / 3600).toFixed(cluster.trainingSeconds % 3600 ? 1 : 0)} h`],
    ['hosts', hosts.length],
    ['VMs', vms.length],
    ['active shadows', active],
  ];
  fill('cluster', `Cluster ${cluster.id}`,
    el('dl', { class: 'facts' }, facts.map(([k, v]) => el('div', {}, el('dt', { text: k }), el('dd', {}, v)))));
}

function renderHosts(cluster, hosts, vms, rows) {
  const threshold = cluster.cpuThresholdPercent / 100;
  const vmCount = new Map();
  vms.forEach(v => v.hostId && vmCount.set(v.hostId, (vmCount.get(v.hostId) || 0) + 1));
  const horizonMin = rows.map(r => r.projection && r.projection.value)
    .filter(Boolean).map(p => (p.stepSeconds * p.steps.length) / 60)[0];
  const table = el('table', { class: 'hosts' },
    el('thead', {}, el('tr', {},
      ['host', 'VMs', 'capacity', 'now (measured CPU)', `projected peak${horizonMin ? ` (${horizonMin} min)` : ''}`, 'horizon']
        .map(t => el('th', { text: t })))),
    el('tbody', {}, hosts.map((h, i) => {
      const r = rows[i];
      const sample = r.now.value && r.now.value.points && r.now.value.points[0];
      const nowValue = sample ? sample.value / 100 : null;
      const p = r.projection.value;
      const over = p && p.peakUtilisation !== null && p.peakUtilisation > threshold;
      return el('tr', { class: over ? 'over' : '' },
        el('td', {}, el('strong', { text: h.id }), p && p.maintenanceInHorizon ? el('span', { class: 'badge warn', text: 'maintenance' }) : ''),
        el('td', { class: 'num', text: vmCount.get(h.id) || 0 }),
        el('td', { class: 'muted', text: `${(h.cpuMhz / 1000).toFixed(1)} GHz · ${gib(h.memoryBytes)}` }),
        el('td', {}, r.now.error ? el('span', { class: 'err', text: r.now.error.message })
          : bar(nowValue, threshold, sample ? `measured at ${time(sample.timestamp)}` : 'no CPU sample yet')),
        el('td', {}, r.projection.error ? el('span', { class: 'err', title: r.projection.error.message, text: r.projection.error.detail || r.projection.error.title })
          : bar(p.peakUtilisation, threshold, 'peak of the upper forecasts plus reservations')),
        el('td', {}, p ? sparkline(p.steps.map(s => s.utilisation), threshold) : ''));
    })));
  fill('hosts', 'Hosts', hosts.length ? table : el('p', { class: 'muted', text: 'No hosts registered yet.' }),
    el('p', { class: 'legend' }, el('span', { class: 'swatch ok' }), ' at or under threshold ',
      el('span', { class: 'swatch hot' }), ` above ${cluster.cpuThresholdPercent} % · the line marks the threshold`));
}

function renderDecisions(decisions, explained) {
  if (!decisions.length) {
    fill('decisions', 'Latest decisions', el('p', { class: 'muted', text: 'No decisions yet: PWB decides when a host is predicted to cross its threshold.' }));
    return;
  }
  fill('decisions', 'Latest decisions', decisions.map((d, i) => {
    const r = explained[i];
    const x = r.value && r.value.explanation;
    const e = x && x.explanation;
    const open = state.opened.has(d.id) ? state.opened.get(d.id) : i < 2;
    return el('details', { class: 'decision', open: open ? 'open' : null,
      // only the operator's own choices are kept (the browser also fires toggle for the initial open attribute)
      ontoggle: ev => (ev.target.open === (i < 2) ? state.opened.delete(d.id) : state.opened.set(d.id, ev.target.open)) },
      el('summary', {},
        el('span', { class: 'badge ' + (d.acted ? 'acted' : 'advisory'), text: d.acted ? 'acted' : 'advisory' }),
        el('span', { class: 'when', text: time(d.createdAt) }),
        el('a', { href: '#', class: 'vm', text: d.vmId, title: 'show this VM\'s forecast',
          onclick: ev => { ev.preventDefault(); selectVm(d.vmId); } }),
        ` ${d.sourceHostId || '–'} → ${d.targetHostId || '–'}`),
      el('p', { class: 'summary', text: d.summary }),
      r.error ? problemBox(r.error) : e ? explanationView(x, e) : '');
  }));
}

function explanationView(x, e) {
  const peak = (label, before, after) => el('tr', {}, el('th', { text: label }),
    el('td', { text: pct(before) }), el('td', { text: '→' }), el('td', { text: pct(after) }));
  const criteria = (e.criteria || []).map(c => el('tr', {},
    el('td', { text: c.criterion }),
    el('td', { class: 'num', text: Number(c.normalised).toFixed(2) }),
    el('td', { class: 'num', text: Number(c.weight).toFixed(1) }),
    el('td', { class: 'num', text: (c.normalised * c.weight).toFixed(2) }),
    el('td', { class: 'muted', text: c.text })));
  return el('div', { class: 'explanation' },
    el('p', {}, el('span', { class: 'k', text: 'forecast used ' }), e.forecast || '–',
      x.kind ? el('span', { class: 'muted', text: ` · ${x.kind.toLowerCase().replace(/_/g, ' ')}` }) : '',
      x.shadowId ? el('span', { class: 'muted', text: ` · shadow ${shortId(x.shadowId)}` }) : ''),
    el('table', { class: 'peaks' }, el('tbody', {},
      peak(`source ${x.migration ? x.migration.sourceHostId : ''} peak`, e.sourcePeakBefore, e.sourcePeakAfter),
      peak(`target ${x.migration ? x.migration.targetHostId : ''} peak`, e.targetPeakBefore, e.targetPeakAfter))),
    criteria.length ? el('table', { class: 'criteria' },
      el('thead', {}, el('tr', {}, ['criterion', 'score', 'weight', 'weighted', ''].map(t => el('th', { text: t })))),
      el('tbody', {}, criteria)) : '');
}

function renderShadows(shadows, histories) {
  const byState = new Map(SHADOW_STATES.map(s => [s, []]));
  shadows.forEach(s => (byState.get(s.state) || byState.set(s.state, []).get(s.state)).push(s));
  const counts = el('div', { class: 'states' }, [...byState].map(([s, list]) =>
    el('span', { class: `state st-${s.toLowerCase()}${list.length ? '' : ' none'}`, text: `${s.replace('_', ' ').toLowerCase()} ${list.length}` })));
  const shown = shadows.slice(0, SHADOWS_WITH_HISTORY);
  const groups = SHADOW_STATES.concat([...byState.keys()].filter(s => !SHADOW_STATES.includes(s)))
    .map(s => [s, shown.filter(x => x.state === s)]).filter(([, list]) => list.length)
    .map(([s, list]) => el('div', { class: 'group' },
      el('h3', { text: `${s.replace('_', ' ').toLowerCase()} (${byState.get(s).length})` }),
      list.map(sh => {
        const h = histories.get(sh.id);
        return el('div', { class: 'shadow' },
          el('div', { class: 'head' }, el('code', { text: shortId(sh.id), title: sh.id }),
            el('a', { href: '#', class: 'vm', text: sh.vmId, onclick: ev => { ev.preventDefault(); selectVm(sh.vmId); } }),
            ` ${sh.sourceHostId || '–'} → ${sh.targetHostId || '–'}`, el('span', { class: 'muted', text: ` updated ${time(sh.updatedAt)}` })),
          h && h.error ? problemBox(h.error) : h ? el('ol', { class: 'history' }, h.history.map(t => el('li', {},
            el('span', { class: `state st-${(t.toState || '').toLowerCase()}`, text: (t.toState || '').toLowerCase() }),
            el('span', { class: 'when', text: time(t.at) }), el('span', { class: 'muted', text: t.reason || '' })))) : '');
      })));
  fill('shadows', 'Shadows', counts,
    shadows.length ? groups : el('p', { class: 'muted', text: 'No shadows yet: a shadow reserves capacity on the target of each move.' }),
    shadows.length > shown.length ? el('p', { class: 'muted', text: `history shown for the ${shown.length} newest of ${shadows.length} shadows` }) : '');
}

/* ---------- forecast chart ---------- */

function selectVm(vmId) {
  state.vm = vmId;
  refreshNow();
  document.getElementById('forecast').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

function renderForecast(vms, result) {
  const select = el('select', { id: 'vm-select', 'aria-label': 'VM',
    onchange: ev => { state.vm = ev.target.value; refreshNow(); } },
    vms.map(v => el('option', { value: v.id, text: `${v.id}${v.hostId ? ' on ' + v.hostId : ''}`, selected: v.id === state.vm ? 'selected' : null })));
  const controls = el('div', { class: 'controls' }, el('label', {}, 'VM ', select));
  if (!vms.length) {
    fill('forecast', 'VM forecast', el('p', { class: 'muted', text: 'No VMs registered yet.' }));
    return;
  }
  if (result.error) {
    fill('forecast', 'VM forecast', controls, problemBox(result.error));
    return;
  }
  const data = result.value;
  const metrics = Object.keys(data.forecasts || {});
  if (!metrics.includes(state.metric) && metrics.length) state.metric = metrics[0];
  controls.append(' ', el('label', {}, 'metric ', el('select', { 'aria-label': 'metric',
    onchange: ev => { state.metric = ev.target.value; refreshNow(); } },
    metrics.map(m => el('option', { value: m, text: m, selected: m === state.metric ? 'selected' : null })))));
  const f = data.forecasts[state.metric];
  if (!f) {
    fill('forecast', 'VM forecast', controls, el('p', { class: 'muted', text: `${data.vmId} has no forecast yet (not enough samples).` }));
    return;
  }
  const vm = vms.find(v => v.id === data.vmId);
  const acc = f.accuracy || {};
  const num = v => (v === null || v === undefined ? '–' : formatValue(state.metric, v));
  const key = (cls, text) => el('span', { class: 'key' }, el('span', { class: `key-${cls}` }), text);
  fill('forecast', 'VM forecast', controls, forecastChart(f, state.metric, vm),
    el('p', { class: 'legend' }, key('point', 'forecast'), key('upper', `upper bound (q${f.upperQuantile})`),
      vmSize(vm, state.metric) ? key('size', `VM size ${formatValue(state.metric, vmSize(vm, state.metric))}`) : ''),
    el('p', { class: 'facts-inline' },
      el('span', {}, el('span', { class: 'k', text: 'model ' }), f.model),
      el('span', {}, el('span', { class: 'k', text: 'upper bound ' }), `q${f.upperQuantile}`),
      el('span', {}, el('span', { class: 'k', text: 'MAE ' }), num(acc.mae)),
      el('span', {}, el('span', { class: 'k', text: 'RMSE ' }), num(acc.rmse)),
      el('span', {}, el('span', { class: 'k', text: 'upper coverage ' }), acc.upperCoverage === null || acc.upperCoverage === undefined ? '–' : pct(acc.upperCoverage)),
      el('span', {}, el('span', { class: 'k', text: 'samples ' }), acc.samples ?? '–'),
      data.inTrainingPhase || f.training ? el('span', { class: 'badge warn', text: 'training: never moved yet' }) : ''));
}

function formatValue(metric, v) {
  if (metric.endsWith('_bytes')) return gib(v);
  if (metric.endsWith('_mhz')) return `${Math.round(v)} MHz`;
  if (metric.endsWith('_percent')) return `${v.toFixed(1)} %`;
  return v.toFixed(1);
}

/** The VM's configured size in the metric's unit, when the inventory has one. */
function vmSize(vm, metric) {
  if (!vm) return null;
  return metric === 'cpu_mhz' ? vm.cpuMhz : metric === 'memory_bytes' ? vm.memoryBytes : null;
}

/** 1, 2, 2.5 or 5 times a power of ten: the smallest such step at least as large as raw. */
function niceStep(raw) {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

/** Point forecast and upper bound per horizon step, with the VM's configured size as a reference line. */
function forecastChart(f, metric, vm) {
  const W = 560, H = 230, L = 70, R = 14, T = 12, B = 34;
  const steps = f.point.length;
  const size = vmSize(vm, metric);
  const all = f.point.concat(f.upper).filter(v => v !== null && Number.isFinite(v));
  const scale = metric.endsWith('_bytes') ? 2 ** 30 : 1; // round ticks in GiB for byte metrics
  const lo = Math.min(0, ...all);
  const tick = niceStep((Math.max(...all, size || 0) * 1.05 - lo) / scale / 4) * scale;
  const hi = lo + Math.max(1, Math.ceil((Math.max(...all, size || 0) * 1.05 - lo) / tick)) * tick;
  const x = i => L + (steps < 2 ? 0 : (i * (W - L - R)) / (steps - 1));
  const y = v => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const line = vals => vals.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const band = line(f.upper) + ' ' + f.point.map((v, i) => [i, v]).reverse().map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const ticks = [];
  for (let v = lo; v <= hi + tick / 2; v += tick) ticks.push(v);
  const minutes = i => ((i + 1) * f.stepSeconds) / 60;
  const xTicks = [...new Set([0, Math.floor((steps - 1) / 2), steps - 1])];
  return svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img',
    'aria-label': `${metric} forecast and upper bound over ${steps} steps` },
    ticks.map(v => svg('g', {},
      svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end', text: formatValue(metric, v) }))),
    xTicks.map(i => svg('text', { x: x(i), y: H - B + 16, class: 'axis', text: `+${minutes(i)} min`,
      'text-anchor': i === steps - 1 ? 'end' : i === 0 ? 'start' : 'middle' })),
    svg('text', { x: (L + W - R) / 2, y: H - 4, class: 'axis', 'text-anchor': 'middle', text: 'minutes ahead' }),
    svg('polygon', { points: band, class: 'band' }),
    size ? svg('line', { x1: L, x2: W - R, y1: y(size), y2: y(size), class: 'size' }) : null,
    svg('polyline', { points: line(f.upper), class: 'upper' }),
    svg('polyline', { points: line(f.point), class: 'point' }));
}

/* ---------- refresh loop ---------- */

function showProblems(errors) {
  const box = document.getElementById('problems');
  const unique = new Map(errors.map(e => [`${e.status}|${e.url}|${e.message}`, e]));
  box.replaceChildren(...[...unique.values()].slice(0, 6).map(problemBox));
}

function showAuth(error) {
  const auth = document.getElementById('auth');
  auth.hidden = !error;
  document.getElementById('auth-detail').textContent = error
    ? (sessionStorage.getItem(TOKEN_KEY) ? 'The token in use was refused: ' : '') + (error.detail || error.title) : '';
}

async function refresh() {
  const errors = [];
  const note = (r) => { if (r && r.error) errors.push(r.error); return r; };
  try {
    const clusters = await getJson('clusters');
    showAuth(null);
    if (!clusters.length) {
      fill('cluster', 'Cluster', el('p', { class: 'muted', text: 'PWB knows no cluster yet: configure a platform or enable the demo cluster.' }));
      return errors;
    }
    if (!clusters.some(c => c.id === state.cluster)) state.cluster = clusters[0].id;
    renderClusterNav(clusters);
    const cluster = clusters.find(c => c.id === state.cluster);
    const params = { cluster: cluster.id };
    const [hosts, vms, decisions, shadows] = await Promise.all([
      getJson('hosts', params), getJson('vms', params), getJson('decisions', params), getJson('shadows', params)]);
    renderCluster(cluster, hosts, vms, shadows);

    const rows = await mapLimited(hosts, async h => {
      const [now, projection] = await Promise.all([
        getJson('hostCpuNow', { ...params, host: h.id }).then(value => ({ value }), error => ({ error })),
        getJson('projection', { ...params, host: h.id }).then(value => ({ value }), error => ({ error }))]);
      return { now: note(now), projection: note(projection) };
    });
    renderHosts(cluster, hosts, vms, rows.map(r => r.value || { now: { error: r.error }, projection: { error: r.error } }));

    const explained = await mapLimited(decisions, async d => {
      if (!state.explanations.has(d.id)) state.explanations.set(d.id, await getJson('decision', { decision: d.id }));
      return state.explanations.get(d.id);
    });
    explained.forEach(note);
    renderDecisions(decisions, explained);

    await mapLimited(shadows.slice(0, SHADOWS_WITH_HISTORY), async s => {
      const cached = state.histories.get(s.id);
      if (cached && !cached.error && cached.state === s.state && FINAL_STATES.has(s.state)) return;
      try {
        state.histories.set(s.id, { state: s.state, history: await getJson('shadowHistory', { shadow: s.id }) });
      } catch (error) {
        state.histories.set(s.id, { state: s.state, error });
        errors.push(error);
      }
    });
    renderShadows(shadows, state.histories);

    if (!vms.some(v => v.id === state.vm)) {
      state.vm = (decisions[0] && vms.some(v => v.id === decisions[0].vmId)) ? decisions[0].vmId : (vms[0] && vms[0].id);
    }
    const forecast = state.vm
      ? await getJson('forecast', { ...params, vm: state.vm }).then(value => ({ value }), error => ({ error }))
      : { value: null };
    renderForecast(vms, note(forecast));
  } catch (error) {
    if (error.status === 401) showAuth(error);
    errors.push(error);
    // Sections never loaded say why instead of "loading" forever; loaded ones keep their last data.
    document.querySelectorAll('main > section:not([data-loaded])').forEach(section => section.replaceChildren(
      section.querySelector('h2'), el('p', { class: 'muted', text: 'not loaded yet: see the problem above' })));
  }
  return errors;
}

async function refreshNow() {
  clearTimeout(state.timer);
  const status = document.getElementById('status');
  let errors;
  try {
    errors = await refresh();
  } catch (e) { // a bug in the page itself: say so rather than going blank
    errors = [new ApiError('', 0, 'Dashboard error', String(e && e.stack || e))];
  }
  showProblems(errors);
  const stamp = new Date().toLocaleTimeString();
  status.textContent = errors.length ? `${stamp} · ${errors.length} problem(s)` : `updated ${stamp}`;
  status.className = errors.length ? 'stale' : '';
  scheduleRefresh();
}

function scheduleRefresh() {
  clearTimeout(state.timer);
  if (!document.getElementById('paused').checked) state.timer = setTimeout(refreshNow, REFRESH_MS);
}

document.getElementById('paused').addEventListener('change', ev => (ev.target.checked ? clearTimeout(state.timer) : refreshNow()));
document.getElementById('auth-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const token = document.getElementById('auth-token').value.trim();
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  document.getElementById('auth-token').value = '';
  refreshNow();
});
document.getElementById('auth-forget').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); refreshNow(); });
document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshNow(); });
window.addEventListener('hashchange', () => {
  const wanted = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (wanted && wanted !== state.cluster) { state.cluster = wanted; state.vm = null; refreshNow(); }
});
refreshNow();
