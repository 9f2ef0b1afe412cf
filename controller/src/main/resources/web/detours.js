// Detours (omleidingen) on the control room page: the running and planned detour windows in which the gates
// named make no cases, from GET /api/enforcement/detours (docs/enforcement.md). Refreshed every 30 seconds
// once logged in; declaring one is an operations call (POST /api/enforcement/detours).
'use strict';

async function drawDetours() {
  if (!Cordon.user()) return;
  const local = (t) => new Date(t).toLocaleString('nl-NL', { dateStyle: 'short', timeStyle: 'short' });
  try {
    const detours = await api('/api/enforcement/detours');
    $('#detours').innerHTML = '<h2>Omleidingen</h2>' + (detours.length === 0 ? '<p class="hint">geen</p>'
      : '<table><thead><tr><th>poorten</th><th>van</th><th>tot</th><th>reden</th><th>bron</th></tr></thead><tbody>'
        + detours.map((d) => '<tr><td>' + esc(d.gateIds.join(', ')) + '</td><td>' + esc(local(d.from)) + '</td><td>'
          + esc(local(d.until)) + '</td><td>' + esc(d.reason) + '</td><td>' + esc(d.source) + '</td></tr>').join('')
        + '</tbody></table>');
  } catch (err) {
    $('#detours').innerHTML = '<h2>Omleidingen</h2><p class="hint">' + esc(err.message) + '</p>';
  }
}
setInterval(drawDetours, 30000);
const detoursAfterLogin = setInterval(() => {
  if (Cordon.user()) {
    clearInterval(detoursAfterLogin);
    drawDetours();
  }
}, 500);
