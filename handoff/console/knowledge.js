// The knowledge page: editors find articles, edit one translation's Markdown, save it with the
// version they loaded (a 409 means someone saved since: nothing is overwritten, they reload), add
// translations, publish, unpublish and delete (both also with the loaded version), and read who
// changed the article when. Every article text is set as text or as a form
// value, never as HTML: an article may contain markup and it must stay inert.
(function () {
  'use strict';
  var C = window.Console;
  var el = C.el;
  var $ = function (id) { return document.getElementById(id); };
  var FIELDS = ['id', 'locale', 'title', 'tags', 'url', 'body'];

  // mode 'edit': `current` is the stored translation and `baseVersion` the version the form's text
  // is based on (what a save must still find); mode 'new': a new article, or a translation of
  // `translating`.
  var state = { locales: [], mode: null, current: null, baseVersion: 0, translating: null, dirty: false, hash: '', filterTimer: null, listRequest: 0 };

  function announce(text) { $('announcer').textContent = text; }
  function articlePath(id, locale) { return '/api/kb/articles/' + encodeURIComponent(id) + '/' + encodeURIComponent(locale); }
  function hashOf(id, locale) { return '#/a/' + encodeURIComponent(id) + '/' + encodeURIComponent(locale); }
  function upper(locale) { return String(locale).toUpperCase(); }
  function tagList(text) { return text.split(',').map(function (t) { return t.trim(); }).filter(Boolean); }

  function statusLabel(a) {
    if (a.status !== 'published') return 'draft';
    return a.hasUnpublishedChanges ? 'published, unpublished edits' : 'published';
  }

  // --- the list
  async function loadList() {
    var params = new URLSearchParams({ limit: '500' });
    if ($('filter-text').value.trim()) params.set('q', $('filter-text').value.trim());
    if ($('filter-locale').value) params.set('locale', $('filter-locale').value);
    // Answers can arrive out of order while the editor types: only the latest request's counts.
    var request = ++state.listRequest;
    var data = await C.api('GET', '/api/kb/articles?' + params);
    if (request === state.listRequest) renderList(data);
  }

  /** One row per article, its translations as links; the title is the bot's first language's. */
  function renderList(data) {
    var groups = [];
    var byId = {};
    data.articles.forEach(function (a) {
      if (!byId[a.id]) groups.push((byId[a.id] = { id: a.id, translations: [] }));
      byId[a.id].translations.push(a);
    });
    var list = C.clear($('article-list'));
    groups.forEach(function (g) {
      var main = g.translations.find(function (t) { return t.locale === state.locales[0]; }) || g.translations[0];
      list.appendChild(el('li', { className: 'queue-item kb-item' }, [
        el('div', { className: 'kb-item-head' }, [
          el('a', { className: 'q-name kb-title', href: hashOf(main.id, main.locale), text: main.title, 'aria-label': 'Open “' + main.title + '”' }),
          el('code', { className: 'kb-id', text: g.id }),
        ]),
        translationLinks(g.translations),
      ]));
    });
    $('list-empty').hidden = groups.length > 0;
    var shown = data.articles.length < data.total ? ' (first ' + data.articles.length + ' of ' + data.total + ' translations: narrow the filter)' : '';
    $('list-count').textContent = groups.length + (groups.length === 1 ? ' article' : ' articles') + shown;
  }

  /** Links to open each translation, marked published or draft. */
  function translationLinks(translations) {
    return el('ul', { className: 'kb-locales' }, translations.map(function (t) {
      var open = state.current && state.current.id === t.id && state.current.locale === t.locale;
      return el('li', {}, [el('a', {
        href: hashOf(t.id, t.locale),
        className: 'kb-locale ' + (t.status === 'published' ? 'is-published' : 'is-draft'),
        'aria-current': open ? 'true' : null,
        'aria-label': 'Edit “' + t.title + '” in ' + upper(t.locale) + ' (' + statusLabel(t) + ')',
      }, [el('strong', { text: upper(t.locale) }), ' ' + statusLabel(t)])]);
    }));
  }

  // --- translation coverage: which published articles lack a language, most asked-for first
  async function loadCoverage() {
    var data = await C.api('GET', '/api/kb/coverage');
    var lacking = data.articles - data.complete;
    $('coverage-count').textContent = data.complete + ' of ' + data.articles + ' complete';
    $('coverage-summary').textContent = data.articles
      ? data.complete + ' of ' + data.articles + ' articles are published in every language (' + data.locales.map(upper).join(', ') + ')' + (lacking ? '; ' + data.missing.length + ' translations are missing.' : '.')
      : 'No articles yet.';
    var list = C.clear($('coverage-missing'));
    data.missing.slice(0, 50).forEach(function (m) {
      var source = (data.byArticle.find(function (a) { return a.articleId === m.articleId; }) || { locales: [] }).locales[0];
      var link = el('a', { href: m.hasDraft ? hashOf(m.articleId, m.locale) : source ? hashOf(m.articleId, source) : '#', text: m.title });
      list.appendChild(el('li', {}, [
        el('strong', { text: upper(m.locale) }), ' ', link,
        el('span', { className: 'muted', text: ' · ' + (m.hasDraft ? 'draft' : 'missing') + (m.questions ? ' · ' + m.questions + (m.questions === 1 ? ' question' : ' questions') + ' asked' : '') }),
      ]));
    });
  }

  // --- the editor
  function field(name) { return $('f-' + name); }

  function showEditor() {
    $('editor-empty').hidden = true;
    $('editor-panel').hidden = false;
  }

  function fill(a) {
    field('id').value = a.id || '';
    field('locale').value = a.locale || '';
    field('title').value = a.title || '';
    field('tags').value = (a.tags || []).join(', ');
    field('url').value = a.url || '';
    field('body').value = a.body || '';
    renderPreview();
  }

  // The body as the widget shows it: the same sanitising Markdown renderer.
  function renderPreview() {
    C.clear($('body-preview')).appendChild(C.markdown(field('body').value));
  }

  function values() {
    var v = { title: field('title').value.trim(), tags: tagList(field('tags').value), body: field('body').value };
    var url = field('url').value.trim();
    // An emptied URL field removes a stored article's URL (null); a new article simply has none.
    if (url) v.url = url;
    else if (state.mode === 'edit') v.url = null;
    return v;
  }

  async function openArticle(id, locale) {
    var a = await C.api('GET', articlePath(id, locale));
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

  function renderHead() {
    var a = state.current;
    var editing = state.mode === 'edit';
    field('id').readOnly = editing || state.translating !== null;
    field('locale').readOnly = editing;
    $('unpublish').hidden = !editing || a.status !== 'published';
    $('delete-open').hidden = !editing;
    $('translations').hidden = !editing;
    $('history').hidden = !editing;
    if (editing) {
      $('editor-title').textContent = a.title;
      var live = a.status === 'published' && a.hasUnpublishedChanges ? ' · customers see version ' + a.publishedVersion : '';
      $('editor-state').textContent = upper(a.locale) + ' · ' + statusLabel(a) + ' · version ' + a.version + live;
    } else {
      $('editor-title').textContent = state.translating ? 'New translation of “' + state.translating.title + '”' : 'New article';
      $('editor-state').textContent = 'Not saved yet';
    }
  }

  var ACTIONS = { create: 'created', update: 'saved', publish: 'published', unpublish: 'unpublished', delete: 'deleted', import: 'imported from a file' };
  var HISTORY_LIMIT = 50;

  function when(ms) { return new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }); }

  /**
   * The article's change history (who, what, when, newest first) under *History*, and its last
   * change under the title. Every entry is set as text: an author name is the editor's own input.
   */
  async function renderHistory(a) {
    try {
      var data = await C.api('GET', articlePath(a.id, a.locale) + '/history?limit=' + HISTORY_LIMIT);
      if (state.current !== a) return;
      var last = data.changes[0];
      if (last) $('editor-state').textContent += ' · last change: ' + last.action + ' by ' + (last.author || 'unknown') + ' at ' + C.time(last.at);
      C.clear($('history-list'));
      data.changes.forEach(function (c) {
        $('history-list').appendChild(el('li', { className: 'kb-change', 'data-version': String(c.version) }, [
          el('strong', { text: 'Version ' + c.version }),
          ' ' + (ACTIONS[c.action] || c.action) + ' by ' + (c.author || 'unknown') + ', ',
          el('time', { datetime: new Date(c.at).toISOString(), text: when(c.at) }),
        ]));
      });
      var older = data.total - data.changes.length;
      $('history-more').hidden = older <= 0;
      $('history-more').textContent = older > 0 ? older + (older === 1 ? ' older change' : ' older changes') + ' not shown (GET …/history?offset=' + data.changes.length + ').' : '';
    } catch (err) {
      announce(err.message);
    }
  }

  var SOURCES = { feedback: 'feedback', 'clarify-choice': 'clarifying choice', 'agent-insert': 'agent insert' };

  /**
   * What conversations taught about this article (`/api/kb/evidence`), each with Accept and
   * Remove. Questions are customers' words: always set as text.
   */
  async function renderLearned(a) {
    try {
      var data = await C.api('GET', '/api/kb/evidence?article=' + encodeURIComponent(a.id) + '&limit=100');
      if (state.current !== a) return;
      var list = C.clear($('learned-list'));
      $('learned').hidden = !data.items.length;
      data.items.forEach(function (e) {
        var verdict = e.helpful ? 'belongs here' : 'does not belong here';
        var item = el('li', { className: 'kb-change' }, [
          el('q', { text: e.question }),
          ' ' + verdict + ' (' + (SOURCES[e.source] || e.source) + ', ' + String(e.locale).toUpperCase() + ', ' + when(e.createdAt) + (e.status === 'accepted' ? ', accepted' : '') + ') ',
        ]);
        if (e.status !== 'accepted') {
          item.appendChild(el('button', { type: 'button', className: 'small', text: 'Accept', 'aria-label': 'Accept “' + e.question + '”', onclick: function () { changeLearned(a, 'POST', e.id + '/accept', 'Accepted.'); } }));
        }
        item.appendChild(el('button', { type: 'button', className: 'small ghost danger-text', text: 'Remove', 'aria-label': 'Remove “' + e.question + '”', onclick: function () { changeLearned(a, 'DELETE', e.id, 'Removed: the bot no longer uses it.'); } }));
        list.appendChild(item);
      });
    } catch (err) {
      announce(err.message);
    }
  }

  async function changeLearned(a, method, path, done) {
    try {
      await C.api(method, '/api/kb/evidence/' + path);
      announce(done);
      await renderLearned(a);
    } catch (err) {
      announce(err.message);
    }
  }

  async function renderTranslations(a) {
    var data = await C.api('GET', '/api/kb/articles?id=' + encodeURIComponent(a.id) + '&limit=500');
    C.clear($('translation-list')).appendChild(translationLinks(data.articles));
    var have = data.articles.map(function (t) { return t.locale; });
    var select = C.clear($('translate-to'));
    state.locales.filter(function (l) { return have.indexOf(l) < 0; }).forEach(function (l) { select.appendChild(el('option', { value: l, text: upper(l) })); });
    $('translate-form').hidden = !select.options.length;
  }

  function markCurrentInList() {
    document.querySelectorAll('#article-list a.kb-locale').forEach(function (link) {
      if (link.getAttribute('href') === location.hash) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    });
  }

  /** A blank form for a new article, or one filled with `source` to translate into `locale`. */
  function startNew(source, locale) {
    state.mode = 'new';
    state.translating = source || null;
    state.current = null;
    fill(source ? { id: source.id, locale: locale, title: source.title, tags: source.tags, url: source.url, body: source.body } : { locale: state.locales[0] });
    setDirty(Boolean(source));
    clearProblems();
    $('unsaved').hidden = true;
    $('delete-form').hidden = true;
    $('editor-status').textContent = source ? 'The ' + upper(source.locale) + ' text is filled in: translate it, then save.' : '';
    renderHead();
    showEditor();
    history.replaceState(null, '', location.pathname + location.search);
    state.hash = '';
    markCurrentInList();
    (source ? field('title') : field('id')).focus();
  }

  function setDirty(dirty) { state.dirty = dirty; }

  // --- problems the API reports
  function clearProblems() {
    $('form-alert').hidden = true;
    $('reload').hidden = true;
    FIELDS.forEach(function (name) {
      field(name).removeAttribute('aria-invalid');
      $('f-' + name + '-error').hidden = true;
      $('f-' + name + '-error').textContent = '';
    });
  }

  function alertText(text, reloadLabel) {
    $('form-alert-text').textContent = text;
    $('form-alert').hidden = false;
    $('reload').hidden = !reloadLabel;
    if (reloadLabel) $('reload').textContent = reloadLabel;
  }

  /** Shows each problem next to its field (`tags.0` belongs to tags) and focuses the first. */
  function showProblems(err) {
    var first = null;
    err.issues.forEach(function (issue) {
      var name = issue.field ? String(issue.field).split('.')[0] : null;
      if (FIELDS.indexOf(name) < 0) return;
      var box = $('f-' + name + '-error');
      box.textContent = box.textContent ? box.textContent + '; ' + issue.message : issue.message;
      box.hidden = false;
      field(name).setAttribute('aria-invalid', 'true');
      first = first || field(name);
    });
    alertText(first ? 'Not saved: fix the marked fields. ' + err.message : 'Not saved: ' + err.message);
    (first || $('form-alert')).focus();
  }

  /**
   * A refused save, unpublish or delete (`done`: 'saved', 'unpublished', 'deleted'). A 409 on an
   * open article means it moved on since the editor loaded it: the form stays as it is and the
   * page offers a reload.
   */
  function onSaveError(err, done) {
    done = done || 'saved';
    if (err.status === 409 && state.mode === 'edit') {
      var who = done === 'saved' ? 'someone else saved this article' : 'someone else changed this article';
      alertText('Not ' + done + ': ' + who + ' since you opened it. ' + err.message + '. Your text stays in the form until you reload.', 'Reload the article');
      $('reload').focus();
    } else if (err.status === 409) {
      alertText('Not saved: ' + err.message + '.', 'Open the existing article');
      $('reload').focus();
    } else if (err.status === 400 && err.issues.length) {
      showProblems(err);
    } else {
      alertText('Not ' + done + ': ' + err.message);
      $('form-alert').focus();
    }
  }

  // --- actions
  async function save(publish) {
    clearProblems();
    var body = values();
    if (publish) body.publish = true;
    try {
      var saved;
      if (state.mode === 'edit') {
        body.version = state.baseVersion;
        saved = await C.api('PUT', articlePath(state.current.id, state.current.locale), body);
      } else {
        body.id = field('id').value.trim();
        body.locale = field('locale').value.trim();
        saved = await C.api('POST', '/api/kb/articles', body);
      }
      await afterSave(saved, publish);
    } catch (err) {
      onSaveError(err);
    }
  }

  async function afterSave(saved, published) {
    var created = state.mode === 'new';
    state.mode = 'edit';
    state.translating = null;
    state.current = saved;
    state.baseVersion = saved.version;
    setDirty(false);
    var message = published
      ? 'Published version ' + saved.version + ': customers get it now.'
      : 'Saved version ' + saved.version + (saved.status === 'published' ? ' as a draft; customers see version ' + saved.publishedVersion + ' until you publish.' : ' (draft).');
    renderHead();
    $('editor-status').textContent = message;
    announce(message);
    loadCoverage().catch(function () {});
    state.hash = hashOf(saved.id, saved.locale);
    if (created) history.replaceState(null, '', state.hash);
    await Promise.all([loadList(), renderTranslations(saved), renderHistory(saved)]);
    markCurrentInList();
  }

  /** Reloads the stored article; the editor's own unsaved text stays readable below the form. */
  async function reload() {
    var id = state.mode === 'edit' ? state.current.id : field('id').value.trim();
    var locale = state.mode === 'edit' ? state.current.locale : field('locale').value.trim();
    var mine = field('body').value;
    try {
      await openArticle(id, locale);
      state.hash = hashOf(id, locale);
      history.replaceState(null, '', state.hash);
      if (mine.trim() && mine !== field('body').value) {
        $('unsaved-body').value = mine;
        $('unsaved').hidden = false;
      }
      announce('Reloaded version ' + state.current.version + '.');
      $('editor-title').focus();
    } catch (err) {
      alertText(err.message);
    }
  }

  async function unpublish() {
    clearProblems();
    var a = state.current;
    try {
      // With the version the form is based on: if someone changed the article since, the server
      // refuses (409) rather than take offline a text the editor has not seen.
      var after = await C.api('POST', articlePath(a.id, a.locale) + '/unpublish', { version: state.baseVersion });
      state.current = after;
      // Unpublishing adds a version and leaves the text alone, so the form's text is the latest.
      state.baseVersion = after.version;
      renderHead();
      $('editor-status').textContent = 'Unpublished: customers no longer get answers from it. It stays as a draft.';
      announce($('editor-status').textContent);
      await Promise.all([loadList(), renderHistory(after)]);
      markCurrentInList();
      $('save-publish').focus();
    } catch (err) {
      onSaveError(err, 'unpublished');
    }
  }

  function toggleDelete(open) {
    $('delete-form').hidden = !open;
    if (open) {
      $('delete-text').textContent = 'Delete “' + state.current.title + '” in ' + upper(state.current.locale) + '? Customers stop getting answers from it at once. Its history is kept; other translations stay.';
      $('delete-cancel').focus();
    } else {
      $('delete-open').focus();
    }
  }

  async function remove(event) {
    event.preventDefault();
    var a = state.current;
    try {
      await C.api('DELETE', articlePath(a.id, a.locale) + '?version=' + state.baseVersion);
      $('delete-form').hidden = true;
      state.mode = null;
      state.current = null;
      setDirty(false);
      history.replaceState(null, '', location.pathname + location.search);
      state.hash = '';
      $('editor-panel').hidden = true;
      $('editor-empty').hidden = false;
      await loadList();
      announce('Deleted “' + a.title + '” in ' + upper(a.locale) + '.');
      $('filter-text').focus();
    } catch (err) {
      $('delete-form').hidden = true;
      onSaveError(err, 'deleted');
    }
  }

  // --- navigation
  function route() {
    var match = /^#\/a\/([^/]+)\/([^/]+)$/.exec(location.hash);
    if (!match || location.hash === state.hash) return;
    // Leaving unsaved edits takes a yes; "no" puts the address back.
    if (state.dirty && !window.confirm('Leave this article? Your unsaved changes will be lost.')) {
      history.replaceState(null, '', state.hash || location.pathname);
      return;
    }
    state.hash = location.hash;
    openArticle(decodeURIComponent(match[1]), decodeURIComponent(match[2]))
      .then(function () { $('editor-title').focus(); })
      .catch(function (err) { announce(err.message); alertText(err.message); });
  }

  function setUp() {
    $('filter').addEventListener('submit', function (e) { e.preventDefault(); loadList().catch(function (err) { announce(err.message); }); });
    $('filter-text').addEventListener('input', function () {
      clearTimeout(state.filterTimer);
      state.filterTimer = setTimeout(function () { loadList().catch(function (err) { announce(err.message); }); }, 250);
    });
    $('filter-locale').addEventListener('change', function () { loadList().catch(function (err) { announce(err.message); }); });
    $('new-article').addEventListener('click', function () {
      if (!state.dirty || window.confirm('Start a new article? Your unsaved changes will be lost.')) startNew();
    });
    $('article-form').addEventListener('input', function () { setDirty(true); });
    field('body').addEventListener('input', renderPreview);
    $('article-form').addEventListener('submit', function (e) { e.preventDefault(); save(false); });
    $('article-form').addEventListener('keydown', function (e) {
      if ((e.ctrlKey || e.metaKey) && e.key === 's') { e.preventDefault(); save(false); }
    });
    $('save-publish').addEventListener('click', function () { save(true); });
    $('unpublish').addEventListener('click', unpublish);
    $('reload').addEventListener('click', reload);
    $('delete-open').addEventListener('click', function () { toggleDelete(true); });
    $('delete-cancel').addEventListener('click', function () { toggleDelete(false); });
    $('delete-form').addEventListener('submit', remove);
    $('delete-form').addEventListener('keydown', function (e) { if (e.key === 'Escape') toggleDelete(false); });
    $('translate-form').addEventListener('submit', function (e) {
      e.preventDefault();
      if (!state.dirty || window.confirm('Start a translation? Your unsaved changes will be lost.')) startNew(state.current, $('translate-to').value);
    });
    window.addEventListener('hashchange', route);
  }

  async function start() {
    await C.topBar();
    setUp();
    var data = await C.api('GET', '/api/kb/articles?limit=500');
    state.locales = data.locales || [];
    state.locales.forEach(function (l) {
      $('filter-locale').appendChild(el('option', { value: l, text: upper(l) }));
      $('locale-options').appendChild(el('option', { value: l }));
    });
    renderList(data);
    route();
    loadCoverage().catch(function (err) { $('coverage-summary').textContent = err.message; });
  }

  start().catch(function (err) { announce(err.message); });
})();
