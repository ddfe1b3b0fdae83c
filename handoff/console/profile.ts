// The signed-in agent's own profile: the display name customers see, and the password (the
// current one is required; other sessions of the account end when it changes).
import { type Agent, api, problem, topBar } from '../../core/console-shell/common';
import { byId as $, field } from '../../core/console-shell/dom';

function say(id: string, text: string, failed = false): void {
  $(id).textContent = text;
  $(id).className = failed ? 'error' : 'muted';
}

function show(agent: Agent): void {
  $('profile-name', HTMLInputElement).value = agent.name;
  $('name-preview').textContent = agent.name;
  $('profile-email').textContent = agent.email;
  $('profile-role').textContent = agent.role;
  $('me-name').textContent = agent.name;
}

async function saveName(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  try {
    const data = await api<{ agent: Agent }>('PUT', '/api/handoff/me', { name: $('profile-name', HTMLInputElement).value.trim() });
    show(data.agent);
    say('name-status', `Saved. Customers now see “${data.agent.name}”.`);
  } catch (err) {
    say('name-status', problem(err), true);
  }
}

async function changePassword(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = $('password-form', HTMLFormElement);
  try {
    await api('PUT', '/api/handoff/me/password', { current: field(form, 'current').value, password: field(form, 'password').value });
    form.reset();
    say('password-status', 'Password changed. Your other sessions have been signed out.');
  } catch (err) {
    say('password-status', problem(err), true);
  }
}

async function start(): Promise<void> {
  show(await topBar());
  $('name-form').addEventListener('submit', saveName);
  $('password-form').addEventListener('submit', changePassword);
}

start().catch((err: unknown) => say('name-status', problem(err), true));
