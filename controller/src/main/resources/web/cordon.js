// Shared by every page: the one sign-in (a session on the server; the browser keeps only its HttpOnly cookie,
// which scripts cannot read, and this page keeps the session's CSRF token in memory and sends it with every
// call; no credential is stored in the browser), API calls, and server-sent event streams read with fetch.
'use strict';

const Cordon = (() => {
  const $ = (sel) => document.querySelector(sel);
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const state = { csrf: null, user: null };

  function headers(extra) {
    return Object.assign({ 'X-Requested-With': 'cordon-page' }, state.csrf ? { 'X-CSRF-Token': state.csrf } : {},
      extra || {});
  }

  /** JSON in and out; {@code options.text} sends a text body (CSV) as it is; {@code options.blob} answers a Blob. */
  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    const type = opts.text !== undefined ? { 'Content-Type': 'text/csv' } : opts.body ? { 'Content-Type': 'application/json' } : {};
    if (opts.text !== undefined) opts.body = opts.text;
    opts.headers = headers(type);
    const res = await fetch(path, opts);
    if (res.status === 401 && state.user) { logout(); throw new Error('niet ingelogd'); }
    if (opts.blob && res.ok) return res.blob();
    const text = await res.text();
    const value = text && (res.headers.get('Content-Type') || '').includes('json') ? JSON.parse(text) : text;
    if (!res.ok) {
      const err = new Error(typeof value === 'string' ? value || res.statusText : res.statusText);
      err.status = res.status;
      err.body = value;
      throw err;
    }
    return value === '' ? null : value;
  }

  const may = (role) => !!state.user && (state.user.roles.includes(role) || state.user.roles.includes('ADMIN'));

  /** Ends the session; one signed in through the identity provider goes on to the provider's sign-out. */
  async function logout() {
    const res = state.csrf ? await fetch('/api/session', { method: 'DELETE', headers: headers() }).catch(() => null)
      : null;
    const ended = res && res.status === 200 ? await res.json().catch(() => null) : null;
    if (ended && ended.logout) location.assign(ended.logout);
    else location.reload();
  }

  async function begin(onStart, signed) {
    state.user = { name: signed.name, roles: signed.roles };
    state.csrf = signed.csrfToken;
    $('#login').hidden = true;
    $('main').hidden = false;
    $('#logout').hidden = false;
    $('#who').textContent = state.user.name + ' (' + state.user.roles.join(', ') + ')';
    await onStart(state.user);
  }

  const LOGIN_FORM = '<h2>Inloggen</h2>'
    + '<label>Gebruiker <input id="login-user" name="user" autocomplete="username" required></label>'
    + '<label>Wachtwoord <input id="login-password" name="password" type="password" autocomplete="current-password" required></label>'
    + '<button type="submit" id="login-submit">Inloggen</button><p id="login-error" class="error" role="alert"></p>';

  /** Draws and wires the login form; {@code onStart(user)} runs once signed in (at once when the browser already is). */
  function login(onStart) {
    $('#login').innerHTML = LOGIN_FORM;
    $('#login').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await begin(onStart, await api('/api/session', { method: 'POST',
          body: JSON.stringify({ name: $('#login-user').value, password: $('#login-password').value }) }));
      } catch (err) {
        $('#login-error').textContent = 'Inloggen mislukt: ' + err.message;
      }
    });
    $('#logout').addEventListener('click', logout);
    // sign-in through the municipality's identity provider, where one is configured (204 otherwise)
    fetch('/auth/oidc', { headers: headers() }).then((res) => res.status === 200 ? res.json() : null)
      .then((idp) => {
        if (!idp) return;
        const link = document.createElement('a');
        link.id = 'login-oidc';
        link.className = 'button';
        link.href = '/auth/oidc/login?return-to=' + encodeURIComponent(location.pathname);
        link.textContent = 'Inloggen via ' + idp.name;
        $('#login-submit').after(link);
      }).catch(() => null);
    // a page opened or reloaded in a browser that is signed in goes on in its session
    fetch('/api/session', { headers: headers() }).then((res) => res.status === 200 ? res.json() : null)
      .then((signed) => signed ? begin(onStart, signed) : $('#login-user').focus())
      .catch(() => $('#login-user').focus());
  }

  /**
   * Follows an SSE stream, reconnecting after 2 s; {@code onEvent(type, data)}, {@code onState(live, gone)}:
   * {@code gone} when the thing streamed does not exist (404), which ends the attempts.
   */
  async function stream(path, onEvent, onState) {
    try {
      const res = await fetch(path, { headers: headers() });
      if (res.status === 404) { onState(false, true); return; }
      if (!res.ok) throw new Error(res.status + ' ' + res.statusText);
      onState(true);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message'; let data = '';
          for (const line of chunk.split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (data) onEvent(type, JSON.parse(data)); // no data: a heartbeat
        }
      }
    } catch (err) {
      console.warn('stream', path, err.message);
    }
    onState(false);
    setTimeout(() => stream(path, onEvent, onState), 2000);
  }

  /** Offers a downloaded Blob as a file. */
  function save(blob, fileName) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  // Enforcement windows as operators type them: "ma,di,wo,do,vr 07:00-19:00; za 10:00-17:00".
  const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
  const DAYS_NL = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'];
  const windowsText = (windows) => windows.length ? windows.map((w) => DAYS.filter((d) => w.days.includes(d))
    .map((d) => DAYS_NL[DAYS.indexOf(d)]).join(',') + ' ' + w.from.slice(0, 5) + '-' + w.to.slice(0, 5)).join('; ')
    : 'de klok rond';
  const parseWindows = (text) => text.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [days, hours] = s.split(/\s+/);
    const [from, to] = (hours || '').split('-');
    const parsed = days.split(',').map((d) => DAYS[DAYS_NL.indexOf(d.trim().toLowerCase())]);
    if (parsed.includes(undefined) || !from || !to) throw new Error('niet te lezen: "' + s + '"');
    return { days: parsed, from, to };
  });

  /** Sends the times typed into each form.zone-windows of the page to its zone, then {@code redraw()}s. */
  function onWindowsSubmit(redraw) {
    document.querySelectorAll('form.zone-windows').forEach((f) => f.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('/api/zones/' + encodeURIComponent(f.dataset.zone) + '/enforcement-windows',
          { method: 'PUT', body: JSON.stringify(parseWindows(f.windows.value)) });
        redraw();
      } catch (err) {
        alert('Handhavingstijden niet ingesteld: ' + err.message);
      }
    }));
  }

  const dateTime = (t) => t ? new Date(t).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' }) : '–';

  return { $, esc, api, may, login, stream, save, dateTime, windowsText, parseWindows,
    onWindowsSubmit, user: () => state.user };
})();
