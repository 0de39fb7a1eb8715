/* First-party analytics, run by consent.js once "analytics" is granted (README: "Analytics").
 * A random visitor id, a page view per load, data-analytics-event clicks; the server counts
 * them only if its consent log says this visitor opted in. */
(function () {
  'use strict';
  var match = document.cookie.match(/(?:^|; )ps_analytics_id=([0-9a-f]{32})/);
  var id = match ? match[1] : Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (byte) {
    return (byte + 256).toString(16).slice(1);
  }).join('');
  document.cookie = 'ps_analytics_id=' + id + '; Max-Age=' + 13 * 30 * 86400 + '; Path=/; SameSite=Lax'
    + (location.protocol === 'https:' ? '; Secure' : '');
  var config = document.getElementById('consent-config');
  var url = ((config && config.dataset.api) || '/api/consent').replace(/\/api\/consent$/, '/api/events');

  // A string goes as text/plain: no preflight; the server reads it as JSON from an allowed Origin.
  function send(body) {
    var text = JSON.stringify(body);
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, text))) {
      fetch(url, { method: 'POST', body: text, keepalive: true, credentials: 'include', headers: { 'Content-Type': 'text/plain' } })
        .catch(function () {});
    }
  }

  var width = window.innerWidth;
  var referrer = '';
  try { referrer = document.referrer ? new URL(document.referrer).hostname : ''; } catch (error) { referrer = ''; }
  send({
    type: 'pageview', path: location.pathname,
    referrer: referrer && referrer !== location.hostname ? referrer : undefined,
    device: width < 768 ? 'mobile' : width < 1024 ? 'tablet' : 'desktop',
    language: document.documentElement.lang || undefined
  });
  document.addEventListener('click', function (event) {
    var target = event.target.closest && event.target.closest('[data-analytics-event]');
    if (target) send({ type: 'event', name: target.getAttribute('data-analytics-event'), path: location.pathname });
  });
  window.pigmentAnalytics = { visitorId: id };
})();
