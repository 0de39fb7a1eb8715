"""Loading a page requests nothing from any origin but the site's own: no web fonts,
scripts, trackers or images from elsewhere."""

from __future__ import annotations

import json
import time

import pytest

import harness

LOCAL_SCHEMES = ("data:", "blob:", "about:", "chrome:", "chrome-error:")

RESOURCES = """
return {
  document: document.URL,
  resources: performance.getEntriesByType('resource')
    .map(e => ({url: e.name, seen: 'resource timing: ' + e.initiatorType})),
};
"""


def network_requests(driver) -> list[dict]:
    """Every request the page sent since the log was last read (CDP Network events)."""
    requests = []
    for entry in driver.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        if event.get("method") == "Network.requestWillBeSent":
            params = event["params"]
            requests.append({"url": params["request"]["url"],
                             "seen": f"network log: {params.get('type', '?')}"})
    return requests


@pytest.mark.parametrize(
    "path", list(harness.LAYOUT_PAGES), ids=[f"{p} ({l})" for p, l in harness.LAYOUT_PAGES.items()]
)
def test_no_third_party_requests(browser, server, existing_page, path):
    url = existing_page(path)
    network_requests(browser)  # drop what earlier tests left in the log
    harness.open_page(browser, url, "light")
    # Bring lazy-loaded content into view, then give it a moment to ask for anything.
    browser.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    time.sleep(0.3)

    seen = browser.execute_script(RESOURCES)
    requests = [{"url": seen["document"], "seen": "document.URL"}]
    requests += seen["resources"]  # the resource timing API: what loaded
    requests += network_requests(browser)  # the DevTools log: every request sent

    assert harness.origin_of(seen["document"]) == server.origin, (
        f"{path} ended up at {seen['document']}, off the local server {server.origin}"
    )
    foreign: dict[str, set[str]] = {}
    for request in requests:
        url = request["url"]
        if not url.startswith(LOCAL_SCHEMES) and harness.origin_of(url) != server.origin:
            foreign.setdefault(url, set()).add(request["seen"])
    if foreign:
        pytest.fail(
            f"{path} requested {len(foreign)} URL(s) from other origins than "
            f"{server.origin}:\n"
            + "\n".join(f"    {url} ({', '.join(sorted(how))})"
                        for url, how in sorted(foreign.items())),
            pytrace=False,
        )
