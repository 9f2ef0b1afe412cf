// Operations (beheer): exemptions, sign problems and the schouw log, the erasure requests that wait for a second
// person, mobile camera sites, enforcement times.
// Every change is a call to the same API curl would use; the controller writes each to its logs.
'use strict';

const { $, esc, api } = Cordon;
const ops = { city: null };
window.operations = ops; // for the browser tests

Cordon.login(async () => {
  ops.city = await api('/api/city');
  $('#city').textContent = ops.city.name;
  const options = (items, label) => items.map((x) => '<option value="' + esc(x.id) + '">' + esc(label(x)) + '</option>').join('');
  $('#ex-zone').innerHTML = options(ops.city.zones, (z) => z.name) + '<option value="*">alle zones</option>';
  $('#sp-gate').innerHTML = $('#in-gate').innerHTML = options(ops.city.gates, (g) => g.id + ' (' + g.zoneId + ')');
  $('#mv-camera').innerHTML = options(ops.city.cameras.filter((c) => c.mobile), (c) => c.id);
  // the day in Amsterdam, as the server counts days (toISOString gives the UTC date: yesterday after 23:00 in winter)
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
  $('#ex-valid-from').value = today;
  $('#exemption-search').addEventListener('submit', (e) => { e.preventDefault(); searchExemptions(); });
  $('#exemption-form').addEventListener('submit', saveExemption);
  $('#import-file').addEventListener('change', async (e) => { $('#import-csv').value = await e.target.files[0].text(); });
  $('#import-form').addEventListener('submit', importExemptions);
  $('#sign-problem-form').addEventListener('submit', reportSignProblem);
  $('#inspection-form').addEventListener('submit', logInspection);
  $('#move-form').addEventListener('submit', moveCamera);
  $('#mv-camera').addEventListener('change', siteHistory);
  await Promise.all([searchExemptions(), signProblems(), inspections(), siteHistory(), drawWindows(),
    ErasureRequests.wire()]);
});

function message(id, text, ok) {
  $(id).textContent = text;
  $(id).className = ok ? 'ok' : 'failed';
}

// ---- exemptions ----
async function searchExemptions() {
  const q = $('#search-q').value.trim();
  const list = await api('/api/exemptions' + (q ? '?q=' + encodeURIComponent(q) : ''));
  $('#exemptions tbody').innerHTML = list.slice(0, 200).map((e) => '<tr data-exemption="' + esc(e.id) + '"><td>' + esc(e.id)
    + '</td><td>' + esc(e.zoneId) + '</td><td>' + esc(e.country + ' ' + e.plateFrom + (e.plateTo !== e.plateFrom ? ' t/m ' + e.plateTo : ''))
    + '</td><td>' + esc(validity(e)) + '</td><td>' + esc(e.reason)
    + '</td><td><button data-edit="' + esc(e.id) + '">Wijzigen</button> <button data-end="' + esc(e.id) + '">Beëindigen</button></td></tr>').join('')
    + (list.length > 200 ? '<tr><td colspan="6" class="hint">' + (list.length - 200) + ' meer: zoek nauwkeuriger</td></tr>' : '');
  const byId = Object.fromEntries(list.map((e) => [e.id, e]));
  document.querySelectorAll('[data-edit]').forEach((b) => b.addEventListener('click', () => edit(byId[b.dataset.edit])));
  document.querySelectorAll('[data-end]').forEach((b) => b.addEventListener('click', () => endExemption(b.dataset.end)));
}

// Validity runs from validFrom up to, not including, validUntil (local times); whole days read "t/m <last day>".
function validity(e) {
  const until = midnight(e.validUntil) ? 't/m ' + dayBefore(e.validUntil.slice(0, 10)) : 'tot ' + moment(e.validUntil);
  return moment(e.validFrom) + ' ' + until;
}

function midnight(t) {
  return /T00:00(:00)?$/.test(t);
}

function moment(t) {
  return midnight(t) ? t.slice(0, 10) : t.slice(0, 10) + ' ' + t.slice(11, 16);
}

function dayBefore(date) {
  const d = new Date(date + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function edit(e) {
  $('#ex-id').value = e.id;
  $('#ex-zone').value = e.zoneId;
  $('#ex-country').value = e.country;
  $('#ex-from').value = e.plateFrom;
  $('#ex-to').value = e.plateTo === e.plateFrom ? '' : e.plateTo;
  $('#ex-kind').value = 'PERIOD';
  $('#ex-valid-from').value = e.validFrom.slice(0, 10);
  $('#ex-valid-from-time').value = midnight(e.validFrom) ? '' : e.validFrom.slice(11, 16);
  const wholeDays = midnight(e.validUntil);
  $('#ex-valid-until').value = wholeDays ? dayBefore(e.validUntil.slice(0, 10)) : e.validUntil.slice(0, 10);
  $('#ex-valid-until-time').value = wholeDays ? '' : e.validUntil.slice(11, 16);
  $('#ex-reason').value = e.reason;
  $('#ex-valid-until').focus();
}

async function saveExemption(ev) {
  ev.preventDefault();
  const id = $('#ex-id').value.trim();
  const day = $('#ex-kind').value === 'DAY';
  const at = (date, time) => date + (time ? 'T' + time : '');
  // a date alone keeps its meaning: from 00:00, until and including that whole day
  const body = { zoneId: $('#ex-zone').value, country: $('#ex-country').value, plateFrom: $('#ex-from').value,
    plateTo: $('#ex-to').value || null, kind: $('#ex-kind').value,
    validFrom: day ? $('#ex-valid-from').value : at($('#ex-valid-from').value, $('#ex-valid-from-time').value),
    validUntil: day ? null : at($('#ex-valid-until').value, $('#ex-valid-until-time').value),
    reason: $('#ex-reason').value };
  try {
    await api('/api/exemptions/' + encodeURIComponent(id), { method: 'PUT', body: JSON.stringify(body) });
    message('#exemption-message', 'Ontheffing ' + id + ' opgeslagen; de poorten van alle knooppunten passen haar binnen enkele seconden toe.', true);
    searchExemptions();
  } catch (err) {
    message('#exemption-message', 'Niet opgeslagen: ' + err.message, false);
  }
}

async function endExemption(id) {
  try {
    const ended = await api('/api/exemptions/' + encodeURIComponent(id) + '/end', { method: 'POST', body: '{}' });
    message('#exemption-message', ended ? 'Ontheffing ' + id + ' geldt ' + validity(ended) + '.' : 'Ontheffing ' + id + ' verwijderd.', true);
    searchExemptions();
  } catch (err) {
    message('#exemption-message', 'Niet beëindigd: ' + err.message, false);
  }
}

async function importExemptions(ev) {
  ev.preventDefault();
  let report;
  try {
    report = await api('/api/exemptions/import', { method: 'POST', text: $('#import-csv').value });
  } catch (err) {
    report = err.body && err.body.lines ? err.body : { stored: false, lines: [{ line: 0, ok: false, message: err.message }] };
  }
  $('#import-report').innerHTML = '<li class="' + (report.stored ? '' : 'bad') + '">' + (report.stored ? report.count
    + ' ontheffingen opgeslagen' : 'Niets opgeslagen: de lijst heeft fouten') + '</li>'
    + report.lines.map((l) => '<li class="' + (l.ok ? '' : 'bad') + '">regel ' + l.line + ': ' + esc(l.id ? l.id + ' ' : '') + esc(l.message) + '</li>').join('');
  if (report.stored) searchExemptions();
}

// ---- sign problems and schouw ----
async function signProblems() {
  const list = await api('/api/enforcement/sign-problems');
  $('#sign-problems tbody').innerHTML = list.filter((p) => !p.resolvedAt).map((p) => '<tr><td>' + esc(p.gateId) + '</td><td>'
    + Cordon.dateTime(p.problemFrom) + '</td><td>' + esc(p.description) + '</td><td>' + esc(p.reportedBy)
    + '</td><td><button data-resolve="' + p.id + '">Opgelost</button></td></tr>').join('');
  document.querySelectorAll('[data-resolve]').forEach((b) => b.addEventListener('click', async () => {
    await api('/api/enforcement/sign-problems/' + b.dataset.resolve + '/resolve', { method: 'POST' });
    signProblems();
  }));
}

async function reportSignProblem(ev) {
  ev.preventDefault();
  const from = $('#sp-from').value ? new Date($('#sp-from').value).toISOString() : new Date().toISOString();
  try {
    const r = await api('/api/enforcement/sign-problems', { method: 'POST',
      body: JSON.stringify({ gateId: $('#sp-gate').value, from, description: $('#sp-description').value }) });
    message('#sign-message', 'Gemeld; handhaving op ' + r.problem.gateId + ' is opgeschort, ' + r.withdrawn + ' zaken ingetrokken'
      + (r.awaitingSecondPerson ? '; ' + r.awaitingSecondPerson.caseIds.length + ' beoordeelde zaken wachten op een tweede persoon (hieronder).' : '.'), true);
    signProblems();
    ErasureRequests.load();
  } catch (err) {
    message('#sign-message', 'Niet gemeld: ' + err.message, false);
  }
}

async function inspections() {
  const list = await api('/api/enforcement/inspections');
  $('#inspections tbody').innerHTML = list.slice(0, 24).map((i) => '<tr><td>' + esc(i.gateId) + '</td><td>' + Cordon.dateTime(i.inspectedAt)
    + '</td><td>' + esc(i.inspector) + '</td><td>' + (i.signsOk ? 'ja' : '<b>nee</b>') + '</td><td>' + esc(i.notes) + '</td></tr>').join('');
}

async function logInspection(ev) {
  ev.preventDefault();
  await api('/api/enforcement/inspections', { method: 'POST', body: JSON.stringify({ gateId: $('#in-gate').value,
    signsOk: $('#in-ok').checked, notes: $('#in-notes').value }) });
  $('#in-notes').value = '';
  inspections();
}

// ---- mobile cameras ----
async function siteHistory() {
  const id = $('#mv-camera').value;
  if (!id) { $('#site-history tbody').innerHTML = '<tr><td colspan="3" class="hint">geen mobiele camera\'s</td></tr>'; return; }
  const sites = await api('/api/cameras/' + encodeURIComponent(id) + '/sites');
  $('#site-history tbody').innerHTML = sites.slice().reverse().map((s) => '<tr><td>' + (Date.parse(s.from) === 0 ? 'begin' : Cordon.dateTime(s.from))
    + '</td><td>' + esc(s.site.locationCode) + '</td><td>' + esc(s.site.street + ', ' + s.site.direction) + '</td></tr>').join('');
}

async function moveCamera(ev) {
  ev.preventDefault();
  const id = $('#mv-camera').value;
  const body = { locationCode: $('#mv-code').value, street: $('#mv-street').value, direction: $('#mv-direction').value,
    lat: parseFloat($('#mv-lat').value), lon: parseFloat($('#mv-lon').value), observationTemplate: $('#mv-template').value || null };
  try {
    await api('/api/cameras/' + encodeURIComponent(id) + '/site', { method: 'POST', body: JSON.stringify(body) });
    message('#move-message', id + ' staat nu op ' + body.locationCode, true);
    siteHistory();
  } catch (err) {
    message('#move-message', 'Niet verplaatst: ' + err.message, false);
  }
}

// ---- enforcement times ----
async function drawWindows() {
  const rows = await Promise.all(ops.city.zones.map(async (z) => [z, await api('/api/zones/' + encodeURIComponent(z.id) + '/enforcement-windows')]));
  $('#windows').innerHTML = rows.map(([z, w]) => '<form class="grid zone-windows" data-zone="' + esc(z.id) + '"><strong>' + esc(z.name)
    + '</strong><span>' + esc(Cordon.windowsText(w)) + '</span><label for="win-' + esc(z.id) + '">nieuwe tijden</label>'
    + '<input id="win-' + esc(z.id) + '" name="windows" placeholder="ma,di,wo,do,vr 07:00-19:00 (leeg: de klok rond)">'
    + '<button type="submit">Instellen</button></form>').join('');
  Cordon.onWindowsSubmit(drawWindows);
}
