// The console's sign-in form: POST /console/login sets the httpOnly session cookie.
import { byId, field } from '../../core/console-shell/dom';

const form = byId('login-form', HTMLFormElement);
const error = byId('login-error');
const email = field(form, 'email');
const password = field(form, 'password');

function showError(text: string): void {
  error.textContent = text;
  error.hidden = false;
}

// Only same-site paths under /console: never an open redirect.
function nextPage(): string {
  const next = new URLSearchParams(location.search).get('next') || '/console';
  return /^\/console(\/[\w\-/]*)?$/.test(next) ? next : '/console';
}

/** What GET /api/console/first-run answers. */
interface FirstRun {
  firstRun?: boolean;
  command?: string;
}

// On a first run nobody can sign in yet: say how to create the first admin.
async function firstRun(): Promise<void> {
  const res = await fetch('/api/console/first-run', { credentials: 'same-origin' });
  const body: FirstRun = res.ok ? await res.json() : {};
  if (!body.firstRun) return;
  byId('first-run-command').textContent = body.command ?? '';
  byId('first-run').hidden = false;
}
firstRun().catch(() => {});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const address = email.value.trim();
  if (!address || !password.value) {
    showError('Enter your e-mail and password.');
    (address ? password : email).focus();
    return;
  }
  const button = form.querySelector('button');
  if (button) button.disabled = true;
  try {
    const res = await fetch('/console/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: address, password: password.value }),
      credentials: 'same-origin',
    });
    if (res.ok) {
      location.assign(nextPage());
      return;
    }
    const body: { error?: string } = await res.json().catch(() => ({}));
    showError(body.error || `Sign-in failed (${res.status}).`);
    firstRun().catch(() => {});
    password.select();
    password.focus();
  } catch {
    showError('The server cannot be reached. Check your connection and try again.');
  } finally {
    if (button) button.disabled = false;
  }
});
