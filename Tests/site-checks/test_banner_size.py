"""The cookie banner does not take the page: on a 390 x 844 phone it is at most a third of the
screen, the page beside it stays readable and usable (no modal wall), Accept all and Reject all
stay first and equal, and with Customize open the choices scroll inside the banner while
"Save choices" stays in view. In headless Chromium against the real consent server."""

from __future__ import annotations

import pytest

import harness
from test_consent_banner import Visitor

PHONE = (390, 844)
SMALL_PHONE = (320, 568)  # where the choices cannot fit and must scroll

GEOMETRY = """
const rect = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left,
                                                                   right: r.right, width: r.width, height: r.height}; };
const banner = document.getElementById('consent-banner');
const body = banner.querySelector('.consent-banner__body');
const save = banner.querySelector('[data-consent-save]');
return {banner: rect(banner), save: save.hidden ? null : rect(save), innerHeight: innerHeight,
        body: {scroll: body.scrollHeight, client: body.clientHeight, overflow: getComputedStyle(body).overflowY},
        buttons: [...banner.querySelectorAll('button')].filter(b => b.offsetParent).map(b => b.textContent.trim())};
"""


@pytest.fixture
def phone(browser, consent_server):
    """A new visitor on a phone: JavaScript on, no cookies, 390 x 844."""
    person = Visitor(browser, consent_server)
    person.reset()
    harness.set_viewport(browser, *PHONE, True)
    yield person
    person.reset()


def geometry(visitor: Visitor) -> dict:
    return visitor.js(GEOMETRY)


def test_the_banner_takes_at_most_a_third_of_a_phone(phone):
    phone.open("/")
    assert phone.banner_shown()
    shape = geometry(phone)
    height, screen = shape["banner"]["height"], shape["innerHeight"]
    assert screen == PHONE[1], f"the viewport is {screen} px high, not {PHONE[1]}"
    assert height <= screen / 3, f"the banner is {height:.0f} px high on a {screen} px phone (at most {screen / 3:.0f})"
    assert shape["banner"]["top"] >= 0 and shape["banner"]["bottom"] <= screen, f"the banner is not all in view: {shape['banner']}"


def test_accept_and_reject_come_first_and_equal_on_a_phone(phone):
    phone.open("/")
    assert geometry(phone)["buttons"][:2] == ["Accept all", "Reject all"], "Accept and Reject must be the first choices"
    accept, reject = phone.button("Accept all"), phone.button("Reject all")
    assert accept.size == reject.size, f"Accept {accept.size} and Reject {reject.size} differ in size"
    assert accept.location["y"] == reject.location["y"], "Accept and Reject must share a row"
    for prop in ("font-weight", "font-size", "background-color", "color", "border-color", "padding-top"):
        assert accept.value_of_css_property(prop) == reject.value_of_css_property(prop), f"{prop} differs"


def test_the_page_stays_usable_beside_the_banner(phone):
    phone.open("/")
    assert phone.banner_shown()
    assert phone.js("return !document.querySelector('[aria-modal], [inert]')"), "the banner must not make the page inert"
    # A link in the header is not covered: a tap there reaches it.
    covered = phone.js("""
        const link = document.querySelector('.site-nav a[href="/pricing/"]');
        const r = link.getBoundingClientRect();
        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) !== link""")
    assert not covered, "the banner covers the header's links"
    # The end of the page scrolls above the banner: nothing is hidden under it for good.
    phone.js("window.scrollTo(0, document.documentElement.scrollHeight)")
    phone.wait_for("true")
    last, top = phone.js("""
        const links = document.querySelectorAll('footer a');
        return [links[links.length - 1].getBoundingClientRect().bottom,
                document.getElementById('consent-banner').getBoundingClientRect().top]""")
    assert last <= top, f"the footer's last link (bottom {last:.0f}) stays under the banner (top {top:.0f})"
    # And the page works: following a link with the banner open.
    phone.js("window.scrollTo(0, 0)")
    phone.driver.find_element("css selector", '.site-nav a[href="/pricing/"]').click()
    phone.wait_for("location.pathname === '/pricing/'", message="a link beside the banner could not be followed")


@pytest.mark.parametrize("size", [PHONE, SMALL_PHONE], ids=lambda s: f"{s[0]}x{s[1]}")
def test_customize_scrolls_inside_the_banner_and_keeps_save_in_view(phone, size):
    harness.set_viewport(phone.driver, *size, True)
    phone.open("/")
    phone.button("Customize").click()
    phone.wait_for("!document.getElementById('consent-banner-choices').hidden")
    shape = geometry(phone)
    screen = shape["innerHeight"]
    assert shape["banner"]["top"] >= 0 and shape["banner"]["bottom"] <= screen, \
        f"the open banner does not fit the {screen} px screen: {shape['banner']}"
    assert shape["save"], "no Save choices button with Customize open"
    assert shape["save"]["bottom"] <= screen, f"Save choices is below the fold: {shape['save']} on {screen} px"
    if shape["body"]["scroll"] > shape["body"]["client"]:
        assert shape["body"]["overflow"] in ("auto", "scroll"), f"the choices overflow without scrolling: {shape['body']}"
    if size == SMALL_PHONE:
        assert shape["body"]["scroll"] > shape["body"]["client"], \
            f"on a {size} phone the choices should scroll inside the banner: {shape['body']}"
        # Scrolled to its last choice, Save stays where it was.
        phone.js("const b = document.querySelector('.consent-banner__body'); b.scrollTop = b.scrollHeight")
        after = geometry(phone)
        assert after["save"] == shape["save"], "Save choices moved when the choices scrolled"
        assert phone.js("return document.documentElement.scrollWidth") <= size[0]
    # Saving from there still records the choice.
    phone.js("document.querySelector('#consent-banner input[name=analytics]').click()")
    phone.button("Save choices").click()
    phone.wait_for("document.getElementById('consent-banner').hidden", message="the banner stayed after Save choices")


@pytest.mark.parametrize("customize", [False, True], ids=["closed", "Customize open"])
def test_axe_finds_no_serious_problem_with_the_banner_on_a_phone(phone, customize):
    from test_accessibility import FAILING_IMPACTS, inject_axe, run_axe

    phone.open("/")
    if customize:
        phone.button("Customize").click()
    inject_axe(phone.driver)
    results = run_axe(phone.driver)
    serious = [f"{v['id']} ({v['impact']}): {v['help']} at " + ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"])
               for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("width", [390, 1280], ids=lambda w: f"{w}px")
def test_screenshots_of_the_banner(phone, width):
    """For a person to look at: the banner closed and with Customize open, on a phone and a desktop."""
    harness.set_viewport(phone.driver, width, 844 if width < 600 else harness.DESKTOP_SIZE[1], width < 600)
    phone.open("/")
    assert phone.banner_shown()
    harness.viewport_screenshot(phone.driver, f"banner-{width}")
    phone.button("Customize").click()
    assert harness.png_size(harness.viewport_screenshot(phone.driver, f"banner-customize-{width}").read_bytes())[0] == width
