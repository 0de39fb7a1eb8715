"""The "what changed" page of a policy, on the built HTML: it compares within lists (one added
bullet is one <ins> item, nothing deleted), sums up how many passages changed, every change has
an id with links to the next and previous that resolve on the page, and the page is Nu-valid.
Archived versions show the same table of contents as the live page.

Works on a copy of this repository's site, so it can change the privacy policy freely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import harness
from test_html_valid import describe, ignored, run_validator
from test_policy_versions import build, copy_site

NEW_BULLET = "Send you the newsletter you subscribed to, until you unsubscribe."
AFTER = "- Send transactional emails such as confirmations and security alerts.\n"


def add_one_bullet(root: Path, updated: str) -> None:
    """What a writer does: one new bullet in a list, and `updated` set to the day of the change."""
    policy = root / "Content/legal/privacy.md"
    text = policy.read_text()
    assert AFTER in text, "the privacy policy no longer has the bullet this check adds after"
    text = re.sub(r"^updated: .*$", f"updated: {updated}", text, count=1, flags=re.M)
    policy.write_text(text.replace(AFTER, AFTER + f"- {NEW_BULLET}\n", 1))


def body(page: str) -> str:
    """The compared text: the page's content, without the header's legend or the version list."""
    start = page.index('<div class="prose legal__body">')
    end = page.find('<section class="policy-versions"', start)
    return page[start:end if end >= 0 else len(page)]


def ids(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


def step_targets(page: str) -> list[str]:
    return re.findall(r'href="#(change-\d+)"', page)


def toc(page: str) -> list[tuple[str, str]]:
    """The "On this page" links: (target, title) in order, or [] without a table of contents."""
    match = re.search(r'<nav class="toc legal__toc".*?</nav>', page, flags=re.S)
    return re.findall(r'<a href="#([^"]+)">([^<]*)</a>', match.group(0)) if match else []


def test_one_added_bullet_is_one_inserted_item(tmp_path):
    root = copy_site(tmp_path / "site")
    add_one_bullet(root, "2026-12-01")
    output = tmp_path / "out"
    build(root, output)
    changes = output / "legal/privacy/v/2026-12-01/changes/index.html"
    page = changes.read_text()
    compared = body(page)

    assert compared.count("<ins") == 1, compared
    assert "<del" not in compared, "adding a bullet deletes nothing"
    inserted = re.search(r'<li class="diff-added" id="change-1">(.*?)</li>', compared, flags=re.S)
    assert inserted and f"<ins>{NEW_BULLET}</ins>" in inserted.group(1)
    assert "<li>Process your image transformations securely.</li>" in compared, "the rest of the list stays as it was"

    summary = re.search(r'<p class="version-notice"[^>]*id="changes-summary">(.*?)</p>', page, flags=re.S)
    assert summary and '<strong class="diff-summary">1 passage changed</strong>' in summary.group(1)
    assert '<a href="#change-1">' in summary.group(1), "the summary leads to the first change"
    assert set(step_targets(page)) <= ids(page), "every step link names an id on the page"

    messages = [m for m in run_validator([changes])
                if m["type"] in ("error", "non-document-error") and not ignored(m)]
    assert not messages, "\n".join(describe(m, output) for m in messages)


def test_the_sites_changes_pages_count_and_link_their_passages(site_dir):
    pages = sorted(site_dir.glob("legal/*/v/*/changes/index.html"))
    assert pages, "the site has no changes page"
    for path in pages:
        page = path.read_text()
        count = int(re.search(r'<strong class="diff-summary">(\d+|No) passages? changed', page).group(1).replace("No", "0"))
        passages = re.findall(r'\sid="(change-\d+)"', page)
        assert passages == [f"change-{n}" for n in range(1, count + 1)], f"{path}: {passages} for {count} passages"
        assert set(step_targets(page)) <= ids(page), f"{path}: a step link leads nowhere"


def test_archived_versions_keep_their_table_of_contents(site_dir):
    live = site_dir / "legal/cookies/index.html"
    in_force = re.search(r"<dt>Version:</dt><dd>([^<]+)</dd>", live.read_text()).group(1)
    archived = (site_dir / f"legal/cookies/v/{in_force}/index.html").read_text()
    assert toc(archived), "the archived version has no table of contents"
    assert toc(archived) == toc(live.read_text())
    for path in site_dir.glob("legal/*/v/*/index.html"):
        page = path.read_text()
        assert {target for target, _ in toc(page)} <= ids(page), f"{path}: a contents link leads nowhere"


CHANGES_PAGE = "/legal/cookies/v/2026-12-01/changes/"


def test_the_step_links_work_from_the_keyboard(browser, existing_page):
    """Enter on "Go to the first change" lands on it; the next Tab reaches its "Next change", and so on."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    harness.open_page(browser, existing_page(CHANGES_PAGE))
    browser.execute_script("document.querySelector('#changes-summary a[href=\"#change-1\"]').focus()")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return location.hash") == "#change-1"
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.execute_script("return document.activeElement.getAttribute('href')")
    assert focused == "#change-2", f"after the first change, Tab reached {focused!r}, not its Next change link"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return location.hash") == "#change-2"


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
def test_the_changes_page_has_no_serious_accessibility_violations(browser, existing_page, scheme):
    from test_accessibility import FAILING_IMPACTS, describe as describe_violation, inject_axe, run_axe

    harness.open_page(browser, existing_page(CHANGES_PAGE), scheme)
    inject_axe(browser)
    violations = run_axe(browser, options={"resultTypes": ["violations"]}).get("violations", [])
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    assert not failing, "\n".join(describe_violation(v) for v in failing)
