// Four eyes before decided cases are erased (docs/enforcement.md): the erasure requests a sign problem or
// detour left waiting for a second person, on the officer's and the operations page, each with "Bevestigen"
// and "Afwijzen" through the same API curl would use. The one who asked sees them too; the server refuses
// their decision and the panel says why.
'use strict';

const ErasureRequests = (() => {
  const { $, esc, api, dateTime } = Cordon;
  const SOURCE = { SIGN_PROBLEM: 'bordprobleem', DETOUR: 'omleiding' };

  function say(text, ok) {
    $('#erasure-message').textContent = text;
    $('#erasure-message').className = ok ? 'ok' : 'failed';
  }

  async function load() {
    const list = await api('/api/enforcement/erasure-requests');
    $('#erasure-requests tbody').innerHTML = list.map((r) => '<tr data-request="' + r.id + '"><td>' + r.id
      + '</td><td>' + esc(SOURCE[r.source] || r.source) + ' ' + r.sourceId + (r.reason ? ': ' + esc(r.reason) : '')
      + '</td><td>' + r.caseIds.length + '</td><td>' + esc(r.requestedBy) + ', ' + esc(dateTime(r.requestedAt))
      + '</td><td><button data-confirm="' + r.id + '">Bevestigen</button> <button data-reject="' + r.id
      + '">Afwijzen</button></td></tr>').join('');
    $('#erasure-none').hidden = list.length > 0;
  }

  function done(id, d) {
    if (d.outcome === 'REJECTED') return 'Verzoek ' + id + ' afgewezen: de zaken blijven staan.';
    return 'Verzoek ' + id + ' bevestigd: ' + d.withdrawn + ' zaken ingetrokken.'
      + (d.correction ? ' Een correctieverzoek voor het CJIB is gemaakt.' : '')
      + (d.withCjib && d.withCjib.length ? ' ' + d.withCjib.length + ' boetes zijn al bij het CJIB; corrigeer die '
        + 'met de hand: ' + d.withCjib.join(', ') + '.' : '');
  }

  function refused(id, err) {
    switch (err.status) {
      case 403: return 'U heeft verzoek ' + id + ' zelf gedaan: een tweede persoon (een andere handhaver of '
        + 'beheerder) moet het bevestigen of afwijzen.';
      case 404: return 'Verzoek ' + id + ' bestaat niet (meer).';
      case 409: return 'Verzoek ' + id + ' is al beslist'
        + (err.body && err.body.request ? ' door ' + err.body.request.decidedBy : '') + '.';
      default: return 'Niet gelukt: ' + err.message;
    }
  }

  async function decide(id, how) {
    try {
      say(done(id, await api('/api/enforcement/erasure-requests/' + id + '/' + how, { method: 'POST' })), true);
    } catch (err) {
      say(refused(id, err), false);
    }
    await load();
  }

  /** Draws the panel into its section and lists the pending requests. */
  async function wire() {
    $('#erasure-panel').innerHTML = '<h2 id="erasure-title">Verzoeken tot intrekken (vier ogen)</h2>'
      + '<p class="hint">Goedgekeurde of verzonden zaken die een bordprobleem of omleiding wil intrekken, wachten op '
      + 'een tweede persoon: niet wie het verzoek deed.</p>'
      + '<table id="erasure-requests"><thead><tr><th>nummer</th><th>aanleiding</th><th>zaken</th>'
      + '<th>gevraagd door</th><th></th></tr></thead><tbody></tbody></table>'
      + '<p id="erasure-none" class="hint">Geen verzoeken die wachten.</p><p id="erasure-message" role="status"></p>';
    $('#erasure-requests tbody').addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (b) decide(b.dataset.confirm || b.dataset.reject, b.dataset.confirm ? 'confirm' : 'reject');
    });
    await load();
  }

  return { wire, load };
})();
