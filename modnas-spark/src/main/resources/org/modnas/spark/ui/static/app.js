'use strict';
// ModularNAS live dashboard: hash-routed views over the read-only JSON API.
// Every string from the API reaches the page as a text node (see el()) or through an
// escaped ECharts tooltip (see tip()); nothing from the API is ever parsed as HTML.

const POLL_MS = 2000;
const PAGE_SIZE = 50;
const DASH = '—';
// Candidate-list state that links between views of one run carry along.
const FILTER_KEYS = ['status', 'rung', 'q', 'minScore', 'maxScore', 'sort', 'order', 'offset', 'ids'];
const RUN_TABS = [['', 'overview'], ['candidates', 'candidates'], ['architectures', 'architectures'],
  ['tradeoffs', 'trade-offs'], ['rungs', 'early stopping'], ['executors', 'executors']];
const STATUS_COLORS = { OK: '#2e9d5b', PRUNED: '#d9931e', FAILED: '#d64545', TIMEOUT: '#8a5cc2', RUNNING: '#3b82f6' };
const TIME_METRICS = ['build_seconds', 'init_seconds', 'first_step_seconds', 'bn_seconds',
  'valid_seconds', 'latency_seconds', 'train_seconds'];

const main = document.getElementById('main');
// One view is mounted at a time; `token` invalidates in-flight polls of a replaced view or route.
const ui = { token: 0, timer: 0, charts: [], urls: [], key: '', refresh: null };

/* ---------- DOM helpers ---------- */

// Builds an element; string children become text nodes, so API data can never inject markup.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'style' && typeof v === 'object') Object.assign(node.style, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const table = (testid, headers, tbody) =>
  el('table', { class: 'data', 'data-testid': testid },
    el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))), tbody);

// Two-column table of [label, value] pairs.
const kvTable = (testid, pairs) =>
  el('table', { class: 'kv', 'data-testid': testid },
    el('tbody', {}, pairs.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))));

const pill = status => el('span', { class: 'pill', 'data-status': status ?? 'RUNNING' }, status ?? 'running');

const swatch = (color, label) =>
  el('span', { class: 'legend-item' }, el('i', { class: 'swatch', style: { background: color } }), label);

/* ---------- formatting ---------- */

const isNum = v => typeof v === 'number' && Number.isFinite(v);
const fmtFixed = (v, digits) => (isNum(v) ? v.toFixed(digits) : DASH);
const fmtScore = v => fmtFixed(v, 4);
const fmtPct = v => (isNum(v) ? `${(v * 100).toFixed(1)}%` : DASH);
const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 });
const fmtCompact = v => (isNum(v) ? compactFormat.format(v) : DASH);
const fmtDateTime = ms => (isNum(ms) ? new Date(ms).toLocaleString() : DASH);
const fmtByStatus = by => Object.entries(by || {}).map(([k, n]) => `${n} ${k}`).join(' · ');
const shortId = id => String(id ?? '').slice(0, 12);
const archText = arch => Object.entries(arch || {}).map(([slot, c]) => `${slot}=${c}`).join(' ');

function fmtDuration(seconds) {
  if (!isNum(seconds)) return DASH;
  const t = Math.max(0, Math.round(seconds));
  const pad = n => String(n).padStart(2, '0');
  return `${Math.floor(t / 3600)}:${pad(Math.floor((t % 3600) / 60))}:${pad(t % 60)}`;
}

// Metric values can be anything JSON; keep numbers short, show the rest verbatim.
function fmtValue(v) {
  if (v == null) return DASH;
  if (isNum(v)) return Number.isInteger(v) ? String(v) : String(+v.toPrecision(6));
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// ECharts tooltips are rendered as HTML, so every line is escaped here.
const esc = s => String(s ?? '').replace(/[&<>"']/g, ch =>
  ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);
const tip = (...lines) => lines.map(esc).join('<br>');

/* ---------- URLs and routing ---------- */

// Query string with encoded values; `ids` stays a readable comma list of encoded ids.
function qs(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params || {})) {
    if (v == null || v === '') continue;
    const value = k === 'ids'
      ? String(v).split(',').filter(Boolean).map(encodeURIComponent).join(',')
      : encodeURIComponent(v);
    parts.push(`${encodeURIComponent(k)}=${value}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

const runHref = (runId, sub, params) =>
  `#/run/${encodeURIComponent(runId)}${sub ? `/${sub}` : ''}${qs(params)}`;

// The candidate filters of the current route; on the compare view `ids` names the compared set instead.
function carried(route) {
  const out = {};
  for (const k of FILTER_KEYS) {
    if (route.query.has(k) && !(k === 'ids' && route.view === 'compare')) out[k] = route.query.get(k);
  }
  return out;
}

const candidateHref = (route, cid) => runHref(route.runId, `candidate/${encodeURIComponent(cid)}`, carried(route));

const RUN_SUBVIEWS = ['candidates', 'architectures', 'tradeoffs', 'rungs', 'executors', 'compare'];

function parseRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const qi = raw.indexOf('?');
  const query = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  let parts;
  try {
    parts = (qi < 0 ? raw : raw.slice(0, qi)).split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { view: 'unknown', query };
  }
  if (parts.length === 0) return { view: 'runs', query };
  if (parts[0] !== 'run' || parts.length < 2) return { view: 'unknown', query };
  const runId = parts[1];
  if (parts.length === 2) return { view: 'overview', runId, query };
  if (parts.length === 4 && parts[2] === 'candidate') return { view: 'candidate', runId, candidateId: parts[3], query };
  if (parts.length === 3 && RUN_SUBVIEWS.includes(parts[2])) return { view: parts[2], runId, query };
  return { view: 'unknown', query };
}

/* ---------- API, polling and page chrome ---------- */

// Paths are relative to document.baseURI so the dashboard works under any mount prefix.
async function api(path, params, what) {
  const res = await fetch(new URL(`api/${path}${qs(params)}`, document.baseURI),
    { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) {
    const err = new Error(`HTTP ${res.status}`);
    err.status = res.status;
    err.what = what;
    throw err;
  }
  return res.json();
}

const runApi = (runId, sub, params, what) =>
  api(`runs/${encodeURIComponent(runId)}${sub ? `/${sub}` : ''}`, params, what || `run "${runId}"`);

function chart(container) {
  if (typeof echarts === 'undefined') throw new Error('static/echarts.min.js did not load');
  const c = echarts.init(container);
  ui.charts.push(c);
  return c;
}

function revokeUrls() {
  ui.urls.forEach(u => URL.revokeObjectURL(u));
  ui.urls = [];
}

function unmount() {
  ui.token++;
  clearTimeout(ui.timer);
  ui.charts.forEach(c => c.dispose());
  ui.charts = [];
  revokeUrls();
  ui.refresh = null;
}

function setNotice(text) {
  const n = document.getElementById('notice');
  n.textContent = text || '';
  n.hidden = !text;
}

function setLiveState(status) {
  const badge = document.getElementById('live-badge');
  badge.hidden = !status;
  badge.textContent = status === 'running' ? 'live' : 'finished';
  badge.dataset.state = status === 'running' ? 'live' : 'finished';
  document.getElementById('last-update').textContent = status ? `updated ${new Date().toLocaleTimeString()}` : '';
}

function setCrumbs(...items) {
  document.getElementById('crumbs').replaceChildren(
    ...items.flatMap((item, i) => [i ? el('span', { class: 'sep' }, '›') : null, item]).filter(Boolean));
}

function showNotFound(message) {
  unmount();
  setLiveState(null);
  setNotice(null);
  main.replaceChildren(el('div', { class: 'not-found', 'data-testid': 'not-found' },
    el('h1', {}, 'Not found'), el('p', {}, message), el('a', { href: '#/' }, 'Back to all runs')));
}

// Fetches and renders now, then every POLL_MS while render() reports a running run.
// Fetch failures keep the last drawing and show a retry notice; a 404 replaces the view.
function live(route, fetchData, render) {
  let current = route;
  const tick = async () => {
    const token = ++ui.token;
    clearTimeout(ui.timer);
    let data;
    try {
      data = await fetchData(current);
    } catch (err) {
      if (token !== ui.token) return;
      if (err.status === 404) return showNotFound(`${err.what || 'This page'} was not found.`);
      setNotice(`Connection lost, retrying… (${err.message})`);
      ui.timer = setTimeout(tick, POLL_MS);
      return;
    }
    if (token !== ui.token) return;
    setNotice(null);
    let status;
    try {
      status = render(data, current);
    } catch (err) {
      // Unexpected data should not leave a silently frozen page; say so and try again.
      console.error(err);
      setNotice(`Could not draw this view (${err.message}), retrying…`);
      ui.timer = setTimeout(tick, POLL_MS);
      return;
    }
    setLiveState(status);
    if (status === 'running') ui.timer = setTimeout(tick, POLL_MS);
  };
  // A hash change that stays on this view (filters, axes) refetches in place instead of rebuilding.
  ui.refresh = r => { current = r; tick(); };
  tick();
}

// Shared frame of every run view: breadcrumb, title with status, tabs. `build(body, route)`
// lays out the view once and returns {fetch(route), render(data, summary, route)}.
function runView(route, label, build) {
  const head = el('div', { class: 'run-head' });
  const tabs = el('nav', { class: 'tabs' });
  const body = el('div', { class: 'view-body' });
  main.replaceChildren(head, tabs, body);
  const view = build(body, route);
  let lastKey = null;
  let lastRoute = null;
  live(route,
    r => Promise.all([runApi(r.runId, 'summary'), view.fetch(r)]),
    ([summary, data], r) => {
      setCrumbs(el('a', { href: '#/' }, 'runs'), el('a', { href: runHref(r.runId, '', carried(r)) }, r.runId),
        el('span', {}, label));
      head.replaceChildren(el('h1', {}, r.runId), pill(summary.status),
        el('span', { class: 'muted' }, [summary.optimizer, summary.scheduler].filter(Boolean).join(' · ')));
      tabs.replaceChildren(...RUN_TABS.map(([sub, name]) => el('a', {
        href: runHref(r.runId, sub, carried(r)),
        class: (sub || 'overview') === r.view ? 'active' : null,
      }, name)));
      // Skip redraws when nothing changed, so text selections and open tooltips survive polling.
      // The overview has no data of its own and draws from the summary.
      const key = JSON.stringify(data ?? summary);
      if (key !== lastKey || r !== lastRoute) view.render(data, summary, r);
      lastKey = key;
      lastRoute = r;
      return summary.status;
    });
}

/* ---------- architecture strips ---------- */

const IDLE_CHOICE = /^(NIL|IDT)$/i;

// Stable colour per choice name (hashed hue), so strips, legends and charts agree.
function choiceColor(choice) {
  const name = String(choice);
  if (IDLE_CHOICE.test(name)) return '#b8bec7';
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
  return `hsl(${(h >>> 0) % 360}, 62%, 50%)`;
}

// MB<k>E<e>: width grows with the kernel size, height with the expansion ratio.
function boxSize(choice) {
  const m = /MB(\d)E(\d)/.exec(choice);
  if (m) return { width: 5 * Number(m[1]), height: Math.min(36, 10 + 4 * Number(m[2])) };
  return IDLE_CHOICE.test(choice) ? { width: 6, height: 12 } : { width: 16, height: 30 };
}

// One box per slot, in the order the API lists the arch.
function archStrip(arch, candidateId) {
  return el('div', { class: 'strip', 'data-testid': 'arch-strip', 'data-candidate': candidateId },
    Object.entries(arch || {}).map(([slot, choice]) => {
      const { width, height } = boxSize(String(choice));
      return el('span', {
        class: 'box',
        title: `${slot}: ${choice}`,
        style: { width: `${width}px`, height: `${height}px`, background: choiceColor(choice) },
      });
    }));
}

const choiceLegend = choices => [...new Set(choices.map(String))].sort().map(c => swatch(choiceColor(c), c));

/* ---------- runs list ---------- */

function runsView(route) {
  setCrumbs(el('span', {}, 'runs'));
  const tbody = el('tbody');
  const empty = el('p', { class: 'muted', hidden: true }, 'No runs yet.');
  main.replaceChildren(el('h1', {}, 'Runs'),
    table('runs-table', ['id', 'optimizer', 'scheduler', 'status', 'candidates', 'best score', 'started', 'elapsed'], tbody),
    empty);
  live(route, () => api('runs'), data => {
    const runs = data.runs || [];
    empty.hidden = runs.length > 0;
    tbody.replaceChildren(...runs.map(r => el('tr', { 'data-testid': 'run-row', 'data-run': r.id },
      el('td', {}, el('a', { href: runHref(r.id) }, r.id)),
      el('td', {}, r.optimizer ?? DASH),
      el('td', {}, r.scheduler ?? DASH),
      el('td', {}, pill(r.status)),
      el('td', {}, `${r.candidates ?? 0}${isNum(r.budgetCandidates) ? ` / ${r.budgetCandidates}` : ''} `,
        el('span', { class: 'muted' }, fmtByStatus(r.byStatus))),
      el('td', { class: 'num', 'data-testid': 'run-best' }, fmtScore(r.bestScore)),
      el('td', {}, fmtDateTime(r.startedAt)),
      el('td', { class: 'num' }, fmtDuration(r.elapsedSeconds)))));
    // Keep polling while anything runs, or while no run has shown up yet.
    return runs.length === 0 || runs.some(r => r.status === 'running') ? 'running' : 'finished';
  });
}

/* ---------- overview ---------- */

// Scatter of scores plus a best-so-far step line; points are named by candidate id.
function progressOption(points, xName) {
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 56, right: 20, top: 36, bottom: 44 },
    tooltip: {
      trigger: 'item',
      formatter: p => (p.seriesIndex === 0
        ? tip(`candidate ${p.name}`, `${xName}: ${fmtValue(p.value[0])}`, `score: ${fmtScore(p.value[1])}`)
        : tip(`best so far: ${fmtScore(p.value[1])}`)),
    },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: 'score', scale: true },
    series: [
      { name: 'score', type: 'scatter', symbolSize: 6, itemStyle: { color: '#7b93b8' },
        data: points.filter(p => isNum(p.score)).map(p => ({ name: p.candidateId, value: [p.x, p.score] })) },
      { name: 'best so far', type: 'line', step: 'end', showSymbol: false, itemStyle: { color: '#e4572e' },
        data: points.filter(p => isNum(p.best)).map(p => [p.x, p.best]) },
    ],
  };
}

function overviewView(route) {
  runView(route, 'overview', body => {
    const progress = el('span', { 'data-testid': 'overview-progress' });
    const barFill = el('div', { class: 'bar-fill' });
    const byStatus = el('div', { class: 'muted' });
    const eta = el('span', { 'data-testid': 'overview-eta' });
    const elapsed = el('div', { class: 'muted' });
    const slots = el('span', { 'data-testid': 'overview-slots' });
    const best = el('span', { 'data-testid': 'overview-best' });
    const bestLink = el('div');
    const sampled = el('p', { class: 'note', 'data-testid': 'overview-sampled', hidden: true });
    const timeBox = el('div', { class: 'chart' });
    const seqBox = el('div', { class: 'chart' });
    const card = (title, ...content) => el('section', { class: 'card stat' }, el('h3', {}, title), content);
    body.append(
      el('div', { class: 'cards' },
        card('progress', el('div', { class: 'big' }, progress), el('div', { class: 'bar' }, barFill), byStatus),
        card('ETA', el('div', { class: 'big' }, eta), elapsed),
        card('slots busy', el('div', { class: 'big' }, slots)),
        card('best score', el('div', { class: 'big' }, best), bestLink)),
      sampled,
      el('div', { class: 'grid2' },
        el('section', { class: 'card' }, el('h2', {}, 'Score over time'), timeBox),
        el('section', { class: 'card' }, el('h2', {}, 'Score over proposal order'), seqBox)));
    const timeChart = chart(timeBox);
    const seqChart = chart(seqBox);
    let cur = route;
    const open = p => { if (p.seriesIndex === 0 && p.name) location.hash = candidateHref(cur, p.name); };
    timeChart.on('click', open);
    seqChart.on('click', open);

    return {
      fetch: () => null,
      render(_, s, r) {
        cur = r;
        const done = s.candidates ?? 0;
        const hasBudget = isNum(s.budgetCandidates) && s.budgetCandidates > 0;
        progress.textContent = hasBudget ? `${done} / ${s.budgetCandidates} candidates` : `${done} candidates`;
        const fraction = hasBudget ? done / s.budgetCandidates
          : isNum(s.budgetSeconds) && s.budgetSeconds > 0 ? (s.elapsedSeconds ?? 0) / s.budgetSeconds : 0;
        barFill.style.width = `${Math.min(100, Math.max(0, fraction * 100))}%`;
        byStatus.textContent = fmtByStatus(s.byStatus);
        eta.textContent = s.status === 'finished' ? 'finished' : fmtDuration(s.etaSeconds);
        elapsed.textContent = `elapsed ${fmtDuration(s.elapsedSeconds)}${isNum(s.budgetSeconds) ? ` of ${fmtDuration(s.budgetSeconds)}` : ''}`;
        slots.textContent = `${s.running ?? 0} / ${s.slots ?? DASH}`;
        best.textContent = fmtScore(s.best?.score);
        bestLink.replaceChildren(s.best
          ? el('a', { href: candidateHref(r, s.best.candidateId) }, `candidate ${shortId(s.best.candidateId)}`)
          : el('span', { class: 'muted' }, 'no finished candidate yet'));
        const points = s.scoreOverTime || [];
        sampled.hidden = !s.sampled;
        sampled.textContent = `Chart shows a sample of ${points.length} points.`;
        // The server's best-so-far follows finishing time; by proposal order it is recomputed here.
        const byTime = points.map(p => ({ ...p, x: p.seconds })).sort((a, b) => a.x - b.x);
        let runningBest = null;
        const bySeq = points.map(p => ({ ...p, x: p.seq })).sort((a, b) => a.x - b.x).map(p => {
          if (isNum(p.score) && (runningBest === null || p.score > runningBest)) runningBest = p.score;
          return { ...p, best: runningBest };
        });
        timeChart.setOption(progressOption(byTime, 'seconds since start'));
        seqChart.setOption(progressOption(bySeq, 'proposal (seq)'));
      },
    };
  });
}

/* ---------- candidates ---------- */

// [header, sort key or null]; only keys the API can sort on are clickable.
const CANDIDATE_COLUMNS = [['', null], ['seq', 'seq'], ['candidate', null], ['status', null], ['rung', 'rung'],
  ['score', 'score'], ['accuracy', 'accuracy'], ['params', 'params'], ['MACs', 'macs'],
  ['latency ms', 'latencyMs'], ['train s', 'trainSeconds'], ['arch', null]];

function candidatesView(route) {
  runView(route, 'candidates', body => {
    let cur = route;
    const selected = new Set();
    // Filters live in the hash; any change resets paging.
    const setQuery = changes => {
      const params = { ...carried(cur), offset: null, ...changes };
      location.hash = runHref(cur.runId, 'candidates', params);
    };
    const status = el('select', { onchange: () => setQuery({ status: status.value }) },
      [['', 'all'], ['OK', 'OK'], ['PRUNED', 'PRUNED'], ['FAILED', 'FAILED'], ['TIMEOUT', 'TIMEOUT']]
        .map(([v, label]) => el('option', { value: v }, label)));
    const input = (key, attrs) => el('input', { ...attrs, onchange: e => setQuery({ [key]: e.target.value.trim() }) });
    const controls = {
      status,
      rung: input('rung', { type: 'number', min: 0, step: 1, class: 'narrow' }),
      q: input('q', { type: 'search', placeholder: 'arch text, e.g. MB5' }),
      minScore: input('minScore', { type: 'number', step: 'any', class: 'narrow' }),
      maxScore: input('maxScore', { type: 'number', step: 'any', class: 'narrow' }),
    };
    const label = (text, control) => el('label', {}, text, control);
    const idsNote = el('div', { class: 'note', hidden: true });
    const headRow = el('tr');
    const tbody = el('tbody');
    const range = el('span');
    const prev = el('button', { type: 'button', onclick: () => setQuery({ offset: Math.max(0, offsetOf(cur) - PAGE_SIZE) }) }, '‹ prev');
    const next = el('button', { type: 'button', onclick: () => setQuery({ offset: offsetOf(cur) + PAGE_SIZE }) }, 'next ›');
    const compare = el('span', { class: 'compare-link' });
    body.append(
      el('div', { class: 'toolbar' }, label('status', status), label('rung', controls.rung),
        label('arch', controls.q), label('min score', controls.minScore), label('max score', controls.maxScore),
        el('a', { href: runHref(route.runId, 'candidates') }, 'reset')),
      idsNote,
      el('div', { class: 'table-wrap' },
        el('table', { class: 'data', 'data-testid': 'candidates-table' }, el('thead', {}, headRow), tbody)),
      el('div', { class: 'pager' }, prev, range, next, compare));

    const renderCompare = () => {
      const ids = [...selected];
      compare.replaceChildren(ids.length >= 2
        ? el('a', { href: runHref(cur.runId, 'compare', { ...carried(cur), ids: ids.join(',') }), 'data-testid': 'compare-link' },
          `compare selected (${ids.length})`)
        : el('span', { class: 'muted' }, 'tick two or more rows to compare'));
    };

    return {
      fetch: r => runApi(r.runId, 'candidates', {
        sort: r.query.get('sort') || 'seq', order: r.query.get('order') || 'asc',
        status: r.query.get('status'), rung: r.query.get('rung'), q: r.query.get('q'),
        minScore: r.query.get('minScore'), maxScore: r.query.get('maxScore'), ids: r.query.get('ids'),
        offset: offsetOf(r), limit: PAGE_SIZE,
      }),
      render(d, _s, r) {
        cur = r;
        // Mirror the hash into the controls, but never under the user's cursor.
        for (const [key, control] of Object.entries(controls)) {
          if (control !== document.activeElement) control.value = r.query.get(key) || '';
        }
        const ids = r.query.get('ids');
        idsNote.hidden = !ids;
        idsNote.replaceChildren(`Showing only ${ids ? ids.split(',').length : 0} chosen candidates. `,
          el('a', { href: runHref(r.runId, 'candidates', { ...carried(r), ids: null, offset: null }) }, 'show all'));

        const sort = r.query.get('sort') || 'seq';
        const order = r.query.get('order') || 'asc';
        headRow.replaceChildren(...CANDIDATE_COLUMNS.map(([name, key]) => (key
          ? el('th', {
            class: 'sortable', onclick: () => setQuery({
              sort: key, order: key === sort ? (order === 'asc' ? 'desc' : 'asc') : (key === 'seq' ? 'asc' : 'desc'),
            }),
          }, name, key === sort ? (order === 'asc' ? ' ▲' : ' ▼') : '')
          : el('th', {}, name))));

        const rows = d.rows || [];
        tbody.replaceChildren(...rows.map(c => el('tr', { 'data-testid': 'candidate-row', 'data-candidate': c.candidateId },
          el('td', {}, el('input', {
            type: 'checkbox', checked: selected.has(c.candidateId), 'aria-label': 'select for comparison',
            onchange: e => { if (e.target.checked) selected.add(c.candidateId); else selected.delete(c.candidateId); renderCompare(); },
          })),
          el('td', { class: 'num' }, c.seq ?? DASH),
          el('td', { class: 'mono' }, el('a', { href: candidateHref(r, c.candidateId), title: c.candidateId }, shortId(c.candidateId))),
          el('td', {}, el('span', { title: c.error }, pill(c.status))),
          el('td', { class: 'num' }, c.rung ?? DASH),
          el('td', { class: 'num' }, fmtScore(c.score)),
          el('td', { class: 'num' }, fmtScore(c.accuracy)),
          el('td', { class: 'num' }, fmtCompact(c.params)),
          el('td', { class: 'num' }, fmtCompact(c.macs)),
          el('td', { class: 'num' }, fmtFixed(c.latencyMs, 2)),
          el('td', { class: 'num' }, fmtFixed(c.trainSeconds, 1)),
          el('td', { class: 'arch' }, archText(c.arch)))));

        const total = d.total ?? 0;
        const offset = d.offset ?? offsetOf(r);
        range.replaceChildren(`rows ${total ? offset + 1 : 0}–${offset + rows.length} of `,
          el('span', { 'data-testid': 'candidates-total' }, String(total)));
        prev.disabled = offset <= 0;
        next.disabled = offset + rows.length >= total;
        renderCompare();
      },
    };
  });
}

const offsetOf = route => Math.max(0, parseInt(route.query.get('offset'), 10) || 0);

/* ---------- architectures ---------- */

function shareOption(d, slot, choices) {
  const bins = d.shareBins || [];
  return {
    animation: false,
    grid: { left: 40, right: 8, top: 8, bottom: 24 },
    tooltip: {
      trigger: 'axis',
      formatter: ps => [esc(ps[0]?.axisValue), ...ps.map(p => `${p.marker}${esc(p.seriesName)}: ${esc(fmtPct(p.value))}`)].join('<br>'),
    },
    xAxis: { type: 'category', data: bins, boundaryGap: false, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: v => `${Math.round(v * 100)}%`, fontSize: 10 } },
    // Bins without proposals of a choice count as a zero share, so the stack stays aligned.
    series: choices.map(c => {
      const values = bins.map(() => 0);
      for (const [bin, share] of d.share?.[slot]?.[c] || []) if (bin in values) values[bin] = share ?? 0;
      return { name: c, type: 'line', stack: 'share', areaStyle: {}, showSymbol: false,
        lineStyle: { width: 0 }, color: choiceColor(c), data: values };
    }),
  };
}

function meanScoreOption(d, slot, choices) {
  return {
    animation: false,
    grid: { left: 44, right: 8, top: 8, bottom: 40 },
    tooltip: { trigger: 'item', formatter: p => tip(`${slot}: ${p.name}`, `mean score ${fmtScore(p.value)}`) },
    xAxis: { type: 'category', data: choices, axisLabel: { interval: 0, rotate: 30, fontSize: 10 } },
    yAxis: { type: 'value', scale: true, axisLabel: { fontSize: 10 } },
    series: [{ type: 'bar', data: choices.map(c => ({ value: d.meanScore?.[slot]?.[c] ?? null, itemStyle: { color: choiceColor(c) } })) }],
  };
}

function architecturesView(route) {
  runView(route, 'architectures', body => {
    const strips = el('div', { class: 'strips' });
    const legend = el('div', { class: 'legend' });
    const grid = el('div', { class: 'slot-grid' });
    body.append(
      el('section', { class: 'card' }, el('h2', {}, 'Top candidates'),
        el('p', { class: 'muted' }, 'One box per slot: colour = operation, width = kernel size, height = expansion. Hover for details.'),
        strips),
      el('section', { class: 'card' }, el('h2', {}, 'Choices per slot'),
        el('p', { class: 'muted' }, 'Share of proposals over time, and mean score of each choice.'), legend, grid));
    let slotCharts = [];
    let slotKey = null;

    return {
      fetch: r => runApi(r.runId, 'architectures', { top: r.query.get('top') || 20 }),
      render(d, _s, r) {
        const top = d.top || [];
        strips.replaceChildren(...(top.length ? top.map(t => el('div', { class: 'strip-row' },
          el('span', { class: 'strip-score num' }, fmtScore(t.score)),
          el('a', { href: candidateHref(r, t.candidateId), class: 'strip-link' }, archStrip(t.arch, t.candidateId))))
          : [el('p', { class: 'muted' }, 'No finished candidates yet.')]));

        const slots = d.slots || [];
        const choicesOf = slot => d.choices?.[slot] || Object.keys(d.share?.[slot] || {});
        legend.replaceChildren(...choiceLegend(slots.flatMap(choicesOf)));
        // Slot cards (and their charts) are only rebuilt if the search space itself changes.
        if (slots.join('\n') !== slotKey) {
          slotCharts.forEach(({ share, mean }) => {
            share.dispose();
            mean.dispose();
            ui.charts = ui.charts.filter(c => c !== share && c !== mean);
          });
          grid.replaceChildren();
          slotCharts = slots.map(slot => {
            const shareBox = el('div', { class: 'chart small' });
            const meanBox = el('div', { class: 'chart small' });
            grid.append(el('div', { class: 'slot-card' }, el('h3', {}, slot), shareBox, meanBox));
            return { share: chart(shareBox), mean: chart(meanBox) };
          });
          slotKey = slots.join('\n');
        }
        slots.forEach((slot, i) => {
          const choices = choicesOf(slot);
          slotCharts[i].share.setOption(shareOption(d, slot, choices), { replaceMerge: ['series'] });
          slotCharts[i].mean.setOption(meanScoreOption(d, slot, choices));
        });
      },
    };
  });
}

/* ---------- trade-offs ---------- */

function scatterOption(d, xName, yName) {
  const toItem = ([x, y, cid]) => ({ name: cid, value: [x, y] });
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 64, right: 48, top: 36, bottom: 48 },
    tooltip: { trigger: 'item', formatter: p => tip(`candidate ${p.name}`, `${xName}: ${fmtValue(p.value[0])}`, `${yName}: ${fmtValue(p.value[1])}`) },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 30, scale: true },
    yAxis: { type: 'value', name: yName, scale: true },
    series: [
      { name: 'candidates', type: 'scatter', symbolSize: 6, itemStyle: { color: '#7b93b8', opacity: 0.75 },
        data: (d.points || []).map(toItem) },
      { name: 'Pareto front', type: 'line', symbolSize: 9, z: 3, itemStyle: { color: '#e4572e' }, lineStyle: { width: 2 },
        data: [...(d.front || [])].sort((a, b) => a[0] - b[0]).map(toItem) },
    ],
  };
}

function tradeoffsView(route) {
  runView(route, 'trade-offs', body => {
    let cur = route;
    const setAxes = () => { location.hash = runHref(cur.runId, 'tradeoffs', { ...carried(cur), x: xSel.value, y: ySel.value }); };
    const xSel = el('select', { onchange: setAxes });
    const ySel = el('select', { onchange: setAxes });
    const frontCount = el('span', { 'data-testid': 'front-count' });
    const sampled = el('p', { class: 'note', hidden: true });
    const scatterBox = el('div', { class: 'chart tall' });
    const parBox = el('div', { class: 'chart tall' });
    const brushInfo = el('div', { class: 'brush-info' });
    body.append(
      el('section', { class: 'card' },
        el('div', { class: 'toolbar' }, el('label', {}, 'x', xSel), el('label', {}, 'y', ySel),
          el('span', {}, 'Pareto front: ', frontCount, ' points')),
        sampled, scatterBox),
      el('section', { class: 'card' }, el('h2', {}, 'Choices and score'),
        el('p', { class: 'muted' }, 'Drag along any axis to select a range; drag again elsewhere to clear it.'),
        brushInfo, parBox));
    const scatter = chart(scatterBox);
    const par = chart(parBox);
    scatter.on('click', p => { if (p.name) location.hash = candidateHref(cur, p.name); });

    // Parallel-axis brushing: the chart greys lines out itself; we mirror its test to list the ids.
    let axesKey = null;
    let dimsKey = null;
    let parallel = { dims: [], categories: {}, rows: [] };
    let intervals = {};
    par.on('axisareaselected', e => {
      const i = Number(String(e.parallelAxisId).replace(/^ax/, ''));
      intervals[i] = e.intervals || [];
      renderBrush();
    });
    function renderBrush() {
      const { dims, categories, rows } = parallel;
      const active = Object.entries(intervals).filter(([, iv]) => iv.length);
      if (!active.length) return brushInfo.replaceChildren();
      const ids = rows.filter(row => active.every(([i, iv]) => {
        const cats = categories[dims[i]];
        const v = cats ? cats.indexOf(row[i]) : row[i];
        return isNum(v) && iv.some(([a, b]) => v >= a && v <= b);
      })).map(row => row[dims.length]);
      brushInfo.replaceChildren(ids.length
        ? el('a', { href: runHref(cur.runId, 'candidates', { ids: ids.join(',') }), 'data-testid': 'brush-link' },
          `show these ${ids.length} candidates in the table`)
        : el('span', { class: 'muted' }, 'No candidate lies in all selected ranges.'));
    }

    const axesOf = r => ({ x: r.query.get('x') || 'macs', y: r.query.get('y') || 'accuracy' });

    return {
      fetch: r => runApi(r.runId, 'tradeoffs', axesOf(r)),
      render(d, _s, r) {
        cur = r;
        const x = d.x || axesOf(r).x;
        const y = d.y || axesOf(r).y;
        const axes = d.axes || [];
        if (axes.join('\n') !== axesKey) {
          for (const sel of [xSel, ySel]) sel.replaceChildren(...axes.map(a => el('option', { value: a }, a)));
          axesKey = axes.join('\n');
        }
        xSel.value = x;
        ySel.value = y;
        frontCount.textContent = String((d.front || []).length);
        sampled.hidden = !d.sampled;
        sampled.textContent = `Chart shows a sample of ${(d.points || []).length} of ${d.total ?? DASH} points.`;
        scatter.setOption(scatterOption(d, x, y));

        const p = d.parallel || {};
        parallel = { dims: p.dims || [], categories: p.categories || {}, rows: p.rows || [] };
        const { dims, categories, rows } = parallel;
        // A new set of axes invalidates any brushed ranges; otherwise they survive live updates.
        const replace = dims.join('\n') !== dimsKey;
        if (replace) intervals = {};
        dimsKey = dims.join('\n');
        const scoreDim = dims.indexOf('score');
        const scores = rows.map(row => row[scoreDim]).filter(isNum);
        par.setOption({
          animation: false,
          parallel: { left: 48, right: 64, top: 56, bottom: 28 },
          parallelAxis: dims.map((dim, i) => ({
            id: `ax${i}`, dim: i, name: dim, nameRotate: 20, nameTextStyle: { fontSize: 11 },
            type: categories[dim] ? 'category' : 'value', data: categories[dim], scale: true, axisLabel: { fontSize: 10 },
          })),
          visualMap: scoreDim >= 0 && scores.length ? {
            show: false, dimension: scoreDim, min: Math.min(...scores), max: Math.max(...scores),
            inRange: { color: ['#c6d4ea', '#2b5fa8', '#e4572e'] },
          } : [],
          series: [{ type: 'parallel', lineStyle: { width: 1, opacity: 0.45 }, inactiveOpacity: 0.03, activeOpacity: 0.9,
            data: rows.map(row => row.slice(0, dims.length)) }],
        }, replace ? { notMerge: true } : {});
        renderBrush();
      },
    };
  });
}

/* ---------- early stopping ---------- */

function rungsView(route) {
  runView(route, 'early stopping', body => {
    const none = el('p', { class: 'note', 'data-testid': 'no-early-stopping', hidden: true }, 'This run has no early stopping.');
    const share = el('span', { 'data-testid': 'rungs-stopped-share' });
    const shareDetail = el('span', { class: 'muted' });
    const tbody = el('tbody');
    const curveBox = el('div', { class: 'chart tall' });
    const content = el('div', { class: 'stack', hidden: true },
      el('section', { class: 'card' }, el('h2', {}, 'Score against resource'),
        el('p', { class: 'muted' }, 'Promoted candidates are coloured; stopped ones are grey.'), curveBox),
      el('div', { class: 'grid2' },
        el('section', { class: 'card' }, el('h2', {}, 'Rungs'),
          table('rungs-table', ['rung', 'resource', 'candidates', 'stopped there'], tbody)),
        el('section', { class: 'card' }, el('h2', {}, 'Training time of stopped candidates'),
          el('div', { class: 'big' }, share), shareDetail)));
    body.append(none, content);
    let curves = null; // created once the container is visible, since ECharts needs its size
    let cur = route;

    return {
      fetch: r => runApi(r.runId, 'rungs'),
      render(d, _s, r) {
        cur = r;
        const rungs = d.rungs || [];
        none.hidden = rungs.length > 0;
        content.hidden = rungs.length === 0;
        if (!rungs.length) return;
        tbody.replaceChildren(...rungs.map(g => el('tr', {},
          el('td', { class: 'num' }, g.rung ?? DASH), el('td', { class: 'num' }, fmtValue(g.resource)),
          el('td', { class: 'num' }, g.candidates ?? DASH), el('td', { class: 'num' }, g.stopped ?? DASH))));
        const stopped = d.stoppedTrainingSeconds;
        const total = d.totalTrainingSeconds;
        share.textContent = isNum(stopped) && isNum(total) && total > 0 ? fmtPct(stopped / total) : DASH;
        shareDetail.textContent = ` of training time (${fmtDuration(stopped)} of ${fmtDuration(total)}) went to candidates that were stopped early`;

        if (!curves) {
          curves = chart(curveBox);
          curves.on('click', p => { if (p.seriesName) location.hash = candidateHref(cur, p.seriesName); });
        }
        curves.setOption({
          animation: false,
          grid: { left: 56, right: 24, top: 20, bottom: 44 },
          tooltip: { trigger: 'item', formatter: p => tip(`candidate ${p.seriesName}`, `resource: ${fmtValue(p.value[0])}`, `score: ${fmtScore(p.value[1])}`) },
          xAxis: { type: 'value', name: 'resource', nameLocation: 'middle', nameGap: 28, scale: true },
          yAxis: { type: 'value', name: 'score', scale: true },
          series: (d.curves || []).map(c => (c.promoted
            ? { type: 'line', name: c.candidateId, data: c.points, symbolSize: 5, z: 3, lineStyle: { width: 2.5 } }
            : { type: 'line', name: c.candidateId, data: c.points, symbolSize: 3, z: 1,
              lineStyle: { width: 1, color: '#b9c0cc' }, itemStyle: { color: '#b9c0cc' } })),
        }, { replaceMerge: ['series'] });
      },
    };
  });
}

/* ---------- executors ---------- */

// One bar per task on its executor's lane, clipped to the plot area.
function taskBar(params, api) {
  const lane = api.value(0);
  const start = api.coord([api.value(1), lane]);
  const end = api.coord([api.value(2), lane]);
  const height = api.size([0, 1])[1] * 0.6;
  const cs = params.coordSys;
  const shape = echarts.graphic.clipRectByRect(
    { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1), height },
    { x: cs.x, y: cs.y, width: cs.width, height: cs.height });
  return shape && { type: 'rect', transition: ['shape'], shape, style: { fill: api.visual('color') } };
}

function executorsView(route) {
  runView(route, 'executors', body => {
    const timelineBox = el('div', { class: 'chart' });
    const tbody = el('tbody');
    body.append(
      el('section', { class: 'card' }, el('h2', {}, 'Tasks per executor'),
        el('div', { class: 'legend' }, Object.entries(STATUS_COLORS).map(([s, c]) => swatch(c, s.toLowerCase()))),
        timelineBox),
      el('section', { class: 'card' }, el('h2', {}, 'Executors'),
        table('executors-table', ['id', 'host', 'GPU', 'candidates', 'busy seconds'], tbody)));
    const timeline = chart(timelineBox);
    let cur = route;
    let tasks = [];
    timeline.on('click', p => { const t = tasks[p.dataIndex]; if (t) location.hash = candidateHref(cur, t.candidateId); });

    return {
      fetch: r => runApi(r.runId, 'executors'),
      render(d, _s, r) {
        cur = r;
        const executors = d.executors || [];
        const lanes = executors.map(e => String(e.id));
        const labels = executors.map(e => (e.host ? `${e.id} · ${e.host}` : String(e.id)));
        const now = Date.now();
        tasks = (d.tasks || []).filter(t => isNum(t.start));
        for (const t of tasks) {
          if (!lanes.includes(String(t.executorId))) { lanes.push(String(t.executorId)); labels.push(String(t.executorId)); }
        }
        timelineBox.style.height = `${Math.max(200, lanes.length * 34 + 90)}px`;
        timeline.resize();
        timeline.setOption({
          animation: false,
          grid: { left: 12, right: 24, top: 12, bottom: 64, containLabel: true },
          tooltip: {
            formatter: p => {
              const t = tasks[p.dataIndex];
              return tip(`candidate ${t.candidateId}`, `status: ${t.status ?? 'running'}`, `rung: ${t.rung ?? DASH}`,
                `executor: ${t.executorId}${t.gpu != null ? ` (GPU ${t.gpu})` : ''}`,
                `duration: ${fmtDuration(((isNum(t.end) ? t.end : now) - t.start) / 1000)}`);
            },
          },
          xAxis: { type: 'time' },
          yAxis: { type: 'category', data: labels },
          dataZoom: [{ type: 'inside', filterMode: 'weakFilter' }, { type: 'slider', filterMode: 'weakFilter', height: 18, bottom: 12 }],
          series: [{
            type: 'custom', renderItem: taskBar, encode: { x: [1, 2], y: 0 },
            data: tasks.map(t => ({
              value: [lanes.indexOf(String(t.executorId)), t.start, isNum(t.end) ? t.end : now],
              itemStyle: { color: STATUS_COLORS[t.status] || STATUS_COLORS.RUNNING },
            })),
          }],
        });
        tbody.replaceChildren(...executors.map(e => el('tr', {},
          el('td', {}, e.id ?? DASH), el('td', {}, e.host ?? DASH), el('td', {}, e.gpu ?? DASH),
          el('td', { class: 'num' }, e.candidates ?? DASH), el('td', { class: 'num' }, fmtFixed(e.busySeconds, 1)))));
      },
    };
  });
}

/* ---------- single candidate ---------- */

function downloadLink(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  ui.urls.push(url);
  return el('a', { href: url, download: filename, class: 'download' }, 'download');
}

function prettyJson(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}

// Only the slots where this candidate's choice differs from the best candidate's.
function diffFromBest(best, arch, cid, route) {
  if (!best) return el('p', { class: 'muted' }, 'No best candidate yet.');
  if (best.candidateId === cid) return el('p', {}, 'This is the best candidate.');
  const bestArch = best.arch || {};
  const link = el('a', { href: candidateHref(route, best.candidateId), class: 'mono' }, shortId(best.candidateId));
  const slots = [...new Set([...Object.keys(arch), ...Object.keys(bestArch)])];
  const diffs = slots.filter(s => String(arch[s] ?? '') !== String(bestArch[s] ?? ''));
  if (!diffs.length) return el('p', {}, 'Same architecture as the best candidate ', link, '.');
  return el('div', {}, el('p', {}, 'Best candidate: ', link),
    table('candidate-diff', ['slot', 'this', 'best'], el('tbody', {}, diffs.map(s =>
      el('tr', {}, el('td', {}, s), el('td', {}, arch[s] ?? DASH), el('td', {}, bestArch[s] ?? DASH))))));
}

function candidateView(route) {
  runView(route, `candidate ${shortId(route.candidateId)}`, body => {
    const section = title => {
      const content = el('div');
      body.append(el('section', { class: 'card' }, el('h2', {}, title), content));
      return content;
    };
    const header = el('div', { class: 'cand-head' });
    body.append(header);
    const stripBox = section('Architecture');
    const scoreBox = section('Results');
    const retrainBox = section('Retrain command');
    const diffBox = section('Difference from the best');
    const descBox = section('Description');
    const timeBox = section('Where the time went');
    const metricsBox = section('Metrics (last rung)');
    const infoBox = section('Execution');
    const errorBox = section('Error');
    const timeChartBox = el('div', { class: 'chart' });
    let timeChart = null;

    return {
      fetch: r => runApi(r.runId, `candidates/${encodeURIComponent(r.candidateId)}`, null, `candidate "${r.candidateId}"`),
      render(d, _s, r) {
        revokeUrls();
        const rows = d.rows || [];
        const last = rows[rows.length - 1] || {};
        const cid = d.candidateId ?? r.candidateId;
        const arch = d.desc || last.arch || {};
        header.replaceChildren(el('h2', { class: 'mono' }, cid), pill(last.status),
          el('span', { class: 'big' }, fmtScore(last.score)));

        stripBox.replaceChildren(archStrip(arch, cid), el('div', { class: 'legend' }, choiceLegend(Object.values(arch))));

        scoreBox.replaceChildren(
          kvTable('candidate-results', [['score', fmtScore(last.score)], ['accuracy', fmtScore(last.accuracy)],
            ['params', fmtCompact(last.params)], ['MACs', fmtCompact(last.macs)], ['latency ms', fmtFixed(last.latencyMs, 2)],
            ['train seconds', fmtFixed(last.trainSeconds, 1)], ['seq', last.seq ?? DASH], ['generation', last.generation ?? DASH]]),
          rows.length > 1 ? table('candidate-rungs', ['rung', 'resource', 'status', 'score', 'train s'],
            el('tbody', {}, rows.map(x => el('tr', {}, el('td', { class: 'num' }, x.rung ?? DASH),
              el('td', { class: 'num' }, fmtValue(x.resource)), el('td', {}, pill(x.status)),
              el('td', { class: 'num' }, fmtScore(x.score)), el('td', { class: 'num' }, fmtFixed(x.trainSeconds, 1)))))) : null);

        retrainBox.replaceChildren(el('pre', { 'data-testid': 'candidate-retrain' }, d.retrain ?? ''));

        diffBox.replaceChildren(diffFromBest(d.best, arch, cid, r));

        descBox.replaceChildren(el('div', { class: 'grid2' },
          el('div', {}, el('h3', {}, 'YAML ', downloadLink(d.descYaml ?? '', `${cid}.yaml`, 'application/yaml')),
            el('pre', { 'data-testid': 'candidate-yaml' }, d.descYaml ?? '')),
          el('div', {}, el('h3', {}, 'JSON ', downloadLink(d.descJson ?? '', `${cid}.json`, 'application/json')),
            el('pre', { 'data-testid': 'candidate-json' }, prettyJson(d.descJson ?? '')))));

        const metrics = last.metrics || {};
        const timing = TIME_METRICS.filter(k => isNum(metrics[k]));
        if (timing.length) {
          // Created lazily: the chart needs its container in the page to measure it.
          if (!timeChart) {
            timeBox.replaceChildren(timeChartBox);
            timeChart = chart(timeChartBox);
          }
          timeChart.setOption({
            animation: false,
            grid: { left: 12, right: 40, top: 10, bottom: 24, containLabel: true },
            tooltip: { trigger: 'item', formatter: p => tip(`${p.name}: ${fmtFixed(p.value, 2)} s`) },
            xAxis: { type: 'value', name: 's' },
            yAxis: { type: 'category', inverse: true, data: timing.map(k => k.replace(/_seconds$/, '')) },
            series: [{ type: 'bar', itemStyle: { color: '#5b7fbf' }, label: { show: true, position: 'right', formatter: p => fmtFixed(p.value, 2) },
              data: timing.map(k => metrics[k]) }],
          });
        } else if (!timeChart) {
          timeBox.replaceChildren(el('p', { class: 'muted' }, 'No timing metrics recorded.'));
        }

        const metricNames = Object.keys(metrics).sort();
        metricsBox.replaceChildren(metricNames.length
          ? table('candidate-metrics', ['metric', 'value'], el('tbody', {}, metricNames.map(k =>
            el('tr', {}, el('td', {}, k), el('td', { class: 'num' }, fmtValue(metrics[k]))))))
          : el('p', { class: 'muted', 'data-testid': 'candidate-metrics' }, 'No metrics recorded.'));

        infoBox.replaceChildren(kvTable('candidate-info', [['seed', fmtValue(last.seed)], ['attempt', fmtValue(last.attempt)],
          ['executor', last.executorId ?? DASH], ['host', last.host ?? DASH], ['device', last.device ?? DASH],
          ['GPU', last.gpu ?? DASH], ['started', fmtDateTime(last.startedAt)], ['finished', fmtDateTime(last.finishedAt)]]));

        const error = [...rows].reverse().find(x => x.error)?.error;
        errorBox.replaceChildren(error
          ? el('pre', { class: 'error', 'data-testid': 'candidate-error' }, error)
          : el('p', { class: 'muted' }, 'No error.'));
      },
    };
  });
}

/* ---------- compare ---------- */

const COMPARE_ROWS = [['status', c => c.status ?? DASH], ['score', c => fmtScore(c.score)], ['accuracy', c => fmtScore(c.accuracy)],
  ['params', c => fmtCompact(c.params)], ['MACs', c => fmtCompact(c.macs)], ['latency ms', c => fmtFixed(c.latencyMs, 2)],
  ['train seconds', c => fmtFixed(c.trainSeconds, 1)]];

function compareView(route) {
  runView(route, 'compare', body => {
    const strips = el('div', { class: 'strips' });
    const tableBox = el('div', { class: 'table-wrap' });
    body.append(el('section', { class: 'card' }, el('h2', {}, 'Architectures'), strips),
      el('section', { class: 'card' }, el('h2', {}, 'Side by side'), el('p', { class: 'muted' }, 'Highlighted rows differ across candidates.'), tableBox));
    const idsOf = r => [...new Set((r.query.get('ids') || '').split(',').filter(Boolean))];

    return {
      fetch: r => Promise.all(idsOf(r).map(id =>
        runApi(r.runId, `candidates/${encodeURIComponent(id)}`, null, `candidate "${id}"`))),
      render(list, _s, r) {
        if (!list.length) {
          strips.replaceChildren(el('p', { class: 'muted' }, 'No candidates chosen: tick rows in the candidates view.'));
          tableBox.replaceChildren();
          return;
        }
        const cands = list.map(d => {
          const rows = d.rows || [];
          const last = rows[rows.length - 1] || {};
          return { id: d.candidateId, last, arch: d.desc || last.arch || {} };
        });
        strips.replaceChildren(...cands.map(c => el('div', { class: 'strip-row' },
          el('span', { class: 'strip-score num' }, fmtScore(c.last.score)),
          el('a', { href: candidateHref(r, c.id), class: 'strip-link' }, archStrip(c.arch, c.id)),
          el('span', { class: 'mono muted' }, shortId(c.id)))));
        const slots = [...new Set(cands.flatMap(c => Object.keys(c.arch)))];
        const rows = [...COMPARE_ROWS.map(([name, get]) => [name, cands.map(c => get(c.last))]),
          ...slots.map(s => [s, cands.map(c => String(c.arch[s] ?? DASH))])];
        tableBox.replaceChildren(el('table', { class: 'data compare', 'data-testid': 'compare-table' },
          el('thead', {}, el('tr', {}, el('th', {}, ''), cands.map(c =>
            el('th', { 'data-candidate': c.id }, el('a', { href: candidateHref(r, c.id), class: 'mono' }, shortId(c.id)))))),
          el('tbody', {}, rows.map(([name, values]) => {
            const differs = new Set(values).size > 1;
            return el('tr', { class: differs ? 'differs' : null },
              el('th', {}, name), values.map(v => el('td', { class: differs ? 'diff' : null }, v)));
          }))));
      },
    };
  });
}

/* ---------- router ---------- */

const VIEWS = {
  runs: runsView, overview: overviewView, candidates: candidatesView, architectures: architecturesView,
  tradeoffs: tradeoffsView, rungs: rungsView, executors: executorsView, candidate: candidateView, compare: compareView,
};

function onRoute() {
  const route = parseRoute();
  const key = [route.view, route.runId, route.candidateId].join('\u0000');
  if (key === ui.key && ui.refresh) return ui.refresh(route);
  unmount();
  ui.key = key;
  setNotice(null);
  setLiveState(null);
  window.scrollTo(0, 0);
  if (!VIEWS[route.view]) return showNotFound('There is no such page.');
  try {
    VIEWS[route.view](route);
  } catch (err) {
    console.error(err);
    setNotice(`Could not show this view (${err.message}).`);
  }
}

window.addEventListener('hashchange', onRoute);
window.addEventListener('resize', () => ui.charts.forEach(c => c.resize()));
onRoute();
