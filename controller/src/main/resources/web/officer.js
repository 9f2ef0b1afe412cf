// Officer review (handbak): the queue oldest first, one case at a time, reviewed from the keyboard. Every case
// and image shown goes through /api/enforcement, which writes the access log before it answers.
'use strict';

const { $, esc, api } = Cordon;
// the municipality's list (anpr.enforcement.quality.dismissal-reasons), as [code, label]
let REASONS = [];
const BATCH_KIND = { CJIB: 'CJIB-batch', NAW: 'NAW-aanvraag', LETTERS: 'brieven', CORRECTION: 'correctie CJIB' };
// Characters a camera confuses; a read plate holding them deserves a second look at the picture.
const LOOK_ALIKES = [['0', 'O'], ['8', 'B'], ['1', 'I']];
const SOURCE = { ENTRY: 'inrit', EXIT: 'uitrit', SCAN: 'scanauto' };
const CATEGORY = { PASSENGER_CAR: 'personenauto', VAN: 'bestelauto', TRUCK: 'vrachtauto', BUS: 'bus',
  MOPED: 'bromfiets', MOTORCYCLE: 'motor', OTHER: 'ander voertuig', UNKNOWN: 'onbekend' };

const review = { queue: [], decided: new Set(), current: null, image: 0, zoom: false, choosing: false, reason: 0, busy: false, shownAt: 0 };
window.officer = review; // for the browser tests

Cordon.login(async () => {
  REASONS = (await api('/api/enforcement/dismissal-reasons')).map((r) => [r.code, r.label]);
  $('#reason-keys').textContent = '1–' + REASONS.length;
  REASONS.forEach(([code, label], i) => {
    const li = document.createElement('li');
    li.dataset.reason = code;
    li.setAttribute('role', 'option');
    li.innerHTML = '<kbd>' + (i + 1) + '</kbd> ' + esc(label);
    $('#reasons').appendChild(li);
  });
  $('#approve').addEventListener('click', approve);
  $('#dismiss').addEventListener('click', startDismiss);
  $('#evidence').addEventListener('click', (e) => toggleZoom(e));
  $('#evidence').addEventListener('mousemove', (e) => { if (review.zoom) origin(e); });
  $('#make-cjib').addEventListener('click', () => makeBatch('/api/enforcement/cjib-batches', 'CJIB-batch'));
  $('#make-naw').addEventListener('click', () => makeBatch('/api/enforcement/naw-batches', 'NAW-aanvraag'));
  $('#letters-file').addEventListener('change', printLetters);
  document.addEventListener('keydown', onKey);
  Quality.wire();
  await Promise.all([loadQueue(), refreshBatches(), ErasureRequests.wire()]);
});

/** Refills the queue behind the case on screen, which stays; decided cases never come back. */
async function loadQueue() {
  const me = Cordon.user().name;
  // a four-eyes case this officer approved first waits for someone else
  const fresh = (await api('/api/enforcement/queue'))
    .filter((c) => c.firstApprovedBy !== me && !review.decided.has(c.caseId));
  const current = review.current;
  review.queue = current ? [current, ...fresh.filter((c) => c.caseId !== current.caseId)] : fresh;
  if (current) $('#position').textContent = 'zaak 1 van ' + review.queue.length;
  else show(review.queue[0] || null);
  refreshCounts();
}

async function refreshCounts() {
  const w = await api('/api/enforcement/work-today');
  $('#counts').innerHTML = '<span>open: <b id="count-open">' + w.open + '</b></span>'
    + '<span>vandaag goedgekeurd: <b id="count-mine">' + w.approvedSinceBy + '</b> door mij, ' + w.approvedSince + ' in totaal</span>'
    + '<span>afgewezen deze maand: ' + w.dismissedInMonth + '</span><span>batches vandaag: ' + w.batchesSince + '</span>';
}

function show(c) {
  review.current = c;
  review.image = 0;
  review.choosing = false;
  setZoom(false);
  $('#reason-box').hidden = true;
  $('#empty').hidden = !!c;
  $('#case-detail').hidden = !c;
  $('#position').textContent = c ? 'zaak 1 van ' + review.queue.length : '';
  $('#looks').hidden = !c;
  if (!c) { $('#evidence-image').removeAttribute('src'); $('#evidence-caption').textContent = ''; return; }
  $('#plate').innerHTML = '<span class="country">' + esc(c.country) + '</span>' + esc(c.plate);
  const confusable = LOOK_ALIKES.filter(([a, b]) => c.plate.includes(a) || c.plate.includes(b));
  $('#plate-hint').hidden = !confusable.length;
  $('#plate-hint').textContent = confusable.length ? 'Let op: tekens die op elkaar lijken ('
    + confusable.map(([a, b]) => a + '/' + b).join(', ') + '). Vergelijk het kenteken met de foto.' : '';
  $('#case-time').textContent = new Date(c.localTime).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam',
    weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  $('#case-site').textContent = c.locationCode + ' – ' + c.street + ', richting ' + c.direction + ' (camera ' + c.cameraId + ', ' + (SOURCE[c.source] || c.source) + ')'
    + (c.source === 'SCAN' && c.position ? ', positie ' + c.position.lat.toFixed(5) + ', ' + c.position.lon.toFixed(5) : '');
  $('#case-zone').textContent = c.zoneId;
  // the rule in Dutch; the recorded English reason only for a rule without a Dutch text
  const ruleText = c.reasonDutch || c.reason;
  $('#case-rule').textContent = c.ruleId + (ruleText ? ': ' + ruleText : '');
  $('#case-source').textContent = c.ruleSource || '–';
  $('#case-kind').textContent = c.kind === 'WARNING' ? 'waarschuwing' : 'boete';
  $('#picture-hint').hidden = !c.missingPicture;
  $('#approve').disabled = !!c.missingPicture;
  $('#four-eyes').hidden = !c.firstApprovedBy;
  $('#four-eyes').textContent = c.firstApprovedBy ? 'Vier ogen: al goedgekeurd door ' + c.firstApprovedBy
    + '; uw goedkeuring maakt het definitief.' : '';
  $('#case-observation').textContent = c.observationText; // exactly as it will be sent
  const f = c.vehicleFacts || {};
  // make, model and colour beside the photo: a misread plate usually belongs to another car
  $('#looks-rdw').textContent = [f.make, f.model].filter((x) => x).join(' ')
    + (f.colour && f.colour !== 'N.v.t.' ? ', ' + f.colour.toLowerCase() : '') || 'merk en kleur onbekend';
  $('#looks-confidence').textContent = c.readConfidence === null || c.readConfidence === undefined ? 'onbekend'
    : Math.round(c.readConfidence * 100) + '%';
  const facts = [['voertuigsoort', f.vehicleType], ['EU-categorie', f.euCategory], ['inrichting', f.bodyType],
    ['brandstof', (f.fuels || []).join(', ').toLowerCase()], ['emissieklasse', f.emissionClass],
    ['eerste toelating', f.firstAdmission], ['max. massa', f.maxMassKg ? f.maxMassKg + ' kg' : ''],
    ['gezien door de camera', c.seenCategory ? CATEGORY[c.seenCategory] : 'geen categorie']];
  $('#case-facts').innerHTML = facts.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => '<dt>' + esc(k) + '</dt><dd>' + esc(v) + '</dd>').join('');
  // the camera's category against the register's: a misread plate often belongs to another kind of vehicle
  const known = (x) => x && x !== 'UNKNOWN' && x !== 'OTHER';
  const mismatch = known(c.seenCategory) && known(c.registerCategory) && c.seenCategory !== c.registerCategory;
  $('#category-hint').hidden = !mismatch;
  $('#category-hint').textContent = mismatch ? 'Let op: de camera zag een ' + CATEGORY[c.seenCategory]
    + ', maar volgens de RDW is dit een ' + CATEGORY[c.registerCategory] + ' (' + (f.euCategory || '?')
    + '). Kenteken verkeerd gelezen (reden 1) of voertuiggegevens onjuist (reden 4)?' : '';
  showImage();
  Quality.show(c);
  review.shownAt = performance.now();
  $('#evidence').focus();
}

async function showImage() {
  const c = review.current;
  const list = c.evidence || [];
  if (!list.length) { $('#evidence-caption').textContent = 'geen foto'; return; }
  let blob;
  try {
    blob = await api(list[review.image].url, { blob: true });
  } catch (err) {
    if (review.current === c) $('#evidence-caption').textContent = 'foto niet beschikbaar: ' + err.message;
    return;
  }
  if (review.current !== c) return; // a newer case is on screen
  const img = $('#evidence-image');
  if (img.src) URL.revokeObjectURL(img.src);
  img.src = URL.createObjectURL(blob);
  $('#evidence-caption').textContent = 'foto ' + (review.image + 1) + ' van ' + list.length;
}

function setZoom(on) {
  review.zoom = on;
  $('#evidence').classList.toggle('zoomed', on);
  $('#evidence-image').style.transform = on ? 'scale(2.5)' : '';
}

function toggleZoom(e) {
  setZoom(!review.zoom);
  if (review.zoom && e) origin(e);
}

function origin(e) {
  const r = $('#evidence').getBoundingClientRect();
  $('#evidence-image').style.transformOrigin = ((e.clientX - r.left) / r.width * 100) + '% ' + ((e.clientY - r.top) / r.height * 100) + '%';
}

function onKey(e) {
  if (!review.current || e.target.matches('input, textarea, select') || e.ctrlKey || e.metaKey || e.altKey) return;
  const k = e.key;
  if (review.choosing) {
    if (k >= '1' && k <= String(REASONS.length)) { choose(Number(k) - 1); e.preventDefault(); }
    else if (k === 'ArrowDown' || k === 'ArrowUp') { choose((review.reason + (k === 'ArrowDown' ? 1 : REASONS.length - 1)) % REASONS.length); e.preventDefault(); }
    else if (k === 'Enter') { dismiss(); e.preventDefault(); }
    else if (k === 'Escape') { review.choosing = false; $('#reason-box').hidden = true; }
    return;
  }
  if (e.target.matches('button') && (k === 'Enter' || k === ' ')) return; // the button's own action
  if (k === 'a' || k === 'A') { approve(); e.preventDefault(); }
  else if (k === 'd' || k === 'D') { startDismiss(); e.preventDefault(); }
  else if (k === 'z' || k === 'Z') { toggleZoom(null); $('#evidence-image').style.transformOrigin = '50% 50%'; }
  else if ((k === 'ArrowRight' || k === 'ArrowLeft') && review.current.evidence.length > 1) {
    const n = review.current.evidence.length;
    review.image = (review.image + (k === 'ArrowRight' ? 1 : n - 1)) % n;
    showImage();
  }
}

function startDismiss() {
  review.choosing = true;
  $('#reason-box').hidden = false;
  choose(0);
}

function choose(i) {
  review.reason = i;
  document.querySelectorAll('#reasons li').forEach((li, j) => {
    li.classList.toggle('chosen', i === j);
    li.setAttribute('aria-selected', String(i === j));
  });
}

async function approve() {
  await decide('approve', null, 'goedgekeurd');
}

async function dismiss() {
  const [code, label] = REASONS[review.reason];
  await decide('dismiss', JSON.stringify({ reason: code }), 'afgewezen: ' + label);
}

/** One decision; the next case shows at once, the counts follow. */
async function decide(action, body, done) {
  if (review.busy) return;
  review.busy = true;
  const c = review.current;
  try {
    const outcome = await api('/api/enforcement/cases/' + encodeURIComponent(c.caseId) + '/' + action, { method: 'POST', body });
    $('#review-message').textContent = c.plate + ' ' + (outcome.result === 'FIRST_APPROVAL'
      ? 'eerste goedkeuring (vier ogen): een tweede BOA keurt het definitief goed' : done);
    $('#review-message').className = 'ok';
  } catch (err) {
    const taken = err.status === 409;
    const mine = err.body && err.body.result === 'NEEDS_OTHER_OFFICER';
    const exempt = err.body && err.body.result === 'EXEMPTED';
    const noPicture = err.body && err.body.result === 'NO_REAL_PICTURE';
    $('#review-message').textContent = mine ? c.plate + ': u keurde dit al als eerste goed, een ander moet het tweede zijn'
      : exempt ? c.plate + ': inmiddels is er een ontheffing; de zaak is verwijderd'
      : noPicture ? c.plate + ': geen echte foto, goedkeuren kan niet'
      : taken ? c.plate + ' is al door een ander beoordeeld' : 'Mislukt: ' + err.message;
    $('#review-message').className = taken ? 'hint' : 'failed';
    if (!taken || noPicture) { review.busy = false; return; }
  }
  review.decided.add(c.caseId);
  review.queue = review.queue.filter((x) => x.caseId !== c.caseId);
  show(review.queue[0] || null);
  review.busy = false;
  if (review.queue.length < 3) loadQueue(); else refreshCounts();
}

// ---- batches ----
async function makeBatch(path, label) {
  try {
    const batch = await api(path, { method: 'POST' });
    $('#batch-message').textContent = batch ? label + ' gemaakt: ' + batch.records + ' zaken' : 'Niets om te exporteren.';
    $('#batch-message').className = 'ok';
    refreshBatches();
    refreshCounts();
  } catch (err) {
    $('#batch-message').textContent = label + ' mislukt: ' + err.message;
    $('#batch-message').className = 'failed';
  }
}

async function printLetters(e) {
  const file = e.target.files[0];
  if (!file) return;
  try {
    const batch = await api('/api/enforcement/letters', { method: 'POST', text: await file.text() });
    $('#batch-message').textContent = batch.records + ' brieven gemaakt';
    $('#batch-message').className = 'ok';
    refreshBatches();
  } catch (err) {
    $('#batch-message').textContent = 'Brieven niet gemaakt: ' + err.message;
    $('#batch-message').className = 'failed';
  }
  e.target.value = '';
}

async function refreshBatches() {
  const batches = await api('/api/enforcement/batches');
  $('#batches tbody').innerHTML = batches.slice(0, 20).map((b) => '<tr><td>' + Cordon.dateTime(b.createdAt) + '</td><td>'
    + esc(BATCH_KIND[b.kind] || b.kind) + '</td><td>' + b.records + '</td><td>' + esc(b.createdBy) + '</td><td>'
    + (b.fileDeletedAt ? 'verwijderd (bewaartermijn)' : '<button data-batch="' + esc(b.batchId) + '" data-file="' + esc(b.fileName) + '">' + esc(b.fileName) + ' downloaden</button>')
    + '</td></tr>').join('');
  document.querySelectorAll('[data-batch]').forEach((btn) => btn.addEventListener('click', async () =>
    Cordon.save(await api('/api/enforcement/batches/' + encodeURIComponent(btn.dataset.batch) + '/file', { blob: true }), btn.dataset.file)));
}
