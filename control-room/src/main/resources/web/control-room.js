// The control room page: logs in with the API's Basic credentials, draws the city on a Leaflet map and follows
// the devices over the server-sent event stream /api/control-room/stream (read with fetch, so the credentials
// travel in a header). Everything it shows comes from the controller's actors.
'use strict';

const COLORS = { UP: '#2e7d32', DEGRADED: '#f9a825', DOWN: '#d32f2f', DISABLED: '#9e9e9e' };
const HEALTH = { UP: 'in bedrijf', DEGRADED: 'verminderd', DOWN: 'storing', DISABLED: 'uitgeschakeld' };
const INCIDENT = { DEVICE_DOWN: 'storing', DEVICE_DEGRADED: 'verminderd', SIGN_PROBLEM: 'bebordingsprobleem',
  SCHOUW_OVERDUE: 'schouw verlopen' };
const KIND = { camera: 'camera', display: 'bord', gate: 'poort', zone: 'zone' };
const state = { devices: {}, markers: {}, selected: null, map: null, city: null, lastEvent: 0, charts: {} };
window.cordon = state; // for the browser tests and the curious operator

const { $, esc, api, may } = Cordon;

Cordon.login(start);

async function start() {
  const [settings, city] = await Promise.all([api('/api/control-room/settings'), api('/api/city')]);
  state.settings = settings;
  state.city = city;
  $('#city').textContent = city.name;
  drawMap(settings, city);
  drawZones(city);
  Cordon.stream('/api/control-room/stream', onEvent, (live) => {
    $('#connection').className = live ? 'online' : 'offline';
    $('#connection').textContent = live ? 'live' : 'verbinding herstellen';
  });
  refreshIncidents();
  setInterval(refreshIncidents, 15000);
  setInterval(refreshPlots, 10000);
  setInterval(renderTable, 5000); // "12 s geleden" keeps counting between events
  $('#incidents-open').addEventListener('change', refreshIncidents);
}

// ---- map ----
function drawMap(settings, city) {
  const map = L.map('map', { zoomSnap: 0.25, attributionControl: !!settings.tileUrl });
  state.map = map;
  if (settings.tileUrl) {
    L.tileLayer(settings.tileUrl, { maxZoom: 19, attribution: settings.tileAttribution }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
  const bounds = L.latLngBounds([]);
  for (const zone of city.zones) {
    if (zone.outline.length) {
      const outline = zone.outline.map((p) => [p.lat, p.lon]);
      L.polygon(outline, { color: '#1d3557', weight: 2, fillOpacity: 0.05, className: 'zone-outline' })
        .bindTooltip(zone.name).addTo(map);
      outline.forEach((p) => bounds.extend(p));
    }
  }
  city.gates.forEach((g) => bounds.extend([g.position.lat, g.position.lon]));
  city.cameras.forEach((c) => bounds.extend([c.site.position.lat, c.site.position.lon]));
  map.fitBounds(bounds.pad(0.15));
  map.on('click', (e) => { // picking a new site for a mobile camera
    const lat = $('#site-lat'); const lon = $('#site-lon');
    if (lat && lon) { lat.value = e.latlng.lat.toFixed(6); lon.value = e.latlng.lng.toFixed(6); }
  });
}

function markerFor(d) {
  const style = { color: COLORS[d.health], fillColor: COLORS[d.health], fillOpacity: 0.9, weight: 2 };
  if (d.kind === 'gate') {
    return L.circleMarker([d.position.lat, d.position.lon], Object.assign(style, { radius: 16, fillOpacity: 0.12 }));
  }
  if (d.kind === 'display') {
    const s = 0.00012; // about 13 m: a square that reads as a sign
    const p = d.position;
    return L.rectangle([[p.lat - s / 2, p.lon - s], [p.lat + s / 2, p.lon + s]], style);
  }
  return L.circleMarker([d.position.lat, d.position.lon], Object.assign(style, { radius: 7 }));
}

function showDevice(d) {
  const previous = state.devices[d.id];
  state.devices[d.id] = d;
  let m = state.markers[d.id];
  const moved = previous && (previous.position.lat !== d.position.lat || previous.position.lon !== d.position.lon);
  if (!m || moved) {
    if (m) m.remove();
    m = markerFor(d).addTo(state.map);
    m.on('click', () => select(d.id));
    m.bindTooltip(KIND[d.kind] + ' ' + d.id);
    state.markers[d.id] = m;
  }
  m.setStyle({ color: COLORS[d.health], fillColor: COLORS[d.health] });
  const el = m.getElement();
  el.setAttribute('data-device', d.id);
  el.setAttribute('data-kind', d.kind);
  el.setAttribute('data-health', d.health);
  if (d.kind === 'gate') m.bringToBack();
}

// ---- live stream ----
function onEvent(type, payload) {
  state.lastEvent = Date.now();
  if (type === 'snapshot') {
    payload.forEach(showDevice);
    renderTable();
    if (!state.plotted) { state.plotted = true; refreshPlots(); } // the quality and availability plots need the devices
  } else if (type === 'device') {
    showDevice(payload.device);
    if (payload.healthChanged) { renderTable(); refreshIncidents(); }
  }
  if (state.selected && (type === 'snapshot' || payload.device?.id === state.selected)) renderDetail();
}

// ---- tables and detail ----
// rounded down, so a figure just under the target never reads as the target
const pct = (x) => x == null ? '–' : x === 1 ? '100%' : (Math.floor(x * 10000) / 100).toFixed(2) + '%';
const ago = (t) => { if (!t) return 'nooit'; const s = Math.round((Date.now() - Date.parse(t)) / 1000); return s < 90 ? s + ' s geleden' : s < 5400 ? Math.round(s / 60) + ' min geleden' : new Date(t).toLocaleString('nl-NL'); };
const availabilityCell = (x, target) => '<td class="' + (x != null && x < target ? 'below-target' : '') + '">' + pct(x) + '</td>';

function renderTable() {
  const rows = Object.values(state.devices).sort((a, b) => (a.kind + a.id).localeCompare(b.kind + b.id)).map((d) => {
    const c = d.camera; const a = d.availability;
    return '<tr tabindex="0" data-id="' + esc(d.id) + '"' + (d.id === state.selected ? ' class="selected"' : '') + '><td>' + esc(KIND[d.kind] + ' ' + d.id) + '</td>'
      + '<td><span class="dot ' + d.health + '"></span> ' + HEALTH[d.health] + '</td>'
      + '<td>' + (c ? ago(c.lastSeen) : d.display ? ago(d.display.lastAnswer) : '') + '</td>'
      + '<td>' + (c ? c.last10Minutes.total : '') + '</td><td>' + (c ? c.lastHour.total : '') + '</td><td>' + (c ? c.last24Hours.total : '') + '</td>'
      + (a ? availabilityCell(a.last24Hours, a.target) + availabilityCell(a.last30Days, a.target) : '<td></td><td></td>') + '</tr>';
  });
  $('#devices tbody').innerHTML = rows.join('');
  document.querySelectorAll('#devices tbody tr').forEach((tr) => {
    tr.addEventListener('click', () => select(tr.dataset.id));
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(tr.dataset.id); }); // keyboard users
  });
}

function select(id) {
  state.selected = id;
  renderTable();
  renderDetail();
}

function counts(c) {
  const cats = Object.entries(c.byCategory).map(([k, v]) => esc(k.toLowerCase()) + ' ' + v).join(', ');
  return c.total + (cats ? ' (' + cats + ')' : '');
}

function renderDetail(force) {
  const d = state.devices[state.selected];
  if (!d) return;
  const typing = [...document.querySelectorAll('#detail form input')].some((i) => i.value)
    || (document.activeElement && document.activeElement.closest('#detail form'));
  if (typing && !force) return; // do not wipe a form the operator is filling in
  let html = '<h2>' + esc(KIND[d.kind] + ' ' + d.id) + ' <span class="dot ' + d.health + '"></span> <span id="detail-health" data-health="' + d.health + '">' + HEALTH[d.health] + '</span></h2><dl>'
    + '<dt>modus</dt><dd>' + esc(d.mode) + '</dd><dt>poort</dt><dd>' + esc(d.gateId) + '</dd>';
  if (d.availability) {
    const t = d.availability.target;
    html += '<dt>beschikbaarheid</dt><dd>24 u ' + pct(d.availability.last24Hours) + ', 30 d ' + pct(d.availability.last30Days) + ' (doel ' + pct(t) + ')</dd>';
  }
  const c = d.camera;
  if (c) {
    html += '<dt>opstelpunt</dt><dd id="detail-site">' + esc(c.site.locationCode + ' – ' + c.site.street + ', richting ' + c.site.direction) + '</dd>'
      + '<dt>tweede waarneming</dt><dd>' + esc(c.site.observationTemplate.replace('{street}', c.site.street).replace('{direction}', c.site.direction)) + '</dd>'
      + '<dt>geschakeld</dt><dd>' + (c.enabled ? 'aan' : 'uit') + '</dd>'
      + '<dt>laatst gezien</dt><dd>' + ago(c.lastSeen) + '</dd><dt>laatste passage</dt><dd>' + ago(c.lastPassage) + '</dd>'
      + '<dt>10 min</dt><dd>' + counts(c.last10Minutes) + '</dd><dt>1 u</dt><dd>' + counts(c.lastHour) + '</dd><dt>24 u</dt><dd>' + counts(c.last24Hours) + '</dd>';
    if (d.readQuality) {
      html += '<dt>leeskwaliteit (1 u)</dt><dd>onleesbaar ' + pct(d.readQuality.unreadableShare) + ', lage zekerheid ' + pct(d.readQuality.lowConfidenceShare) + ' van ' + d.readQuality.reads + '</dd>';
    }
    if (c.mobile) {
      html += '<dt>opstelpunten</dt><dd>' + c.siteHistory.map((s) => esc(s.site.locationCode) + ' vanaf ' + (Date.parse(s.from) === 0 ? 'begin' : new Date(s.from).toLocaleString('nl-NL'))).join('<br>') + '</dd>';
    }
  }
  if (d.display) {
    html += '<dt>toont</dt><dd>' + esc(d.display.showing ? d.display.showing.text : '–') + ' <a href="/signs/' + encodeURIComponent(d.id) + '" target="_blank">live bord</a></dd><dt>laatste antwoord</dt><dd>' + ago(d.display.lastAnswer) + '</dd>'
      + '<dt>getoond / vervallen / fouten</dt><dd>' + d.display.shown + ' / ' + d.display.dropped + ' / ' + d.display.failures + '</dd>';
  }
  if (d.gate) {
    html += '<dt>voertuigen</dt><dd>' + d.gate.vehicles + ' (' + d.gate.violations + ' overtredingen)</dd><dt>zonefouten</dt><dd>' + d.gate.zoneFailures + '</dd>';
    // Vehicles without a verdict on facts (no, missing or contradictory register facts): never fined, counted here.
    html += '<dt>leeskwaliteit (gegevens)</dt><dd>geen oordeel (onbekend) ' + d.gate.unknown + ' van ' + d.gate.vehicles + ' voertuigen</dd>';
  }
  html += '</dl><p id="action-message" class="message"></p>';
  if (c && may('OPERATIONS')) {
    html += '<button id="toggle-camera">' + (c.enabled ? 'Uitschakelen' : 'Inschakelen') + '</button>';
    if (c.mobile) {
      html += '<form id="move-site" class="inline"><span>nieuw opstelpunt</span><span class="hint">klik op de kaart voor de positie</span>'
        + '<label for="site-code">locatiecode</label><input id="site-code" required>'
        + '<label for="site-street">straat</label><input id="site-street" required>'
        + '<label for="site-direction">richting</label><input id="site-direction" required>'
        + '<label for="site-lat">lat</label><input id="site-lat" required>'
        + '<label for="site-lon">lon</label><input id="site-lon" required>'
        + '<label for="site-template">waarnemingstekst</label><input id="site-template" placeholder="standaardtekst">'
        + '<button type="submit" id="site-submit">Camera verplaatsen</button></form>';
    }
  }
  if (d.kind === 'gate' && (may('OPERATIONS') || may('CONTROL_ROOM'))) {
    html += '<form id="sign-problem" class="inline"><label for="sign-detail">bebordingsprobleem</label><input id="sign-detail" placeholder="wat is er mis">'
      + '<button type="submit">Bebordingsprobleem melden</button></form>';
  }
  $('#detail').innerHTML = html;
  $('#toggle-camera')?.addEventListener('click', () => act(api('/api/cameras/' + encodeURIComponent(d.id) + '/enabled',
    { method: 'POST', body: JSON.stringify({ enabled: !c.enabled }) }), c.enabled ? 'uitgeschakeld' : 'ingeschakeld'));
  $('#move-site')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { locationCode: $('#site-code').value, street: $('#site-street').value, direction: $('#site-direction').value,
      lat: parseFloat($('#site-lat').value), lon: parseFloat($('#site-lon').value), observationTemplate: $('#site-template').value || null };
    document.activeElement.blur();
    act(api('/api/cameras/' + encodeURIComponent(d.id) + '/site', { method: 'POST', body: JSON.stringify(body) }), 'verplaatst naar ' + body.locationCode);
  });
  $('#sign-problem')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const detail = $('#sign-detail').value;
    document.activeElement.blur();
    act(api('/api/incidents/sign-problems', { method: 'POST', body: JSON.stringify({ gateId: d.id, detail }) }), 'bebordingsprobleem gemeld')
      .then(refreshIncidents);
  });
}

async function act(request, done) {
  try {
    const result = await request;
    if (result && result.cameraId) { // the camera's new status: show it now rather than at the next snapshot
      const d = state.devices[result.cameraId];
      showDevice(Object.assign({}, d, { camera: result, position: result.site.position }));
    }
    renderDetail(true);
    $('#action-message').textContent = done;
  } catch (err) {
    renderDetail(true);
    $('#action-message').textContent = 'Mislukt: ' + err.message;
    $('#action-message').classList.add('failed');
  }
}

// ---- incidents ----
async function refreshIncidents() {
  const open = $('#incidents-open').checked;
  const list = await api('/api/incidents?limit=50&open=' + open);
  const canAck = may('CONTROL_ROOM') || may('OPERATIONS');
  $('#incidents tbody').innerHTML = list.map((i) => {
    const end = i.endedAt ? Date.parse(i.endedAt) : Date.now();
    const minutes = Math.max(0, Math.round((end - Date.parse(i.startedAt)) / 1000));
    const duration = (minutes < 120 ? minutes + ' s' : Math.round(minutes / 60) + ' min') + (i.endedAt ? '' : ' (loopt)');
    const ack = i.acknowledgedBy ? 'gezien: ' + esc(i.acknowledgedBy)
      : canAck ? '<button data-ack="' + i.id + '">Gezien</button>' : '';
    const resolve = !i.endedAt && i.type === 'SIGN_PROBLEM' && may('OPERATIONS') ? ' <button data-resolve="' + i.id + '">Opgelost</button>' : '';
    return '<tr title="' + esc(i.detail) + '" data-incident="' + i.id + '"><td>' + new Date(i.startedAt).toLocaleTimeString('nl-NL') + '</td><td>' + esc((KIND[i.kind] || i.kind) + ' ' + i.deviceId)
      + '</td><td>' + esc(INCIDENT[i.type] || i.type) + '</td><td>' + duration + '</td><td>' + ack + resolve + '</td></tr>';
  }).join('');
  document.querySelectorAll('[data-ack]').forEach((b) => b.addEventListener('click', async () => {
    await api('/api/incidents/' + b.dataset.ack + '/acknowledge', { method: 'POST' }); refreshIncidents();
  }));
  document.querySelectorAll('[data-resolve]').forEach((b) => b.addEventListener('click', async () => {
    await api('/api/incidents/' + b.dataset.resolve + '/resolve', { method: 'POST' }); refreshIncidents();
  }));
}

// ---- enforcement times ----
async function drawZones(city) {
  let html = '<h2>Handhavingstijden</h2>';
  for (const zone of city.zones) {
    const windows = await api('/api/zones/' + encodeURIComponent(zone.id) + '/enforcement-windows');
    html += '<form class="inline zone-windows" data-zone="' + esc(zone.id) + '"><span>' + esc(zone.name) + '</span><span>'
      + esc(Cordon.windowsText(windows)) + '</span>';
    if (may('OPERATIONS')) {
      html += '<label>nieuwe tijden</label><input name="windows" placeholder="ma,di,wo,do,vr 07:00-19:00; za 10:00-17:00 (leeg: de klok rond)">'
        + '<button type="submit">Handhavingstijden instellen</button>';
    }
    html += '</form>';
  }
  $('#zones').innerHTML = html;
  Cordon.onWindowsSubmit(() => drawZones(state.city));
}

// ---- plots (Chart.js, served from the jar) ----
const PALETTE = ['#1d3557', '#e63946', '#2a9d8f', '#f4a261', '#6a4c93', '#457b9d', '#8d99ae', '#bc6c25'];

function chart(id, config) {
  if (state.charts[id]) state.charts[id].destroy();
  config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false,
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 10 } } } }, config.options || {});
  state.charts[id] = new Chart($('#' + id), config);
}

async function refreshPlots() {
  const series = await api('/api/control-room/passages');
  const from = Date.parse(series.from);
  const step = 10 * 60 * 1000;
  const gates = Object.keys(series.perGate).sort();
  const n = gates.length ? series.perGate[gates[0]].length : 0;
  const labels = [...Array(n).keys()].map((i) => new Date(from + i * step)
    .toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' }));
  chart('plot-passages', { type: 'line', data: { labels, datasets: gates.map((g, i) => ({ label: 'poort ' + g,
    data: series.perGate[g], borderColor: PALETTE[i % PALETTE.length], pointRadius: 0, borderWidth: 1.5 })) },
    options: { scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true, title: { display: true, text: 'passages per 10 min' } } } } });
  const devices = Object.values(state.devices).sort((a, b) => a.id.localeCompare(b.id));
  const cameras = devices.filter((d) => d.readQuality);
  chart('plot-quality', { type: 'bar', data: { labels: cameras.map((d) => d.id), datasets: [
    { label: 'onleesbaar', data: cameras.map((d) => 100 * d.readQuality.unreadableShare), backgroundColor: '#e63946' },
    { label: 'lage zekerheid', data: cameras.map((d) => 100 * d.readQuality.lowConfidenceShare), backgroundColor: '#f4a261' }] },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: '% (1 u)' } } } } });
  const measured = devices.filter((d) => d.availability);
  const target = measured.length ? measured[0].availability.target * 100 : 99;
  chart('plot-availability', { type: 'bar', data: { labels: measured.map((d) => d.id), datasets: [
    { label: 'beschikbaarheid 24 u', data: measured.map((d) => d.availability.last24Hours == null ? null : 100 * d.availability.last24Hours),
      backgroundColor: measured.map((d) => d.availability.last24Hours != null && d.availability.last24Hours * 100 < target ? '#d32f2f' : '#2e7d32') },
    { type: 'line', label: 'doel ' + target + '%', data: measured.map(() => target), borderColor: '#1d3557', borderDash: [4, 4], pointRadius: 0 }] },
    options: { scales: { y: { min: Math.max(0, Math.floor(Math.min(90, ...measured.map((d) => 100 * (d.availability.last24Hours ?? 1))) / 5) * 5 - 5), max: 100, title: { display: true, text: '%' } } } } });
}
