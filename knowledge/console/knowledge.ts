// The knowledge page: editors find articles, edit one translation's Markdown, save it with the
// version they loaded (a 409 means someone saved since: nothing is overwritten, they reload), add
// translations, publish, unpublish and delete (both also with the loaded version), and read who
// changed the article when. Every article text is set as text or as a form
// value, never as HTML: an article may contain markup and it must stay inert.
import { ApiError, api, clear, el, markdown, problem, time, topBar } from '../../core/console-shell/common';
import { byId as $ } from '../../core/console-shell/dom';

/** One translation of an article, as the list and the editor get it from /api/kb/articles. */
interface Article {
  id: string;
  locale: string;
  title: string;
  tags?: string[];
  url?: string | null;
  body?: string;
  status: string;
  version: number;
  publishedVersion?: number | null;
  hasUnpublishedChanges?: boolean;
}

/** What GET /api/kb/articles answers. */
interface ArticleList {
  articles: Article[];
  total: number;
  locales?: string[];
}

/** What GET /api/kb/coverage answers. */
interface Coverage {
  articles: number;
  complete: number;
  locales: string[];
  missing: { articleId: string; locale: string; title: string; hasDraft: boolean; questions: number }[];
  byArticle: { articleId: string; locales: string[] }[];
}

/** One entry of an article's history. */
interface Change {
  version: number;
  action: string;
  author?: string | null;
  at: number;
}

/** What a conversation taught about an article (GET /api/kb/evidence). */
interface Evidence {
  id: string;
  question: string;
  helpful: boolean;
  source: string;
  locale: string;
  createdAt: number;
  status: string;
}

/** What a save sends: the form's values, and what the mode adds. */
interface ArticleBody {
  title: string;
  tags: string[];
  body: string;
  url?: string | null;
  publish?: boolean;
  version?: number;
  id?: string;
  locale?: string;
}

/** The editor's fields (`f-<name>` on the page). */
const FIELDS = ['id', 'locale', 'title', 'tags', 'url', 'body'] as const;
type FieldName = (typeof FIELDS)[number];

// mode 'edit': `current` is the stored translation and `baseVersion` the version the form's text
// is based on (what a save must still find); mode 'new': a new article, or a translation of
// `translating`.
const state = {
  locales: [] as string[],
  mode: null as 'edit' | 'new' | null,
  current: null as Article | null,
  baseVersion: 0,
  translating: null as Article | null,
  dirty: false,
  hash: '',
  filterTimer: undefined as number | undefined,
  listRequest: 0,
};

function announce(text: string): void {
  $('announcer').textContent = text;
}
function articlePath(id: string, locale: string): string {
  return `/api/kb/articles/${encodeURIComponent(id)}/${encodeURIComponent(locale)}`;
}
function hashOf(id: string, locale: string): string {
  return `#/a/${encodeURIComponent(id)}/${encodeURIComponent(locale)}`;
}
function upper(locale: string): string {
  return String(locale).toUpperCase();
}
function tagList(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter(Boolean);
}
/** `table[key]` when the table has it (not an inherited name like `constructor`). */
function lookup(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function statusLabel(a: Article): string {
  if (a.status !== 'published') return 'draft';
  return a.hasUnpublishedChanges ? 'published, unpublished edits' : 'published';
}

/** The article open in the editor (the edit mode's; the actions below need one). */
function current(): Article {
  if (!state.current) throw new Error('No article is open.');
  return state.current;
}

// --- the list
async function loadList(): Promise<void> {
  const params = new URLSearchParams({ limit: '500' });
  const text = $('filter-text', HTMLInputElement).value.trim();
  const locale = $('filter-locale', HTMLSelectElement).value;
  if (text) params.set('q', text);
  if (locale) params.set('locale', locale);
  // Answers can arrive out of order while the editor types: only the latest request's counts.
  const request = ++state.listRequest;
  const data = await api<ArticleList>('GET', `/api/kb/articles?${params}`);
  if (request === state.listRequest) renderList(data);
}

/** One row per article, its translations as links; the title is the bot's first language's. */
function renderList(data: ArticleList): void {
  const groups = new Map<string, Article[]>();
  for (const a of data.articles) {
    const translations = groups.get(a.id);
    if (translations) translations.push(a);
    else groups.set(a.id, [a]);
  }
  const list = clear($('article-list'));
  for (const [id, translations] of groups) {
    const main = translations.find((t) => t.locale === state.locales[0]) || translations[0];
    list.appendChild(
      el('li', { className: 'queue-item kb-item' }, [
        el('div', { className: 'kb-item-head' }, [
          el('a', { className: 'q-name kb-title', href: hashOf(main.id, main.locale), text: main.title, 'aria-label': `Open “${main.title}”` }),
          el('code', { className: 'kb-id', text: id }),
        ]),
        translationLinks(translations),
      ]),
    );
  }
  $('list-empty').hidden = groups.size > 0;
  const shown = data.articles.length < data.total ? ` (first ${data.articles.length} of ${data.total} translations: narrow the filter)` : '';
  $('list-count').textContent = `${groups.size}${groups.size === 1 ? ' article' : ' articles'}${shown}`;
}

/** Links to open each translation, marked published or draft. */
function translationLinks(translations: readonly Article[]): HTMLElement {
  return el(
    'ul',
    { className: 'kb-locales' },
    translations.map((t) => {
      const open = state.current && state.current.id === t.id && state.current.locale === t.locale;
      return el('li', {}, [
        el(
          'a',
          {
            href: hashOf(t.id, t.locale),
            className: `kb-locale ${t.status === 'published' ? 'is-published' : 'is-draft'}`,
            'aria-current': open ? 'true' : null,
            'aria-label': `Edit “${t.title}” in ${upper(t.locale)} (${statusLabel(t)})`,
          },
          [el('strong', { text: upper(t.locale) }), ` ${statusLabel(t)}`],
        ),
      ]);
    }),
  );
}

// --- translation coverage: which published articles lack a language, most asked-for first
async function loadCoverage(): Promise<void> {
  const data = await api<Coverage>('GET', '/api/kb/coverage');
  const lacking = data.articles - data.complete;
  $('coverage-count').textContent = `${data.complete} of ${data.articles} complete`;
  $('coverage-summary').textContent = data.articles
    ? `${data.complete} of ${data.articles} articles are published in every language (${data.locales.map(upper).join(', ')})${lacking ? `; ${data.missing.length} translations are missing.` : '.'}`
    : 'No articles yet.';
  const list = clear($('coverage-missing'));
  for (const m of data.missing.slice(0, 50)) {
    const source = (data.byArticle.find((a) => a.articleId === m.articleId) || { locales: [] }).locales[0];
    const link = el('a', { href: m.hasDraft ? hashOf(m.articleId, m.locale) : source ? hashOf(m.articleId, source) : '#', text: m.title });
    list.appendChild(
      el('li', {}, [
        el('strong', { text: upper(m.locale) }),
        ' ',
        link,
        el('span', { className: 'muted', text: ` · ${m.hasDraft ? 'draft' : 'missing'}${m.questions ? ` · ${m.questions}${m.questions === 1 ? ' question' : ' questions'} asked` : ''}` }),
      ]),
    );
  }
}

// --- the editor
function input(name: FieldName): HTMLInputElement | HTMLTextAreaElement {
  const node = $(`f-${name}`);
  if (!(node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement)) throw new Error(`#f-${name} is not a text field.`);
  return node;
}

function showEditor(): void {
  $('editor-empty').hidden = true;
  $('editor-panel').hidden = false;
}

function fill(a: Partial<Article>): void {
  input('id').value = a.id || '';
  input('locale').value = a.locale || '';
  input('title').value = a.title || '';
  input('tags').value = (a.tags || []).join(', ');
  input('url').value = a.url || '';
  input('body').value = a.body || '';
  renderPreview();
}

// The body as the widget shows it: the same sanitising Markdown renderer.
function renderPreview(): void {
  clear($('body-preview')).appendChild(markdown(input('body').value));
}

function values(): ArticleBody {
  const v: ArticleBody = { title: input('title').value.trim(), tags: tagList(input('tags').value), body: input('body').value };
  const url = input('url').value.trim();
  // An emptied URL field removes a stored article's URL (null); a new article simply has none.
  if (url) v.url = url;
  else if (state.mode === 'edit') v.url = null;
  return v;
}

async function openArticle(id: string, locale: string): Promise<void> {
  const a = await api<Article>('GET', articlePath(id, locale));
  state.mode = 'edit';
  state.current = a;
  state.baseVersion = a.version;
  state.translating = null;
  fill(a);
  setDirty(false);
  clearProblems();
  $('unsaved').hidden = true;
  $('delete-form').hidden = true;
  $('editor-status').textContent = '';
  renderHead();
  showEditor();
  await Promise.all([renderTranslations(a), renderHistory(a), renderLearned(a)]);
  markCurrentInList();
}

function renderHead(): void {
  const a = state.current;
  const editing = state.mode === 'edit';
  input('id').readOnly = editing || state.translating !== null;
  input('locale').readOnly = editing;
  $('unpublish').hidden = !editing || a?.status !== 'published';
  $('delete-open').hidden = !editing;
  $('translations').hidden = !editing;
  $('history').hidden = !editing;
  if (editing && a) {
    $('editor-title').textContent = a.title;
    const live = a.status === 'published' && a.hasUnpublishedChanges ? ` · customers see version ${a.publishedVersion}` : '';
    $('editor-state').textContent = `${upper(a.locale)} · ${statusLabel(a)} · version ${a.version}${live}`;
  } else {
    $('editor-title').textContent = state.translating ? `New translation of “${state.translating.title}”` : 'New article';
    $('editor-state').textContent = 'Not saved yet';
  }
}

const ACTIONS: Record<string, string> = { create: 'created', update: 'saved', publish: 'published', unpublish: 'unpublished', delete: 'deleted', import: 'imported from a file' };
const HISTORY_LIMIT = 50;

function when(ms: number): string {
  return new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The article's change history (who, what, when, newest first) under *History*, and its last
 * change under the title. Every entry is set as text: an author name is the editor's own input.
 */
async function renderHistory(a: Article): Promise<void> {
  try {
    const data = await api<{ changes: Change[]; total: number }>('GET', `${articlePath(a.id, a.locale)}/history?limit=${HISTORY_LIMIT}`);
    if (state.current !== a) return;
    const last = data.changes[0];
    if (last) $('editor-state').textContent += ` · last change: ${last.action} by ${last.author || 'unknown'} at ${time(last.at)}`;
    const list = clear($('history-list'));
    for (const c of data.changes) {
      list.appendChild(
        el('li', { className: 'kb-change', 'data-version': String(c.version) }, [
          el('strong', { text: `Version ${c.version}` }),
          ` ${lookup(ACTIONS, c.action) || c.action} by ${c.author || 'unknown'}, `,
          el('time', { datetime: new Date(c.at).toISOString(), text: when(c.at) }),
        ]),
      );
    }
    const older = data.total - data.changes.length;
    $('history-more').hidden = older <= 0;
    $('history-more').textContent = older > 0 ? `${older}${older === 1 ? ' older change' : ' older changes'} not shown (GET …/history?offset=${data.changes.length}).` : '';
  } catch (err) {
    announce(problem(err));
  }
}

const SOURCES: Record<string, string> = { feedback: 'feedback', 'clarify-choice': 'clarifying choice', 'agent-insert': 'agent insert' };

/**
 * What conversations taught about this article (`/api/kb/evidence`), each with Accept and
 * Remove. Questions are customers' words: always set as text.
 */
async function renderLearned(a: Article): Promise<void> {
  try {
    const data = await api<{ items: Evidence[] }>('GET', `/api/kb/evidence?article=${encodeURIComponent(a.id)}&limit=100`);
    if (state.current !== a) return;
    const list = clear($('learned-list'));
    $('learned').hidden = !data.items.length;
    for (const e of data.items) {
      const verdict = e.helpful ? 'belongs here' : 'does not belong here';
      const item = el('li', { className: 'kb-change' }, [
        el('q', { text: e.question }),
        ` ${verdict} (${lookup(SOURCES, e.source) || e.source}, ${String(e.locale).toUpperCase()}, ${when(e.createdAt)}${e.status === 'accepted' ? ', accepted' : ''}) `,
      ]);
      if (e.status !== 'accepted') {
        item.appendChild(el('button', { type: 'button', className: 'small', text: 'Accept', 'aria-label': `Accept “${e.question}”`, onclick: () => changeLearned(a, 'POST', `${e.id}/accept`, 'Accepted.') }));
      }
      item.appendChild(
        el('button', { type: 'button', className: 'small ghost danger-text', text: 'Remove', 'aria-label': `Remove “${e.question}”`, onclick: () => changeLearned(a, 'DELETE', e.id, 'Removed: the bot no longer uses it.') }),
      );
      list.appendChild(item);
    }
  } catch (err) {
    announce(problem(err));
  }
}

async function changeLearned(a: Article, method: string, path: string, done: string): Promise<void> {
  try {
    await api(method, `/api/kb/evidence/${path}`);
    announce(done);
    await renderLearned(a);
  } catch (err) {
    announce(problem(err));
  }
}

async function renderTranslations(a: Article): Promise<void> {
  const data = await api<ArticleList>('GET', `/api/kb/articles?id=${encodeURIComponent(a.id)}&limit=500`);
  clear($('translation-list')).appendChild(translationLinks(data.articles));
  const have = data.articles.map((t) => t.locale);
  const select = clear($('translate-to', HTMLSelectElement));
  for (const l of state.locales.filter((x) => !have.includes(x))) select.appendChild(el('option', { value: l, text: upper(l) }));
  $('translate-form').hidden = !select.options.length;
}

function markCurrentInList(): void {
  document.querySelectorAll('#article-list a.kb-locale').forEach((link) => {
    if (link.getAttribute('href') === location.hash) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
  });
}

/** A blank form for a new article, or one filled with `source` to translate into `locale`. */
function startNew(source?: Article | null, locale?: string): void {
  state.mode = 'new';
  state.translating = source || null;
  state.current = null;
  fill(source ? { id: source.id, locale, title: source.title, tags: source.tags, url: source.url, body: source.body } : { locale: state.locales[0] });
  setDirty(Boolean(source));
  clearProblems();
  $('unsaved').hidden = true;
  $('delete-form').hidden = true;
  $('editor-status').textContent = source ? `The ${upper(source.locale)} text is filled in: translate it, then save.` : '';
  renderHead();
  showEditor();
  history.replaceState(null, '', location.pathname + location.search);
  state.hash = '';
  markCurrentInList();
  (source ? input('title') : input('id')).focus();
}

function setDirty(dirty: boolean): void {
  state.dirty = dirty;
}

// --- problems the API reports
function clearProblems(): void {
  $('form-alert').hidden = true;
  $('reload').hidden = true;
  for (const name of FIELDS) {
    input(name).removeAttribute('aria-invalid');
    $(`f-${name}-error`).hidden = true;
    $(`f-${name}-error`).textContent = '';
  }
}

function alertText(text: string, reloadLabel?: string): void {
  $('form-alert-text').textContent = text;
  $('form-alert').hidden = false;
  $('reload').hidden = !reloadLabel;
  if (reloadLabel) $('reload').textContent = reloadLabel;
}

function isField(name: string | undefined): name is FieldName {
  return (FIELDS as readonly (string | undefined)[]).includes(name);
}

/** Shows each problem next to its field (`tags.0` belongs to tags) and focuses the first. */
function showProblems(err: ApiError): void {
  let first: HTMLElement | null = null;
  for (const issue of err.issues) {
    const name = issue.field ? String(issue.field).split('.')[0] : undefined;
    if (!isField(name)) continue;
    const box = $(`f-${name}-error`);
    box.textContent = box.textContent ? `${box.textContent}; ${issue.message}` : issue.message;
    box.hidden = false;
    input(name).setAttribute('aria-invalid', 'true');
    first = first || input(name);
  }
  alertText(first ? `Not saved: fix the marked fields. ${err.message}` : `Not saved: ${err.message}`);
  (first || $('form-alert')).focus();
}

/**
 * A refused save, unpublish or delete (`done`: 'saved', 'unpublished', 'deleted'). A 409 on an
 * open article means it moved on since the editor loaded it: the form stays as it is and the
 * page offers a reload.
 */
function onSaveError(err: unknown, done = 'saved'): void {
  const status = err instanceof ApiError ? err.status : 0;
  const message = problem(err);
  if (status === 409 && state.mode === 'edit') {
    const who = done === 'saved' ? 'someone else saved this article' : 'someone else changed this article';
    alertText(`Not ${done}: ${who} since you opened it. ${message}. Your text stays in the form until you reload.`, 'Reload the article');
    $('reload').focus();
  } else if (status === 409) {
    alertText(`Not saved: ${message}.`, 'Open the existing article');
    $('reload').focus();
  } else if (err instanceof ApiError && status === 400 && err.issues.length) {
    showProblems(err);
  } else {
    alertText(`Not ${done}: ${message}`);
    $('form-alert').focus();
  }
}

// --- actions
async function save(publish: boolean): Promise<void> {
  clearProblems();
  const body = values();
  if (publish) body.publish = true;
  try {
    let saved: Article;
    if (state.mode === 'edit') {
      const a = current();
      body.version = state.baseVersion;
      saved = await api<Article>('PUT', articlePath(a.id, a.locale), body);
    } else {
      body.id = input('id').value.trim();
      body.locale = input('locale').value.trim();
      saved = await api<Article>('POST', '/api/kb/articles', body);
    }
    await afterSave(saved, publish);
  } catch (err) {
    onSaveError(err);
  }
}

async function afterSave(saved: Article, published: boolean): Promise<void> {
  const created = state.mode === 'new';
  state.mode = 'edit';
  state.translating = null;
  state.current = saved;
  state.baseVersion = saved.version;
  setDirty(false);
  const message = published
    ? `Published version ${saved.version}: customers get it now.`
    : `Saved version ${saved.version}${saved.status === 'published' ? ` as a draft; customers see version ${saved.publishedVersion} until you publish.` : ' (draft).'}`;
  renderHead();
  $('editor-status').textContent = message;
  announce(message);
  loadCoverage().catch(() => {});
  state.hash = hashOf(saved.id, saved.locale);
  if (created) history.replaceState(null, '', state.hash);
  await Promise.all([loadList(), renderTranslations(saved), renderHistory(saved)]);
  markCurrentInList();
}

/** Reloads the stored article; the editor's own unsaved text stays readable below the form. */
async function reload(): Promise<void> {
  const editing = state.mode === 'edit' ? current() : null;
  const id = editing ? editing.id : input('id').value.trim();
  const locale = editing ? editing.locale : input('locale').value.trim();
  const mine = input('body').value;
  try {
    await openArticle(id, locale);
    state.hash = hashOf(id, locale);
    history.replaceState(null, '', state.hash);
    if (mine.trim() && mine !== input('body').value) {
      $('unsaved-body', HTMLTextAreaElement).value = mine;
      $('unsaved').hidden = false;
    }
    announce(`Reloaded version ${current().version}.`);
    $('editor-title').focus();
  } catch (err) {
    alertText(problem(err));
  }
}

async function unpublish(): Promise<void> {
  clearProblems();
  const a = current();
  try {
    // With the version the form is based on: if someone changed the article since, the server
    // refuses (409) rather than take offline a text the editor has not seen.
    const after = await api<Article>('POST', `${articlePath(a.id, a.locale)}/unpublish`, { version: state.baseVersion });
    state.current = after;
    // Unpublishing adds a version and leaves the text alone, so the form's text is the latest.
    state.baseVersion = after.version;
    renderHead();
    const text = 'Unpublished: customers no longer get answers from it. It stays as a draft.';
    $('editor-status').textContent = text;
    announce(text);
    await Promise.all([loadList(), renderHistory(after)]);
    markCurrentInList();
    $('save-publish').focus();
  } catch (err) {
    onSaveError(err, 'unpublished');
  }
}

function toggleDelete(open: boolean): void {
  $('delete-form').hidden = !open;
  if (open) {
    const a = current();
    $('delete-text').textContent = `Delete “${a.title}” in ${upper(a.locale)}? Customers stop getting answers from it at once. Its history is kept; other translations stay.`;
    $('delete-cancel').focus();
  } else {
    $('delete-open').focus();
  }
}

async function remove(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const a = current();
  try {
    await api('DELETE', `${articlePath(a.id, a.locale)}?version=${state.baseVersion}`);
    $('delete-form').hidden = true;
    state.mode = null;
    state.current = null;
    setDirty(false);
    history.replaceState(null, '', location.pathname + location.search);
    state.hash = '';
    $('editor-panel').hidden = true;
    $('editor-empty').hidden = false;
    await loadList();
    announce(`Deleted “${a.title}” in ${upper(a.locale)}.`);
    $('filter-text').focus();
  } catch (err) {
    $('delete-form').hidden = true;
    onSaveError(err, 'deleted');
  }
}

// --- navigation
function route(): void {
  const match = /^#\/a\/([^/]+)\/([^/]+)$/.exec(location.hash);
  if (!match || location.hash === state.hash) return;
  // Leaving unsaved edits takes a yes; "no" puts the address back.
  if (state.dirty && !window.confirm('Leave this article? Your unsaved changes will be lost.')) {
    history.replaceState(null, '', state.hash || location.pathname);
    return;
  }
  state.hash = location.hash;
  openArticle(decodeURIComponent(match[1]), decodeURIComponent(match[2]))
    .then(() => $('editor-title').focus())
    .catch((err: unknown) => {
      announce(problem(err));
      alertText(problem(err));
    });
}

function reloadList(): void {
  loadList().catch((err: unknown) => announce(problem(err)));
}

function setUp(): void {
  $('filter').addEventListener('submit', (e) => {
    e.preventDefault();
    reloadList();
  });
  $('filter-text').addEventListener('input', () => {
    window.clearTimeout(state.filterTimer);
    state.filterTimer = window.setTimeout(reloadList, 250);
  });
  $('filter-locale').addEventListener('change', reloadList);
  $('new-article').addEventListener('click', () => {
    if (!state.dirty || window.confirm('Start a new article? Your unsaved changes will be lost.')) startNew();
  });
  const form = $('article-form');
  form.addEventListener('input', () => setDirty(true));
  input('body').addEventListener('input', renderPreview);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void save(false);
  });
  form.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') {
      e.preventDefault();
      void save(false);
    }
  });
  $('save-publish').addEventListener('click', () => save(true));
  $('unpublish').addEventListener('click', unpublish);
  $('reload').addEventListener('click', reload);
  $('delete-open').addEventListener('click', () => toggleDelete(true));
  $('delete-cancel').addEventListener('click', () => toggleDelete(false));
  const deleteForm = $('delete-form');
  deleteForm.addEventListener('submit', remove);
  deleteForm.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') toggleDelete(false);
  });
  $('translate-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!state.dirty || window.confirm('Start a translation? Your unsaved changes will be lost.')) startNew(state.current, $('translate-to', HTMLSelectElement).value);
  });
  window.addEventListener('hashchange', route);
}

async function start(): Promise<void> {
  await topBar();
  setUp();
  const data = await api<ArticleList>('GET', '/api/kb/articles?limit=500');
  state.locales = data.locales || [];
  for (const l of state.locales) {
    $('filter-locale').appendChild(el('option', { value: l, text: upper(l) }));
    $('locale-options').appendChild(el('option', { value: l }));
  }
  renderList(data);
  route();
  loadCoverage().catch((err: unknown) => {
    $('coverage-summary').textContent = problem(err);
  });
}

start().catch((err: unknown) => announce(problem(err)));
