"""Policy versions as a visitor and as CI see them: a consent made before a policy change still
links, in its receipt, to the text that was in force; a shallow clone publishes every version.

Works on a copy of this repository's site, so it can change the privacy policy freely."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

import harness
from test_consent_banner import Visitor

NEW_PARAGRAPH = "We now also keep a log of the styles you favourite, for as long as your account exists."


def copy_site(destination: Path) -> Path:
    for folder in ("Content", "Templates", "public"):
        shutil.copytree(harness.SITE_ROOT / folder, destination / folder)
    return destination


def change_privacy_policy(root: Path, updated: str) -> None:
    """What a writer does: edit the text and set `updated` to the day of the change."""
    policy = root / "Content/legal/privacy.md"
    text = policy.read_text()
    text = re.sub(r"^updated: .*$", f"updated: {updated}", text, count=1, flags=re.M)
    policy.write_text(text.rstrip("\n") + f"\n\n{NEW_PARAGRAPH}\n")


def build(root: Path, output: Path) -> None:
    try:
        harness.build_site(output, root=root)
    except harness.Unavailable as error:
        harness.unavailable(str(error))


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_a_receipt_links_the_policy_version_in_force_when_the_visitor_chose(browser, tmp_path):
    root = copy_site(tmp_path / "site")
    output = tmp_path / "out"
    build(root, output)
    try:
        server = harness.ConsentServer(output, tmp_path / "consents.sqlite", root=root)
    except harness.Unavailable as error:
        harness.unavailable(str(error))
    with server:
        visitor = Visitor(browser, server)
        visitor.reset()
        visitor.open("/")
        in_force = visitor.js("return JSON.parse(document.getElementById('consent-config').textContent).policy.version")
        visitor.button("Accept all").click()
        visitor.wait_for("window.pigmentAnalytics")
        assert server.records()[-1]["policy_version"] == in_force

        change_privacy_policy(root, "2026-12-01")
        build(root, output)  # the same folder the server serves: the new site replaces the old
        status, current = get(server.url("/legal/privacy/"))
        assert status == 200 and NEW_PARAGRAPH in current and "2026-12-01" in current

        visitor.open("/cookie-settings/")
        visitor.wait_for("document.querySelectorAll('[data-consent-history] tr a').length === 1",
                         message="the receipt shows no policy version link")
        href = visitor.js("return document.querySelector('[data-consent-history] tr a').getAttribute('href')")
        assert href == f"/legal/privacy/v/{in_force}/"
        status, shown = get(server.url(href))
        assert status == 200, f"the version the visitor consented under is gone ({href})"
        assert NEW_PARAGRAPH not in shown, "the old version must show the old text"
        assert "Privacy Policy" in shown

        # A choice made now names the new version.
        visitor.button("Reject all", within=".consent-preferences").click()
        visitor.wait_for("document.querySelectorAll('[data-consent-history] tr').length === 2")
        assert server.records()[-1]["policy_version"] == "2026-12-01"
        visitor.reset()


def git(*arguments: str, cwd: Path) -> None:
    environment = dict(os.environ, GIT_AUTHOR_NAME="Site checks", GIT_AUTHOR_EMAIL="checks@example.org",
                       GIT_COMMITTER_NAME="Site checks", GIT_COMMITTER_EMAIL="checks@example.org")
    subprocess.run(["git", *arguments], cwd=cwd, env=environment, check=True, capture_output=True)


def published_versions(output: Path) -> set[str]:
    return {str(path.relative_to(output)) for path in output.glob("legal/*/v/*/index.html")} | \
           {str(path.relative_to(output)) for path in output.glob("legal/*/v/*/changes/index.html")}


def test_a_shallow_clone_publishes_every_version(tmp_path):
    if not shutil.which("git"):
        harness.unavailable("git is not installed")
    root = copy_site(tmp_path / "repo")
    git("init", "-q", "-b", "main", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "site", cwd=root)
    change_privacy_policy(root, "2026-12-01")
    subprocess.run([str(harness.PIGMENT_BIN), "release", "--root", str(root)], check=True, capture_output=True)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "privacy policy of 2026-12-01", cwd=root)

    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True, capture_output=True)
    build(root, tmp_path / "full-out")
    build(shallow, tmp_path / "shallow-out")
    full = published_versions(tmp_path / "full-out")
    assert "legal/privacy/v/2026-12-01/changes/index.html" in full
    assert len([v for v in full if v.startswith("legal/privacy/v/") and not v.endswith("changes/index.html")]) >= 2
    assert published_versions(tmp_path / "shallow-out") == full
