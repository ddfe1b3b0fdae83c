// The staffing page: next week's forecast per hour and the agents needed (Erlang C), as a chart
// and a day × hour table, from GET /api/analytics/staffing.
(function () {
  'use strict';
  var C = window.Console;
  var $ = function (id) { return document.getElementById(id); };
  var DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  var chart;

  function render(plan) {
    if (plan.notEnoughHistory) return renderNoForecast(plan);
    $('summary').textContent = plan.arrivals
      ? 'Week of ' + plan.from.slice(0, 10) + ', learnt from ' + plan.weeksOfHistory + ' weeks (' + plan.arrivals + ' escalations in the store): peak ' + (plan.peak ? plan.peak.agents + ' agents at ' + plan.peak.start.slice(0, 16).replace('T', ' ') : 'none') + ', ' + plan.agentHours + ' agent-hours.'
      : 'No conversations have reached agents yet, so there is nothing to forecast from.';
    $('backtest').textContent = plan.backtest
      ? 'Back-test on the last week: WAPE ' + (plan.backtest.wape * 100).toFixed(1) + '% (same-as-last-week: ' + (plan.backtest.naiveWape * 100).toFixed(1) + '%), MAE ' + plan.backtest.mae.toFixed(2) + ' per hour.'
      : 'No back-test yet: it needs three weeks of history with escalations in the last week (' + plan.daysOfHistory + ' days so far).';
    if (chart) chart.destroy();
    chart = new window.Chart($('chart-plan'), {
      data: {
        labels: plan.hours.map(function (h) { return DAYS[(new Date(h.start).getUTCDay() + 6) % 7] + ' ' + h.start.slice(11, 13) + 'h'; }),
        datasets: [
          { type: 'bar', label: 'Agents needed', data: plan.hours.map(function (h) { return h.agents; }), backgroundColor: '#1864ab', yAxisID: 'y' },
          { type: 'line', label: 'Forecast conversations', data: plan.hours.map(function (h) { return h.forecast; }), borderColor: '#e8590c', pointRadius: 0, yAxisID: 'y' },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
    });
    var grid = C.clear($('grid'));
    var head = C.el('tr', {}, [C.el('th', { scope: 'col', text: 'Day' })]);
    for (var h = 0; h < 24; h++) head.appendChild(C.el('th', { scope: 'col', text: String(h) }));
    grid.appendChild(C.el('thead', {}, [head]));
    var body = C.el('tbody');
    DAYS.forEach(function (day, d) {
      var row = C.el('tr', {}, [C.el('th', { scope: 'row', text: day })]);
      plan.hours.slice(d * 24, d * 24 + 24).forEach(function (cell) { row.appendChild(C.el('td', { text: cell.agents, title: cell.forecast + ' conversations' })); });
      body.appendChild(row);
    });
    grid.appendChild(body);
  }

  // Too little history: say so instead of drawing an all-zero forecast that reads as "no agents needed".
  function renderNoForecast(plan) {
    $('summary').textContent = 'No forecast: ' + plan.notEnoughHistory + ' (' + plan.arrivals + ' escalation' + (plan.arrivals === 1 ? '' : 's') + ' in the store).';
    $('backtest').textContent = '';
    if (chart) chart.destroy();
    chart = undefined;
    C.clear($('grid'));
  }

  async function load() {
    // The service level is a percentage everywhere (form, API, CLI).
    var params = new URLSearchParams({ weeks: $('weeks').value, target: $('level').value, answer: $('answer').value, aht: $('aht').value, concurrency: $('concurrency').value });
    try {
      render(await C.api('GET', '/api/analytics/staffing?' + params));
    } catch (err) {
      $('summary').textContent = err.message;
    }
  }

  async function start() {
    await C.topBar();
    $('target').addEventListener('submit', function (e) { e.preventDefault(); void load(); });
    await load();
  }
  void start();
})();
