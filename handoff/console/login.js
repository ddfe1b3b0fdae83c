// The console's sign-in form: POST /console/login sets the httpOnly session cookie.
(function () {
  'use strict';
  var form = document.getElementById('login-form');
  var error = document.getElementById('login-error');

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  // Only same-site paths under /console: never an open redirect.
  function nextPage() {
    var next = new URLSearchParams(location.search).get('next') || '/console';
    return /^\/console(\/[\w\-\/]*)?$/.test(next) ? next : '/console';
  }

  // On a first run nobody can sign in yet: say how to create the first admin.
  async function firstRun() {
    var res = await fetch('/api/console/first-run', { credentials: 'same-origin' });
    var body = res.ok ? await res.json() : {};
    if (!body.firstRun) return;
    document.getElementById('first-run-command').textContent = body.command;
    document.getElementById('first-run').hidden = false;
  }
  firstRun().catch(function () {});

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    error.hidden = true;
    var email = form.email.value.trim();
    var password = form.password.value;
    if (!email || !password) {
      showError('Enter your e-mail and password.');
      (email ? form.password : form.email).focus();
      return;
    }
    var button = form.querySelector('button');
    button.disabled = true;
    try {
      var res = await fetch('/console/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: email, password: password }),
        credentials: 'same-origin',
      });
      if (res.ok) {
        location.assign(nextPage());
        return;
      }
      var body = await res.json().catch(function () { return {}; });
      showError(body.error || 'Sign-in failed (' + res.status + ').');
      firstRun().catch(function () {});
      form.password.select();
      form.password.focus();
    } catch (err) {
      showError('The server cannot be reached. Check your connection and try again.');
    } finally {
      button.disabled = false;
    }
  });
})();
