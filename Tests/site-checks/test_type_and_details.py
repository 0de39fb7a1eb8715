"""Type and details, as Debian's Chromium renders them with only the fonts Debian installs
(DejaVu): headings in a face that is neither DejaVu Serif's heavy, wide bold nor a sans, the
"#" heading anchors hidden until hover or focus (and still reachable by keyboard), the legal
page's date chips on one row on a phone. Each state is saved at 390 and 1280 px in
.artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import time

import pytest

import harness

WIDTHS = [390, 1280]
# What `serif` gives on a Linux with only DejaVu: the look the stack must avoid for headings.
HEAVY_FALLBACK = "DejaVuSerif-Bold"


@pytest.fixture
def page(browser, server):
    """The static site at a width, with the banner answered (its own checks are elsewhere) and
    motion reduced, so an opacity transition does not race the measurement."""

    def open_at(path: str, width: int):
        harness.set_viewport(browser, width, 844 if width < 600 else harness.DESKTOP_SIZE[1], width < 600)
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-color-scheme", "value": "light"},
            {"name": "prefers-reduced-motion", "value": "reduce"}]})
        browser.get(server.url(path))
        browser.execute_script("document.getElementById('consent-banner')?.remove(); return document.fonts.ready")
        return browser

    yield open_at
    harness.reset_viewport(browser)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def platform_fonts(driver, selector: str) -> list[str]:
    """The PostScript names of the fonts Chromium actually drew SELECTOR's text with."""
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["postScriptName"] for font in sorted(fonts, key=lambda f: -f["glyphCount"])]


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("selector", [".page-header h1", ".prose h2", ".brand__name"])
def test_headings_do_not_fall_back_to_a_heavy_wide_serif(page, selector, width):
    driver = page("/features/", width)
    [main, *_] = platform_fonts(driver, selector)
    assert main != HEAVY_FALLBACK, f"{selector} is drawn in {main}: the stack fell through to the generic serif"
    assert "Sans" not in main, f"{selector} is drawn in {main}, a sans: the headings lost their serif"
    harness.viewport_screenshot(driver, f"type-headings-{width}")


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_body_text_uses_the_sans_stack(page, width):
    driver = page("/features/", width)
    [main, *_] = platform_fonts(driver, ".prose p")
    assert "Serif" not in main, f"body text is drawn in {main}"


def anchor_opacity(driver, index: int = 0) -> float:
    return float(driver.execute_script(
        "return getComputedStyle(document.querySelectorAll('.prose .heading-anchor')[arguments[0]]).opacity", index))


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_heading_anchors_show_on_hover_and_focus_only(page, width):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = page("/features/", width)
    count = driver.execute_script("return document.querySelectorAll('.prose .heading-anchor').length")
    assert count >= 2, "the features page should have heading anchors to check"
    assert all(anchor_opacity(driver, i) == 0 for i in range(count)), "a heading anchor shows without hover or focus"
    harness.viewport_screenshot(driver, f"heading-anchors-hidden-{width}")

    # Keyboard: Tab reaches the first anchor, which then shows.
    driver.execute_script("document.querySelector('.prose h2').previousElementSibling.setAttribute('tabindex', '-1');"
                          "document.querySelector('.prose h2').previousElementSibling.focus()")
    for _ in range(40):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script("return document.activeElement.classList.contains('heading-anchor')"):
            break
    else:
        pytest.fail("the keyboard never reached a heading anchor", pytrace=False)
    focused = driver.execute_script(
        "return [...document.querySelectorAll('.prose .heading-anchor')].indexOf(document.activeElement)")
    driver.execute_script("document.activeElement.scrollIntoView({block: 'center'})")
    assert anchor_opacity(driver, focused) == 1, "a focused heading anchor must be visible"
    outline = driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "a focused heading anchor must show the focus ring"
    harness.viewport_screenshot(driver, f"heading-anchors-focused-{width}")

    # Pointer: hovering the heading shows its anchor.
    driver.execute_script("document.activeElement.blur()")
    heading = driver.find_elements(By.CSS_SELECTOR, ".prose h2")[1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", heading)
    ActionChains(driver).move_to_element(heading).perform()
    time.sleep(0.05)
    assert anchor_opacity(driver, 1) == 1, "hovering a heading must show its anchor"
    assert anchor_opacity(driver, 0) == 0, "only the hovered heading's anchor shows"


@pytest.mark.parametrize("width", [320, 390], ids=lambda w: f"{w}px")
def test_the_legal_pages_date_chips_share_one_row_on_a_phone(page, width):
    driver = page("/legal/privacy/", width)
    chips = driver.execute_script("""
        return [...document.querySelectorAll('.doc-meta__item')].map(chip => {
          const r = chip.getBoundingClientRect(); return {top: Math.round(r.top), right: r.right, text: chip.textContent}; })""")
    assert len(chips) == 3, f"the privacy policy should show three date chips: {chips}"
    assert len({chip["top"] for chip in chips}) == 1, f"the chips take more than one row at {width} px: {chips}"
    assert max(chip["right"] for chip in chips) <= width, f"a chip sticks out at {width} px: {chips}"
    driver.execute_script("document.querySelector('.doc-meta').scrollIntoView({block: 'center'})")
    harness.viewport_screenshot(driver, f"legal-date-chips-{width}")


def test_the_date_chips_at_desktop_width(page):
    driver = page("/legal/privacy/", 1280)
    tops = driver.execute_script("return [...document.querySelectorAll('.doc-meta__item')].map(c => Math.round(c.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    harness.viewport_screenshot(driver, "legal-date-chips-1280")


@pytest.mark.parametrize("path", ["/features/", "/legal/privacy/"])
def test_axe_finds_no_serious_problem_on_a_phone(page, path):
    from test_accessibility import FAILING_IMPACTS, inject_axe, run_axe

    driver = page(path, 390)
    inject_axe(driver)
    results = run_axe(driver)
    serious = [f"{v['id']} ({v['impact']}): {v['help']} at " + ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"])
               for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not serious, "\n".join(serious)
