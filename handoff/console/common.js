// Shared by the console's pages: the API client (session cookie + CSRF header) and DOM helpers
// that only ever set text, never HTML: customer text can contain markup and must stay inert. Bot,
// agent and knowledge text goes through `markdown`, the sanitising renderer, instead.
(function () {
  'use strict';
  var csrf = '';

  /** Calls the console API; redirects to the login page when the session is gone. */
  async function api(method, path, body) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = csrf;
    var res = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    if (res.status === 401) {
      location.assign('/console/login?next=' + encodeURIComponent(location.pathname));
      throw new Error('Signed out');
    }
    var data = await res.json().catch(function () { return {}; });
    if (!res.ok) {
      // The status and any per-field problems go with the message, for pages that show them in place.
      var error = new Error(data.error || 'Request failed (' + res.status + ')');
      error.status = res.status;
      error.issues = Array.isArray(data.issues) ? data.issues : [];
      throw error;
    }
    return data;
  }

  /** Creates an element; `text` always goes in as text. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** "42 s", "3 min 05 s", "1 h 02 min". */
  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) return seconds + ' s';
    var m = Math.floor(seconds / 60);
    if (m < 60) return m + ' min ' + String(seconds % 60).padStart(2, '0') + ' s';
    return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
  }

  function time(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  /** "14:30" today, else "Mon 09:00": when a callback is due. */
  function when(ms) {
    var d = new Date(ms);
    var today = new Date().toDateString() === d.toDateString();
    return today ? time(ms) : d.toLocaleDateString([], { weekday: 'short' }) + ' ' + time(ms);
  }

  /** Reads the signed-in agent and the CSRF token for this session. */
  async function whoAmI() {
    var me = await api('GET', '/api/handoff/me');
    csrf = me.csrf || '';
    return me.agent;
  }

  async function logout() {
    await fetch('/console/logout', { method: 'POST', headers: { 'x-csrf-token': csrf }, credentials: 'same-origin' });
    location.assign('/console/login');
  }

  /**
   * The console's pages and the roles that may open each: the same roles the server checks on the
   * page routes (handoff/console.ts for Queue, Knowledge and Admin; analytics/pages.ts for
   * Dashboard and Staffing), so nobody is shown a link that answers 403.
   */
  var PAGES = [
    { href: '/console', label: 'Queue', roles: ['agent', 'editor', 'admin'] },
    { href: '/console/knowledge', label: 'Knowledge', roles: ['editor', 'admin'] },
    { href: '/console/dashboard', label: 'Dashboard', roles: ['editor', 'admin'] },
    { href: '/console/staffing', label: 'Staffing', roles: ['editor', 'admin'] },
    { href: '/console/admin', label: 'Admin', roles: ['admin'] },
  ];

  /**
   * Renders the top bar's navigation for the signed-in agent's role, right after the brand: every
   * page uses this one list, so no page can forget a link another shows. The current page is
   * marked with aria-current; plain links keep the usual Tab and Enter behaviour.
   */
  function renderNav(me) {
    var here = location.pathname.replace(/\/+$/, '') || '/';
    var nav = el('nav', { 'aria-label': 'Console' }, PAGES.filter(function (page) {
      return page.roles.indexOf(me.role) !== -1;
    }).map(function (page) {
      return el('a', { href: page.href, text: page.label, 'aria-current': page.href === here ? 'page' : null });
    }));
    document.querySelector('.topbar .brand').after(nav);
    return nav;
  }

  /**
   * Sets up the top bar every page shares: reads the signed-in agent (and the session's CSRF
   * token), shows their name, the navigation their role may use, and wires "Sign out".
   * Resolves with the agent.
   */
  async function topBar() {
    var me = await whoAmI();
    document.getElementById('me-name').textContent = me.name;
    renderNav(me);
    document.getElementById('logout').addEventListener('click', logout);
    return me;
  }

  /**
   * Bot, agent and knowledge text as sanitised Markdown (the renderer markdown.js publishes, the
   * same one the web widget uses); plain text if that script is missing. Never for customer text.
   */
  function markdown(text) {
    var render = window.Switchboard && window.Switchboard.renderMarkdown;
    return typeof render === 'function' ? render(text || '') : document.createTextNode(text || '');
  }

  var REASONS = {
    'customer-request': 'Asked for a person',
    fallbacks: 'Bot could not answer',
    'low-confidence': 'Low-confidence answers',
    sentiment: 'Unhappy customer',
    dialog: 'Dialog handoff step',
    rule: 'Bot rule',
    callback: 'Callback the customer asked for',
  };

  window.Console = { api: api, el: el, clear: clear, duration: duration, time: time, when: when, topBar: topBar, markdown: markdown, REASONS: REASONS };
})();
