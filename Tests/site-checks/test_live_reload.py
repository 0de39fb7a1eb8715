"""`pigment serve` as a writer uses it: open tabs reload after a good rebuild; a broken edit
shows its errors over the last good page, and fixing it clears them. Nothing of the live
reload reaches the built site."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import harness
from test_policy_versions import copy_site


def wait_until(driver, condition: str, timeout: float = 15, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if driver.execute_script(f"return !!({condition})"):
                return
        except Exception:  # the page may be reloading at that instant
            pass
        time.sleep(0.1)
    pytest.fail(message or f"timed out waiting for {condition}", pytrace=False)


def test_edits_reload_open_tabs_and_errors_show_over_the_last_good_page(browser, tmp_path):
    root = copy_site(tmp_path / "site")
    about = root / "Content/about.md"
    original = about.read_text()
    try:
        process, origin = harness.start_pigment_server(["serve", "--root", str(root), "--port", "0"])
    except harness.Unavailable as error:
        harness.unavailable(str(error))
    try:
        browser.get(origin + "/about/")
        wait_until(browser, "document.readyState === 'complete' && window.EventSource")
        browser.execute_script("window.pigmentBeforeReload = true")

        # A good edit: the tab reloads by itself and shows it.
        about.write_text(original.replace("title:", "title: Live —", 1))
        wait_until(browser, "!window.pigmentBeforeReload && document.querySelector('h1').textContent.includes('Live —')",
                   message="the open tab did not reload after a good edit")

        # A broken edit: an overlay names the file, line and column; the page under it is the last good one.
        about.write_text(original.replace("title:", "title: [unclosed", 1))
        wait_until(browser, "document.getElementById('pigment-build-errors')",
                   message="no error overlay after a broken edit")
        overlay = browser.execute_script("return document.getElementById('pigment-build-errors').textContent")
        assert re.search(r"Content/about\.md:\d+:\d+: error: invalid YAML", overlay), overlay
        assert "Live —" in browser.execute_script("return document.querySelector('h1').textContent")

        # A tab opened while the build is broken shows the overlay too, over the last good page.
        browser.get(origin + "/about/")
        wait_until(browser, "document.getElementById('pigment-build-errors')",
                   message="a tab opened during a broken build shows no overlay")

        # Fixing it clears the overlay.
        about.write_text(original)
        wait_until(browser, "document.readyState === 'complete' && !document.getElementById('pigment-build-errors')"
                            " && !document.querySelector('h1').textContent.includes('Live —')",
                   message="the overlay stayed after the error was fixed")
    finally:
        harness.stop_process(process)
    built = (root / "_site/about/index.html").read_text()
    assert "_pigment" not in built, "the live-reload script must never be written into the site"
