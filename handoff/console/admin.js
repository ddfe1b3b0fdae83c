// Admin pages: agents (role, skills, capacity) and queues (skills, priority, SLA, opening hours).
(function () {
  'use strict';
  var C = window.Console;
  var el = C.el;
  var $ = function (id) { return document.getElementById(id); };
  var DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

  function say(text) { $('admin-status').textContent = text; }
  function list(text) { return text.split(',').map(function (s) { return s.trim(); }).filter(Boolean); }

  async function loadAgents() {
    var agents = (await C.api('GET', '/api/handoff/agents')).agents;
    var body = C.clear($('agents'));
    agents.forEach(function (a) {
      var label = function (what) { return what + ' of ' + a.name; };
      var name = el('input', { value: a.name, maxlength: 100, 'aria-label': label('Name') });
      var role = el('select', { 'aria-label': label('Role') }, ['agent', 'editor', 'admin'].map(function (r) { return el('option', { value: r, text: r, selected: r === a.role }); }));
      var skills = el('input', { value: a.skills.join(', '), 'aria-label': label('Skills') });
      var capacity = el('input', { type: 'number', min: 1, max: 50, value: a.capacity, 'aria-label': label('Capacity') });
      var save = el('button', { type: 'button', className: 'small', text: 'Save', 'aria-label': 'Save ' + a.name, onclick: async function () {
        try {
          await C.api('PUT', '/api/handoff/agents/' + encodeURIComponent(a.id), { name: name.value.trim(), role: role.value, skills: list(skills.value), capacity: Number(capacity.value) });
          say('Saved ' + (name.value.trim() || a.name) + '.');
        } catch (err) { say(err.message); }
      } });
      body.appendChild(el('tr', {}, [
        el('td', {}, [name]), el('td', { text: a.email }), el('td', {}, [role]), el('td', {}, [skills]), el('td', {}, [capacity]),
        el('td', {}, [el('span', { className: 'status ' + a.status, text: '● ' + a.status + ' (' + a.load + ' open)' })]), el('td', {}, [save]),
      ]));
    });
  }

  async function loadQueues() {
    var queues = (await C.api('GET', '/api/handoff/queues')).queues;
    var body = C.clear($('queues'));
    queues.forEach(function (q) {
      body.appendChild(el('tr', {}, [
        el('td', { text: q.id }), el('td', { text: q.name }), el('td', { text: q.skills.join(', ') || 'none' }), el('td', { text: q.priority }),
        el('td', { text: C.duration(q.slaSeconds) }), el('td', { text: describeHours(q.hours) }),
        el('td', {}, [el('button', { type: 'button', className: 'small', text: 'Edit', 'aria-label': 'Edit queue ' + q.name, onclick: function () { editQueue(q); } })]),
      ]));
    });
  }

  function describeHours(hours) {
    if (!hours) return 'Always open';
    var days = Object.keys(hours.days).filter(function (d) { return hours.days[d].length; });
    return days.map(function (d) { return DAYS[d].slice(0, 3) + ' ' + hours.days[d].join(', '); }).join('; ') + ' (' + hours.timezone + ')';
  }

  function editQueue(q) {
    var f = $('queue-form');
    f.id.value = q.id; f.name.value = q.name; f.skills.value = q.skills.join(', ');
    f.priority.value = q.priority; f.sla.value = q.slaSeconds; f.timezone.value = q.hours ? q.hours.timezone : '';
    DAYS.forEach(function (_, d) { f['day' + d].value = q.hours && q.hours.days[d] ? q.hours.days[d].join(', ') : ''; });
    f.name.focus();
  }

  function setUpForms() {
    var days = $('q-days');
    DAYS.forEach(function (name, d) {
      days.appendChild(el('div', { className: 'field' }, [el('label', { for: 'q-day' + d, text: name }), el('input', { id: 'q-day' + d, name: 'day' + d, placeholder: d === 0 || d === 6 ? 'closed' : '09:00-17:00' })]));
    });
    $('queue-form').addEventListener('submit', async function (e) {
      e.preventDefault();
      var f = e.target;
      var body = { name: f.name.value.trim(), skills: list(f.skills.value), priority: Number(f.priority.value), slaSeconds: Number(f.sla.value) };
      if (f.timezone.value.trim()) {
        body.hours = { timezone: f.timezone.value.trim(), days: {} };
        DAYS.forEach(function (_, d) { body.hours.days[d] = list(f['day' + d].value); });
      }
      try {
        await C.api('PUT', '/api/handoff/queues/' + encodeURIComponent(f.id.value.trim()), body);
        say('Saved queue ' + body.name + '.');
        await loadQueues();
      } catch (err) { say(err.message); }
    });
    $('new-agent').addEventListener('submit', async function (e) {
      e.preventDefault();
      var f = e.target;
      try {
        await C.api('POST', '/api/handoff/agents', { name: f.name.value.trim(), email: f.email.value.trim(), password: f.password.value, role: f.role.value, skills: list(f.skills.value), capacity: Number(f.capacity.value) });
        say('Added ' + f.name.value.trim() + '.');
        f.reset();
        await loadAgents();
      } catch (err) { say(err.message); }
    });
  }

  async function start() {
    await C.topBar();
    setUpForms();
    await Promise.all([loadAgents(), loadQueues()]);
  }
  start().catch(function (err) { say(err.message); });
})();
