// The signed-in agent's own profile: the display name customers see, and the password (the
// current one is required; other sessions of the account end when it changes).
(function () {
  'use strict';
  var C = window.Console;
  var $ = function (id) { return document.getElementById(id); };

  function say(id, text, failed) {
    $(id).textContent = text;
    $(id).className = failed ? 'error' : 'muted';
  }

  function show(agent) {
    $('profile-name').value = agent.name;
    $('name-preview').textContent = agent.name;
    $('profile-email').textContent = agent.email;
    $('profile-role').textContent = agent.role;
    $('me-name').textContent = agent.name;
  }

  async function saveName(event) {
    event.preventDefault();
    try {
      var data = await C.api('PUT', '/api/handoff/me', { name: $('profile-name').value.trim() });
      show(data.agent);
      say('name-status', 'Saved. Customers now see “' + data.agent.name + '”.');
    } catch (err) {
      say('name-status', err.message, true);
    }
  }

  async function changePassword(event) {
    event.preventDefault();
    var form = $('password-form');
    try {
      await C.api('PUT', '/api/handoff/me/password', { current: form.current.value, password: form.password.value });
      form.reset();
      say('password-status', 'Password changed. Your other sessions have been signed out.');
    } catch (err) {
      say('password-status', err.message, true);
    }
  }

  async function start() {
    show(await C.topBar());
    $('name-form').addEventListener('submit', saveName);
    $('password-form').addEventListener('submit', changePassword);
  }

  start().catch(function (err) { say('name-status', err.message, true); });
})();
