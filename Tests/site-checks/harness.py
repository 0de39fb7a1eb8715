"""Shared machinery of the site checks: build the site, serve it, drive Chromium.

Used by conftest.py (the pytest fixtures) and by screenshots.py (run by hand), so both
see the site exactly the same way. Nothing here downloads anything: the browser, its
driver and Java come from Debian's packages, the validator and axe-core from PyPI.
"""

from __future__ import annotations

import base64
import functools
import http.server
import os
import shutil
import struct
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]

# The pigment binary and the site it builds. SITE_ROOT exists so the checks themselves
# can be tried against a throwaway site; normally it is the repository.
PIGMENT_BIN = Path(os.environ.get("PIGMENT_BIN") or REPO / ".build/debug/pigment")
SITE_ROOT = Path(os.environ.get("SITE_ROOT") or REPO)

# Debian's chromium and chromium-driver. Passing both explicitly keeps Selenium Manager
# from trying to download a browser or a driver (there is no network to do it with).
CHROMIUM_BIN = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER_BIN = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")

SCREENSHOT_DIR = REPO / ".artifacts" / "screenshots"

# One page of each layout, as a visitor reaches it.
LAYOUT_PAGES = {
    "/": "home",
    "/legal/": "section",
    "/legal/privacy/": "legal",
    "/blog/": "section",
    "/about/": "page",
    "/404.html": "404",
}
# Pages beyond one of each layout that show something of their own: the plan cards, a tag's page,
# a post with its tags. Checked for accessibility and photographed too.
FEATURE_PAGES = {
    "/pricing/": "plan cards",
    "/tags/guides/": "a tag's page",
    "/blog/describe-a-style-in-one-sentence/": "a post with tags",
}
SCREENSHOT_PAGES = ["/", "/legal/privacy/", "/cookie-settings/", "/pricing/", "/tags/guides/",
                    "/legal/cookies/v/2026-12-01/changes/"]
SCREENSHOT_WIDTHS = [390, 1280]
COLOR_SCHEMES = ["light", "dark"]

DESKTOP_SIZE = (1280, 900)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str):
    """Stop a test whose tooling cannot start: a failure in CI, a skip elsewhere."""
    import pytest

    if in_ci():
        pytest.fail(f"cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


class Unavailable(Exception):
    """A part of the checks cannot start (missing binary, browser, Java...)."""


# ---------------------------------------------------------------------------- build


def build_site(output: Path, root: Path = SITE_ROOT, binary: Path = PIGMENT_BIN) -> str:
    """Run `pigment build --root ROOT --output OUTPUT`; return its stdout.

    Raises Unavailable when the binary is missing and BuildFailed when it exits non-zero.
    """
    if not binary.is_file() or not os.access(binary, os.X_OK):
        raise Unavailable(
            f"pigment binary not found at {binary} "
            "(build it with `swift build --product pigment` or set PIGMENT_BIN)"
        )
    result = subprocess.run(
        [str(binary), "build", "--root", str(root), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise BuildFailed(result.returncode, result.stdout, result.stderr)
    return result.stdout


class BuildFailed(Exception):
    def __init__(self, status: int, stdout: str, stderr: str):
        super().__init__(
            f"`pigment build` exited {status}:\n{stderr.rstrip()}\n{stdout.rstrip()}".rstrip()
        )


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


# ---------------------------------------------------------------------------- serve


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # SimpleHTTPRequestHandler already answers a folder with its index.html and
    # redirects /about to /about/; only the per-request log lines are unwanted.
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class SiteServer:
    """Serves a folder on 127.0.0.1 on an ephemeral port, in a thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.origin = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, name="site-server", daemon=True
        )

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def url(self, path: str) -> str:
        return self.origin + path

    def status(self, path: str) -> int:
        """The HTTP status a visitor gets for PATH (after redirects)."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


# ---------------------------------------------------------------------------- browser


def start_chromium():
    """A headless Chromium through Debian's chromedriver, never Selenium Manager."""
    for path, package in ((CHROMIUM_BIN, "chromium"), (CHROMEDRIVER_BIN, "chromium-driver")):
        if not shutil.which(path):
            raise Unavailable(f"{path} not found: install Debian's {package} package")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        raise Unavailable(f"selenium is not installed ({error})") from error

    # Belt and braces: Selenium Manager must never try the network.
    os.environ.setdefault("SE_OFFLINE", "true")

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM_BIN
    for argument in (
        "--headless=new",
        "--no-sandbox",  # Chromium runs as root here
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={DESKTOP_SIZE[0]},{DESKTOP_SIZE[1]}",
        "--hide-scrollbars",
        "--lang=en-US",
        # Chromium's own background traffic (component updates, safe browsing...) is
        # not the page's, and would only slow things down without a network.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
    ):
        options.add_argument(argument)
    # Every network event of the page, read by the third-party request check alongside
    # the resource timing API (which does not list requests that failed).
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    service = Service(executable_path=CHROMEDRIVER_BIN)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


def set_color_scheme(driver, scheme: str) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )


def set_viewport(driver, width: int, height: int, mobile: bool) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def reset_viewport(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_page(driver, url: str, scheme: str = "light") -> None:
    """Load URL with the colour scheme set, and wait for fonts and images."""
    set_color_scheme(driver, scheme)
    driver.get(url)
    driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        // Lazy images load now: full-page screenshots show them, and the request check
        // sees where they come from.
        for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = 'eager';
        const images = Array.from(document.images).filter(img => !img.complete).map(img =>
            new Promise(ok => { img.addEventListener('load', ok); img.addEventListener('error', ok); }));
        const timeout = new Promise(ok => setTimeout(ok, 10000));
        Promise.race([Promise.all([document.fonts.ready, ...images]), timeout]).then(() => done(true));
        """
    )
    actual = driver.execute_script(
        "return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'"
    )
    assert actual == scheme, f"colour scheme emulation failed: wanted {scheme}, page sees {actual}"


# ---------------------------------------------------------------------------- screenshots


def screenshot_name(path: str, width: int, scheme: str) -> str:
    slug = path.strip("/").replace("/", "-").replace(".html", "") or "home"
    return f"{slug}-{width}-{scheme}.png"


def take_screenshot(driver, server: SiteServer, path: str, width: int, scheme: str,
                    folder: Path = SCREENSHOT_DIR) -> tuple[Path, int]:
    """Save a full-height PNG of PATH at WIDTH css px; return (file, scrollWidth)."""
    mobile = width < 600
    set_viewport(driver, width, 844 if mobile else DESKTOP_SIZE[1], mobile)
    try:
        open_page(driver, server.url(path), scheme)
        scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        height = metrics["cssContentSize"]["height"]
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
    finally:
        reset_viewport(driver)
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / screenshot_name(path, width, scheme)
    file.write_bytes(base64.b64decode(shot["data"]))
    return file, scroll_width


def viewport_screenshot(driver, name: str, folder: Path = SCREENSHOT_DIR) -> Path:
    """Save what the viewport shows now (a state: the banner open, a focused anchor) as NAME.png."""
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{name}.png"
    file.write_bytes(base64.b64decode(shot["data"]))
    return file


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, or None when DATA is not one."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# ---------------------------------------------------------------------------- consent server


def start_pigment_server(arguments: list[str], binary: Path = PIGMENT_BIN,
                         environment: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Runs `pigment ARGUMENTS` (a server on port 0) and returns it with the origin it printed
    ("… at http://127.0.0.1:PORT/…"), reading past any build output before that line.
    ENVIRONMENT adds variables to this process's own (e.g. PIGMENT_ADMIN_TOKEN)."""
    if not binary.is_file() or not os.access(binary, os.X_OK):
        raise Unavailable(f"pigment binary not found at {binary}")
    process = subprocess.Popen([str(binary), *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(environment or {})})
    printed = []
    for _ in range(20):
        line = process.stdout.readline()
        printed.append(line)
        if "http://" in line:
            return process, "http://" + line.split("http://", 1)[1].split("/", 1)[0]
        if not line:
            break
    process.kill()
    raise Unavailable(f"pigment {arguments[0]} did not start: {''.join(printed)}{process.stderr.read()}")


def stop_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


class ConsentServer:
    """`pigment consent-server` serving a built site and the consent API on one origin, as in
    deployment: 127.0.0.1, a port the system picks, records in a real SQLite file."""

    def __init__(self, site: Path, database: Path, root: Path = SITE_ROOT, binary: Path = PIGMENT_BIN,
                 admin_token: str | None = None):
        self.database = database
        self.process, self.origin = start_pigment_server(
            ["consent-server", "--host", "127.0.0.1", "--port", "0", "--database", f"sqlite:{database}",
             "--site-root", str(root), "--serve-site", str(site), "--rate-limit", "0"], binary,
            {"PIGMENT_ADMIN_TOKEN": admin_token} if admin_token else None)

    def __enter__(self) -> "ConsentServer":
        return self

    def __exit__(self, *exc) -> None:
        stop_process(self.process)

    def url(self, path: str) -> str:
        return self.origin + path

    def records(self) -> list[dict]:
        """Every stored consent record, oldest first, read from the SQLite file itself."""
        import json
        import sqlite3

        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM consent_record ORDER BY id").fetchall()
        return [dict(row, choices=json.loads(row["choices"]), gpc=bool(row["gpc"])) for row in rows]

    def events(self) -> list[dict]:
        """Every stored analytics event, oldest first, from the events file beside the log (the
        server commits them every 250 ms)."""
        import sqlite3

        path = self.database.with_name(self.database.stem + "-events.sqlite")
        if not path.exists():
            return []
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("SELECT * FROM page_event ORDER BY id").fetchall()]

    def event_requests(self) -> int:
        """How many requests reached POST /api/events, from the server's own counters."""
        import re
        import urllib.request

        with urllib.request.urlopen(self.origin + "/metrics", timeout=10) as response:
            text = response.read().decode()
        return sum(int(count) for count in re.findall(r'pigment_http_requests_total\{route="/api/events",status="\d+"\} (\d+)', text))
