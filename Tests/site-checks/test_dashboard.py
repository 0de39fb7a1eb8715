"""The analytics dashboard in headless Chromium against the real `pigment consent-server` with an
admin token: page views recorded after an opt-in show up on /admin/ once signed in through the
login form with the keyboard; the page is axe clean, does not overflow at 390 px, and is
photographed at 390 and 1280 px into .artifacts/screenshots/."""

from __future__ import annotations

import json
import secrets
import time
import urllib.request

import pytest

import harness
from harness import unavailable
from test_accessibility import FAILING_IMPACTS, describe, inject_axe, run_axe

TOKEN = secrets.token_hex(32)
PAGES = ["/", "/pricing/", "/pricing/", "/about/"]


@pytest.fixture(scope="module")
def admin_server(site_dir, tmp_path_factory):
    database = tmp_path_factory.mktemp("dashboard") / "consents.sqlite"
    try:
        running = harness.ConsentServer(site_dir, database, admin_token=TOKEN)
    except harness.Unavailable as error:
        unavailable(str(error))
    with running:
        yield running


def post(server, path: str, body: dict, cookie: str | None = None):
    request = urllib.request.Request(server.url(path), data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
                                              **({"Cookie": cookie} if cookie else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get_all("Set-Cookie") or []


def record_page_views(server) -> int:
    """Opts a visitor in through the API, then records PAGES as its page views; returns how many."""
    status, cookies = post(server, "/api/consent", {"choices": {"analytics": True}, "method": "accept_all"})
    assert status == 201
    choice = next(c.split(";", 1)[0] for c in cookies if c.startswith("pigment_consent="))
    cookie = f"{choice}; ps_analytics_id={secrets.token_hex(16)}"
    for path in PAGES:
        status, _ = post(server, "/api/events", {"type": "pageview", "path": path, "referrer": "news.example.com",
                                                 "device": "desktop", "language": "en"}, cookie)
        assert status == 204
    deadline = time.monotonic() + 10
    while len(server.events()) < len(PAGES) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(server.events()) == len(PAGES)
    return len(PAGES)


@pytest.fixture
def clean_browser(browser):
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    harness.reset_viewport(browser)
    harness.set_color_scheme(browser, "light")
    yield browser
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    harness.reset_viewport(browser)


def wait_for(driver, condition: str, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script(f"return !!({condition})"):
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for: {condition}", pytrace=False)


def assert_axe_clean(driver, where: str):
    version = inject_axe(driver)
    results = run_axe(driver)
    failing = [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]
    assert not failing, (f"{where}: axe-core {version} found {len(failing)} serious or critical violation(s):\n"
                         + "\n".join(describe(v) for v in failing))


def test_dashboard_login_chart_axe_and_screenshots(clean_browser, admin_server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = clean_browser
    views = record_page_views(admin_server)

    # A browser without a session is sent to the login form.
    driver.get(admin_server.url("/admin/"))
    wait_for(driver, "location.pathname === '/admin/login' && document.getElementById('token')")
    assert driver.find_elements(By.CSS_SELECTOR, "script") == []
    assert_axe_clean(driver, "/admin/login")

    # The keyboard alone: the skip link comes first, then the token field; Enter sends the form.
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.execute_script("return document.activeElement.classList.contains('skip-link')")
    for _ in range(5):
        if driver.execute_script("return document.activeElement.id") == "token":
            break
        ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.execute_script("return document.activeElement.id") == "token"
    ActionChains(driver).send_keys("not-the-token", Keys.ENTER).perform()
    wait_for(driver, "document.querySelector('[role=alert]')")
    assert driver.get_cookie("pigment_admin") is None
    field = driver.find_element(By.ID, "token")
    field.clear()
    field.send_keys(TOKEN, Keys.ENTER)
    wait_for(driver, "location.pathname === '/admin/' && document.querySelector('h1')?.textContent === 'Analytics'")

    cookie = driver.get_cookie("pigment_admin")
    assert cookie and cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict", cookie
    assert cookie["path"] == "/admin"
    assert driver.execute_script("return document.cookie") == "" or "pigment_admin" not in driver.execute_script("return document.cookie")

    # The test's page views: in the totals, and as a chart of one point a day for 30 days.
    assert driver.find_element(By.CSS_SELECTOR, "[data-total=pageviews]").text == str(views)
    assert driver.find_element(By.CSS_SELECTOR, "[data-total=visitors]").text == "1"
    assert driver.find_element(By.CSS_SELECTOR, "svg.day-series").is_displayed()
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.day-series circle.pageviews")) == 30
    assert driver.execute_script("return Math.max(...Array.from(document.querySelectorAll('svg.day-series circle.pageviews title'))"
                                 ".map(t => parseInt(t.textContent.split(': ')[1])))") == views
    pages = driver.execute_script("return Array.from(document.querySelectorAll('#table-page ~ tbody th')).map(th => th.textContent)")
    assert pages[0] == "/pricing/", pages

    for scheme in harness.COLOR_SCHEMES:
        harness.set_color_scheme(driver, scheme)
        driver.refresh()
        wait_for(driver, "document.querySelector('svg.day-series')")
        assert_axe_clean(driver, f"/admin/ ({scheme})")

    for width in harness.SCREENSHOT_WIDTHS:
        for scheme in harness.COLOR_SCHEMES:
            file, scroll_width = harness.take_screenshot(driver, admin_server, "/admin/", width, scheme)
            assert harness.png_size(file.read_bytes())[0] == width
            if width <= 390:
                assert scroll_width <= width, f"/admin/ overflows sideways at {width} px ({scheme}): scrollWidth {scroll_width}"

    # A CSV link downloads with the session; signing out (a POST with the CSRF token) ends it.
    href = driver.find_element(By.CSS_SELECTOR, "a[href^='/admin/analytics/page.csv']").get_attribute("href")
    # (The page's CSP lets no script fetch anything, so the link is followed with the browser's cookie.)
    request = urllib.request.Request(href, headers={"Cookie": f"pigment_admin={cookie['value']}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        status = [response.status, response.read().decode()]
    assert status[0] == 200 and status[1].startswith("Page,Page views,Visitors\r\n/pricing/,2,1"), status
    driver.find_element(By.CSS_SELECTOR, ".logout button").send_keys(Keys.ENTER)
    wait_for(driver, "location.pathname === '/admin/login'")
    assert driver.get_cookie("pigment_admin") is None
    driver.get(admin_server.url("/admin/"))
    wait_for(driver, "location.pathname === '/admin/login'")
