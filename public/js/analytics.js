/* Pigment Studio's first-party analytics tag. It runs only after a visitor grants "analytics":
 * the page carries it as <script type="text/plain" data-consent="analytics" data-src="/js/analytics.js">,
 * which consent.js turns into a real script once that category is granted.
 *
 * It sets the visitor id the consent registry declares (ps_analytics_id, 13 months) and counts the
 * page view. The self-hosted collector is not deployed yet, so views are kept on the page
 * (window.pigmentAnalytics) rather than sent anywhere. */
(function () {
  'use strict';
  var name = 'ps_analytics_id';
  var match = document.cookie.match(/(?:^|; )ps_analytics_id=([0-9a-f]{32})/);
  var id = match ? match[1] : Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (byte) {
    return (byte + 256).toString(16).slice(1);
  }).join('');
  document.cookie = name + '=' + id + '; Max-Age=' + 13 * 30 * 86400 + '; Path=/; SameSite=Lax';
  window.pigmentAnalytics = { visitorId: id, pageviews: [{ path: location.pathname, at: new Date().toISOString() }] };
})();
