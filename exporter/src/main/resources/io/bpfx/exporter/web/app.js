// bpfx serve's page: plain DOM, no framework. Every data request carries the token from
// sessionStorage as a Bearer header; output streams are read with fetch (EventSource cannot
// send headers). Text from the server is only ever set as textContent.
'use strict';

const KEY = 'bpfx-token';
const MAX_ROWS = 1000;
const $ = (id) => document.getElementById(id);
const state = { selected: null, stream: null, mapsTimer: null, runsTimer: null, columns: [] };

function token() { return sessionStorage.getItem(KEY) || ''; }

async function api(method, path, body) {
  const opts = { method, headers: { Authorization: 'Bearer ' + token() }, cache: 'no-store' };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const resp = await fetch(path, opts);
  if (resp.status === 401) { signOut('The server refused the token.'); throw new Error('401'); }
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) throw new Error(data.error || ('HTTP ' + resp.status));
  return data;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

function signOut(message) {
  sessionStorage.removeItem(KEY);
  stopWatching();
  clearInterval(state.runsTimer);
  $('app').hidden = true;
  $('signout').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('token').focus();
}

async function signIn() {
  try {
    const tools = await api('GET', '/api/v1/tools');
    $('login').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    showTools(tools);
    await refreshRuns();
    clearInterval(state.runsTimer);
    state.runsTimer = setInterval(() => refreshRuns().catch(() => {}), 1000);
  } catch (e) {
    if (e.message !== '401') $('login-error').textContent = e.message;
  }
}

function showTools(tools) {
  const body = $('tools').tBodies[0];
  body.replaceChildren();
  for (const t of tools) {
    const args = el('input', { class: 'args', placeholder: t.args || 'arguments', 'aria-label': t.name + ' arguments' });
    const start = el('button', { class: 'start', onclick: () => startTool(t.name, args.value, start) }, 'Start');
    args.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') start.click(); });
    body.append(el('tr', { 'data-tool': t.name },
      el('td', {}, el('b', {}, t.name), el('br'), el('small', {}, t.description)), el('td', {}, args), el('td', {}, start)));
  }
}

// "a 'b c'" → ["a", "b c"]: enough quoting for arguments typed in a field
function splitArgs(text) {
  const out = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(text)) !== null) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

async function startTool(name, argText, button) {
  $('start-error').textContent = '';
  button.disabled = true;
  button.textContent = 'Starting…';
  try {
    const r = await api('POST', '/api/v1/runs', { tool: name, args: splitArgs(argText) });
    await refreshRuns();
    select(r.id);
  } catch (e) {
    if (e.message !== '401') $('start-error').textContent = e.message;
  } finally {
    button.disabled = false;
    button.textContent = 'Start';
  }
}

async function refreshRuns() {
  const runs = await api('GET', '/api/v1/runs');
  const body = $('runs').tBodies[0];
  body.replaceChildren();
  for (const r of runs.slice().reverse()) {
    const active = r.state === 'running' || r.state === 'starting';
    const stop = active ? el('button', { class: 'stop', onclick: (ev) => { ev.stopPropagation(); stopRun(r.id, stop); } }, 'Stop') : '';
    const tr = el('tr', { 'data-run': r.id, class: r.id === state.selected ? 'selected' : '', onclick: () => select(r.id) },
      el('td', {}, r.id), el('td', {}, r.name), el('td', { class: 'state state-' + r.state }, r.state),
      el('td', { class: 'num' }, r.events), el('td', { class: 'num' }, r.lost),
      el('td', {}, new Date(r.started).toLocaleTimeString()), el('td', {}, stop));
    body.append(tr);
    if (r.id === state.selected) showRunState(r);
  }
}

function showRunState(r) {
  $('run-state').textContent = r.state + (r.targets && r.targets.length ? ' · targets ' + r.targets.join(', ') : '');
  $('run-state').className = 'state-' + r.state;
  $('run-error').textContent = r.error || '';
}

async function stopRun(id, button) {
  button.disabled = true;
  button.textContent = 'Stopping…';
  try { await api('DELETE', '/api/v1/runs/' + encodeURIComponent(id)); } catch (e) { $('start-error').textContent = e.message; }
  await refreshRuns().catch(() => {});
}

function stopWatching() {
  if (state.stream) state.stream.abort();
  state.stream = null;
  clearInterval(state.mapsTimer);
  state.mapsTimer = null;
}

function select(id) {
  if (state.selected === id && state.stream) return;
  stopWatching();
  state.selected = id;
  state.columns = [];
  pending.length = 0;
  for (const tr of $('runs').tBodies[0].rows) tr.classList.toggle('selected', tr.dataset.run === id);
  $('hint').hidden = true;
  $('run-view').hidden = false;
  $('run-title').textContent = id;
  $('run-error').textContent = '';
  $('output').tHead.rows[0].replaceChildren();
  $('output').tBodies[0].replaceChildren();
  $('output-count').textContent = '';
  $('log').textContent = '';
  $('maps').replaceChildren();
  watchOutput(id);
  refreshMaps(id);
  state.mapsTimer = setInterval(() => refreshMaps(id), 1000);
}

// Server-Sent Events over fetch: "event: x" / "data: y" lines, events end at a blank line
async function watchOutput(id) {
  const ctl = new AbortController();
  state.stream = ctl;
  let count = 0;
  try {
    const resp = await fetch('/api/v1/runs/' + encodeURIComponent(id) + '/output',
      { headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' }, signal: ctl.signal, cache: 'no-store' });
    if (resp.status === 401) { signOut('The server refused the token.'); return; }
    if (!resp.ok) { $('run-error').textContent = (await resp.json().catch(() => ({}))).error || 'HTTP ' + resp.status; return; }
    const reader = resp.body.getReader();
    const decoder = new TextDecoder();
    let buf = '', event = null, data = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === '') {
          if (data !== null) {
            if (event === null) { addRow(data); count++; $('output-count').textContent = count + ' lines'; }
            else if (event === 'log') appendLog(data);
            else if (event === 'end') ended(data);
            else appendLog(event + ': ' + data);
          }
          event = null; data = null;
        } else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data = data === null ? line.slice(6) : data + '\n' + line.slice(6);
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') appendLog('stream: ' + e.message);
  }
}

function ended(data) {
  let d = {};
  try { d = JSON.parse(data); } catch (e) { /* keep {} */ }
  appendLog('— run ' + (d.state || 'ended') + (d.error ? ': ' + d.error : ''));
  if (d.error) $('run-error').textContent = d.error;
  clearInterval(state.mapsTimer);
  refreshRuns().catch(() => {});
}

function appendLog(line) {
  const log = $('log');
  log.textContent += line + '\n';
  log.scrollTop = log.scrollHeight;
}

// A print's JSON value as table cells: object fields by name, array items by position, else one "output" column
function cellsOf(value) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i + 1), v]));
  return { output: value };
}

function show(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// Rows are drawn in batches (at most every 200 ms), and only the last MAX_ROWS of a batch:
// a system-wide tool may print thousands of lines a second, the page must stay responsive.
const pending = [];
let flushTimer = null;

function addRow(data) {
  pending.push(data);
  if (pending.length > MAX_ROWS) pending.splice(0, pending.length - MAX_ROWS);
  if (flushTimer === null) flushTimer = setTimeout(flushRows, 200);
}

function flushRows() {
  flushTimer = null;
  const batch = pending.splice(0, pending.length);
  const head = $('output').tHead.rows[0];
  const body = $('output').tBodies[0];
  const scroller = $('output').parentElement;
  const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 4;
  const frag = document.createDocumentFragment();
  for (const data of batch) {
    let value;
    try { value = JSON.parse(data); } catch (e) { value = data; }
    const cells = cellsOf(value);
    for (const k of Object.keys(cells)) {
      if (!state.columns.includes(k)) {
        state.columns.push(k);
        head.append(el('th', {}, k));
        for (const tr of body.rows) tr.append(el('td'));
        for (const tr of frag.children) tr.append(el('td'));
      }
    }
    const tr = el('tr');
    for (const k of state.columns) tr.append(el('td', { class: typeof cells[k] === 'number' ? 'num' : '' }, show(cells[k])));
    frag.append(tr);
  }
  body.append(frag);
  while (body.rows.length > MAX_ROWS) body.deleteRow(0);
  if (atBottom) scroller.scrollTop = scroller.scrollHeight;
}

async function refreshMaps(id) {
  if (state.selected !== id) return;
  let maps;
  try {
    maps = await api('GET', '/api/v1/runs/' + encodeURIComponent(id) + '/maps');
  } catch (e) {
    clearInterval(state.mapsTimer);
    if (e.message !== '401') $('maps-time').textContent = '(' + e.message.replace(/^bpfx: /, '') + ')';
    return;
  }
  if (state.selected !== id) return;
  $('maps-time').textContent = 'at ' + new Date().toLocaleTimeString();
  const box = $('maps');
  box.replaceChildren();
  if (maps.length === 0) box.append(el('p', {}, el('small', {}, 'no maps to show')));
  for (const m of maps) box.append(mapView(m));
}

function mapView(m) {
  const div = el('div', { class: 'map', 'data-map': m.map });
  div.append(el('h4', {}, m.target + ' / ' + m.map + ' ', el('small', {}, m.type + (m.truncated ? ' · first of ' + m.truncated : ''))));
  if (m.error) { div.append(el('p', { class: 'error' }, m.error)); return div; }
  if (m.histogram) {
    const max = Math.max(1, ...m.histogram.map((b) => b.count));
    const t = el('table', { class: 'hist' });
    for (const b of m.histogram) {
      const fill = el('div', { class: 'fill' });
      fill.style.width = (100 * b.count / max).toFixed(1) + '%'; // CSSOM: allowed by the page's CSP, unlike style=""
      t.append(el('tr', {}, el('td', {}, '[' + b.low + ', ' + b.high + ')'), el('td', { class: 'num' }, b.count),
        el('td', { class: 'bar' }, fill)));
    }
    if (m.histogram.length === 0) t.append(el('tr', {}, el('td', {}, '(empty)')));
    div.append(t);
    return div;
  }
  const t = el('table');
  t.append(el('tr', {}, el('th', {}, 'key'), el('th', {}, 'value')));
  const rows = m.items.slice().sort((a, b) => (typeof b.value === 'number' && typeof a.value === 'number') ? b.value - a.value : 0);
  for (const it of rows.slice(0, 200)) t.append(el('tr', {}, el('td', {}, show(it.key)), el('td', { class: 'num' }, show(it.value))));
  if (rows.length === 0) t.append(el('tr', {}, el('td', {}, '(empty)')));
  div.append(t);
  return div;
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    $('token').value = '';
    signIn();
  });
  $('signout').addEventListener('click', () => signOut(''));
  if (token()) signIn(); else signOut('');
});
