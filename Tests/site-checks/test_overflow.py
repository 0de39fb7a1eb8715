"""Every built page at every width: nothing sticks out sideways at 320, 390, 768 and 1280 px,
with the cookie banner open, with its Customize panel open, on the preference centre with a
receipt of several entries, and under `pigment serve`'s error overlay. Wide content (tables)
must scroll inside its own box, never the page: `scrollWidth <= innerWidth` on every one.

Pages are loaded once per state and measured at each width by changing the emulated
viewport, which re-runs media queries and layout without a reload."""

from __future__ import annotations

import pytest

import harness
# The banner checks' visitor: a new one per test (no cookies, JavaScript on), against the real consent server.
from test_consent_banner import visitor  # noqa: F401 (a fixture)
from test_live_reload import serve_copy, wait_until
from test_screenshots import OVERFLOWING_ELEMENTS

WIDTHS = [320, 390, 768, 1280]
HEIGHT = 844

# The page's width against the viewport's; innerWidth is compared with the width asked for
# too, so a mobile viewport that grew to fit its content cannot hide an overflow.
MEASURE = """
return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth};
"""


def site_paths(site_dir) -> list[str]:
    """Every page of the build as a visitor's path: /about/ for about/index.html."""
    paths = []
    for file in harness.html_files(site_dir):
        relative = file.relative_to(site_dir).as_posix()
        paths.append("/" + relative.removesuffix("index.html") if relative.endswith("index.html") else "/" + relative)
    return paths


def overflows(driver, path: str, state: str) -> list[str]:
    """Each width at which the loaded page is wider than the viewport, with what sticks out."""
    problems = []
    try:
        for width in WIDTHS:
            harness.set_viewport(driver, width, HEIGHT, width < 600)
            size = driver.execute_script(MEASURE)
            if size["inner"] != width or size["scroll"] > size["inner"]:
                culprits = driver.execute_script(OVERFLOWING_ELEMENTS, width)
                problems.append(f"{path} ({state}) at {width} px: scrollWidth {size['scroll']}, "
                                f"innerWidth {size['inner']}; past the edge: {', '.join(culprits) or 'none found'}")
    finally:
        harness.reset_viewport(driver)
    return problems


def test_the_sweep_covers_every_page(site_dir):
    paths = site_paths(site_dir)
    for expected in ("/", "/cookie-settings/", "/legal/privacy/", "/404.html", "/blog/pigment-studio-is-open/"):
        assert expected in paths, f"{expected} missing from the sweep: {paths}"


@pytest.mark.parametrize("state", ["banner open", "Customize open"])
def test_no_page_overflows_with_the_banner(visitor, site_dir, state):
    problems = []
    checked = 0
    for path in site_paths(site_dir):
        visitor.reset()
        visitor.open(path)
        if path == "/cookie-settings/":
            # The preference centre shows no banner: it is measured as it is (and with a receipt below).
            problems += overflows(visitor.driver, path, "preference centre, no receipt")
            continue
        visitor.wait_for("!document.getElementById('consent-banner').hidden", message=f"no banner on {path}")
        if state == "Customize open":
            visitor.button("Customize").click()
            visitor.wait_for("!document.getElementById('consent-banner-choices').hidden")
        problems += overflows(visitor.driver, path, state)
        checked += 1
    assert checked >= 20, f"only {checked} pages had a banner to check"
    assert not problems, "\n".join(problems)


def test_the_preference_centre_with_a_long_receipt_does_not_overflow(visitor):
    visitor.open("/")
    visitor.button("Accept all").click()
    visitor.wait_for("document.cookie.includes('pigment_consent=')")
    visitor.open("/cookie-settings/")
    # Three more choices from the preference centre itself: four rows in the receipt.
    for name, rows in (("Reject all", 2), ("Accept all", 3), ("Withdraw consent", 4)):
        visitor.wait_for(f"document.querySelectorAll('[data-consent-history] tr').length === {rows - 1}")
        visitor.button(name, within=".consent-preferences").click()
        visitor.wait_for(f"document.querySelectorAll('[data-consent-history] tr').length === {rows}",
                         message=f"the receipt did not grow to {rows} rows after {name}")
    visitor.open("/cookie-settings/")
    visitor.wait_for("document.querySelectorAll('[data-consent-history] tr').length === 4")
    table = visitor.js("return document.querySelector('[data-consent-receipt] table').getBoundingClientRect().width")
    assert table > 0, "the receipt table is not shown"
    problems = overflows(visitor.driver, "/cookie-settings/", "receipt of 4 entries")
    assert not problems, "\n".join(problems)
    # The table keeps its readable width and scrolls in its own box on a phone.
    harness.set_viewport(visitor.driver, 320, HEIGHT, True)
    try:
        box = visitor.js("""
            const table = document.querySelector('[data-consent-receipt] table');
            const box = table.parentElement;
            return {overflow: getComputedStyle(box).overflowX, scroll: box.scrollWidth, client: box.clientWidth}""")
    finally:
        harness.reset_viewport(visitor.driver)
    assert box["overflow"] in ("auto", "scroll") and box["scroll"] > box["client"], \
        f"at 320 px the receipt should scroll inside its own box: {box}"
    # For a person to look at: the receipt on a phone and on a desktop.
    for width in (390, 1280):
        harness.set_viewport(visitor.driver, width, HEIGHT, width < 600)
        try:
            visitor.js("document.querySelector('[data-consent-receipt]').scrollIntoView()")
            harness.viewport_screenshot(visitor.driver, f"cookie-settings-receipt-{width}")
        finally:
            harness.reset_viewport(visitor.driver)


def test_no_page_overflows_under_the_error_overlay(browser, site_dir, tmp_path):
    root, process, origin = serve_copy(tmp_path)
    about = root / "Content/about.md"
    problems = []
    try:
        browser.get(origin + "/")
        wait_until(browser, "document.readyState === 'complete' && window.EventSource")
        # A broken edit whose message carries a long unbroken path: the overlay must wrap or scroll it.
        about.write_text(about.read_text().replace("title:", "title: [unclosed", 1))
        for path in site_paths(site_dir):
            browser.get(origin + path)
            wait_until(browser, "document.getElementById('pigment-build-errors')",
                       message=f"no error overlay on {path}")
            problems += overflows(browser, path, "error overlay")
    finally:
        harness.stop_process(process)
    assert not problems, "\n".join(problems)
