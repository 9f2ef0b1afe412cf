// A roadside kentekencheck sign as the driver sees it, live: the sign's message drawn as an LED matrix. The plate
// appears only when the sign itself shows one; a blank sign stays dark.
'use strict';

const { $ } = Cordon;
const displayId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] || '');
const COLS = 96;
const ROWS = 30;
const LED = { on: { true: '#39ff6a', false: '#ff3b30' }, off: '#1f1f1f' };
const sign = { showing: null, health: null, shownAt: 0 };
window.sign = sign; // for the browser tests

$('#display-id').textContent = displayId;
draw(null);

Cordon.login(() => {
  Cordon.stream('/api/displays/' + encodeURIComponent(displayId) + '/stream', (type, view) => {
    const changed = JSON.stringify(view.showing || null) !== JSON.stringify(sign.showing);
    sign.showing = view.showing || null;
    sign.health = view.health;
    if (changed) sign.shownAt = Date.now(); // when this message reached the screen
    $('#sign-text').textContent = sign.showing ? [sign.showing.plate, sign.showing.text].filter(Boolean).join(' – ') : '(leeg)';
    $('#sign-health').textContent = view.health === 'UP' ? '' : 'bord: ' + view.health.toLowerCase();
    draw(sign.showing);
  }, (live, gone) => {
    $('#connection').textContent = live ? 'live' : gone ? 'geen bord ' + displayId : 'verbinding herstellen';
  });
});

/** Renders the lines at the matrix's resolution, then lights an LED for every pixel the text covers. */
function draw(message) {
  const src = document.createElement('canvas');
  src.width = COLS;
  src.height = ROWS;
  const g = src.getContext('2d');
  g.fillStyle = '#000';
  g.fillRect(0, 0, COLS, ROWS);
  if (message) {
    g.fillStyle = '#fff';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    const lines = [message.plate, message.text].filter(Boolean);
    lines.forEach((line, i) => {
      let size = lines.length === 1 ? 14 : 11;
      g.font = 'bold ' + size + 'px monospace';
      while (g.measureText(line).width > COLS - 2 && size > 6) { size--; g.font = 'bold ' + size + 'px monospace'; }
      g.fillText(line, COLS / 2, lines.length === 1 ? ROWS / 2 : ROWS * (i === 0 ? 0.27 : 0.75));
    });
  }
  const pixels = g.getImageData(0, 0, COLS, ROWS).data;
  const out = $('#matrix');
  const c = out.getContext('2d');
  const pitch = out.width / COLS;
  c.fillStyle = '#050505';
  c.fillRect(0, 0, out.width, out.height);
  const lit = message ? LED.on[message.allowed] : LED.off;
  for (let y = 0; y < ROWS; y++) {
    for (let x = 0; x < COLS; x++) {
      const on = pixels[(y * COLS + x) * 4] > 110;
      c.fillStyle = on ? lit : LED.off;
      c.beginPath();
      c.arc(x * pitch + pitch / 2, y * pitch + pitch / 2, pitch * 0.38, 0, 2 * Math.PI);
      c.fill();
    }
  }
}
