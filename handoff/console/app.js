// The agent console: the queue (live waiting times), one conversation at a time (the whole
// cross-channel transcript, context, suggestions, notes, reply, transfer, resolve), kept current
// by the /console/socket feed. Every piece of customer text is set with textContent; bot, agent and
// knowledge text is rendered by the sanitising Markdown renderer (Console.markdown).
(function () {
  'use strict';
  var C = window.Console;
  var el = C.el;
  var $ = function (id) { return document.getElementById(id); };

  var CANNED = [
    { title: 'Greeting', text: 'Hi, thanks for waiting. I am looking at your conversation now.' },
    { title: 'One moment', text: 'Thanks, give me a moment while I check that for you.' },
    { title: 'Order number', text: 'Could you send me your order number, please?' },
    { title: 'Anything else', text: 'Is there anything else I can help you with today?' },
    { title: 'Goodbye', text: 'Thanks for contacting us. Have a great day!' },
  ];
  var CHANNELS = { web: 'Web chat', sms: 'SMS', whatsapp: 'WhatsApp', 'whatsapp-web': 'WhatsApp', slack: 'Slack', teams: 'Teams' };
  var AUTHORS = { customer: 'Customer', bot: 'Bot', agent: 'Agent', system: 'System' };
  var TYPES = { image: 'Image', audio: 'Audio', video: 'Video', file: 'File', location: 'Location', card: 'Card' };

  var state = { me: null, queue: [], callbacks: [], agents: [], queues: [], skew: 0, current: null, seen: new Set() };
  // Readable labels for profile attributes the journeys module keeps (rfm: recency, frequency, money).
  var LABELS = { rfm: 'Purchases', lastOrderDaysAgo: 'Last order', orders: 'Orders', spend: 'Spent', segment: 'Segment' };

  function channelName(c) { return CHANNELS[c] || c; }
  function announce(text) { $('announcer').textContent = text; }

  // --- queue
  async function loadQueue() {
    var data = await C.api('GET', '/api/handoff/queue');
    state.queue = data.handoffs;
    state.callbacks = data.callbacks || [];
    state.agents = data.agents;
    if (data.handoffs[0]) state.skew = Date.now() - (data.handoffs[0].requestedAt + data.handoffs[0].waitingSeconds * 1000);
    renderQueue();
  }

  function agentName(id) {
    var a = state.agents.find(function (x) { return x.id === id; });
    return a ? a.name : 'an agent';
  }

  function renderQueue() {
    var list = C.clear($('queue-list'));
    var waiting = state.queue.filter(function (h) { return h.status === 'waiting'; }).length;
    $('queue-count').textContent = waiting + ' waiting';
    document.title = (waiting ? '(' + waiting + ') ' : '') + 'Switchboard console';
    $('queue-empty').hidden = state.queue.length > 0;
    renderCallbacks();
    state.queue.forEach(function (h) {
      var mine = h.agentId === state.me.id;
      var open = el('a', { href: '#/h/' + h.id, className: 'queue-open', 'aria-current': state.current && state.current.handoff.id === h.id ? 'true' : null }, [
        el('span', { className: 'q-name', text: h.customerName || 'Anonymous customer' }),
        el('span', { className: 'q-meta' }, [
          el('span', { className: 'badge ch-' + h.channel, text: h.channel ? channelName(h.channel) : '' }),
          el('span', { className: 'badge', text: (h.language || '?').toUpperCase(), title: 'Language' }),
          el('span', { className: 'badge reason', text: C.REASONS[h.reason] || h.reason }),
        ]),
        el('span', { className: 'q-last', text: h.lastMessage || '' }),
      ]);
      var status = h.status === 'waiting'
        ? el('span', { className: 'wait', 'data-since': h.requestedAt, text: 'Waiting ' + C.duration((Date.now() - state.skew - h.requestedAt) / 1000) })
        : el('span', { className: 'assigned', text: mine ? 'Yours' : 'With ' + agentName(h.agentId) });
      var claim = mine ? null : el('button', { type: 'button', className: 'primary small', text: 'Claim', 'aria-label': 'Claim conversation with ' + (h.customerName || 'anonymous customer'), onclick: function () { claimHandoff(h.id); } });
      list.appendChild(el('li', { className: 'queue-item' + (h.status === 'waiting' ? ' is-waiting' : '') + (mine ? ' is-mine' : '') }, [open, el('div', { className: 'q-side' }, [status, claim])]));
    });
  }

  // Callbacks promised to customers: scheduled ones with their due time, assigned ones with the agent
  // (and a link to the conversation), so nobody forgets a promise.
  function renderCallbacks() {
    var list = C.clear($('callback-list'));
    var due = state.callbacks.filter(function (c) { return c.status === 'scheduled'; }).length;
    $('callback-count').textContent = due + ' to make';
    $('callback-empty').hidden = state.callbacks.length > 0;
    state.callbacks.forEach(function (c) {
      var when = c.dueAt <= Date.now() - state.skew ? 'Due now' : 'Due ' + C.when(c.dueAt);
      var who = c.status === 'assigned' ? (c.agentId === state.me.id ? 'Yours' : 'With ' + agentName(c.agentId)) : when;
      var name = el('span', { className: 'q-name', text: c.customerName || 'Anonymous customer' });
      var main = c.handoffId ? el('a', { href: '#/h/' + c.handoffId, className: 'queue-open' }, [name, el('span', { className: 'q-last', text: queueName(c.queueId) })])
        : el('div', { className: 'queue-open' }, [name, el('span', { className: 'q-last', text: queueName(c.queueId) })]);
      var cancel = c.status === 'scheduled' ? el('button', { type: 'button', className: 'ghost small', text: 'Cancel', 'aria-label': 'Cancel the callback for ' + (c.customerName || 'anonymous customer'), onclick: function () { closeCallback(c.id, 'cancelled'); } }) : null;
      list.appendChild(el('li', { className: 'queue-item callback-item', 'data-status': c.status }, [main, el('div', { className: 'q-side' }, [el('span', { className: c.status === 'assigned' ? 'assigned' : 'due', text: who }), cancel])]));
    });
  }

  async function closeCallback(id, outcome) {
    try {
      await C.api('POST', '/api/handoff/callbacks/' + encodeURIComponent(id) + '/outcome', { outcome: outcome });
      announce('Callback ' + outcome + '.');
      await loadQueue();
    } catch (err) {
      announce(err.message);
    }
  }

  function tick() {
    document.querySelectorAll('.wait[data-since]').forEach(function (node) {
      node.textContent = 'Waiting ' + C.duration((Date.now() - state.skew - Number(node.getAttribute('data-since'))) / 1000);
    });
  }

  async function claimHandoff(id) {
    try {
      await C.api('POST', '/api/handoff/conversations/' + encodeURIComponent(id) + '/claim', {});
      announce('Conversation claimed.');
      if (location.hash !== '#/h/' + id) location.hash = '#/h/' + id;
      else await openConversation(id);
      await loadQueue();
    } catch (err) {
      announce(err.message);
      alertError(err.message);
    }
  }

  // --- conversation
  async function openConversation(id, keepFocus) {
    var data = await C.api('GET', '/api/handoff/conversations/' + encodeURIComponent(id));
    // The same conversation again (a live update): keep what is on screen, so screen readers
    // hear only the new lines.
    if (!state.current || state.current.handoff.id !== data.handoff.id) state.seen = new Set();
    state.current = data;
    renderConversation(data);
    renderQueue();
    if (!keepFocus) $('conv-title').focus();
  }

  function renderConversation(d) {
    var h = d.handoff;
    var name = (d.customer && d.customer.profile && d.customer.profile.name) || 'Anonymous customer';
    $('conv-empty').hidden = true;
    $('conv').hidden = false;
    $('conv-title').textContent = name;
    $('conv-title').setAttribute('tabindex', '-1');
    var mine = h.status === 'assigned' && h.agentId === state.me.id;
    $('conv-sub').textContent = (h.status === 'waiting' ? 'Waiting' : h.status === 'assigned' ? (mine ? 'Assigned to you' : 'With ' + agentName(h.agentId)) : 'Ended (' + h.status + ')') + ' · since ' + C.time(h.requestedAt);
    $('claim-here').hidden = mine || (h.status !== 'waiting' && h.status !== 'assigned');
    var active = h.status === 'waiting' || h.status === 'assigned';
    $('resolve-open').disabled = !active;
    $('transfer-form').querySelector('button').disabled = !active;
    $('reply-form').querySelector('button').disabled = !mine;
    $('reply-text').disabled = !mine;
    $('reply-text').placeholder = mine ? 'Reply to the customer (Ctrl+Enter sends)' : 'Claim the conversation to reply';
    var lastInbound = d.transcript.filter(function (m) { return m.direction === 'inbound'; }).pop();
    $('reply-channel').textContent = lastInbound ? 'Goes out on ' + channelName(lastInbound.channel) : '';

    var list = $('transcript');
    if (!state.seen.size) C.clear(list);
    d.transcript.forEach(function (m) { if (!state.seen.has(m.id)) list.appendChild(messageItem(m)); });
    list.scrollTop = list.scrollHeight;

    renderFacts($('profile'), profileFacts(d));
    renderFacts($('context'), [
      ['Language', (d.language || '?').toUpperCase()],
      ['Intent', d.intent || 'not detected'],
      ['Escalated', C.REASONS[h.reason] || h.reason],
      h.note ? ['Note', h.note] : null,
      ['Queue', queueName(h.queueId)],
    ]);
    $('summary').textContent = d.summary || 'No summary yet.';
    renderSuggestions(d.suggestions || []);
    renderNotes(d.notes || []);
    renderTransferTargets(h);
  }

  function profileFacts(d) {
    var p = (d.customer && d.customer.profile) || {};
    var facts = [['Name', p.name || '—']];
    if (p.email) facts.push(['E-mail', p.email]);
    if (p.phone) facts.push(['Phone', p.phone]);
    (d.addresses || []).forEach(function (a) { facts.push([channelName(a.channel), a.address]); });
    var attrs = p.attributes || {};
    Object.keys(attrs).slice(0, 6).forEach(function (k) { facts.push([label(k), readable(k, attrs[k])]); });
    return facts;
  }

  function label(key) {
    return LABELS[key] || key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').replace(/^./, function (c) { return c.toUpperCase(); });
  }

  /** A value as a person reads it: "—" for nothing, "3 days ago", nested objects as label/value pairs. */
  function readable(key, value) {
    if (value === null || value === undefined || value === '') return '—';
    if (key === 'lastOrderDaysAgo') return value === 0 ? 'today' : value === 1 ? 'yesterday' : value + ' days ago';
    if (Array.isArray(value)) return value.length ? value.map(function (v) { return readable('', v); }).join(', ') : '—';
    if (typeof value === 'object') {
      var node = el('span', { className: 'nested' });
      Object.keys(value).forEach(function (k) {
        node.appendChild(el('span', { text: label(k) }));
        node.appendChild(el('span', { text: readable(k, value[k]) }));
      });
      return node;
    }
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    return String(value);
  }

  function renderFacts(dl, facts) {
    C.clear(dl);
    facts.filter(Boolean).forEach(function (f) {
      dl.appendChild(el('dt', { text: f[0] }));
      dl.appendChild(typeof f[1] === 'string' ? el('dd', { text: f[1] }) : el('dd', { className: 'nested' }, Array.prototype.slice.call(f[1].childNodes)));
    });
  }

  function queueName(id) {
    var q = state.queues.find(function (x) { return x.id === id; });
    return q ? q.name : id;
  }

  function messageItem(m) {
    state.seen.add(m.id);
    var who = m.author === 'agent' && m.authorName ? m.authorName : AUTHORS[m.author] || m.author;
    return el('li', { className: 'msg from-' + m.author + (m.direction === 'inbound' ? ' inbound' : ' outbound'), 'data-id': m.id }, [
      el('div', { className: 'msg-meta' }, [
        el('span', { className: 'msg-author', text: who }),
        el('span', { className: 'badge ch-' + m.channel, text: channelName(m.channel) }),
        el('time', { datetime: new Date(m.createdAt).toISOString(), text: C.time(m.createdAt) }),
        m.status === 'failed' ? el('span', { className: 'badge danger', text: 'not delivered' }) : null,
        m.possibleDuplicate ? el('span', { className: 'badge warning', text: 'possibly sent twice', title: 'Resent after a restart: the customer may have received this twice' }) : null,
      ]),
      m.text || !(m.attachments || []).length ? messageText(m) : null,
      attachmentList(m.attachments || []),
      m.why ? whyDetails(m.why) : null,
    ]);
  }

  // The turn inspector for agents and admins: why the bot answered as it did (language, intent,
  // dialog step, knowledge scores, handoff reason), folded away under the bot's message.
  function whyDetails(lines) {
    return el('details', { className: 'msg-why' }, [
      el('summary', { text: 'Why' }),
      el('dl', {}, lines.reduce(function (items, line) {
        return items.concat([el('dt', { text: line[0] }), el('dd', { text: line[1] })]);
      }, [])),
    ]);
  }

  // What the bot and agents wrote is Markdown, rendered as the customer saw it in the widget;
  // what the customer wrote stays plain text.
  function messageText(m) {
    if (!m.text || m.direction === 'inbound' || m.author === 'customer') return el('p', { className: 'msg-text', text: m.text || '(no text)' });
    return el('div', { className: 'msg-text md' }, [C.markdown(m.text)]);
  }

  // Files the customer sent: images as thumbnails, everything else as links, all from the media
  // route (same origin, behind the session). Names and captions are customer text: set as text.
  function attachmentList(items) {
    if (!items.length) return null;
    return el('ul', { className: 'msg-files' }, items.map(function (a) {
      var label = a.name || a.caption || TYPES[a.type] || a.type;
      if (a.type === 'location' && a.latitude !== undefined) return el('li', { text: 'Location: ' + a.latitude + ', ' + a.longitude + (a.name ? ' (' + a.name + ')' : '') });
      if (!a.href) return el('li', { text: label });
      if (a.type === 'image' && a.inline) {
        return el('li', {}, [el('a', { href: a.href, target: '_blank', rel: 'noopener noreferrer', 'aria-label': 'Open image: ' + label }, [
          el('img', { className: 'msg-image', src: a.href, alt: a.caption || a.name || 'Image from the customer', loading: 'lazy' }),
        ]), photoReading(a.reading)]);
      }
      return el('li', {}, [el('a', { href: a.href, target: '_blank', rel: 'noopener noreferrer', text: label + (a.size ? ' (' + Math.ceil(a.size / 1024) + ' KB)' : '') })]);
    }));
  }

  // What the bot read in a photo (OCR text, barcodes and QR codes, a model's description), beside
  // it, so the agent need not squint at a blurred display. Read from customer content: set as text.
  function photoReading(r) {
    if (!r) return null;
    var facts = r.error ? [['Not read', r.error]] : [
      ['Text', r.text || '(none)'],
      r.codes ? ['Codes', r.codes.join(', ')] : null,
      r.description ? ['Shows', r.description] : null,
    ];
    return el('dl', { className: 'msg-reading', 'aria-label': 'Read in the photo' }, facts.filter(Boolean).reduce(function (items, f) {
      return items.concat([el('dt', { text: f[0] }), el('dd', { text: f[1] })]);
    }, []));
  }

  /** Fills the side panel's list `id` with an item per entry, or a muted line saying there is none. */
  function renderList(id, entries, none, item) {
    var list = C.clear($(id));
    if (!entries.length) list.appendChild(el('li', { className: 'muted', text: none }));
    entries.forEach(function (entry) { list.appendChild(item(entry)); });
  }

  function renderSuggestions(items) {
    renderList('suggestions', items, 'No suggestions for the last question.', function (s) {
      return el('li', { className: 'suggestion' }, [
        suggestionTitle(s),
        el('div', { className: 'md' }, [C.markdown(s.text)]),
        el('button', { type: 'button', className: 'small', text: 'Insert', 'aria-label': 'Insert “' + s.title + '” into the reply', onclick: function () { insertReply(s.text); learnFromInsert(s); } }),
      ]);
    });
  }

  // Editors and admins open the article on the knowledge page; agents (who cannot) see the title.
  function suggestionTitle(s) {
    var title = el('strong', { text: s.title });
    if (!s.locale || ['editor', 'admin'].indexOf(state.me.role) < 0) return title;
    return el('a', { href: '/console/knowledge#/a/' + encodeURIComponent(s.articleId) + '/' + encodeURIComponent(s.locale), target: '_blank', rel: 'noopener', 'aria-label': 'Open “' + s.title + '” on the knowledge page' }, [title]);
  }

  /** Tells the knowledge base the customer's last question belongs to the inserted article (it learns from it). */
  function learnFromInsert(s) {
    var h = state.current && state.current.handoff;
    if (!h || !s.articleId || !s.locale || !s.question) return;
    C.api('POST', '/api/kb/evidence', {
      customerId: h.customerId, conversationId: h.conversationId, question: s.question,
      locale: state.current.language || s.locale, articleId: s.articleId, articleLocale: s.locale,
    }).catch(function () { /* learning is a bonus: the reply is what matters */ });
  }

  function renderNotes(notes) {
    renderList('notes', notes, 'No notes yet.', function (n) {
      return el('li', { className: 'note' }, [
        el('p', { text: n.text }),
        el('span', { className: 'muted', text: agentName(n.agentId) + ' · ' + C.time(n.at) }),
      ]);
    });
  }

  function renderTransferTargets(h) {
    var select = C.clear($('transfer-to'));
    var agents = el('optgroup', { label: 'Agents' });
    state.agents.filter(function (a) { return a.id !== h.agentId; }).forEach(function (a) {
      agents.appendChild(el('option', { value: 'agent:' + a.id, text: a.name + ' (' + a.status + ', ' + a.load + '/' + a.capacity + ')' }));
    });
    var queues = el('optgroup', { label: 'Queues' });
    state.queues.forEach(function (q) { queues.appendChild(el('option', { value: 'queue:' + q.id, text: q.name })); });
    select.appendChild(agents);
    select.appendChild(queues);
  }

  function insertReply(text) {
    var box = $('reply-text');
    box.value = box.value ? box.value.replace(/\s*$/, '') + '\n' + text : text;
    box.focus();
  }

  function alertError(text) {
    var node = $('reply-error');
    node.textContent = text;
    node.hidden = false;
  }

  // --- actions
  function currentId() { return state.current && state.current.handoff.id; }
  function path(action) { return '/api/handoff/conversations/' + encodeURIComponent(currentId()) + '/' + action; }

  async function sendReply(event) {
    event.preventDefault();
    var box = $('reply-text');
    var text = box.value.trim();
    $('reply-error').hidden = true;
    if (!text) return box.focus();
    try {
      await C.api('POST', path('reply'), { text: text });
      box.value = '';
      box.focus();
      if (!socketOpen) await openConversation(currentId(), true);
    } catch (err) {
      alertError(err.message);
    }
  }

  async function addNote(event) {
    event.preventDefault();
    var box = $('note-text');
    if (!box.value.trim()) return box.focus();
    try {
      var data = await C.api('POST', path('notes'), { text: box.value.trim() });
      box.value = '';
      renderNotes(data.notes);
      announce('Note added.');
    } catch (err) {
      announce(err.message);
    }
  }

  async function transfer(event) {
    event.preventDefault();
    var target = $('transfer-to').value.split(':');
    if (target.length < 2) return;
    try {
      await C.api('POST', path('transfer'), target[0] === 'agent' ? { agentId: target[1] } : { queueId: target[1] });
      announce('Conversation transferred.');
      await Promise.all([loadQueue(), openConversation(currentId(), true)]);
    } catch (err) {
      alertError(err.message);
    }
  }

  function toggleResolve(open) {
    $('resolve-form').hidden = !open;
    $('resolve-outcome').hidden = !(state.current && state.current.handoff.reason === 'callback');
    if (open) $('resolve-form').querySelector('input').focus();
    else $('resolve-open').focus();
  }

  async function resolve(event) {
    event.preventDefault();
    var form = $('resolve-form');
    try {
      var body = { resume: form.resume.value, csat: form.csat.checked };
      if (!$('resolve-outcome').hidden) body.outcome = form.outcome.value;
      await C.api('POST', path('resolve'), body);
      form.hidden = true;
      announce('Resolved: the bot has the conversation again.');
      await Promise.all([loadQueue(), openConversation(currentId())]);
    } catch (err) {
      alertError(err.message);
    }
  }

  // --- real time
  var socketOpen = false;
  var retry = 500;
  var refreshTimer = null;

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () { loadQueue().catch(function () {}); }, 150);
  }

  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/console/socket');
    ws.onopen = function () {
      socketOpen = true;
      retry = 500;
      setConnection('Live', 'ok');
      refreshSoon();
      // Catch up on what was said while the connection was down.
      if (state.current) openConversation(state.current.handoff.id, true).catch(function () {});
    };
    ws.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === 'message') onMessage(data);
      if (data.type === 'handoff') onHandoff(data.handoff);
    };
    ws.onclose = function (event) {
      socketOpen = false;
      if (event.code === 4401) return location.assign('/console/login?next=' + encodeURIComponent(location.pathname));
      setConnection('Reconnecting…', 'warn');
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    };
  }

  function setConnection(text, kind) {
    var pill = $('connection');
    pill.textContent = text;
    pill.className = 'pill ' + kind;
  }

  function onMessage(data) {
    refreshSoon();
    if (!state.current || data.handoffId !== state.current.handoff.id || state.seen.has(data.message.id)) return;
    var list = $('transcript');
    list.appendChild(messageItem(data.message));
    list.scrollTop = list.scrollHeight;
  }

  function onHandoff(h) {
    refreshSoon();
    if (h.status === 'waiting' && !state.queue.some(function (x) { return x.id === h.id; })) announce('A new customer is waiting.');
    if (state.current && state.current.handoff.id === h.id) openConversation(h.id, true).catch(function () {});
  }

  // --- start
  function route() {
    var match = /^#\/h\/(.+)$/.exec(location.hash);
    if (match) openConversation(decodeURIComponent(match[1])).catch(function (err) { announce(err.message); });
  }

  async function start() {
    state.me = await C.topBar();
    $('status-select').value = state.me.status;
    state.queues = (await C.api('GET', '/api/handoff/queues')).queues;
    CANNED.forEach(function (c, i) { $('canned').appendChild(el('option', { value: String(i), text: c.title })); });
    $('canned').addEventListener('change', function (e) {
      if (e.target.value !== '') insertReply(CANNED[Number(e.target.value)].text);
      e.target.value = '';
    });
    $('status-select').addEventListener('change', async function (e) {
      try {
        await C.api('PUT', '/api/handoff/me/status', { status: e.target.value });
        announce('Your status is ' + e.target.value + '.');
      } catch (err) {
        announce(err.message);
      }
    });
    $('reply-form').addEventListener('submit', sendReply);
    $('reply-text').addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('reply-form').requestSubmit();
    });
    $('note-form').addEventListener('submit', addNote);
    $('transfer-form').addEventListener('submit', transfer);
    $('claim-here').addEventListener('click', function () { claimHandoff(currentId()); });
    $('resolve-open').addEventListener('click', function () { toggleResolve(true); });
    $('resolve-cancel').addEventListener('click', function () { toggleResolve(false); });
    $('resolve-form').addEventListener('submit', resolve);
    $('resolve-form').addEventListener('keydown', function (e) { if (e.key === 'Escape') toggleResolve(false); });
    window.addEventListener('hashchange', route);
    await loadQueue();
    route();
    connect();
    setInterval(tick, 1000);
  }

  start().catch(function (err) { announce(err.message); });
})();
