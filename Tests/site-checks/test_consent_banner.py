"""The cookie banner and the preference centre, in headless Chromium against the real
`pigment consent-server` (the built site and the consent API on one origin, records in a
real SQLite file). Each test starts as a new visitor: no cookies, JavaScript on, no GPC."""

from __future__ import annotations

import gzip
import json
import time

import pytest

import harness

ANALYTICS_SCRIPT = "/js/analytics.js"
GOOGLE_SIGNALS = ("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage")
DAY = 86_400


# ---------------------------------------------------------------------------- helpers


class Visitor:
    """One browser session as a visitor: what they see, do, and what the server kept."""

    def __init__(self, driver, server):
        self.driver = driver
        self.server = server
        self._gpc_script = None

    def reset(self):
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        self.driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
        self.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        if self._gpc_script:
            self.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": self._gpc_script})
            self._gpc_script = None
        harness.reset_viewport(self.driver)
        self.emulate("light")

    def emulate(self, scheme: str):
        """The colour scheme, and reduced motion: the site scrolls smoothly otherwise, and
        WebDriver would click where a button is about to be rather than where it is."""
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-color-scheme", "value": scheme},
            {"name": "prefers-reduced-motion", "value": "reduce"},
        ]})

    def send_gpc(self):
        """Global Privacy Control as a browser with it switched on: the property and the header."""
        self._gpc_script = self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
            "source": "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true, configurable: true});"
        })["identifier"]
        self.driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Sec-GPC": "1"}})

    def open(self, path: str):
        self.driver.get(self.server.url(path))
        self.wait_for("document.readyState === 'complete'")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def wait_for(self, condition: str, timeout: float = 10, message: str = ""):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.js(f"return !!({condition})"):
                return
            time.sleep(0.05)
        pytest.fail(message or f"timed out waiting for: {condition}", pytrace=False)

    def banner_shown(self) -> bool:
        return self.js("const b = document.getElementById('consent-banner'); return !!b && !b.hidden && b.offsetHeight > 0")

    def button(self, name: str, within: str = "#consent-banner"):
        from selenium.webdriver.common.by import By

        for element in self.driver.find_elements(By.CSS_SELECTOR, f"{within} button"):
            if element.text.strip() == name and element.is_displayed():
                return element
        pytest.fail(f"no visible button '{name}' in {within}", pytrace=False)

    def analytics_ran(self) -> bool:
        """The gated analytics script ran on this page: it was fetched, or it left its marks."""
        return self.js(
            "return !!window.pigmentAnalytics || performance.getEntriesByType('resource')"
            ".some(e => e.name.endsWith(arguments[0]))", ANALYTICS_SCRIPT)

    def cookie(self, name: str):
        return self.driver.get_cookie(name)

    def wait_for_cookie(self, name: str, timeout: float = 10):
        """A cookie a response sets (the server gives `ps_analytics_id` with the first accepted event)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            cookie = self.cookie(name)
            if cookie:
                return cookie
            time.sleep(0.05)
        pytest.fail(f"no {name} cookie within {timeout} s", pytrace=False)

    def records_after(self, count: int, timeout: float = 10) -> list[dict]:
        """The records stored after the first COUNT, once at least one more exists."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            records = self.server.records()
            if len(records) > count:
                return records[count:]
            time.sleep(0.05)
        pytest.fail("the server stored no new consent record", pytrace=False)

    def consent_mode_calls(self) -> list[list]:
        return self.js("return (window.dataLayer || []).map(entry => Array.from(entry))")


@pytest.fixture
def visitor(browser, consent_server):
    person = Visitor(browser, consent_server)
    person.reset()
    yield person
    person.reset()


def press(driver, *keys):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def tab_to(visitor: Visitor, predicate: str, limit: int = 80, backwards: bool = False) -> None:
    """Presses Tab until the focused element satisfies PREDICATE (JS over `el`)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        if backwards:
            ActionChains(visitor.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            press(visitor.driver, Keys.TAB)
        if visitor.js(f"const el = document.activeElement; return !!el && ({predicate})"):
            return
    pytest.fail(f"the keyboard never reached: {predicate}", pytrace=False)


# ---------------------------------------------------------------------------- first visit


def test_first_visit_shows_the_banner_and_runs_no_analytics(visitor):
    visitor.open("/")
    assert visitor.banner_shown(), "a first visit must show the banner"
    for name in ("Accept all", "Reject all", "Customize"):
        visitor.button(name)
    assert not visitor.analytics_ran(), "the analytics script ran before any choice"
    assert visitor.cookie("ps_analytics_id") is None
    assert visitor.cookie("pigment_consent") is None, "nothing is remembered before a choice"
    assert visitor.js("return document.querySelector('script[data-consent=analytics]').type") == "text/plain"


def test_the_banner_is_a_labelled_region_before_everything_else(visitor):
    visitor.open("/about/")
    label = visitor.js("""
        const banner = document.getElementById('consent-banner');
        const heading = document.getElementById(banner.getAttribute('aria-labelledby'));
        return banner.tagName === 'SECTION' && heading ? heading.textContent.trim() : null""")
    assert label and "Cookies" in label, "the banner must be a region named by its heading"
    first = visitor.js("return [...document.body.children].slice(0, 2).map(e => e.id || e.className)")
    assert first == ["skip-link", "consent-banner"], \
        f"keyboard and screen-reader users should meet the banner first, after the skip link: {first}"


def test_accept_and_reject_are_equally_easy(visitor):
    visitor.open("/")
    accept, reject = visitor.button("Accept all"), visitor.button("Reject all")
    assert accept.size == reject.size, f"Accept {accept.size} and Reject {reject.size} differ in size"
    assert accept.location["y"] == reject.location["y"], "Accept and Reject must sit side by side"
    for prop in ("font-weight", "font-size", "background-color", "color", "border-color"):
        assert accept.value_of_css_property(prop) == reject.value_of_css_property(prop), f"{prop} differs"


def test_consent_mode_defaults_to_denied_before_any_tag(visitor):
    visitor.open("/")
    first_script = visitor.js(
        "return Array.from(document.scripts).find(s => !s.type || s.type === 'text/javascript').src")
    assert first_script.endswith("/js/consent.js"), "the consent script must be the page's first script"
    calls = visitor.consent_mode_calls()
    assert calls and calls[0][:2] == ["consent", "default"], calls
    assert all(calls[0][2][signal] == "denied" for signal in GOOGLE_SIGNALS), calls[0]
    assert not any(call[:2] == ["consent", "update"] for call in calls), "nothing is granted before a choice"


# ---------------------------------------------------------------------------- choices


def test_reject_all_stores_a_refusal_and_the_script_never_runs(visitor, consent_server):
    before = len(consent_server.records())
    visitor.open("/features/")
    visitor.button("Reject all").click()
    visitor.wait_for("document.getElementById('consent-banner').hidden", message="the banner stayed after Reject all")
    [record] = visitor.records_after(before)
    assert record["choices"] == {"essential": True, "analytics": False}
    assert (record["event"], record["method"], record["source"]) == ("first", "reject_all", "banner")
    cookie = visitor.cookie("pigment_consent")
    assert cookie and cookie["value"].startswith(record["consent_id"] + ".")
    assert 170 * DAY < cookie["expiry"] - time.time() < 190 * DAY, "a refusal is remembered for 6 months"
    visitor.driver.refresh()
    visitor.wait_for("document.readyState === 'complete'")
    assert not visitor.banner_shown(), "the banner came back after a refusal"
    assert not visitor.analytics_ran(), "the gated script ran after Reject all"
    assert visitor.cookie("ps_analytics_id") is None


def test_accept_all_runs_the_gated_script_and_grants_consent_mode(visitor, consent_server):
    before = len(consent_server.records())
    visitor.open("/")
    visitor.button("Accept all").click()
    visitor.wait_for("window.pigmentAnalytics", message="the gated analytics script did not run after Accept all")
    [record] = visitor.records_after(before)
    assert record["choices"]["analytics"] is True and record["method"] == "accept_all"
    visitor.wait_for_cookie("ps_analytics_id")
    updates = [call[2] for call in visitor.consent_mode_calls() if call[:2] == ["consent", "update"]]
    assert updates and updates[-1]["analytics_storage"] == "granted"
    assert updates[-1]["ad_storage"] == "denied", "no category grants advertising storage"
    cookie = visitor.cookie("pigment_consent")
    assert 350 * DAY < cookie["expiry"] - time.time() < 370 * DAY, "a consent is remembered for 12 months"
    visitor.open("/about/")
    assert not visitor.banner_shown()
    visitor.wait_for("window.pigmentAnalytics", message="the gated script did not run on the next page")


def test_customize_lets_the_visitor_choose_each_category(visitor, consent_server):
    before = len(consent_server.records())
    visitor.open("/")
    customize = visitor.button("Customize")
    customize.click()
    assert customize.get_attribute("aria-expanded") == "true"
    assert visitor.js("return document.activeElement.name") == "analytics", "focus moves to the first choice"
    assert visitor.js("return document.querySelector('#consent-banner input[name=essential]').disabled")
    visitor.js("document.activeElement.click()")
    visitor.button("Save choices").click()
    visitor.wait_for("window.pigmentAnalytics")
    [record] = visitor.records_after(before)
    assert record["method"] == "custom" and record["choices"]["analytics"] is True


# ---------------------------------------------------------------------------- asking again


def test_a_changed_cookie_list_asks_again(visitor):
    visitor.open("/")
    visitor.driver.add_cookie({"name": "pigment_consent", "path": "/",
                               "value": "0123456789abcdef0123456789abcdef.0000000000000000.analytics"})
    visitor.open("/")
    assert visitor.banner_shown(), "a choice made for another version of the cookie list must be asked again"
    assert visitor.js("return !document.querySelector('[data-consent-changed]').hidden")
    assert not visitor.analytics_ran(), "a consent to an older cookie list must not run scripts"


def test_an_expired_choice_asks_again(visitor):
    visitor.open("/")
    version = visitor.js("return JSON.parse(document.getElementById('consent-config').textContent).version")
    visitor.driver.add_cookie({"name": "pigment_consent", "path": "/", "expiry": int(time.time()) + 3,
                               "value": f"0123456789abcdef0123456789abcdef.{version}."})
    visitor.open("/")
    assert not visitor.banner_shown(), "a current choice must not be asked again"
    time.sleep(4)
    visitor.open("/")
    assert visitor.banner_shown(), "once the stored choice expired, the banner must ask again"


# ---------------------------------------------------------------------------- preference centre


def test_withdrawing_in_the_preference_centre_is_recorded_and_stops_the_script(visitor, consent_server):
    visitor.open("/")
    visitor.button("Accept all").click()
    visitor.wait_for("window.pigmentAnalytics")
    consent_id = visitor.cookie("pigment_consent")["value"].split(".")[0]
    before = len(consent_server.records())

    visitor.open("/cookie-settings/")
    assert not visitor.banner_shown(), "the preference centre needs no banner"
    visitor.wait_for("document.querySelector('[data-consent-id]').textContent.length === 32",
                     message="the receipt did not show the consent id")
    assert visitor.js("return document.querySelector('[data-consent-id]').textContent") == consent_id
    assert visitor.js("return document.querySelector('.consent-preferences input[name=analytics]').checked")
    assert visitor.js("return document.querySelectorAll('[data-consent-history] tr').length") == 1

    visitor.button("Withdraw consent", within=".consent-preferences").click()
    [record] = visitor.records_after(before)
    assert (record["event"], record["consent_id"]) == ("withdraw", consent_id)
    assert record["choices"]["analytics"] is False
    visitor.wait_for("document.querySelectorAll('[data-consent-history] tr').length === 2",
                     message="the receipt's history did not show the withdrawal")
    assert visitor.cookie("ps_analytics_id") is None, "withdrawing must delete the category's cookies"
    assert not visitor.js("return document.querySelector('.consent-preferences input[name=analytics]').checked")

    visitor.open("/")
    assert not visitor.banner_shown(), "a withdrawal is a choice: no banner"
    assert not visitor.analytics_ran(), "the gated script still ran after a withdrawal"


def test_the_preference_centre_lists_every_category_from_the_registry(visitor):
    visitor.open("/cookie-settings/")
    registry = visitor.js("return JSON.parse(document.getElementById('consent-config').textContent)")
    for category in registry["categories"]:
        switch = visitor.js("""
            const box = document.querySelector('.consent-preferences input[name="' + arguments[0] + '"]');
            return box && {type: box.type, label: box.closest('label').textContent,
                           purpose: document.getElementById(box.getAttribute('aria-describedby')).textContent,
                           cookies: box.closest('.consent-category').textContent}""", category["id"])
        assert switch and switch["type"] == "checkbox", category["id"]
        assert category["title"] in switch["label"]
        assert switch["purpose"].strip(), f"{category['id']} has no purpose"
        for name in category["cookies"]:
            assert name in switch["cookies"], f"{name} is not listed under {category['id']}"


def test_footer_links_to_the_preference_centre(visitor):
    visitor.open("/legal/privacy/")
    href = visitor.js("return [...document.querySelectorAll('footer a')].find(a => a.textContent.trim() === 'Cookie settings')?.pathname")
    assert href == "/cookie-settings/"


# ---------------------------------------------------------------------------- Global Privacy Control


def test_global_privacy_control_keeps_analytics_off_and_is_recorded(visitor, consent_server):
    before = len(consent_server.records())
    visitor.send_gpc()
    visitor.open("/")
    assert visitor.js("return navigator.globalPrivacyControl") is True
    [record] = visitor.records_after(before)
    assert record["method"] == "gpc" and record["gpc"] is True
    assert record["choices"]["analytics"] is False
    visitor.wait_for("!document.querySelector('[data-consent-gpc]').hidden", message="the banner did not say GPC was honoured")
    assert visitor.banner_shown()
    assert not visitor.analytics_ran()

    # The visitor may still opt in, explicitly.
    visitor.button("Customize").click()
    visitor.js("document.querySelector('#consent-banner input[name=analytics]').click()")
    visitor.button("Save choices").click()
    # consent.js runs the tag; the tag itself sends nothing under GPC (test_analytics checks the network).
    visitor.wait_for("performance.getEntriesByType('resource').some(e => e.name.endsWith('/js/analytics.js'))",
                     message="an explicit opt-in after GPC did not run the analytics tag")
    opt_in = visitor.records_after(before + 1)[0]
    assert (opt_in["method"], opt_in["gpc"], opt_in["choices"]["analytics"]) == ("custom", True, True)


def test_gpc_support_is_published(consent_server):
    import urllib.request

    with urllib.request.urlopen(consent_server.url("/.well-known/gpc.json"), timeout=10) as response:
        assert json.load(response)["gpc"] is True


# ---------------------------------------------------------------------------- without JavaScript


def receipt_state(visitor) -> tuple[bool, int]:
    """On the server's receipt page: whether the analytics switch is on, and the receipt's rows."""
    from selenium.webdriver.common.by import By

    return (visitor.driver.find_element(By.ID, "choice-analytics").is_selected(),
            len(visitor.driver.find_elements(By.CSS_SELECTOR, "main tbody tr")))


def test_without_javascript_the_form_records_the_choice_and_the_page_shows_it(visitor, consent_server):
    from selenium.webdriver.common.by import By

    visitor.open("/")  # the CDP switch applies to the page target, which needs a page first
    visitor.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    before = len(consent_server.records())
    visitor.open("/cookie-settings/")
    assert visitor.driver.find_element(By.ID, "consent-saved").is_displayed() is False
    # The static page cannot read the choice cookie, so it claims no state: it says where to see it.
    assert not visitor.driver.find_element(By.CSS_SELECTOR, "[data-consent-receipt-empty]").is_displayed()
    assert "JavaScript, which is off" in visitor.driver.find_element(By.CSS_SELECTOR, ".consent-receipt").text
    visitor.driver.find_element(By.CSS_SELECTOR, ".consent-preferences input[name=analytics]").click()
    visitor.button("Save choices", within=".consent-preferences").click()
    [record] = visitor.records_after(before)
    assert (record["method"], record["source"], record["choices"]["analytics"]) == ("form", "form", True)
    visitor.wait_for("location.pathname === '/api/consent/receipt' && document.readyState === 'complete'",
                     message=f"the form did not land on the receipt page (at {visitor.driver.current_url})")
    assert visitor.driver.find_element(By.CSS_SELECTOR, "[role=status]").text == "Your choice has been saved."
    assert receipt_state(visitor) == (True, 1), "the page shows the choice the log holds, not the static default"
    assert record["consent_id"] in visitor.driver.find_element(By.CSS_SELECTOR, "main code").text
    assert visitor.cookie("pigment_consent")["value"].startswith(record["consent_id"])
    back = visitor.driver.find_element(By.LINK_TEXT, "Back to the site's cookie settings").get_attribute("href")
    assert back == consent_server.url("/cookie-settings/")

    visitor.button("Reject all", within="main").click()
    # The URL is the same as after the first save: the new page is the one with a second row.
    visitor.wait_for("document.readyState === 'complete' && document.querySelectorAll('main tbody tr').length === 2")
    assert receipt_state(visitor) == (False, 2)

    visitor.button("Withdraw consent", within="main").click()
    [withdrawal] = visitor.records_after(before + 2)  # after the save and the rejection
    assert (withdrawal["event"], withdrawal["consent_id"]) == ("withdraw", record["consent_id"])
    assert withdrawal["choices"]["analytics"] is False
    visitor.wait_for("location.search.includes('done=withdrawn') && document.readyState === 'complete'"
                     " && document.querySelectorAll('main tbody tr').length === 3")
    assert "withdrawn" in visitor.driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert receipt_state(visitor) == (False, 3)


def test_the_receipt_page_is_accessible_fits_a_phone_and_is_photographed(visitor, consent_server):
    from test_accessibility import FAILING_IMPACTS, describe, inject_axe, run_axe

    visitor.open("/")
    visitor.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    visitor.open("/cookie-settings/")
    visitor.button("Accept all", within=".consent-preferences").click()
    visitor.wait_for("location.pathname === '/api/consent/receipt' && document.readyState === 'complete'")
    for _ in range(3):  # a receipt of several entries, the widest state
        visitor.button("Reject all" if _ % 2 == 0 else "Accept all", within="main").click()
        visitor.wait_for("document.readyState === 'complete' && document.querySelectorAll('main tbody tr').length > %d" % (_ + 1))
    visitor.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    for width in (390, 1280):
        harness.set_viewport(visitor.driver, width, 844, width < 600)
        try:
            accept, reject = visitor.button("Accept all", within="main"), visitor.button("Reject all", within="main")
            assert accept.size == reject.size, f"at {width} px Accept all is {accept.size}, Reject all {reject.size}"
        finally:
            harness.reset_viewport(visitor.driver)
    for scheme in harness.COLOR_SCHEMES:
        visitor.emulate(scheme)
        visitor.driver.refresh()
        visitor.wait_for("document.readyState === 'complete'")
        version = inject_axe(visitor.driver)
        failing = [v for v in run_axe(visitor.driver)["violations"] if v.get("impact") in FAILING_IMPACTS]
        assert not failing, (f"the receipt page ({scheme}): axe-core {version} found:\n" + "\n".join(describe(v) for v in failing))
    for width in harness.SCREENSHOT_WIDTHS:
        for scheme in harness.COLOR_SCHEMES:
            file, scroll_width = harness.take_screenshot(visitor.driver, consent_server, "/api/consent/receipt", width, scheme)
            assert harness.png_size(file.read_bytes())[0] == width
            assert scroll_width <= width, f"the receipt page overflows sideways at {width} px ({scheme}): scrollWidth {scroll_width}"


# ---------------------------------------------------------------------------- keyboard and accessibility


def test_the_whole_flow_works_with_the_keyboard_alone(visitor, consent_server):
    from selenium.webdriver.common.keys import Keys

    before = len(consent_server.records())
    visitor.open("/")
    tab_to(visitor, "el.textContent.trim() === 'Customize'", limit=6)
    press(visitor.driver, Keys.ENTER)
    assert visitor.js("return document.activeElement.name") == "analytics"
    press(visitor.driver, Keys.SPACE)
    assert visitor.js("return document.activeElement.checked"), "Space must toggle the switch"
    tab_to(visitor, "el.textContent.trim() === 'Save choices'")
    press(visitor.driver, Keys.ENTER)
    visitor.wait_for("window.pigmentAnalytics")
    assert visitor.records_after(before)[0]["choices"]["analytics"] is True
    assert visitor.js("return document.activeElement.classList.contains('skip-link')"), \
        "after the banner closes, focus returns to where the keyboard came from (the skip link), not lost"

    # Withdrawing by keyboard, from the footer's link.
    tab_to(visitor, "el.textContent.trim() === 'Cookie settings'")
    press(visitor.driver, Keys.ENTER)
    visitor.wait_for("location.pathname === '/cookie-settings/' && document.readyState === 'complete'")
    visitor.wait_for("document.querySelectorAll('[data-consent-history] tr').length === 1")
    tab_to(visitor, "el.textContent.trim() === 'Withdraw consent'")
    press(visitor.driver, Keys.ENTER)
    assert visitor.records_after(before + 1)[0]["event"] == "withdraw"


def test_closing_the_banner_returns_focus_where_it_was(visitor):
    visitor.open("/")
    visitor.js("document.querySelector('header a').focus()")
    tab_to(visitor, "el.textContent.trim() === 'Reject all'", limit=5, backwards=True)
    from selenium.webdriver.common.keys import Keys

    press(visitor.driver, Keys.ENTER)
    visitor.wait_for("document.getElementById('consent-banner').hidden")
    assert visitor.js("return document.activeElement === document.querySelector('header a')"), \
        "focus must return to where it was before entering the banner"


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
def test_axe_finds_no_serious_problem_with_the_banner_or_preference_centre_open(visitor, scheme):
    from test_accessibility import FAILING_IMPACTS, inject_axe, run_axe

    def serious(where: str) -> list[str]:
        inject_axe(visitor.driver)
        results = run_axe(visitor.driver)
        return [f"{where}: {v['id']} ({v['impact']}): {v['help']} at "
                + ", ".join(" ".join(map(str, n['target'])) for n in v["nodes"])
                for v in results["violations"] if v["impact"] in FAILING_IMPACTS]

    visitor.emulate(scheme)
    visitor.open("/")
    assert visitor.banner_shown()
    problems = serious("banner")
    visitor.button("Customize").click()
    problems += serious("banner, customizing")
    visitor.button("Accept all").click()
    visitor.wait_for("document.getElementById('consent-banner').hidden")
    visitor.open("/cookie-settings/")
    visitor.wait_for("!document.querySelector('[data-consent-receipt]').hidden")
    problems += serious("preference centre")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------- weight


def test_banner_script_and_styles_are_under_8_kb_gzipped(site_dir):
    size = sum(len(gzip.compress((site_dir / path).read_bytes(), 9)) for path in ("js/consent.js", "css/consent.css"))
    assert size < 8 * 1024, f"consent.js + consent.css are {size} bytes gzipped"
