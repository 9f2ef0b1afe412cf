// The control room page: logs in with the API's Basic credentials, draws the city on a Leaflet map and follows
// the devices over the server-sent event stream /api/control-room/stream (read with fetch, so the credentials
// travel in a header). Everything it shows comes from the controller's actors.
'use strict';

const COLORS = { UP: '#2e7d32', DEGRADED: '#f9a825', DOWN: '#d32f2f', DISABLED: '#9e9e9e' };
const state = { auth: sessionStorage.getItem('cordon-auth'), user: null, devices: {}, markers: {}, selected: null,
  map: null, city: null, lastEvent: 0 };
window.cordon = state; // for the browser tests and the curious operator

const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function headers(extra) {
  return Object.assign({ 'Authorization': 'Basic ' + state.auth, 'X-Requested-With': 'control-room' }, extra || {});
}

async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.body ? { 'Content-Type': 'application/json' } : {});
  const res = await fetch(path, opts);
  if (res.status === 401 && state.user) { logout(); throw new Error('not logged in'); }
  const text = await res.text();
  if (!res.ok) throw new Error(text || res.statusText);
  return text ? JSON.parse(text) : null;
}

const may = (role) => state.user && (state.user.roles.includes(role) || state.user.roles.includes('ADMIN'));

// ---- login ----
$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  state.auth = btoa(unescape(encodeURIComponent($('#login-user').value + ':' + $('#login-password').value)));
  try {
    await start();
  } catch (err) {
    $('#login-error').textContent = 'Login failed: ' + err.message;
  }
});
$('#logout').addEventListener('click', logout);

function logout() {
  sessionStorage.removeItem('cordon-auth');
  location.reload();
}

async function start() {
  state.user = await api('/api/me');
  sessionStorage.setItem('cordon-auth', state.auth);
  $('#login').hidden = true;
  $('#room').hidden = false;
  $('#logout').hidden = false;
  $('#who').textContent = state.user.name + ' (' + state.user.roles.join(', ') + ')';
  const [settings, city] = await Promise.all([api('/api/control-room/settings'), api('/api/city')]);
  state.settings = settings;
  state.city = city;
  $('#city').textContent = city.name;
  drawMap(settings, city);
  drawZones(city);
  follow();
  refreshIncidents();
  setInterval(refreshIncidents, 15000);
  setInterval(renderTable, 5000); // "seen 12 s ago" keeps counting between events
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
    m.bindTooltip(d.kind + ' ' + d.id);
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
async function follow() {
  try {
    const res = await fetch('/api/control-room/stream', { headers: headers() });
    if (!res.ok) throw new Error(res.statusText);
    $('#connection').className = 'online';
    $('#connection').textContent = 'live';
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        onEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (err) {
    console.warn('stream', err);
  }
  $('#connection').className = 'offline';
  $('#connection').textContent = 'reconnecting';
  setTimeout(follow, 2000);
}

function onEvent(chunk) {
  let type = 'message'; let data = '';
  for (const line of chunk.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (!data) return; // heartbeat
  state.lastEvent = Date.now();
  const payload = JSON.parse(data);
  if (type === 'snapshot') {
    payload.forEach(showDevice);
    renderTable();
  } else if (type === 'device') {
    showDevice(payload.device);
    if (payload.healthChanged) { renderTable(); refreshIncidents(); }
  }
  if (state.selected && (type === 'snapshot' || payload.device?.id === state.selected)) renderDetail();
}

// ---- tables and detail ----
// rounded down, so a figure just under the target never reads as the target
const pct = (x) => x == null ? '–' : x === 1 ? '100%' : (Math.floor(x * 10000) / 100).toFixed(2) + '%';
const ago = (t) => { if (!t) return 'never'; const s = Math.round((Date.now() - Date.parse(t)) / 1000); return s < 90 ? s + ' s ago' : s < 5400 ? Math.round(s / 60) + ' min ago' : new Date(t).toLocaleString('nl-NL'); };
const availabilityCell = (x, target) => '<td class="' + (x != null && x < target ? 'below-target' : '') + '">' + pct(x) + '</td>';

function renderTable() {
  const rows = Object.values(state.devices).sort((a, b) => (a.kind + a.id).localeCompare(b.kind + b.id)).map((d) => {
    const c = d.camera; const a = d.availability;
    return '<tr data-id="' + esc(d.id) + '"' + (d.id === state.selected ? ' class="selected"' : '') + '><td>' + esc(d.kind + ' ' + d.id) + '</td>'
      + '<td><span class="dot ' + d.health + '"></span> ' + d.health.toLowerCase() + '</td>'
      + '<td>' + (c ? ago(c.lastSeen) : d.display ? ago(d.display.lastAnswer) : '') + '</td>'
      + '<td>' + (c ? c.last10Minutes.total : '') + '</td><td>' + (c ? c.lastHour.total : '') + '</td><td>' + (c ? c.last24Hours.total : '') + '</td>'
      + (a ? availabilityCell(a.last24Hours, a.target) + availabilityCell(a.last30Days, a.target) : '<td></td><td></td>') + '</tr>';
  });
  $('#devices tbody').innerHTML = rows.join('');
  document.querySelectorAll('#devices tbody tr').forEach((tr) => tr.addEventListener('click', () => select(tr.dataset.id)));
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
  let html = '<h2>' + esc(d.kind + ' ' + d.id) + ' <span class="dot ' + d.health + '"></span> <span id="detail-health">' + d.health + '</span></h2><dl>'
    + '<dt>mode</dt><dd>' + esc(d.mode) + '</dd><dt>gate</dt><dd>' + esc(d.gateId) + '</dd>';
  if (d.availability) {
    const t = d.availability.target;
    html += '<dt>availability</dt><dd>24 h ' + pct(d.availability.last24Hours) + ', 30 d ' + pct(d.availability.last30Days) + ' (target ' + pct(t) + ')</dd>';
  }
  const c = d.camera;
  if (c) {
    html += '<dt>site</dt><dd id="detail-site">' + esc(c.site.locationCode + ' – ' + c.site.street + ', richting ' + c.site.direction) + '</dd>'
      + '<dt>observation</dt><dd>' + esc(c.site.observationTemplate.replace('{street}', c.site.street).replace('{direction}', c.site.direction)) + '</dd>'
      + '<dt>switched</dt><dd>' + (c.enabled ? 'on' : 'off') + '</dd>'
      + '<dt>last seen</dt><dd>' + ago(c.lastSeen) + '</dd><dt>last passage</dt><dd>' + ago(c.lastPassage) + '</dd>'
      + '<dt>10 min</dt><dd>' + counts(c.last10Minutes) + '</dd><dt>1 h</dt><dd>' + counts(c.lastHour) + '</dd><dt>24 h</dt><dd>' + counts(c.last24Hours) + '</dd>';
    if (d.readQuality) {
      html += '<dt>read quality (1 h)</dt><dd>unreadable ' + pct(d.readQuality.unreadableShare) + ', low confidence ' + pct(d.readQuality.lowConfidenceShare) + ' of ' + d.readQuality.reads + '</dd>';
    }
    if (c.mobile) {
      html += '<dt>site history</dt><dd>' + c.siteHistory.map((s) => esc(s.site.locationCode) + ' from ' + (Date.parse(s.from) === 0 ? 'start' : new Date(s.from).toLocaleString('nl-NL'))).join('<br>') + '</dd>';
    }
  }
  if (d.display) {
    html += '<dt>showing</dt><dd>' + esc(d.display.showing ? d.display.showing.text : '–') + '</dd><dt>last answer</dt><dd>' + ago(d.display.lastAnswer) + '</dd>'
      + '<dt>shown / dropped / failures</dt><dd>' + d.display.shown + ' / ' + d.display.dropped + ' / ' + d.display.failures + '</dd>';
  }
  if (d.gate) {
    html += '<dt>vehicles</dt><dd>' + d.gate.vehicles + ' (' + d.gate.violations + ' violations)</dd><dt>zone failures</dt><dd>' + d.gate.zoneFailures + '</dd>';
    // Vehicles without a verdict on facts (no, missing or contradictory register facts): never fined, counted here.
    html += '<dt>read quality (facts)</dt><dd>no verdict (UNKNOWN) ' + d.gate.unknown + ' of ' + d.gate.vehicles + ' vehicles</dd>';
  }
  html += '</dl><p id="action-message" class="message"></p>';
  if (c && may('OPERATIONS')) {
    html += '<button id="toggle-camera">' + (c.enabled ? 'Switch off' : 'Switch on') + '</button>';
    if (c.mobile) {
      html += '<form id="move-site" class="inline"><span>new site</span><span class="hint">click the map to pick the position</span>'
        + '<label for="site-code">location code</label><input id="site-code" required>'
        + '<label for="site-street">street</label><input id="site-street" required>'
        + '<label for="site-direction">direction</label><input id="site-direction" required>'
        + '<label for="site-lat">lat</label><input id="site-lat" required>'
        + '<label for="site-lon">lon</label><input id="site-lon" required>'
        + '<label for="site-template">observation text</label><input id="site-template" placeholder="default text">'
        + '<button type="submit" id="site-submit">Move camera</button></form>';
    }
  }
  if (d.kind === 'gate' && (may('OPERATIONS') || may('CONTROL_ROOM'))) {
    html += '<form id="sign-problem" class="inline"><label for="sign-detail">sign problem</label><input id="sign-detail" placeholder="what is wrong">'
      + '<button type="submit">Report sign problem</button></form>';
  }
  $('#detail').innerHTML = html;
  $('#toggle-camera')?.addEventListener('click', () => act(api('/api/cameras/' + encodeURIComponent(d.id) + '/enabled',
    { method: 'POST', body: JSON.stringify({ enabled: !c.enabled }) }), c.enabled ? 'switched off' : 'switched on'));
  $('#move-site')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { locationCode: $('#site-code').value, street: $('#site-street').value, direction: $('#site-direction').value,
      lat: parseFloat($('#site-lat').value), lon: parseFloat($('#site-lon').value), observationTemplate: $('#site-template').value || null };
    document.activeElement.blur();
    act(api('/api/cameras/' + encodeURIComponent(d.id) + '/site', { method: 'POST', body: JSON.stringify(body) }), 'moved to ' + body.locationCode);
  });
  $('#sign-problem')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const detail = $('#sign-detail').value;
    document.activeElement.blur();
    act(api('/api/incidents/sign-problems', { method: 'POST', body: JSON.stringify({ gateId: d.id, detail }) }), 'sign problem reported')
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
    $('#action-message').textContent = 'Failed: ' + err.message;
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
    const duration = (minutes < 120 ? minutes + ' s' : Math.round(minutes / 60) + ' min') + (i.endedAt ? '' : ' (open)');
    const ack = i.acknowledgedBy ? 'ack ' + esc(i.acknowledgedBy)
      : canAck ? '<button data-ack="' + i.id + '">Acknowledge</button>' : '';
    const resolve = !i.endedAt && i.type === 'SIGN_PROBLEM' && may('OPERATIONS') ? ' <button data-resolve="' + i.id + '">Resolved</button>' : '';
    return '<tr title="' + esc(i.detail) + '" data-incident="' + i.id + '"><td>' + new Date(i.startedAt).toLocaleTimeString('nl-NL') + '</td><td>' + esc(i.kind + ' ' + i.deviceId)
      + '</td><td>' + esc(i.type.toLowerCase().replace('_', ' ')) + '</td><td>' + duration + '</td><td>' + ack + resolve + '</td></tr>';
  }).join('');
  document.querySelectorAll('[data-ack]').forEach((b) => b.addEventListener('click', async () => {
    await api('/api/incidents/' + b.dataset.ack + '/acknowledge', { method: 'POST' }); refreshIncidents();
  }));
  document.querySelectorAll('[data-resolve]').forEach((b) => b.addEventListener('click', async () => {
    await api('/api/incidents/' + b.dataset.resolve + '/resolve', { method: 'POST' }); refreshIncidents();
  }));
}

// ---- enforcement times ----
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

async function drawZones(city) {
  let html = '<h2>Enforcement times</h2>';
  for (const zone of city.zones) {
    const windows = await api('/api/zones/' + encodeURIComponent(zone.id) + '/enforcement-windows');
    const text = windows.map((w) => DAYS.filter((d) => w.days.includes(d)).map((d) => d.slice(0, 2).toLowerCase()).join(',')
      + ' ' + w.from.slice(0, 5) + '-' + w.to.slice(0, 5)).join('; ');
    html += '<form class="inline zone-windows" data-zone="' + esc(zone.id) + '"><span>' + esc(zone.name) + '</span><span>'
      + (windows.length ? esc(text) : 'around the clock') + '</span>';
    if (may('OPERATIONS')) {
      html += '<label>new windows</label><input name="windows" placeholder="mo,tu,we,th,fr 07:00-19:00; sa 10:00-17:00 (empty: around the clock)">'
        + '<button type="submit">Set enforcement times</button>';
    }
    html += '</form>';
  }
  $('#zones').innerHTML = html;
  document.querySelectorAll('form.zone-windows').forEach((f) => f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const windows = f.windows.value.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
        const [days, hours] = s.split(/\s+/);
        const [from, to] = hours.split('-');
        return { days: days.split(',').map((d) => DAYS.find((x) => x.startsWith(d.toUpperCase()))), from, to };
      });
      await api('/api/zones/' + encodeURIComponent(f.dataset.zone) + '/enforcement-windows', { method: 'PUT', body: JSON.stringify(windows) });
      drawZones(state.city);
    } catch (err) {
      alert('Enforcement times not set: ' + err.message);
    }
  }));
}

if (state.auth) start().catch(logout);
