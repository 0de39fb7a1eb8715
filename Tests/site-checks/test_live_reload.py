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


def serve_copy(tmp_path: Path):
    """A copy of the site with `pigment serve` running on it: (site root, process, origin)."""
    root = copy_site(tmp_path / "site")
    try:
        process, origin = harness.start_pigment_server(["serve", "--root", str(root), "--port", "0"])
    except harness.Unavailable as error:
        harness.unavailable(str(error))
    return root, process, origin


def test_edits_reload_open_tabs_and_errors_show_over_the_last_good_page(browser, tmp_path):
    root, process, origin = serve_copy(tmp_path)
    about = root / "Content/about.md"
    original = about.read_text()
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
        assert re.search(r"Content/about\.md:\d+:\d+", overlay) and "error: invalid YAML" in overlay, overlay
        assert "Live —" in browser.execute_script("return document.querySelector('h1').textContent")

        # A tab opened while the build is broken shows the overlay too, over the last good page.
        browser.get(origin + "/about/")
        wait_until(browser, "document.getElementById('pigment-build-errors')",
                   message="a tab opened during a broken build shows no overlay")

        check_the_error_panel(browser, about, original)

        # Fixing it clears the overlay.
        about.write_text(original)
        wait_until(browser, "document.readyState === 'complete' && !document.getElementById('pigment-build-errors')"
                            " && !document.querySelector('h1').textContent.includes('Live —')",
                   message="the overlay stayed after the error was fixed")
    finally:
        harness.stop_process(process)
    built = (root / "_site/about/index.html").read_text()
    assert "_pigment" not in built, "the live-reload script must never be written into the site"


def check_the_error_panel(browser, about: Path, original: str) -> None:
    """The panel: the path to copy, the excerpt and caret as the terminal prints them, a solid
    background (no page showing through), and Hide or Escape keeping it away until the next build."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    panel = "document.getElementById('pigment-build-errors')"
    path = browser.execute_script(f"return {panel}.querySelector('.pigment-error-path').textContent")
    assert re.fullmatch(r"Content/about\.md:\d+:\d+", path), path
    excerpt = browser.execute_script(f"return {panel}.querySelector('pre').textContent")
    line = int(path.split(":")[1])
    assert re.search(rf"\n *{line} \| \S", excerpt) and re.search(r"\n *\| *\^", excerpt), excerpt
    background = browser.execute_script(f"return getComputedStyle({panel}).backgroundColor")
    assert background.startswith("rgb(") and not background.startswith("rgba("), f"a see-through panel: {background}"
    assert browser.execute_script(f"return [...{panel}.querySelectorAll('button')].map(b => b.textContent)")[0] == "Hide"

    from test_accessibility import FAILING_IMPACTS, describe, inject_axe, run_axe
    version = inject_axe(browser)
    failing = [v for v in run_axe(browser, "#pigment-build-errors")["violations"] if v.get("impact") in FAILING_IMPACTS]
    assert not failing, f"the error panel: axe-core {version} found:\n" + "\n".join(describe(v) for v in failing)
    for width in harness.SCREENSHOT_WIDTHS:
        harness.set_viewport(browser, width, 844 if width < 600 else harness.DESKTOP_SIZE[1], width < 600)
        try:
            assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth")
            shot = harness.viewport_screenshot(browser, f"error-panel-{width}-light")
            assert harness.png_size(shot.read_bytes())[0] == width
        finally:
            harness.reset_viewport(browser)

    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait_until(browser, f"{panel}.hidden", message="Escape did not hide the error panel")
    # Another broken build shows it again, with its own error.
    about.write_text(original.replace("title:", "title: {unclosed", 1))
    wait_until(browser, f"!{panel}.hidden && {panel}.textContent.includes('flow mapping')",
               message="the next failed build did not show the panel again")
    browser.execute_script(f"{panel}.querySelector('button').click()")
    wait_until(browser, f"{panel}.hidden", message="Hide did not hide the error panel")


class EventListener:
    """Reads `pigment serve`'s Server-Sent Events in a thread, as a browser tab would."""

    def __init__(self, origin: str):
        import http.client
        import json
        import queue
        import threading

        host, port = origin.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.connection.request("GET", "/_pigment/events")
        self.socket = self.connection.sock
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"
        self.events = queue.Queue()

        def read():
            name = None
            try:
                for raw in self.response:
                    line = raw.decode().rstrip("\n")
                    if line.startswith("event: "):
                        name = line[len("event: "):]
                    elif line.startswith("data: ") and name:
                        self.events.put((name, json.loads(line[len("data: "):])))
                        name = None
            except Exception:  # the connection closes when the test ends
                pass

        threading.Thread(target=read, daemon=True).start()

    def next(self, timeout: float = 15) -> tuple[str, dict]:
        import queue

        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            pytest.fail("pigment serve sent no event after the change", pytrace=False)

    def close(self):
        import socket

        # Shutting the socket down wakes the reading thread; closing alone would wait for its timeout.
        self.socket.shutdown(socket.SHUT_RDWR)
        self.connection.close()


def output_times(output: Path) -> dict[str, int]:
    return {str(p.relative_to(output)): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}


@pytest.mark.parametrize("edit, expected", [
    # A page's text: that page only.
    (lambda root: (root / "Content/about.md").open("a").write("\nOne more sentence.\n"), {"about/index.html"}),
    # The legal layout: the legal pages (and their versions), not the others.
    (lambda root: (root / "Templates/legal.mustache").open("a").write("\n"),
     lambda changed: all(p.startswith("legal/") for p in changed) and "legal/privacy/index.html" in changed),
    # The sub-processor list: the pages that show it.
    (lambda root: (root / "Content/data/subprocessors.yml").write_text(
        (root / "Content/data/subprocessors.yml").read_text().replace("purpose: ", "purpose: Now ", 1)),
     {"legal/privacy/index.html", "legal/subprocessors/index.html"}),
    # A file of public/: that file.
    (lambda root: (root / "public/css/site.css").open("a").write("\n/* edited */\n"), {"css/site.css"}),
], ids=["page", "template", "data file", "public file"])
def test_each_kind_of_edit_rewrites_exactly_what_it_affects(tmp_path, edit, expected):
    root, process, origin = serve_copy(tmp_path)
    listener = EventListener(origin)
    try:
        before = output_times(root / "_site")
        edit(root)
        name, data = listener.next()
        assert name == "reload", data
        changed = set(data["changed"])
        if callable(expected):
            assert changed and expected(changed), sorted(changed)
        else:
            assert changed == expected
        after = output_times(root / "_site")
        untouched = {path for path in before if before[path] == after.get(path)}
        assert untouched == set(before) - changed, "a file the change did not affect was rewritten"
    finally:
        listener.close()
        harness.stop_process(process)


def test_ctrl_c_stops_serve_at_once_even_with_a_tab_listening(tmp_path):
    import signal
    import subprocess

    root, process, origin = serve_copy(tmp_path)
    listener = EventListener(origin)
    try:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("pigment serve kept running after Ctrl-C while a tab listened for reloads", pytrace=False)
    finally:
        listener.close()


def test_a_page_requested_while_it_is_being_rebuilt_is_never_half_written(tmp_path):
    import threading
    import urllib.request

    root, process, origin = serve_copy(tmp_path)
    about = root / "Content/about.md"
    original = about.read_text()
    answers: list[str] = []
    saving = threading.Event()

    def keep_reading():
        while not saving.is_set():
            with urllib.request.urlopen(origin + "/about/", timeout=10) as response:
                answers.append(response.read().decode())

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        # Saves of very different lengths, back to back, while the page is read as fast as it can be.
        for round in range(30):
            about.write_text(original + ("\nA long paragraph of new text. " * (400 if round % 2 else 1)) + f"\nround {round}\n")
            time.sleep(0.05)
        time.sleep(1)
    finally:
        saving.set()
        reader.join()
        harness.stop_process(process)
    assert len(answers) > 30, "the page was hardly read during the rebuilds"
    broken = [answer for answer in answers if not answer.rstrip().endswith("</html>") or "<h1" not in answer]
    assert not broken, f"{len(broken)} of {len(answers)} answers were not whole pages"
    assert "round 29" in answers[-1], "the last save never showed"
