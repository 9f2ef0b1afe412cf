'use strict';
// The insight page: anomalies, statistics with charts, the rotation plan and the management reports.
const $ = (s) => document.querySelector(s);
// Signed in through the controller's session (an HttpOnly cookie); the session's CSRF token stays in memory.
const state = { csrf: null, charts: {} };

function headers(extra) {
  return Object.assign({ 'X-Requested-With': 'insight' }, state.csrf ? { 'X-CSRF-Token': state.csrf } : {},
    extra || {});
}

async function api(path, options) {
  const res = await fetch(path, Object.assign({}, options, { headers: headers(options && options.headers) }));
  if (res.status === 401) {
    showLogin();
    throw new Error('niet ingelogd');
  }
  if (!res.ok) {
    throw new Error(await res.text());
  }
  return res;
}

const json = async (path, options) => (await api(path, options)).json();
const text = (s) => String(s == null ? '' : s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const local = (iso) => new Date(iso).toLocaleString('nl-NL');
const minutes = (s) => Math.round(s / 60) + ' min';

function rows(table, list, render) {
  $(table + ' tbody').innerHTML = list.map((x) => '<tr>' + render(x).map((c) => '<td>' + c + '</td>').join('') + '</tr>').join('');
}

// ---- login ----
function showLogin() {
  $('#login').hidden = false;
  $('#app').hidden = true;
}

$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await start(await json('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: $('#login-user').value, password: $('#login-password').value }) }));
  } catch (err) {
    $('#login-error').textContent = 'Inloggen mislukt: ' + err.message;
  }
});

async function start(signed) {
  state.csrf = signed.csrfToken;
  $('#who').textContent = signed.name;
  $('#login').hidden = true;
  $('#app').hidden = false;
  // the day in Amsterdam, as the server counts days (toISOString gives the UTC date: yesterday after 23:00 in winter)
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
  $('#stats-from').value = $('#stats-from').value || today;
  $('#stats-to').value = $('#stats-to').value || today;
  await Promise.all([anomalies(), statistics(), rotation(), reports()]);
}

// ---- anomalies ----
async function anomalies() {
  rows('#anomalies', await json('/api/insight/anomalies'), (a) => [text(a.cameraId), local(a.since), text(a.detail)]);
}

// ---- statistics ----
function statsQuery() {
  return '?from=' + $('#stats-from').value + '&to=' + $('#stats-to').value;
}

function chart(id, type, labels, datasets) {
  if (state.charts[id]) {
    state.charts[id].destroy();
  }
  state.charts[id] = new Chart($(id), { type, data: { labels, datasets },
    options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } });
}

function sumBy(cells, keyOf, seriesOf) {
  const keys = [...new Set(cells.map(keyOf))].sort();
  const series = [...new Set(cells.map(seriesOf))].sort();
  return { keys, datasets: series.map((s) => ({ label: s, data: keys.map((k) => cells
    .filter((c) => keyOf(c) === k && seriesOf(c) === s).reduce((n, c) => n + c.passages, 0)) })) };
}

async function statistics() {
  const hourly = await json('/api/insight/statistics/hourly' + statsQuery());
  const byHour = sumBy(hourly.cells, (c) => local(c.hour).slice(0, -3), (c) => c.gateId);
  chart('#chart-hourly', 'bar', byHour.keys, byHour.datasets);
  const byFuel = sumBy(hourly.cells, (c) => c.fuel, (c) => 'euro ' + c.euroClass);
  chart('#chart-fuel', 'bar', byFuel.keys, byFuel.datasets);
  const od = await json('/api/insight/statistics/origin-destination' + statsQuery());
  rows('#od', od.cells, (c) => [c.day, text(c.fromGate), text(c.toGate), c.trips, minutes(c.medianDwellSeconds),
    minutes(c.meanDwellSeconds)]);
  $('#stats-note').textContent = 'Cellen met minder dan ' + hourly.k + ' voertuigen zijn weggelaten (' +
    hourly.suppressed + ' per uur, ' + od.suppressed + ' herkomst-bestemming). Voertuigen worden alleen binnen ' +
    'een dag gevolgd, onder een sleutel die dagelijks wisselt.';
}

$('#stats-form').addEventListener('submit', (e) => {
  e.preventDefault();
  statistics();
});

async function download(path, name) {
  const blob = await (await api(path)).blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

document.querySelectorAll('[data-csv]').forEach((a) => a.addEventListener('click', (e) => {
  e.preventDefault();
  download('/api/insight/statistics/' + a.dataset.csv + statsQuery() + '&format=csv', a.dataset.csv + '.csv');
}));

// ---- rotation plan ----
async function rotation() {
  const plan = await json('/api/insight/rotation');
  rows('#visits', plan.visits, (v) => [text(v.cameraId), text(v.site.locationCode + ' ' + v.site.street),
    local(v.startsAt), local(v.endsAt), text(v.state + (v.note ? ': ' + v.note : '')),
    v.state === 'PLANNED' ? '<button data-cancel="' + v.id + '">Annuleer</button>' : '']);
  rows('#coverage', plan.coverage, (c) => [text(c.locationCode), c.month, c.days]);
  $('#conflicts').innerHTML = plan.conflicts.map((c) => '<li>' + text(c.detail) + '</li>').join('') || '<li>geen</li>';
  document.querySelectorAll('[data-cancel]').forEach((b) => b.addEventListener('click', async () => {
    await api('/api/insight/rotation/' + b.dataset.cancel + '/cancel', { method: 'POST' });
    rotation();
  }));
}

$('#visit-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('#visit-error').textContent = '';
  const visit = { cameraId: $('#visit-camera').value, locationCode: $('#visit-code').value,
    street: $('#visit-street').value, direction: $('#visit-direction').value, lat: Number($('#visit-lat').value),
    lon: Number($('#visit-lon').value), observationTemplate: $('#visit-template').value,
    startsAt: new Date($('#visit-from').value).toISOString(), endsAt: new Date($('#visit-to').value).toISOString() };
  try {
    await api('/api/insight/rotation', { method: 'POST', body: JSON.stringify(visit),
      headers: { 'Content-Type': 'application/json' } });
    rotation();
  } catch (err) {
    $('#visit-error').textContent = err.message;
  }
});

// ---- reports ----
async function reports() {
  rows('#reports', await json('/api/insight/reports'), (r) => [r.month, local(r.madeAt), text(r.madeBy),
    '<a href="#" data-report="' + r.month + '.pdf">PDF</a> <a href="#" data-report="' + r.month + '.csv">CSV</a>']);
  document.querySelectorAll('[data-report]').forEach((a) => a.addEventListener('click', (e) => {
    e.preventDefault();
    download('/api/insight/reports/' + a.dataset.report, 'managementrapportage-' + a.dataset.report);
  }));
}

$('#report-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  await api('/api/insight/reports/' + $('#report-month').value, { method: 'POST' });
  reports();
});

// a page opened in a browser that is signed in goes on in its session
fetch('/api/session', { headers: headers() }).then((res) => res.status === 200 ? res.json() : Promise.reject(res.status))
  .then(start).catch(showLogin);
