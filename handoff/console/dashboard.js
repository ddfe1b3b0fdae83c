// The analytics dashboard: a report for a date range (tiles, charts, tables) and live tiles for
// the last 24 hours pushed over the dashboard socket. Text only ever goes in as text.
(function () {
  'use strict';
  var C = window.Console;
  var $ = function (id) { return document.getElementById(id); };
  var charts = {};

  function pct(v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%'; }
  function num(v, digits) { return v === null || v === undefined ? '–' : Number(v).toFixed(digits); }
  function secs(v) { return v === null || v === undefined ? '–' : C.duration(v); }

  function query() {
    var params = new URLSearchParams({ from: $('from').value, to: $('to').value });
    if ($('channel').value) params.set('channel', $('channel').value);
    return params;
  }

  function showTiles(prefix, f) {
    $(prefix + 'containment').textContent = pct(f.containmentRate);
    $(prefix + 'handoff').textContent = pct(f.handoffRate);
    $(prefix + 'csat').textContent = f.csatAverage === null ? '–' : num(f.csatAverage, 2) + ' (' + f.csatResponses + ')';
  }

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart($(id), config);
  }

  function render(s) {
    var t = s.totals;
    showTiles('t-', t);
    $('t-predicted').textContent = num(t.predictedSatisfaction, 2);
    $('t-frt').textContent = secs(t.firstResponseBotSeconds) + ' / ' + secs(t.firstResponseAgentSeconds);
    $('t-resolution').textContent = secs(t.resolutionBotSeconds) + ' / ' + secs(t.resolutionAgentSeconds);
    chart('chart-days', {
      type: 'bar',
      data: {
        labels: s.byDay.map(function (d) { return d.day; }),
        datasets: [
          { label: 'Contained', data: s.byDay.map(function (d) { return d.contained; }), backgroundColor: '#2b8a3e' },
          { label: 'Handed off', data: s.byDay.map(function (d) { return d.handedOff; }), backgroundColor: '#e8590c' },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
    chart('chart-quality', {
      type: 'line',
      data: {
        labels: s.byDay.map(function (d) { return d.day; }),
        datasets: [
          { label: 'CSAT (real)', data: s.byDay.map(function (d) { return d.csatAverage; }), borderColor: '#2b8a3e', spanGaps: true },
          { label: 'Predicted satisfaction', data: s.byDay.map(function (d) { return d.predictedSatisfaction; }), borderColor: '#1864ab', borderDash: [4, 4] },
          { label: 'Sentiment (−1…1)', data: s.byDay.map(function (d) { return d.sentimentAverage; }), borderColor: '#e8590c', yAxisID: 'sentiment' },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 1, max: 5, title: { display: true, text: 'CSAT 1–5' } }, sentiment: { position: 'right', min: -1, max: 1, grid: { drawOnChartArea: false } } } },
    });
    chart('chart-reasons', {
      type: 'doughnut',
      data: {
        labels: s.handoffReasons.map(function (r) { return C.REASONS[r.reason] || r.reason; }),
        datasets: [{ data: s.handoffReasons.map(function (r) { return r.count; }), backgroundColor: ['#e8590c', '#1864ab', '#5f3dc4', '#2b8a3e', '#c92a2a', '#868e96'] }],
      },
      options: { animation: false, maintainAspectRatio: false },
    });
    C.clear($('intents'));
    s.topIntents.forEach(function (i) { $('intents').appendChild(C.el('tr', {}, [C.el('td', { text: i.intent }), C.el('td', { text: i.count })])); });
    if (!s.topIntents.length) $('intents').appendChild(C.el('tr', {}, [C.el('td', { text: 'No intents recognised yet', colspan: 2, className: 'muted' })]));
    C.clear($('channels'));
    s.byChannel.forEach(function (c) {
      $('channels').appendChild(C.el('tr', { 'data-channel': c.channel }, [
        C.el('th', { scope: 'row', text: c.channel }), C.el('td', { text: c.conversations }), C.el('td', { text: pct(c.containmentRate) }),
        C.el('td', { text: pct(c.handoffRate) }), C.el('td', { text: num(c.csatAverage, 2) }), C.el('td', { text: secs(c.firstResponseBotSeconds) }),
      ]));
    });
    var k = s.knowledge;
    $('kb-figures').textContent = k.questions + ' questions to the knowledge base; ' + pct(k.answerRate) + ' answered with confidence; ' +
      pct(k.ownLanguageRate) + ' answered in the customer\u2019s own language.';
    var q = s.satisfaction.check;
    $('sat-check').textContent = q.mae === undefined
      ? 'Predicted satisfaction uses prior weights until customers answer CSAT (' + q.samples + ' answers so far).'
      : 'Predicted satisfaction vs real CSAT (' + q.samples + ' answers, leave-one-out): MAE ' + num(q.mae, 2) + ', correlation ' + num(q.correlation, 2) + '.';
    C.clear($('gaps'));
    k.gaps.forEach(function (g) { $('gaps').appendChild(C.el('tr', {}, [C.el('td', { text: g.terms.join(', ') }), C.el('td', { text: g.count }), C.el('td', { text: g.examples[0] || '' })])); });
  }

  // NPS and CSAT from surveys (GET /api/analytics/surveys): the figure and its number of answers.
  function showSurveys(f) {
    $('t-nps').textContent = f.nps.score === null ? '–' : num(f.nps.score, 0) + ' (' + f.nps.responses + ')';
    $('t-survey-csat').textContent = f.csat.score === null ? '–' : num(f.csat.score, 2) + ' (' + f.csat.responses + ')';
  }

  async function load() {
    var params = query();
    $('export').href = '/api/analytics/export.csv?' + params;
    $('export-conversations').href = '/api/analytics/export.csv?rows=conversations&' + params;
    $('status').textContent = 'Loading…';
    try {
      var s = await C.api('GET', '/api/analytics/summary?' + params);
      render(s);
      var known = Array.prototype.map.call($('channel').options, function (o) { return o.value; });
      s.byChannel.forEach(function (c) { if (known.indexOf(c.channel) < 0) $('channel').appendChild(C.el('option', { value: c.channel, text: c.channel })); });
      showSurveys(await C.api('GET', '/api/analytics/surveys?' + params));
      $('status').textContent = t(s);
    } catch (err) {
      $('status').textContent = err.message;
    }
  }
  function t(s) { return s.totals.conversations + ' conversations from ' + s.from.slice(0, 10) + ' to ' + s.to.slice(0, 10) + ' (exclusive).'; }

  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/console/analytics/socket');
    ws.onopen = function () { $('live-state').textContent = 'Live'; $('live-state').className = 'pill ok'; };
    ws.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type !== 'tiles') return;
      showTiles('live-', data.figures);
      $('live-frt').textContent = secs(data.figures.firstResponseBotSeconds);
      $('live-conversations').textContent = String(data.figures.conversations);
    };
    ws.onclose = function () {
      $('live-state').textContent = 'Reconnecting…';
      $('live-state').className = 'pill warn';
      setTimeout(connect, 3000);
    };
  }

  async function start() {
    await C.topBar();
    var params = new URLSearchParams(location.search);
    var today = new Date().toISOString().slice(0, 10);
    $('to').value = params.get('to') || today;
    $('from').value = params.get('from') || new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
    $('range').addEventListener('submit', function (e) { e.preventDefault(); void load(); });
    await load();
    connect();
  }
  void start();
})();
