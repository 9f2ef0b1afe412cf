'use strict';
// The quality page: the rates of the verdict quality loop with their charts, and the ministry's monitoring
// figures as CSV. Signed in through the controller's session (cordon.js).
const { $, esc, api, save } = Cordon;
const REASON = { PLATE_MISREAD: 'kenteken verkeerd gelezen', EXEMPTION_FOUND: 'ontheffing', SIGN_PROBLEM: 'bordprobleem',
  VEHICLE_FACTS_WRONG: 'onjuiste RDW-gegevens', OTHER: 'anders' };
const BY = { camera: 'Camera', gate: 'Poort', rule: 'Regel', zone: 'Zone' };
const COLOURS = ['#1d3557', '#e63946', '#f4a261', '#2a9d8f', '#8d99ae', '#6a4c93', '#ffb703', '#457b9d'];
const charts = {};
const page = { rates: [] };
window.quality = page; // for the browser test

const pct = (part, whole) => whole ? Math.round(1000 * part / whole) / 10 : 0;

function chart(id, type, labels, datasets, options) {
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart($(id), { type, data: { labels, datasets }, options: Object.assign({ animation: false }, options) });
}

async function rates() {
  const by = $('#rates-by').value;
  const list = await api('/api/insight/quality?from=' + $('#rates-from').value + '&to=' + $('#rates-to').value + '&by=' + by);
  page.rates = list;
  $('#rates-title').textContent = 'Per ' + BY[by].toLowerCase();
  $('#rates-key').textContent = BY[by];
  $('#rates tbody').innerHTML = list.map((r) => '<tr>' + [r.month, esc(r.key), r.cases, r.finesSent,
    r.dismissed + ' (' + pct(r.dismissed, r.cases) + '%)', r.dismissedBy.PLATE_MISREAD || 0,
    r.withdrawn, r.objections, r.objectionsUpheld + ' (' + pct(r.objectionsUpheld, r.objections) + '%)',
    r.appeals, r.appealsUpheld].map((c) => '<td>' + c + '</td>').join('') + '</tr>').join('');
  const months = [...new Set(list.map((r) => r.month))].sort();
  const sum = (month, f) => list.filter((r) => r.month === month).reduce((s, r) => s + f(r), 0);
  const reasons = [...new Set(list.flatMap((r) => Object.keys(r.dismissedBy)))].sort();
  chart('#chart-reasons', 'bar', months, reasons.map((reason, i) => ({ label: REASON[reason] || reason,
    backgroundColor: COLOURS[i % COLOURS.length], data: months.map((m) => sum(m, (r) => r.dismissedBy[reason] || 0)) })),
    { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'zaken' } } } });
  const share = (label, colour, part, whole) => ({ label, borderColor: colour, backgroundColor: colour,
    data: months.map((m) => pct(sum(m, part), sum(m, whole))) });
  chart('#chart-shares', 'line', months, [
    share('afgewezen', COLOURS[0], (r) => r.dismissed, (r) => r.cases),
    share('kenteken verkeerd gelezen', COLOURS[1], (r) => r.dismissedBy.PLATE_MISREAD || 0, (r) => r.cases),
    share('ingetrokken', COLOURS[2], (r) => r.withdrawn, (r) => r.cases),
    share('bezwaar gegrond', COLOURS[3], (r) => r.objectionsUpheld, (r) => r.objections)],
  { scales: { y: { beginAtZero: true, title: { display: true, text: '%' } } } });
}

async function figures(e) {
  e.preventDefault();
  const from = $('#figures-from').value;
  const to = $('#figures-to').value;
  try {
    save(await api('/api/insight/monitoring-figures?from=' + from + '&to=' + to, { blob: true }),
      'monitoring-ze-' + from + '-' + to + '.csv');
    $('#figures-message').textContent = 'Gedownload.';
    $('#figures-message').className = 'ok';
  } catch (err) {
    $('#figures-message').textContent = 'Mislukt: ' + err.message;
    $('#figures-message').className = 'error';
  }
}

Cordon.login(async () => {
  const now = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
  const year = Number(now.slice(0, 4)) - (now.slice(5, 7) === '12' ? 0 : 1);
  const month = String((Number(now.slice(5, 7)) % 12) + 1).padStart(2, '0');
  $('#rates-from').value = $('#rates-from').value || year + '-' + month;
  $('#rates-to').value = $('#rates-to').value || now.slice(0, 7);
  $('#figures-from').value = $('#figures-from').value || now.slice(0, 8) + '01';
  $('#figures-to').value = $('#figures-to').value || now;
  $('#rates-form').addEventListener('submit', (e) => { e.preventDefault(); rates(); });
  $('#figures-form').addEventListener('submit', figures);
  await rates();
});
