// Admin pages: agents (role, skills, capacity) and queues (skills, priority, SLA, opening hours).
import { type Agent, api, clear, duration, el, problem, topBar } from '../../core/console-shell/common';
import { byId as $, field } from '../../core/console-shell/dom';

/** An agent as the admin page lists it (GET /api/handoff/agents). */
interface AgentRow extends Agent {
  skills: string[];
  capacity: number;
  load: number;
}

/** Opening hours: per weekday (0 = Sunday), "HH:MM-HH:MM" ranges in the time zone. */
interface Hours {
  timezone: string;
  days: Record<string, string[]>;
}

/** A queue (GET /api/handoff/queues). */
interface Queue {
  id: string;
  name: string;
  skills: string[];
  priority: number;
  slaSeconds: number;
  hours?: Hours | null;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function say(text: string): void {
  $('admin-status').textContent = text;
}
function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

async function loadAgents(): Promise<void> {
  const { agents } = await api<{ agents: AgentRow[] }>('GET', '/api/handoff/agents');
  const body = clear($('agents'));
  for (const a of agents) {
    const label = (what: string): string => `${what} of ${a.name}`;
    const name = el('input', { value: a.name, maxlength: 100, 'aria-label': label('Name') });
    const role = el('select', { 'aria-label': label('Role') }, ['agent', 'editor', 'admin'].map((r) => el('option', { value: r, text: r, selected: r === a.role })));
    const skills = el('input', { value: a.skills.join(', '), 'aria-label': label('Skills') });
    const capacity = el('input', { type: 'number', min: 1, max: 50, value: a.capacity, 'aria-label': label('Capacity') });
    const save = el('button', {
      type: 'button',
      className: 'small',
      text: 'Save',
      'aria-label': `Save ${a.name}`,
      onclick: async () => {
        try {
          await api('PUT', `/api/handoff/agents/${encodeURIComponent(a.id)}`, { name: name.value.trim(), role: role.value, skills: list(skills.value), capacity: Number(capacity.value) });
          say(`Saved ${name.value.trim() || a.name}.`);
        } catch (err) {
          say(problem(err));
        }
      },
    });
    body.appendChild(
      el('tr', {}, [
        el('td', {}, [name]), el('td', { text: a.email }), el('td', {}, [role]), el('td', {}, [skills]), el('td', {}, [capacity]),
        el('td', {}, [el('span', { className: `status ${a.status}`, text: `● ${a.status} (${a.load} open)` })]), el('td', {}, [save]),
      ]),
    );
  }
}

async function loadQueues(): Promise<void> {
  const { queues } = await api<{ queues: Queue[] }>('GET', '/api/handoff/queues');
  const body = clear($('queues'));
  for (const q of queues) {
    body.appendChild(
      el('tr', {}, [
        el('td', { text: q.id }), el('td', { text: q.name }), el('td', { text: q.skills.join(', ') || 'none' }), el('td', { text: q.priority }),
        el('td', { text: duration(q.slaSeconds) }), el('td', { text: describeHours(q.hours) }),
        el('td', {}, [el('button', { type: 'button', className: 'small', text: 'Edit', 'aria-label': `Edit queue ${q.name}`, onclick: () => editQueue(q) })]),
      ]),
    );
  }
}

function describeHours(hours: Hours | null | undefined): string {
  if (!hours) return 'Always open';
  const days = Object.keys(hours.days).filter((d) => hours.days[d]?.length);
  return `${days.map((d) => `${DAYS[Number(d)]?.slice(0, 3)} ${hours.days[d]?.join(', ')}`).join('; ')} (${hours.timezone})`;
}

function editQueue(q: Queue): void {
  const f = $('queue-form', HTMLFormElement);
  field(f, 'id').value = q.id;
  field(f, 'name').value = q.name;
  field(f, 'skills').value = q.skills.join(', ');
  field(f, 'priority').value = String(q.priority);
  field(f, 'sla').value = String(q.slaSeconds);
  field(f, 'timezone').value = q.hours ? q.hours.timezone : '';
  DAYS.forEach((_, d) => {
    field(f, `day${d}`).value = q.hours?.days[d] ? q.hours.days[d].join(', ') : '';
  });
  field(f, 'name').focus();
}

function setUpForms(): void {
  const days = $('q-days');
  DAYS.forEach((name, d) => {
    days.appendChild(el('div', { className: 'field' }, [el('label', { for: `q-day${d}`, text: name }), el('input', { id: `q-day${d}`, name: `day${d}`, placeholder: d === 0 || d === 6 ? 'closed' : '09:00-17:00' })]));
  });
  const queueForm = $('queue-form', HTMLFormElement);
  queueForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = queueForm;
    const body: { name: string; skills: string[]; priority: number; slaSeconds: number; hours?: Hours } = {
      name: field(f, 'name').value.trim(),
      skills: list(field(f, 'skills').value),
      priority: Number(field(f, 'priority').value),
      slaSeconds: Number(field(f, 'sla').value),
    };
    const timezone = field(f, 'timezone').value.trim();
    if (timezone) {
      const hours: Hours = { timezone, days: {} };
      DAYS.forEach((_, d) => {
        hours.days[d] = list(field(f, `day${d}`).value);
      });
      body.hours = hours;
    }
    try {
      await api('PUT', `/api/handoff/queues/${encodeURIComponent(field(f, 'id').value.trim())}`, body);
      say(`Saved queue ${body.name}.`);
      await loadQueues();
    } catch (err) {
      say(problem(err));
    }
  });
  const newAgent = $('new-agent', HTMLFormElement);
  newAgent.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = newAgent;
    const name = field(f, 'name').value.trim();
    try {
      await api('POST', '/api/handoff/agents', {
        name,
        email: field(f, 'email').value.trim(),
        password: field(f, 'password').value,
        role: field(f, 'role', HTMLSelectElement).value,
        skills: list(field(f, 'skills').value),
        capacity: Number(field(f, 'capacity').value),
      });
      say(`Added ${name}.`);
      f.reset();
      await loadAgents();
    } catch (err) {
      say(problem(err));
    }
  });
}

async function start(): Promise<void> {
  await topBar();
  setUpForms();
  await Promise.all([loadAgents(), loadQueues()]);
}
start().catch((err: unknown) => say(problem(err)));
