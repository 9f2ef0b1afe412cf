// The officer's part of the verdict quality loop (docs/quality.md): a case's dossier for the CVOM or a court in
// one click (PDF, or a ZIP with the original pictures; the server writes the access log), and the outcomes of
// objection (bezwaar) and appeal (beroep) as the CVOM reports them, entered here or imported from its CSV file.
'use strict';

const Quality = (() => {
  const { $, esc, api, save, dateTime } = Cordon;
  const OUTCOME = { DISMISSED: 'afgewezen', WITHDRAWN: 'ingetrokken', OBJECTION: 'bezwaar', APPEAL: 'beroep' };
  const RESULT = { UPHELD: 'gegrond', REJECTED: 'ongegrond' };
  const REFUSED = { ALREADY: 'was al vastgelegd', UNKNOWN_CASE: 'zaak onbekend', INVALID: 'onvolledig',
    NOT_A_FINE_SENT: 'alleen voor boetes die naar het CJIB zijn gegaan' };

  const caseId = () => $('#q-case').value.trim();

  function say(text, ok) {
    $('#q-message').textContent = text;
    $('#q-message').className = ok ? 'ok' : 'failed';
  }

  async function dossier(kind) {
    const id = caseId();
    if (!id) { say('Vul een zaaknummer in.', false); return; }
    try {
      save(await api('/api/enforcement/cases/' + encodeURIComponent(id) + '/dossier.' + kind, { blob: true }),
        'dossier-' + id + '.' + kind);
      say('Dossier van ' + id + ' gemaakt (' + kind.toUpperCase() + ').', true);
    } catch (err) {
      // 409: a picture was altered in storage; the server's Dutch text says so and what to do.
      say(err.status === 404 ? 'Geen zaak ' + id + ' (meer).' : err.status === 409 ? err.message
        : 'Dossier mislukt: ' + err.message, false);
    }
  }

  async function outcomes() {
    const id = caseId();
    if (!id) return;
    const list = await api('/api/enforcement/cases/' + encodeURIComponent(id) + '/outcomes');
    $('#q-outcomes tbody').innerHTML = list.map((o) => '<tr><td>' + esc(dateTime(o.recordedAt)) + '</td><td>'
      + esc(OUTCOME[o.outcome] + (o.result ? ' ' + RESULT[o.result] : '')) + '</td><td>' + esc(o.reason || '')
      + '</td><td>' + esc(o.recordedBy) + '</td></tr>').join('');
  }

  async function decide() {
    const id = caseId();
    try {
      await api('/api/enforcement/cases/' + encodeURIComponent(id) + '/outcomes', { method: 'POST',
        body: JSON.stringify({ kind: $('#q-kind').value, result: $('#q-result').value }) });
      say('Vastgelegd: ' + $('#q-kind').selectedOptions[0].text + ' ' + $('#q-result').selectedOptions[0].text
        + ' voor ' + id + '.', true);
      outcomes();
    } catch (err) {
      say('Niet vastgelegd: ' + (err.body && REFUSED[err.body.result] || err.message), false);
    }
  }

  async function importFile(e) {
    const file = e.target.files[0];
    if (!file) return;
    try {
      const r = await api('/api/enforcement/outcomes/import', { method: 'POST', text: await file.text() });
      say(r.recorded + ' uitkomsten vastgelegd, ' + r.already + ' al bekend'
        + (r.problems.length ? '; niet vastgelegd: ' + r.problems.join(', ') : '') + '.', !r.problems.length);
    } catch (err) {
      say('Import mislukt: ' + err.message, false);
    }
    e.target.value = '';
  }

  /** Shows the case on screen in the panel, so its dossier is one click away. */
  function show(c) {
    if (c) $('#q-case').value = c.caseId;
  }

  function wire() {
    $('#q-dossier-pdf').addEventListener('click', () => dossier('pdf'));
    $('#q-dossier-zip').addEventListener('click', () => dossier('zip'));
    $('#q-decide').addEventListener('click', decide);
    $('#q-import').addEventListener('change', importFile);
    $('#q-case').addEventListener('change', () => outcomes().catch((err) => say(err.message, false)));
  }

  return { wire, show };
})();
