"""First-party analytics in headless Chromium against the real `pigment consent-server`: the tag
runs only after an opt-in, and the server counts an event only when its consent log says so."""

from __future__ import annotations

import time

import pytest

# The banner checks' visitor: a new browser session on the consent server, reset before and after.
from test_consent_banner import visitor  # noqa: F401


def events_after(server, count: int, expected: int, timeout: float = 10) -> list[dict]:
    """The events stored after the first COUNT, once EXPECTED more exist (they are committed in batches)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = server.events()
        if len(events) >= count + expected:
            return events[count:]
        time.sleep(0.1)
    pytest.fail(f"expected {expected} new events, found {len(server.events()) - count}", pytrace=False)


def settle():
    """Longer than a batch (250 ms), so an event that was sent would be stored."""
    time.sleep(1)


def test_before_a_choice_and_after_reject_all_nothing_is_sent(visitor, consent_server):
    requests, stored = consent_server.event_requests(), len(consent_server.events())
    visitor.open("/")
    visitor.open("/pricing/")
    assert visitor.cookie("ps_analytics_id") is None
    visitor.button("Reject all").click()
    visitor.wait_for("document.getElementById('consent-banner').hidden")
    visitor.open("/features/")
    settle()
    assert visitor.cookie("ps_analytics_id") is None
    assert consent_server.event_requests() == requests, "no request reached /api/events"
    assert len(consent_server.events()) == stored


def test_after_accept_all_page_views_and_named_events_are_stored(visitor, consent_server):
    stored = len(consent_server.events())
    visitor.open("/")
    visitor.button("Accept all").click()
    visitor.wait_for("window.pigmentAnalytics", message="the tag did not run after Accept all")
    visitor.open("/pricing/")
    visitor.js("""const b = document.createElement('button'); b.textContent = 'Choose';
                  b.setAttribute('data-analytics-event', 'choose_plan'); document.body.append(b); b.click();""")
    events = events_after(consent_server, stored, 3)
    visitor_id = visitor.cookie("ps_analytics_id")["value"]
    assert [(e["kind"], e["path"], e["name"]) for e in events] == [
        ("pageview", "/", None), ("pageview", "/pricing/", None), ("event", "/pricing/", "choose_plan")]
    assert {e["visitor"] for e in events} == {visitor_id}
    assert all(e["browser"] == "Chrome" and e["system"] == "Linux" for e in events), events
    assert events[0]["device"] in ("mobile", "tablet", "desktop") and events[0]["language"] == "en"


def test_after_withdrawal_nothing_more_is_stored_and_a_replayed_beacon_is_refused(visitor, consent_server):
    visitor.open("/")
    visitor.button("Accept all").click()
    visitor.wait_for("window.pigmentAnalytics")
    visitor.open("/cookie-settings/")
    visitor.wait_for("document.querySelector('[data-consent-id]') && document.querySelector('[data-consent-id]').textContent")
    visitor.button("Withdraw consent", within=".consent-preferences").click()
    visitor.wait_for("document.querySelectorAll('[data-consent-history] tr').length === 2")
    settle()
    stored = len(consent_server.events())
    visitor.open("/about/")
    status = visitor.driver.execute_async_script("""
        const done = arguments[0];
        fetch('/api/events', {method: 'POST', headers: {'Content-Type': 'text/plain'}, credentials: 'include',
                              body: JSON.stringify({type: 'pageview', path: '/about/'})})
          .then(r => done(r.status), () => done(0));""")
    assert status == 403, "the replayed beacon is refused: the log says withdrawn"
    settle()
    assert len(consent_server.events()) == stored


def test_with_global_privacy_control_nothing_is_sent(visitor, consent_server):
    requests = consent_server.event_requests()
    visitor.send_gpc()
    visitor.open("/")
    visitor.open("/pricing/")
    settle()
    assert not visitor.analytics_ran()
    assert visitor.cookie("ps_analytics_id") is None
    assert consent_server.event_requests() == requests


def test_the_preference_centre_counts_and_deletes_the_visitors_analytics_data(visitor, consent_server):
    stored = len(consent_server.events())
    visitor.open("/")
    visitor.button("Accept all").click()
    visitor.wait_for("window.pigmentAnalytics")
    visitor.open("/pricing/")
    events_after(consent_server, stored, 2)
    visitor.open("/cookie-settings/")
    visitor.wait_for("!document.querySelector('[data-analytics-data]').hidden", message="the count of analytics events is not shown")
    # This page's own view may still be waiting for its batch: at least the two stored.
    assert int(visitor.js("return document.querySelector('[data-analytics-count]').textContent")) >= 2
    visitor.button("Delete my analytics data", within=".consent-receipt").click()
    visitor.wait_for("document.querySelector('[data-analytics-count]').textContent === '0'",
                     message="the count did not fall to 0 after deleting")
    visitor.wait_for("Array.from(document.querySelectorAll('[data-consent-history] tr')).some(r => r.textContent.includes('Analytics data deleted'))",
                     message="the receipt does not show the erasure")
    identifier = visitor.js("return document.querySelector('[data-consent-id]').textContent")
    assert [e for e in consent_server.events() if e["consent_id"] == identifier] == []
    assert consent_server.records()[-1]["event"] == "erasure"
