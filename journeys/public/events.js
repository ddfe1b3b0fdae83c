/*
 * Switchboard behaviour events for the browser. Embed next to the widget:
 *   <script src="https://bot.example.com/events.js" async></script>
 * then call Switchboard.track('product_view', { productId: 'sku-1', name: 'Linen shirt' }).
 * A page_view is sent on load. Events go to the visitor's own customer (the widget's userId);
 * no key is ever needed in the browser. Orders come from your server, not from here.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = script && script.src ? new URL(script.src).origin : location.origin;
  // The same visitor id the chat widget keeps, so chat and events are one customer.
  var storeKey = 'switchboard:' + base;
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(storeKey) || '{}'); } catch (e) { saved = {}; }
  var userId = saved.userId || (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());
  if (!saved.userId) { try { saved.userId = userId; localStorage.setItem(storeKey, JSON.stringify(saved)); } catch (e) { /* private mode */ } }

  var queue = [];
  var timer = null;
  function flush() {
    timer = null;
    if (!queue.length) return;
    var events = queue.splice(0, 20);
    fetch(base + '/api/web/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: userId, events: events }),
      keepalive: true,
    }).catch(function () { /* analytics must never break the page */ });
    if (queue.length) timer = setTimeout(flush, 0);
  }
  function track(type, properties) {
    queue.push(properties ? { type: type, properties: properties } : { type: type });
    if (!timer) timer = setTimeout(flush, 250);
  }

  var api = window.Switchboard || (window.Switchboard = {});
  api.userId = api.userId || userId;
  api.track = track;
  api.flush = flush;
  track('page_view', { path: location.pathname, title: document.title });
})();
