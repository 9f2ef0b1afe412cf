'use strict';
document.getElementById('request').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = document.getElementById('message');
  const pictures = document.getElementById('pictures');
  message.textContent = 'Bezig…';
  pictures.replaceChildren();
  const response = await fetch('/api/public/evidence-request', {
    method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({caseNumber: document.getElementById('caseNumber').value,
      plate: document.getElementById('plate').value})
  });
  const body = await response.json().catch(() => ({error: 'Er ging iets mis. Probeer het later opnieuw.'}));
  if (!response.ok) {
    message.textContent = body.error || 'Er ging iets mis. Probeer het later opnieuw.';
    return;
  }
  message.textContent = body.pictures.length + " foto('s) bij zaak " + body.caseNumber + ':';
  for (const p of body.pictures) {
    const img = document.createElement('img');
    img.src = 'data:' + p.mediaType + ';base64,' + p.data;
    img.alt = 'Bewijsfoto (SHA-256 ' + p.sha256 + ')';
    pictures.appendChild(img);
  }
});
