// The operator's page. Plain DOM, no framework: every value from the API is set as text, never as HTML, because
// leads carry whatever their websites said.
'use strict';

const KEY = 'appliance.api-key';
const $ = (id) => document.getElementById(id);
const state = { upload: null, timer: null, hostTimer: null, runsTimer: null, leadsShown: 50, lastLeadRow: 0, rendering: new Set() };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child ?? ''));
  return node;
}

// Times are UTC everywhere, with the zone, as in the PDF report: "2026-11-30 09:15 UTC".
const utc = (iso) => (iso ? `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '–');
const number = (n) => (n == null ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 1 }));
// "1 row", "2 rows", "1,000 rows": every count the page writes in words goes through here.
const count = (n, one, many = `${one}s`) => `${number(n)} ${Number(n) === 1 ? one : many}`;
const bytes = (n) => {
  if (n == null) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
};
const duration = (s) => {
  if (s == null) return 'not known yet';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
};

class Unauthorized extends Error {}

async function api(path, options = {}) {
  const key = sessionStorage.getItem(KEY);
  const headers = Object.assign({}, options.headers, key ? { Authorization: `Bearer ${key}` } : {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) { showSignIn('Your key was not accepted; sign in again.'); throw new Unauthorized(); }
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try { const body = await response.json(); detail = body.detail || body.error || body.title || detail; } catch { /* not JSON */ }
    throw new Error(detail);
  }
  return response;
}
const json = async (path) => (await api(path)).json();

// A download the browser makes itself would not carry the key: fetch it, then hand the bytes over as a blob.
async function download(path, fileName) {
  const blob = await (await api(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return blob.size;
}

// Sign-in ---------------------------------------------------------------------------------------------------------

async function session(key) {
  const response = await fetch('/api/session', { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  return response.json();
}

function showSignIn(message) {
  stopPolling();
  clearTimeout(state.runsTimer);
  state.upload = null;
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message || '';
  $('api-key').focus();
}

function showApp(open) {
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = open;
  $('who').textContent = open ? 'API open (no keys configured)' : 'Signed in';
  loadUploads();
  loadRunSettings();
  loadRuns();
  loadReports();
  pollHost();
}

async function start() {
  const s = await session(sessionStorage.getItem(KEY));
  if (s.authenticated) showApp(s.open);
  else showSignIn();
}

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = $('api-key').value.trim();
  const s = await session(key);
  if (!s.authenticated) { $('sign-in-error').textContent = 'That key was not accepted.'; return; }
  sessionStorage.setItem(KEY, key);
  $('api-key').value = '';
  showApp(s.open);
});

$('sign-out').addEventListener('click', () => { sessionStorage.removeItem(KEY); showSignIn(); });

// Upload ----------------------------------------------------------------------------------------------------------

async function upload(file) {
  $('upload-message').textContent = `Uploading ${file.name}…`;
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    const body = await (await api('/api/uploads', { method: 'POST', body: form })).json();
    $('upload-message').textContent = `Uploaded ${file.name} as upload ${body.upload_id}; ingesting…`;
    await loadUploads(body.upload_id);
  } catch (e) {
    if (!(e instanceof Unauthorized)) $('upload-message').textContent = `Upload failed: ${e.message}`;
  }
}

$('file').addEventListener('change', (e) => { if (e.target.files.length) upload(e.target.files[0]); e.target.value = ''; });
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
});
drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); $('file').click(); } });

// Uploads and live progress ---------------------------------------------------------------------------------------

async function loadUploads(select) {
  const uploads = await json('/api/uploads?limit=50');
  const list = $('upload-select');
  list.replaceChildren(...uploads.map((u) => el('option', { value: u.id }, `#${u.id} ${u.file_name} (${u.state})`)));
  const id = select ?? state.upload ?? uploads[0]?.id;
  // Selecting the upload already shown would load its rejects again and redraw the table under the reader.
  if (id != null) { list.value = String(id); if (Number(id) !== state.upload) selectUpload(Number(id)); }
}

$('upload-select').addEventListener('change', (e) => selectUpload(Number(e.target.value)));

function selectUpload(id) {
  stopPolling();
  if (state.upload !== id) { state.leadsShown = 50; $('lead').hidden = true; }
  state.upload = id;
  $('export').disabled = false;
  state.rejectsLoaded = false;
  poll();
}

function stopPolling() { clearTimeout(state.timer); state.timer = null; }

async function poll() {
  const id = state.upload;
  try {
    const p = await json(`/api/uploads/${id}/progress`);
    if (id !== state.upload) return;
    renderProgress(p);
    if (p.state !== 'queued' && p.state !== 'ingesting' && !state.rejectsLoaded) { state.rejectsLoaded = true; loadRejects(id, p); }
    await loadLeads(id);
    if (!p.complete) state.timer = setTimeout(poll, 1000);
  } catch (e) {
    if (e instanceof Unauthorized) return;
    $('progress').replaceChildren(el('p', { class: 'error' }, `Could not read progress: ${e.message}`));
    state.timer = setTimeout(poll, 3000);
  }
}

function stage(id, title, main, lines, done, total) {
  const box = el('div', { class: `stage${done ? ' complete' : ''}`, id: `stage-${id}`, 'data-complete': String(done) },
    el('h3', {}, title), el('div', { class: 'big' }, main));
  if (total) box.append(el('progress', { max: total, value: Math.min(total, total - (lines.left ?? 0)), 'aria-label': `${title} progress` }));
  for (const line of lines.text) box.append(el('div', { class: 'small' }, line));
  return box;
}

function renderProgress(p) {
  const s = p.scrape, g = p.generate, total = p.rows_accepted;
  const ingested = p.state === 'ingested' || p.state === 'failed';
  const scraped = s.done + s.failed, generated = g.done + g.failed + (g.held || 0);
  const reasons = Object.entries(s.failures_by_reason).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}: ${number(n)}`);
  const option = $('upload-select').querySelector(`option[value="${p.id}"]`);
  if (option) option.textContent = `#${p.id} ${p.file_name} (${p.complete ? 'complete' : p.state})`;
  const root = $('progress');
  root.setAttribute('data-complete', String(p.complete));
  root.replaceChildren(
    el('p', {}, el('strong', {}, p.file_name), ` — ${p.state}${p.error ? `: ${p.error}` : ''}${p.complete ? ' — complete' : ''}`),
    el('div', { class: 'stages' },
      stage('ingest', 'Ingested', number(p.rows_accepted), { text: [`rejected ${number(p.rows_rejected)}`] }, ingested),
      stage('scrape', 'Scraped', `${number(scraped)} / ${number(total)}`,
        { left: s.pending + s.fetching, text: [`ok ${number(s.done)}, failed ${number(s.failed)}`, ...reasons, `${number(p.scrape_per_minute)} per minute`] },
        ingested && s.pending + s.fetching === 0, total),
      stage('generate', 'Generated', `${number(generated)} / ${number(total)}`,
        { left: g.pending + g.generating, text: [`ok ${number(g.done)}, failed ${number(g.failed)}` + (g.held ? `, held for review ${number(g.held)}` : ''), `${number(p.generate_per_minute)} per minute`] },
        ingested && g.pending + g.generating === 0, total),
      stage('eta', 'ETA', p.complete ? 'done' : duration(p.model_eta ? p.model_eta.seconds : p.eta_seconds),
        { text: p.model_eta && !p.complete ? [`90% interval ${duration(p.model_eta.low_seconds)} – ${duration(p.model_eta.high_seconds)}`, `at the last minute's rates: ${duration(p.eta_seconds)}`] : [] },
        p.complete)));
  $('eta-basis').textContent = p.model_eta
    ? `ETA from the capacity model of run ${p.model_eta.run_id} (each stage's measured seconds a row, for the rows left).`
    : `ETA from ${p.eta_basis}.`;
}

async function loadRejects(id, p) {
  const rows = await json(`/api/uploads/${id}/rejects?limit=1000`);
  if (id !== state.upload) return;
  $('reject-count').textContent = number(p.rows_rejected);
  $('rejects').tBodies[0].replaceChildren(...rows.map((r) => el('tr', {}, el('td', {}, r.row_number), el('td', {}, r.reason), el('td', {}, r.detail))));
  if (p.state === 'ingested') {
    $('upload-message').textContent = `${p.file_name}: ${count(p.rows_accepted, 'row')} accepted, ${number(p.rows_rejected)} rejected.`;
  } else if (p.state === 'failed') {
    $('upload-message').textContent = `${p.file_name} was refused: ${p.error}`;
  }
}

$('export').addEventListener('click', async () => {
  const id = state.upload;
  $('export-message').textContent = 'Preparing…';
  try {
    const size = await download(`/api/uploads/${id}/export.csv`, `upload-${id}.csv`);
    $('export-message').textContent = `Downloaded upload-${id}.csv (${bytes(size)}).`;
  } catch (e) {
    if (!(e instanceof Unauthorized)) $('export-message').textContent = `Export failed: ${e.message}`;
  }
});

// Leads -----------------------------------------------------------------------------------------------------------

async function loadLeads(id) {
  const leads = await json(`/api/uploads/${id}/leads?limit=${state.leadsShown}`);
  if (id !== state.upload) return;
  $('leads').tBodies[0].replaceChildren(...leads.map((l) => el('tr', {},
    el('td', {}, l.row_number),
    el('td', {}, l.company ? `${l.company} — ${l.url}` : l.url),
    el('td', {}, l.failure_reason ? `${l.scraping_status} (${l.failure_reason})` : l.scraping_status),
    el('td', {}, l.generation_status),
    el('td', {}, el('button', { type: 'button', class: 'link', 'data-lead': l.id, 'aria-label': `Open lead in row ${l.row_number}`, onclick: () => openLead(l.id) }, 'Open')))));
  $('more-leads').hidden = leads.length < state.leadsShown;
}

$('more-leads').addEventListener('click', () => { state.leadsShown += 100; loadLeads(state.upload); });

async function openLead(id) {
  const l = await json(`/api/leads/${id}`);
  const facts = [
    ['Website', l.final_url && l.final_url !== l.url ? `${l.url} → ${l.final_url}` : l.url],
    ['Company', l.company], ['Contact', l.contact], ['E-mail (file)', l.email],
    ['Scrape', [l.scraping_status, l.failure_reason, l.http_status].filter((x) => x != null).join(', ')],
    ['Error', l.error], ['Title', l.title], ['Description', l.description], ['Language', l.language],
    ['Headings', (l.headings || []).slice(0, 5).join(' · ')], ['E-mails found', (l.emails || []).join(', ')],
    ['Phones found', (l.phones || []).join(', ')], ['Social links', (l.social_links || []).join(', ')],
    ['About page', l.about_url], ['Contact page', l.contact_url],
    ['Generated', [l.generation_status, l.generator, l.model, l.generation_error].filter((x) => x).join(', ')],
  ].filter(([, v]) => v != null && v !== '');
  $('lead-title').textContent = `Row ${l.row_number}: ${l.company || l.url}`;
  $('lead-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  $('lead-message').textContent = l.message || '(no message)';
  $('lead').hidden = false;
  $('lead').focus();
}

// Host ------------------------------------------------------------------------------------------------------------

async function pollHost() {
  clearTimeout(state.hostTimer);
  try {
    const h = await json('/api/host');
    const used = h.memory_total_bytes != null && h.memory_available_bytes != null ? h.memory_total_bytes - h.memory_available_bytes : null;
    const items = [
      ['Load per core (1 min / 5 min)', `${number(h.load1_per_core)} / ${number(h.load5_per_core)} on ${h.cpus} cores`],
      ['Memory used', `${bytes(used)} of ${bytes(h.memory_total_bytes)}`],
      ...h.filesystems.slice(0, 3).map((f) => [`Disk free ${f.mountpoint}`, `${bytes(f.avail_bytes)} of ${bytes(f.size_bytes)}`]),
      ...h.disks.slice(0, 3).map((d) => [`Disk ${d.device}`, `read ${bytes(d.in_bytes_per_s)}/s, write ${bytes(d.out_bytes_per_s)}/s`]),
      ...h.network.slice(0, 3).map((n) => [`Network ${n.device}`, `in ${bytes(n.in_bytes_per_s)}/s, out ${bytes(n.out_bytes_per_s)}/s`]),
    ];
    $('host').replaceChildren(...items.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  } catch (e) {
    if (e instanceof Unauthorized) return;
    $('host').replaceChildren(el('dd', { class: 'error' }, `Could not read the host: ${e.message}`));
  }
  if (!$('app').hidden) state.hostTimer = setTimeout(pollHost, 2000);
}

// Runs and reports ------------------------------------------------------------------------------------------------

async function loadRunSettings() {
  try {
    const s = await json('/api/runs/settings');
    $('run-rows').max = String(s.max_lab_rows);
    $('run-generator').textContent = `Messages by the daemon's generator: ${s.generator}${s.model ? ` (${s.model})` : ''} (setting Generate:Generator); `
      + `${count(s.scrape_concurrency, 'fetch', 'fetches')} and ${count(s.generate_concurrency, 'message')} in flight.`
      + (s.generator === 'llm' ? '' : ` The ${s.generator} generator calls no LLM: the run measures no LLM time, limits or cost.`);
    if (!s.lab_runs) {
      $('run-source-lab').disabled = true;
      $('run-source-file').checked = true;
      $('run-rows-help').textContent = 'Lab runs are off on this daemon (setting Api:LabRuns=true turns them on).';
      runSourceChanged();
    }
  } catch (e) {
    if (!(e instanceof Unauthorized)) $('run-generator').textContent = `Could not read the run settings: ${e.message}`;
  }
}

function runSourceChanged() {
  const lab = $('run-source-lab').checked;
  $('run-rows').disabled = !lab;
  $('run-file').disabled = lab;
}
$('run-source-lab').addEventListener('change', runSourceChanged);
$('run-source-file').addEventListener('change', runSourceChanged);

$('run-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const message = $('run-message');
  let options, what;
  if ($('run-source-lab').checked) {
    const rows = Number($('run-rows').value);
    if (!Number.isInteger(rows) || rows < 1 || rows > Number($('run-rows').max)) {
      message.textContent = `Give a whole number of rows from 1 to ${number($('run-rows').max)}.`;
      $('run-rows').focus();
      return;
    }
    options = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lab_rows: rows }) };
    what = count(rows, 'lab lead');
  } else {
    const file = $('run-file').files[0];
    if (!file) { message.textContent = 'Choose a lead file first.'; $('run-file').focus(); return; }
    const form = new FormData();
    form.append('file', file, file.name);
    options = { method: 'POST', body: form };
    what = file.name;
  }
  $('start-run').disabled = true;
  message.textContent = `Starting a run of ${what}…`;
  try {
    const body = await (await api('/api/runs', options)).json();
    message.textContent = `Started run ${body.run_id} (${what}); it is in the runs list below.`;
    await loadRuns();
  } catch (err) {
    if (!(err instanceof Unauthorized)) message.textContent = `Could not start the run: ${err.message}`;
  } finally {
    $('start-run').disabled = false;
  }
});

// A running run's state says how far its upload is; the list polls until no run is running.
async function runState(r) {
  if (r.state !== 'running') return r.error ? `${r.state}: ${r.error}` : r.state;
  if (r.upload_id == null) return 'running: starting';
  try {
    const p = await json(`/api/uploads/${r.upload_id}/progress`);
    const generated = p.generate.done + p.generate.failed + (p.generate.held || 0);
    return p.state === 'ingested' ? `running: ${number(generated)} of ${count(p.rows_accepted, 'row')} through` : `running: ${p.state}`;
  } catch (e) {
    if (e instanceof Unauthorized) throw e;
    return 'running';
  }
}

function reportButton(r) {
  const busy = state.rendering.has(r.run_id);
  const button = el('button', { type: 'button', class: 'link', 'data-report': r.run_id, 'aria-label': `Generate the capacity report of run ${r.run_id} (PDF)`,
    onclick: () => report(r.run_id) }, busy ? 'Rendering…' : 'Generate report');
  if (busy) { button.disabled = true; button.setAttribute('aria-busy', 'true'); }
  return button;
}

async function loadRuns() {
  clearTimeout(state.runsTimer);
  try {
    const runs = await json('/api/runs?limit=50');
    const states = await Promise.all(runs.map(runState));
    $('runs').tBodies[0].replaceChildren(...runs.map((r, i) => el('tr', { 'data-run': r.run_id, 'data-state': r.state },
      el('td', {}, r.run_id), el('td', {}, r.kind), el('td', {}, r.source), el('td', {}, states[i]), el('td', {}, number(r.rows)),
      el('td', { class: 'headline' }, r.headline ? `${number(r.headline.rows)} rows: ${duration(r.headline.seconds)} (${duration(r.headline.low_seconds)} – ${duration(r.headline.high_seconds)})` : '–'),
      el('td', {}, r.headline ? r.headline.bottleneck : '–'),
      el('td', {}, utc(r.started_at)),
      el('td', {}, r.kind === 'run' && r.state === 'finished' ? reportButton(r) : '–'))));
    if (!runs.length) $('runs').tBodies[0].replaceChildren(el('tr', {}, el('td', { colspan: 9, class: 'muted' }, 'No runs stored yet.')));
    if (runs.some((r) => r.state === 'running') && !$('app').hidden) state.runsTimer = setTimeout(loadRuns, 2000);
  } catch (e) {
    if (e instanceof Unauthorized) return;
    $('report-message').textContent = `Could not list runs: ${e.message}`;
    state.runsTimer = setTimeout(loadRuns, 5000);
  }
}

async function loadReports() {
  try {
    const reports = await json('/api/reports');
    $('reports').tBodies[0].replaceChildren(...reports.map((r) => el('tr', {},
      el('td', {}, el('button', { type: 'button', class: 'link', 'data-file': r.file, 'aria-label': `Download ${r.file}`, onclick: () => fetchReport(r.url, r.file) }, r.file)),
      el('td', {}, r.run_id), el('td', {}, bytes(r.bytes)), el('td', {}, utc(r.written_at)))));
    if (!reports.length) $('reports').tBodies[0].replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'No reports stored yet.')));
  } catch (e) {
    if (!(e instanceof Unauthorized)) $('report-message').textContent = `Could not list reports: ${e.message}`;
  }
}

async function fetchReport(url, file) {
  try {
    const size = await download(url, file);
    $('report-message').textContent = `Downloaded ${file} (${bytes(size)}).`;
  } catch (e) {
    if (!(e instanceof Unauthorized)) $('report-message').textContent = `Download failed: ${e.message}`;
  }
}

// Rendering takes a second or three: the button says so meanwhile, then the stored PDF is downloaded.
async function report(id) {
  state.rendering.add(id);
  const button = document.querySelector(`button[data-report="${id}"]`);
  if (button) button.replaceWith(reportButton({ run_id: id }));
  $('report-message').textContent = `Rendering the report of run ${id}…`;
  try {
    const r = await (await api(`/api/runs/${id}/report`, { method: 'POST' })).json();
    const size = await download(r.url, r.file);
    $('report-message').textContent = `Downloaded ${r.file} (${bytes(size)}, rendered in ${number(r.seconds)} s).`;
    loadReports();
  } catch (e) {
    if (!(e instanceof Unauthorized)) $('report-message').textContent = `Report failed: ${e.message}`;
  } finally {
    state.rendering.delete(id);
    const current = document.querySelector(`button[data-report="${id}"]`);
    if (current) current.replaceWith(reportButton({ run_id: id }));
  }
}

$('refresh-runs').addEventListener('click', () => { loadRuns(); loadReports(); });

start();
