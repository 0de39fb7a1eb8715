"""Full-height screenshots of the home page and the privacy policy, on a phone and on a
desktop, in both colour schemes, saved to .artifacts/screenshots/ for a person to look
at; on a phone nothing may stick out sideways."""

from __future__ import annotations

import pytest

import harness

OVERFLOWING_ELEMENTS = """
const width = arguments[0];
return Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > width + 0.5)
  .filter(el => !el.parentElement
                || el.parentElement.getBoundingClientRect().right <= width + 0.5)
  .slice(0, 10)
  .map(el => {
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.classList.length ? '.' + Array.from(el.classList).join('.') : '');
    return name + ' (right edge at ' + Math.round(el.getBoundingClientRect().right) + ' px)';
  });
"""


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
@pytest.mark.parametrize("width", harness.SCREENSHOT_WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("path", harness.SCREENSHOT_PAGES)
def test_screenshot(browser, server, existing_page, path, width, scheme):
    existing_page(path)
    file, scroll_width = harness.take_screenshot(browser, server, path, width, scheme)

    data = file.read_bytes()
    size = harness.png_size(data)
    assert size, f"{file} is not a PNG ({len(data)} bytes)"
    png_width, png_height = size
    assert png_width == width, f"{file} is {png_width} px wide, not {width}"
    assert png_height >= 200, f"{file} is only {png_height} px high: an empty page?"

    if width <= 390:
        if scroll_width > width:
            # Measure again at the same width to name what sticks out.
            harness.set_viewport(browser, width, 844, True)
            try:
                harness.open_page(browser, server.url(path), scheme)
                culprits = browser.execute_script(OVERFLOWING_ELEMENTS, width)
            finally:
                harness.reset_viewport(browser)
            pytest.fail(
                f"{path} overflows sideways at {width} px ({scheme}): "
                f"document.documentElement.scrollWidth is {scroll_width}. "
                f"Elements past the right edge: {', '.join(culprits) or 'none found'}. "
                f"See {file}",
                pytrace=False,
            )
