"""The site on one origin and the consent API on another, as with a site on a CDN
(https://www.example.com) and the API on https://consent.example.com: here a static server on
127.0.0.1:A serves a copy of this repository's site built with `consent.endpoint:
http://127.0.0.1:B`, and `pigment consent-server --allowed-origin http://127.0.0.1:A` runs on
127.0.0.1:B with a real SQLite file. Headless Chromium does what a visitor does on A.

Cookies ignore ports, so the cookie the API sets on 127.0.0.1 is readable on A, as one set
with `--cookie-domain example.com` is on www.example.com."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import harness
from test_consent_banner import Visitor
from test_policy_versions import copy_site


class CrossOriginSite:
    """The static site (A) and the API (B), both on ports the system picks; both stop at teardown."""

    def __init__(self, root: Path, output: Path, database: Path, pages: harness.SiteServer):
        self.output = output
        self.database = database
        self.pages = pages  # bound already, so its origin is known before the API starts
        self.api, self.api_origin = harness.start_pigment_server(
            ["consent-server", "--host", "127.0.0.1", "--port", "0", "--database", f"sqlite:{database}",
             "--site-root", str(root), "--rate-limit", "0", "--allowed-origin", pages.origin])

    @property
    def origin(self) -> str:
        return self.pages.origin

    def url(self, path: str) -> str:
        return self.pages.url(path)

    def api_get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.api_origin + path, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, {}

    def preflights(self, status: int) -> int:
        """How many preflights the API answered with STATUS, from its own counters."""
        with urllib.request.urlopen(self.api_origin + "/metrics", timeout=10) as response:
            text = response.read().decode()
        found = re.search(r'pigment_http_requests_total\{route="preflight",status="%d"\} (\d+)' % status, text)
        return int(found.group(1)) if found else 0

    def records(self) -> list[dict]:
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM consent_record ORDER BY id").fetchall()
        return [dict(row, choices=json.loads(row["choices"])) for row in rows]

    def stop(self) -> None:
        harness.stop_process(self.api)
        if self.pages.thread.is_alive():
            self.pages.stop()
        else:  # the build failed before it served: shutdown() would wait for a loop that never ran
            self.pages.httpd.server_close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("cross-origin")
    root = copy_site(base / "site")
    output = base / "out"
    pages = harness.SiteServer(output)
    try:
        running = CrossOriginSite(root, output, base / "consents.sqlite", pages)
    except harness.Unavailable as error:
        pages.httpd.server_close()
        harness.unavailable(str(error))
    try:
        settings = root / "Content/site.yml"
        settings.write_text(settings.read_text() + f"\nconsent:\n  endpoint: {running.api_origin}\n")
        try:
            harness.build_site(output, root=root)
        except harness.Unavailable as error:
            harness.unavailable(str(error))
        pages.thread.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def visitor(browser, sites):
    person = Visitor(browser, sites)
    person.reset()
    yield person
    person.reset()


def consent_id(visitor: Visitor) -> str:
    """The id in the choice cookie, as the page on A reads it."""
    found = visitor.js("const m = document.cookie.match(/(?:^|; )pigment_consent=([0-9a-f]{32})\\./); return m && m[1]")
    assert found, f"the page on A cannot read the choice cookie (document.cookie: {visitor.js('return document.cookie')!r})"
    return found


def test_the_built_site_posts_to_the_other_origin(visitor, sites):
    visitor.open("/")
    assert visitor.js("return document.getElementById('consent-config').dataset.api") == sites.api_origin + "/api/consent"
    assert visitor.js("return document.querySelector('#consent-banner form').getAttribute('action')") == sites.api_origin + "/api/consent"


def test_accept_all_is_recorded_by_the_api_and_the_preference_centre_shows_its_receipt(visitor, sites):
    before = len(sites.records())
    visitor.open("/")
    assert visitor.banner_shown()
    visitor.button("Accept all").click()
    visitor.wait_for("document.getElementById('consent-banner').hidden", message="the banner stayed after Accept all")
    assert visitor.js("return document.querySelector('[data-consent-error]').hidden"), \
        visitor.js("return document.querySelector('[data-consent-error]').textContent")
    assert sites.preflights(204) >= 1, "the JSON POST needs a preflight, and the API allowed it"
    assert sites.preflights(403) == 0
    [record] = visitor.records_after(before)
    assert (record["method"], record["source"], record["choices"]["analytics"]) == ("accept_all", "banner", True)
    identifier = consent_id(visitor)
    assert identifier == record["consent_id"]
    status, receipt = sites.api_get(f"/api/consent/{identifier}")
    assert status == 200 and receipt["choices"]["analytics"] is True
    visitor.wait_for("window.pigmentAnalytics", message="the gated script did not run after Accept all")

    visitor.open("/cookie-settings/")
    visitor.wait_for(f"document.querySelector('[data-consent-id]').textContent === {json.dumps(identifier)}",
                     message="the preference centre on A did not show the receipt from B")
    assert visitor.js("return document.querySelectorAll('[data-consent-history] tr').length") == 1
    assert visitor.js("return document.querySelector('.consent-preferences input[name=analytics]').checked")

    visitor.button("Withdraw consent", within=".consent-preferences").click()
    [withdrawal] = visitor.records_after(before + 1)
    assert (withdrawal["event"], withdrawal["consent_id"]) == ("withdraw", identifier)
    visitor.wait_for("document.querySelectorAll('[data-consent-history] tr').length === 2",
                     message="the receipt on A did not show the withdrawal")


def test_reject_all_is_recorded_by_the_api_and_remembered_on_the_site(visitor, sites):
    before = len(sites.records())
    visitor.open("/features/")
    visitor.button("Reject all").click()
    visitor.wait_for("document.getElementById('consent-banner').hidden", message="the banner stayed after Reject all")
    [record] = visitor.records_after(before)
    assert (record["method"], record["choices"]["analytics"], record["page_path"]) == ("reject_all", False, "/features/")
    identifier = consent_id(visitor)
    assert identifier == record["consent_id"]
    assert sites.api_get(f"/api/consent/{identifier}")[0] == 200
    visitor.open("/about/")
    assert not visitor.banner_shown(), "the choice recorded on B is remembered on A"
    assert not visitor.analytics_ran()


def test_without_javascript_the_form_posts_to_the_api_whose_page_leads_back_to_the_site(visitor, sites):
    from selenium.webdriver.common.by import By

    visitor.open("/")
    visitor.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    before = len(sites.records())
    visitor.open("/cookie-settings/")
    visitor.driver.find_element(By.CSS_SELECTOR, ".consent-preferences input[name=analytics]").click()
    visitor.button("Save choices", within=".consent-preferences").click()
    [record] = visitor.records_after(before)
    assert (record["method"], record["choices"]["analytics"]) == ("form", True)
    # B's receipt page shows the stored choice (A's static page cannot read it without JavaScript)
    # and leads back to A.
    visitor.wait_for(f"location.href.startsWith({json.dumps(sites.api_origin + '/api/consent/receipt?')}) && document.readyState === 'complete'",
                     message=f"the form did not land on B's receipt page (at {visitor.driver.current_url})")
    assert visitor.driver.find_element(By.ID, "choice-analytics").is_selected()
    back = visitor.driver.find_element(By.LINK_TEXT, "Back to the site's cookie settings").get_attribute("href")
    assert back == sites.url("/cookie-settings/"), back
    visitor.driver.find_element(By.LINK_TEXT, "Back to the site's cookie settings").click()
    visitor.wait_for(f"location.href === {json.dumps(sites.url('/cookie-settings/'))}")
    assert visitor.cookie("pigment_consent")["value"].startswith(record["consent_id"] + ".")


def test_a_page_on_an_origin_the_api_does_not_allow_cannot_record(visitor, sites):
    before = len(sites.records())
    refused_before = sites.preflights(403)
    with harness.SiteServer(sites.output) as other:  # the same pages on a third origin, not allowed
        visitor.driver.get(other.url("/"))
        visitor.wait_for("document.readyState === 'complete'")
        visitor.button("Accept all").click()
        visitor.wait_for("!document.querySelector('[data-consent-error]').hidden",
                         message="a refused request must say the choice was not saved")
        assert visitor.banner_shown(), "the banner stays: nothing was saved"
    assert sites.preflights(403) > refused_before, "the API refused the other origin's preflight"
    assert len(sites.records()) == before
    assert visitor.cookie("pigment_consent") is None


# What sites using vanilla-cookieconsent v3 post, as its documentation and real sites do; the
# UUID is the form the client makes its ids in.
VANILLA_SHAPES = {
    "the logging recipe's four fields": {
        "consentId": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "acceptType": "custom",
        "acceptedCategories": ["necessary", "analytics"], "rejectedCategories": []},
    "the full getCookie() object": {
        "categories": ["necessary"], "revision": 3, "data": None, "consentTimestamp": "2026-05-04T10:30:00.000Z",
        "consentId": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "services": {"necessary": [], "analytics": []},
        "languageCode": "en", "lastConsentTimestamp": "2026-05-04T10:30:00.000Z", "expirationTime": 1809000000000},
    "the short one": {"consentId": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "categories": ["necessary", "analytics"]},
    "cookie and preferences merged, with the page": {
        "categories": ["necessary"], "revision": 0, "consentId": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
        "acceptType": "necessary", "acceptedCategories": ["necessary"], "rejectedCategories": ["analytics"],
        "acceptedServices": {"necessary": []}, "rejectedServices": {"analytics": []}, "page": "https://www.example.com/pricing/?plan=pro"},
}


@pytest.mark.parametrize("shape", list(VANILLA_SHAPES))
def test_vanilla_cookieconsent_payloads_post_across_origins_after_the_preflight(visitor, sites, shape):
    body = VANILLA_SHAPES[shape]
    before = len(sites.records())
    allowed_before = sites.preflights(204)
    visitor.open("/about/")
    answer = visitor.driver.execute_async_script(
        """
        const [url, body, done] = arguments;
        fetch(url, {method: 'POST', credentials: 'include', headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify(body)})
          .then(response => response.json().then(json => done({status: response.status, json})))
          .catch(error => done({status: 0, json: {error: String(error)}}));
        """, sites.api_origin + "/api/consent?shape=" + str(list(VANILLA_SHAPES).index(shape)), body)
    # (The query makes the URL new to the browser's preflight cache, so this request needs its own.)
    assert answer["status"] == 201, answer
    assert sites.preflights(204) > allowed_before, "the browser sent a preflight and the API allowed it"
    [record] = visitor.records_after(before)
    assert record["consent_id"] == body["consentId"].replace("-", "")
    accepted = body.get("acceptedCategories", body.get("categories"))
    assert record["choices"]["analytics"] is ("analytics" in accepted)
    assert record["client_revision"] == (str(body["revision"]) if "revision" in body else None)
    assert record["policy_version"] not in (None, "0", "3"), "the policy version is the site's, never the client's revision"
    if "page" in body:
        assert record["page_path"] == "/pricing/"
    # The client's own UUID form, in upper case too, reads the receipt.
    status, receipt = sites.api_get("/api/consent/" + body["consentId"].upper())
    assert status == 200, receipt
    assert receipt["consentId"] == record["consent_id"]
