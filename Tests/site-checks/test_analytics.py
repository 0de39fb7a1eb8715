"""First-party analytics in headless Chromium against the real `pigment consent-server`: the tag
runs only after an opt-in, and the server counts an event only when its consent log says so.

What the browser sent is read from DevTools' network log (the performance log the harness turns
on), not only from the server: a request the server refused would still be a request."""

from __future__ import annotations

import gzip
import json
import re
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

import harness

# The banner checks' visitor: a new browser session on the consent server, reset before and after.
from test_consent_banner import visitor  # noqa: F401

TAG = "js/analytics.js"
# The issue asks for "a few hundred bytes gzipped".
TAG_GZIP_LIMIT = 480
DAY = 86_400


# ---------------------------------------------------------------------------- helpers


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


def sent_events(driver) -> list[dict]:
    """The requests to POST /api/events the browser sent since the log was last read (DevTools'
    Network.requestWillBeSent), each with its url, method and body."""
    sent = []
    for entry in driver.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        if event.get("method") != "Network.requestWillBeSent":
            continue
        request = event["params"]["request"]
        if urlsplit(request["url"]).path == "/api/events":
            sent.append({"url": request["url"], "method": request["method"], "body": request.get("postData")})
    return sent


def click_named_event(visitor, name: str = "choose_plan"):
    """Clicks an element carrying data-analytics-event, as a visitor would click a tracked button."""
    visitor.js("""const b = document.createElement('button'); b.textContent = 'Choose';
                  b.setAttribute('data-analytics-event', arguments[0]); document.body.append(b); b.click();""", name)


def follow_link(visitor, url: str):
    """Goes to URL by clicking a link on the current page, as a visitor would (so with a referrer)."""
    visitor.js("const a = document.createElement('a'); a.href = arguments[0]; document.body.append(a); a.click();", url)
    visitor.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")


def accept_all(visitor):
    visitor.open("/")
    visitor.button("Accept all").click()
    visitor.wait_for("window.pigmentAnalytics", message="the tag did not run after Accept all")
    # The server answers the first page view with the visitor's id; later pages send it back.
    visitor.wait_for_cookie("ps_analytics_id")


def registry_lifetime_seconds(name: str) -> int:
    """A cookie's lifetime in the registry, in seconds as the server counts months (30 days)."""
    registry = (harness.SITE_ROOT / "Content/data/consent.yml").read_text()
    match = re.search(rf"- name: {name}\n(?:\s+\w+: .*\n)*?\s+lifetime: (\d+) months", registry)
    assert match, f"no lifetime in months for {name} in the registry"
    return int(match.group(1)) * 30 * DAY


def replay(server, body: str, cookies: dict[str, str]) -> int:
    """POSTs BODY to /api/events as the tag would (text/plain from the site's origin) with COOKIES."""
    request = urllib.request.Request(server.url("/api/events"), data=body.encode(), method="POST", headers={
        "Content-Type": "text/plain;charset=UTF-8", "Origin": server.origin,
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# ---------------------------------------------------------------------------- the tag itself


def test_the_shipped_tag_is_small_and_first_party(site_dir):
    shipped = (site_dir / TAG).read_bytes()  # the build copies public/ as it is: no minifier runs
    size = len(gzip.compress(shipped, 9))
    assert size <= TAG_GZIP_LIMIT, f"{TAG} is {size} bytes gzipped (at most {TAG_GZIP_LIMIT})"
    urls = re.findall(rb"(?:https?:)?//[\w.-]+", shipped)
    assert urls == [], f"the tag names another origin: {urls}"


# ---------------------------------------------------------------------------- before and without consent


def test_before_a_choice_and_after_reject_all_nothing_is_sent(visitor, consent_server):
    requests, stored = consent_server.event_requests(), len(consent_server.events())
    sent_events(visitor.driver)  # drop what earlier tests left in the log
    visitor.open("/")
    click_named_event(visitor)
    visitor.open("/pricing/")
    click_named_event(visitor)
    assert visitor.cookie("ps_analytics_id") is None
    visitor.button("Reject all").click()
    visitor.wait_for("document.getElementById('consent-banner').hidden")
    for path in ("/features/", "/about/", "/pricing/"):
        visitor.open(path)
        click_named_event(visitor)
    settle()
    assert sent_events(visitor.driver) == [], "the browser sent a request to /api/events"
    assert visitor.cookie("ps_analytics_id") is None
    assert consent_server.event_requests() == requests, "no request reached /api/events"
    assert len(consent_server.events()) == stored


def test_with_global_privacy_control_nothing_is_sent_even_after_an_opt_in(visitor, consent_server):
    requests, stored = consent_server.event_requests(), len(consent_server.events())
    visitor.send_gpc()
    sent_events(visitor.driver)
    visitor.open("/")
    click_named_event(visitor)
    visitor.wait_for("!document.querySelector('[data-consent-gpc]').hidden", message="the banner did not say GPC was honoured")
    assert not visitor.analytics_ran()
    # The visitor opts in explicitly (GPC hides "Accept all"): consent.js runs the tag, which stays silent.
    visitor.button("Customize").click()
    visitor.js("document.querySelector('#consent-banner input[name=analytics]').click()")
    visitor.button("Save choices").click()
    visitor.wait_for("performance.getEntriesByType('resource').some(e => e.name.endsWith('/js/analytics.js'))",
                     message="consent.js did not run the tag after the opt-in")
    for path in ("/features/", "/pricing/"):
        visitor.open(path)
        visitor.wait_for("performance.getEntriesByType('resource').some(e => e.name.endsWith('/js/analytics.js'))",
                         message=f"the tag was not loaded on {path}")
        click_named_event(visitor)
    settle()
    assert sent_events(visitor.driver) == [], "the browser sent a request to /api/events under GPC"
    assert visitor.cookie("ps_analytics_id") is None
    assert consent_server.event_requests() == requests
    assert len(consent_server.events()) == stored


# ---------------------------------------------------------------------------- after an opt-in


def test_after_accept_all_page_views_and_named_events_are_stored(visitor, consent_server):
    stored = len(consent_server.events())
    sent_events(visitor.driver)
    accept_all(visitor)
    follow_link(visitor, consent_server.url("/pricing/?plan=pro#faq"))
    click_named_event(visitor)
    events = events_after(consent_server, stored, 3)
    sent = sent_events(visitor.driver)
    assert [request["method"] for request in sent] == ["POST"] * 3, sent
    assert all(request["body"] for request in sent), "DevTools shows each request's body"
    assert all(urlsplit(request["url"]).netloc == urlsplit(consent_server.origin).netloc for request in sent)
    visitor_id = visitor.cookie("ps_analytics_id")["value"]
    assert [(e["kind"], e["path"], e["name"]) for e in events] == [
        ("pageview", "/", None), ("pageview", "/pricing/", None), ("event", "/pricing/", "choose_plan")], \
        "paths are stored without their query string"
    assert {e["visitor"] for e in events} == {visitor_id}
    assert all(e["browser"] == "Chrome" and e["system"] == "Linux" for e in events), events
    assert events[0]["device"] == "desktop" and events[0]["language"] == "en"
    assert events[1]["referrer_host"] is None, "a page of the site is no referrer"
    assert "plan=pro" not in json.dumps(sent), "the query string never leaves the browser"


def test_the_referrer_is_only_another_sites_host_and_the_device_follows_the_viewport(visitor, consent_server):
    before = len(consent_server.events())
    accept_all(visitor)
    # The page view of the page where "Accept all" was clicked, stored before counting on.
    stored = before + len(events_after(consent_server, before, 1))
    harness.set_viewport(visitor.driver, 390, 844, True)
    # Another host name for the same server: a link from there is a link from another site.
    elsewhere = consent_server.origin.replace("127.0.0.1", "localhost")
    visitor.driver.get(elsewhere + "/about/")
    follow_link(visitor, consent_server.url("/features/?utm_source=news"))
    [event] = events_after(consent_server, stored, 1)
    assert (event["path"], event["referrer_host"], event["device"]) == ("/features/", "localhost", "mobile")


def test_the_visitor_cookie_lives_as_long_as_the_registry_says(visitor):
    accept_all(visitor)
    cookie = visitor.cookie("ps_analytics_id")
    assert re.fullmatch(r"[0-9a-f]{32}", cookie["value"])
    assert (cookie["path"], cookie["sameSite"], cookie["secure"], cookie["httpOnly"]) == ("/", "Lax", False, True), \
        "set by the server, HttpOnly; Secure only on https"
    lifetime = cookie["expiry"] - time.time()
    expected = registry_lifetime_seconds("ps_analytics_id")
    assert abs(lifetime - expected) < 120, f"the cookie lives {lifetime / DAY:.1f} days, the registry says {expected / DAY:.0f}"
    visitor.open("/pricing/")
    assert visitor.cookie("ps_analytics_id")["value"] == cookie["value"], "a returning visitor keeps the id"


# ---------------------------------------------------------------------------- withdrawal


def test_after_withdrawal_nothing_more_is_stored_and_a_replayed_beacon_is_refused(visitor, consent_server):
    sent_events(visitor.driver)
    stored = len(consent_server.events())
    accept_all(visitor)
    visitor.open("/pricing/")
    events_after(consent_server, stored, 2)
    [captured, *_] = [request for request in sent_events(visitor.driver) if request["body"]]
    cookies = {name: visitor.cookie(name)["value"] for name in ("pigment_consent", "ps_analytics_id")}
    assert replay(consent_server, captured["body"], cookies) == 204, "the replay works while the consent stands"

    # Withdrawal as the preference centre offers it: analytics switched off, choices saved.
    before = len(consent_server.records())
    visitor.open("/cookie-settings/")
    visitor.wait_for("document.querySelector('.consent-preferences input[name=analytics]').checked")
    visitor.js("document.querySelector('.consent-preferences input[name=analytics]').click()")
    visitor.button("Save choices", within=".consent-preferences").click()
    visitor.wait_for("document.getElementById('consent-saved').classList.contains('is-shown')")
    [record] = visitor.records_after(before)
    assert record["choices"]["analytics"] is False
    settle()
    sent_events(visitor.driver)  # the cookie-settings page's own view, sent before the choice
    stored = len(consent_server.events())

    for path in ("/about/", "/pricing/"):
        visitor.open(path)
        click_named_event(visitor)
    settle()
    assert sent_events(visitor.driver) == [], "the tag still sends after the withdrawal"
    assert visitor.cookie("ps_analytics_id") is None, "the analytics cookie is deleted"
    # The captured beacon again, with the cookies of before: the cookie still says "analytics", the log says no.
    assert replay(consent_server, captured["body"], cookies) == 403, "the replayed beacon is refused: the log says withdrawn"
    settle()
    assert len(consent_server.events()) == stored


# ---------------------------------------------------------------------------- erasure


def test_the_preference_centre_counts_and_deletes_the_visitors_analytics_data(visitor, consent_server):
    stored = len(consent_server.events())
    accept_all(visitor)
    visitor.open("/pricing/")
    events_after(consent_server, stored, 2)
    visitor.open("/cookie-settings/")
    visitor.wait_for("!document.querySelector('[data-analytics-summary]').hidden", message="the count of analytics events is not shown")
    # This page's own view may still be waiting for its batch: at least the two stored.
    assert int(visitor.js("return document.querySelector('[data-analytics-count]').textContent")) >= 2
    visitor.button("Delete my analytics data", within=".consent-receipt").click()
    visitor.wait_for("document.querySelector('[data-analytics-count]').textContent === '0'",
                     message="the count did not fall to 0 after deleting")
    visitor.wait_for("Array.from(document.querySelectorAll('[data-consent-history] tr')).some(r => r.textContent.includes('Analytics data deleted'))",
                     message="the receipt does not show the erasure")
    assert visitor.driver.current_url.endswith("/cookie-settings/"), "with JavaScript the form is not posted"
    identifier = visitor.js("return document.querySelector('[data-consent-id]').textContent")
    assert [e for e in consent_server.events() if e["consent_id"] == identifier] == []
    assert consent_server.records()[-1]["event"] == "erasure"


def test_without_javascript_the_form_deletes_the_visitors_analytics_data(visitor, consent_server):
    from selenium.webdriver.common.by import By

    stored = len(consent_server.events())
    accept_all(visitor)
    visitor.open("/pricing/")
    events_after(consent_server, stored, 2)
    consent_id = visitor.cookie("pigment_consent")["value"][:32]
    assert [e for e in consent_server.events() if e["consent_id"] == consent_id]

    visitor.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    visitor.open("/cookie-settings/")
    assert not visitor.driver.find_element(By.ID, "analytics-erased").is_displayed()
    before = len(consent_server.records())
    visitor.button("Delete my analytics data", within=".consent-receipt").click()
    # The server's receipt page, which knows what is left: the static page could not.
    visitor.wait_for("location.pathname === '/api/consent/receipt' && document.readyState === 'complete'")
    assert "Your analytics data has been deleted" in visitor.driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "stored under your consent id: 0." in visitor.driver.find_element(By.CSS_SELECTOR, "main").text
    [record] = visitor.records_after(before)
    assert (record["event"], record["consent_id"]) == ("erasure", consent_id)
    assert [e for e in consent_server.events() if e["consent_id"] == consent_id] == []
