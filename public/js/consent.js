/* The cookie banner and preference centre. Plain JavaScript: no dependencies, no build step.
 *
 * Loaded without defer at the top of <head>, before any other script, so Google Consent Mode's
 * defaults ("denied") are in place before a tag could read them. Its configuration is the consent
 * registry (Content/data/consent.yml) as JSON in <script id="consent-config">. The choice itself
 * lives in the cookie the consent server sets, `<id>.<registry version>.<granted categories>`:
 * the server's record is the proof, the cookie only remembers it.
 *
 * Without JavaScript nothing optional can run (gated scripts are inert data blocks), and the
 * preference centre's plain form still posts the choice to the server.
 *
 * The API is `/api/consent` on this origin unless site.yml's `consent.endpoint` names another
 * (`data-api` on the configuration element); then requests carry credentials, so the API's
 * cookie is sent and set, and the API must allow this origin (`--allowed-origin`). */
(function () {
  'use strict';
  var configElement = document.getElementById('consent-config');
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var api = configElement.getAttribute('data-api') || '/api/consent';
  var credentials = new URL(api, location.href).origin === location.origin ? 'same-origin' : 'include';
  var SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
    'functionality_storage', 'personalization_storage', 'security_storage'];
  var gpc = navigator.globalPrivacyControl === true;
  var stored = readChoice();
  var valid = stored && stored.version === config.version;

  // Google Consent Mode v2: every signal denied (but those of required categories) before any tag.
  window.dataLayer = window.dataLayer || [];
  window.gtag = window.gtag || function () { window.dataLayer.push(arguments); };
  var defaults = consentModeState({});
  if (!valid) defaults.wait_for_update = 500;
  window.gtag('consent', 'default', defaults);
  if (valid) window.gtag('consent', 'update', consentModeState(stored.granted));

  document.addEventListener('DOMContentLoaded', start);

  function start() {
    if (valid) runGatedContent(stored.granted);
    var preferences = document.querySelector('[data-consent-preferences]');
    var banner = document.querySelector('[data-consent-banner]');
    if (banner) wireBanner(banner);
    if (preferences) wirePreferences(preferences);
    if (valid) return;
    if (gpc) {
      // The signal is the visitor's answer: record it, keep analytics off, and say so.
      save({}, 'gpc', preferences ? 'preferences' : 'banner').then(function () {
        refreshPreferences();
        if (banner && !preferences) showBanner(banner, 'gpc');
      }, function () {});
    } else if (banner && !preferences) {
      showBanner(banner, stored ? 'changed' : 'ask');
    }
  }

  // ------------------------------------------------------------------ the stored choice

  function readChoice() {
    var prefix = config.cookie.name + '=';
    var cookies = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < cookies.length; i++) {
      if (cookies[i].indexOf(prefix) !== 0) continue;
      var parts = decodeURIComponent(cookies[i].slice(prefix.length)).split('.');
      if (parts.length !== 3) return null;
      var granted = {};
      parts[2].split(',').forEach(function (id) { if (id) granted[id] = true; });
      return { id: parts[0], version: parts[1], granted: granted };
    }
    return null;
  }

  function optionalCategories() {
    return config.categories.filter(function (category) { return !category.required; });
  }

  function consentModeState(granted) {
    var state = {};
    SIGNALS.forEach(function (signal) { state[signal] = 'denied'; });
    config.categories.forEach(function (category) {
      if (category.required || granted[category.id]) {
        category.googleConsentMode.forEach(function (signal) { state[signal] = 'granted'; });
      }
    });
    return state;
  }

  /** Records the choice; the server answers with the record and sets the cookie. */
  function save(granted, method, source, endpoint) {
    var choices = {};
    optionalCategories().forEach(function (category) { choices[category.id] = !!granted[category.id]; });
    var body = { choices: choices, method: method, source: source, page: location.pathname,
      registryVersion: config.version, gpc: gpc };
    if (stored && stored.id) body.consentId = stored.id;
    // The privacy policy in force now, so the record (and the receipt) names the exact text.
    if (config.policy) body.policyVersion = config.policy.version;
    var url = endpoint || api;
    return fetch(url, {
      method: 'POST', credentials: credentials, headers: { 'Content-Type': 'application/json' },
      body: endpoint ? '' : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) throw new Error(answer.detail || 'The server did not save your choice (HTTP ' + response.status + ').');
        stored = readChoice() || { id: answer.consentId, version: config.version, granted: granted };
        valid = true;
        apply(granted);
        return answer;
      });
    }, function () {
      throw new Error('Your choice could not be sent. Check your connection and try again.');
    });
  }

  /** Makes the page match a choice: Consent Mode, gated scripts, and refused categories' cookies. */
  function apply(granted) {
    window.gtag('consent', 'update', consentModeState(granted));
    runGatedContent(granted);
    optionalCategories().forEach(function (category) {
      if (!granted[category.id]) category.cookies.forEach(deleteCookie);
    });
  }

  /** Deletes a cookie on this host and on each parent domain it may have been set for. */
  function deleteCookie(name) {
    var expired = name + '=; Max-Age=0; Path=/; SameSite=Lax';
    document.cookie = expired;
    if (/^[\d.]+$|:/.test(location.hostname)) return;
    var labels = location.hostname.split('.');
    for (var i = 0; i < labels.length - 1; i++) {
      document.cookie = expired + '; Domain=' + labels.slice(i).join('.');
    }
  }

  /** `<script type="text/plain" data-consent="analytics" data-src="…">` runs once every named
   *  category is granted; `<iframe data-consent="…" data-src="…">` loads then. */
  function runGatedContent(granted) {
    var allowed = function (element) {
      return element.getAttribute('data-consent').split(/[\s,]+/).every(function (id) { return granted[id]; });
    };
    document.querySelectorAll('script[type="text/plain"][data-consent]').forEach(function (inert) {
      if (!allowed(inert)) return;
      var script = document.createElement('script');
      Array.prototype.forEach.call(inert.attributes, function (attribute) {
        if (!/^(type|data-consent|data-src|data-type)$/.test(attribute.name)) script.setAttribute(attribute.name, attribute.value);
      });
      if (inert.dataset.type) script.type = inert.dataset.type;
      if (inert.dataset.src) {
        script.async = inert.hasAttribute('async');
        script.src = inert.dataset.src;
      } else {
        script.text = inert.text;
      }
      inert.replaceWith(script);
    });
    document.querySelectorAll('iframe[data-consent][data-src]').forEach(function (frame) {
      if (allowed(frame)) { frame.src = frame.dataset.src; frame.removeAttribute('data-src'); }
    });
  }

  // ------------------------------------------------------------------ forms

  /** Which categories a form grants for the button pressed. */
  function grantedBy(form, action) {
    var granted = {};
    optionalCategories().forEach(function (category) {
      var box = form.elements[category.id];
      granted[category.id] = action === 'accept_all' || (action === 'save' && !!box && box.checked);
    });
    return granted;
  }

  function fillSwitches(root, granted) {
    optionalCategories().forEach(function (category) {
      root.querySelectorAll('input[name="' + category.id + '"]').forEach(function (box) { box.checked = !!granted[category.id]; });
    });
  }

  /** Sends a form's choice as JSON instead of navigating; the form still works without JavaScript. */
  function handleSubmit(form, source, done) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var action = (event.submitter && event.submitter.value) || 'save';
      var granted = grantedBy(form, action);
      var method = action === 'save' ? 'custom' : action;
      var error = form.querySelector('[data-consent-error]');
      save(granted, method, source).then(function () {
        if (error) error.hidden = true;
        done(granted);
      }, function (failure) {
        if (error) { error.textContent = failure.message; error.hidden = false; }
      });
    });
  }

  function announce(text) {
    var status = document.querySelector('[data-consent-status]');
    if (status) status.textContent = text;
  }

  function summary(granted) {
    var on = optionalCategories().filter(function (category) { return granted[category.id]; })
      .map(function (category) { return category.title.toLowerCase(); });
    return on.length ? 'Allowed: ' + on.join(', ') + '.' : 'Only essential cookies are used.';
  }

  // ------------------------------------------------------------------ banner

  var returnFocusTo = null;

  function wireBanner(banner) {
    var form = banner.querySelector('form');
    var customize = banner.querySelector('[data-consent-customize]');
    var choices = banner.querySelector('fieldset');
    // Where focus came from, so closing the banner can give it back.
    banner.addEventListener('focusin', function (event) {
      if (event.relatedTarget && !banner.contains(event.relatedTarget)) returnFocusTo = event.relatedTarget;
    });
    customize.addEventListener('click', function () {
      var open = choices.hidden;
      choices.hidden = !open;
      customize.setAttribute('aria-expanded', String(open));
      banner.querySelector('[data-consent-save]').hidden = !open;
      if (open) choices.querySelector('input:not([disabled])').focus();
    });
    banner.querySelector('[data-consent-close]').addEventListener('click', function () { closeBanner(banner); });
    handleSubmit(form, 'banner', function (granted) {
      closeBanner(banner);
      announce('Your cookie choice was saved. ' + summary(granted));
    });
  }

  /** Shows the banner: asking (`ask`), asking again after the cookie list changed (`changed`),
   *  or reporting that Global Privacy Control was honoured (`gpc`). */
  function showBanner(banner, mode) {
    banner.querySelector('[data-consent-ask]').hidden = mode === 'gpc';
    banner.querySelector('[data-consent-changed]').hidden = mode !== 'changed';
    banner.querySelector('[data-consent-gpc]').hidden = mode !== 'gpc';
    banner.querySelectorAll('[data-consent-answer]').forEach(function (button) { button.hidden = mode === 'gpc'; });
    banner.querySelector('[data-consent-close]').hidden = mode !== 'gpc';
    fillSwitches(banner, stored ? stored.granted : {});
    banner.hidden = false;
  }

  function closeBanner(banner) {
    var hadFocus = banner.contains(document.activeElement);
    banner.hidden = true;
    if (!hadFocus) return;
    var target = returnFocusTo && document.contains(returnFocusTo) ? returnFocusTo : document.getElementById('main');
    if (target) target.focus();
  }

  // ------------------------------------------------------------------ preference centre

  var preferencesRoot = null;

  function wirePreferences(root) {
    preferencesRoot = root;
    var form = root.querySelector('form');
    var withdraw = root.querySelector('[data-consent-withdraw]');
    root.querySelector('[data-consent-gpc]').hidden = !gpc;
    fillSwitches(form, valid ? stored.granted : {});
    handleSubmit(form, 'preferences', function (granted) {
      showSaved('Your choice has been saved. ' + summary(granted));
      refreshPreferences();
    });
    wireAnalyticsData(root.querySelector('[data-analytics-data]'));
    withdraw.addEventListener('submit', function (event) {
      event.preventDefault();
      var request = stored && stored.id
        ? save({}, 'reject_all', 'preferences', api + '/' + stored.id + '/withdraw')
        : save({}, 'reject_all', 'preferences');
      request.then(function () {
        showSaved('Consent withdrawn. Optional cookies are deleted and their scripts stop from the next page on.');
        refreshPreferences();
      }, function (failure) {
        showSaved(failure.message);
      });
    });
    refreshPreferences();
  }

  function showSaved(text) {
    var saved = preferencesRoot.querySelector('#consent-saved');
    saved.textContent = text;
    saved.classList.add('is-shown');
    announce(text);
  }

  /** Switches and receipt from the server's record of this browser's consent id. */
  function refreshPreferences() {
    if (!preferencesRoot) return;
    fillSwitches(preferencesRoot.querySelector('form'), valid ? stored.granted : {});
    // The page says "no recorded choice" only once this script has looked and found none.
    if (!stored || !stored.id) { preferencesRoot.querySelector('[data-consent-receipt-empty]').hidden = false; return; }
    fetch(api + '/' + stored.id, { credentials: credentials }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (receipt) {
      if (receipt) showReceipt(receipt);
    }, function () {});
    showAnalyticsData();
  }

  /** How many analytics events the server holds under this consent id, and the button that deletes them. */
  var events = api.replace(/\/api\/consent$/, '/api/events') + '/mine';
  function showAnalyticsData() {
    var box = preferencesRoot.querySelector('[data-analytics-data]');
    if (!box) return;
    fetch(events, { credentials: credentials }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer) return;
      box.querySelector('[data-analytics-count]').textContent = answer.events;
      box.querySelector('[data-analytics-summary]').hidden = false;
      box.hidden = false;
    }, function () {});
  }

  /** The form posts to /api/events/mine/erase without JavaScript; with it, DELETE and the count in place.
   *  Hidden until the server says what it holds: a visitor with no choice has nothing to delete. */
  function wireAnalyticsData(form) {
    if (!form) return;
    form.hidden = true;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('[data-analytics-delete]');
      button.disabled = true;
      fetch(events, { method: 'DELETE', credentials: credentials }).then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) throw new Error(answer.detail || 'The server did not delete your data.');
          showSaved('Deleted ' + answer.deleted + ' analytics events.');
          refreshPreferences();
        });
      }).catch(function (failure) { showSaved(failure.message); }).then(function () { button.disabled = false; });
    });
  }

  var EVENTS = { first: 'First choice', change: 'Changed', withdraw: 'Withdrawn', erasure: 'Analytics data deleted' };
  var METHODS = { accept_all: 'accepted all', reject_all: 'rejected all', custom: 'chose categories',
    gpc: 'Global Privacy Control signal', form: 'form without JavaScript' };

  function showReceipt(receipt) {
    preferencesRoot.querySelector('[data-consent-receipt-empty]').hidden = true;
    preferencesRoot.querySelector('[data-consent-receipt]').hidden = false;
    preferencesRoot.querySelector('[data-consent-id]').textContent = receipt.consentId;
    var body = preferencesRoot.querySelector('[data-consent-history]');
    body.textContent = '';
    receipt.history.forEach(function (record) {
      var row = body.insertRow();
      row.insertCell().textContent = record.recordedAt.replace('T', ' ').replace(/\.\d+/, '').replace('Z', '');
      row.insertCell().textContent = (EVENTS[record.event] || record.event) + ' (' + (METHODS[record.method] || record.method) +
        (record.gpc && record.method !== 'gpc' ? ', Global Privacy Control on' : '') + ')';
      var on = optionalCategories().filter(function (category) { return record.choices[category.id]; })
        .map(function (category) { return category.title; });
      row.insertCell().textContent = on.length ? on.join(', ') : 'None';
      // The policy version in force when this choice was made, at its permanent address.
      var policy = row.insertCell();
      if (record.policyVersion && config.policy) {
        var link = document.createElement('a');
        link.href = config.policy.url + 'v/' + encodeURIComponent(record.policyVersion) + '/';
        link.textContent = 'Version ' + record.policyVersion;
        policy.appendChild(link);
      } else {
        policy.textContent = 'Not recorded';
      }
    });
  }
})();
