"""The README's CI recipes (GitHub Actions, GitLab CI): each parses, and its build and publish
commands run here as written, twice (an edit, a new page and a removed page between), with `aws`
a stand-in that copies into a folder: after each publish the folder holds exactly `_site`. The
weekly external-link step needs the Internet: it is parsed and checked to run on schedules only."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from harness import PIGMENT_BIN, REPO, unavailable

# `aws s3 cp FILE s3://BUCKET/KEY` and `aws s3 rm s3://BUCKET/KEY`, into $FAKE_BUCKETS/BUCKET/KEY.
FAKE_AWS = """#!/bin/sh
set -eu
[ "$1" = s3 ] || exit 2
key() { printf '%s' "${1#s3://}"; }
case "$2" in
  cp) mkdir -p "$(dirname "$FAKE_BUCKETS/$(key "$4")")"; cp "$3" "$FAKE_BUCKETS/$(key "$4")" ;;
  rm) rm "$FAKE_BUCKETS/$(key "$3")" ;;
  *) exit 2 ;;
esac
echo "$@" >> "$FAKE_BUCKETS/.calls"
"""


def recipe(title: str) -> dict:
    """The YAML block that follows the README line starting with `title`."""
    readme = (REPO / "README.md").read_text()
    match = re.search(re.escape(title) + r".*?\n```yaml\n(.*?)\n```", readme, re.S)
    assert match, f"no YAML block after {title!r} in the README"
    return yaml.safe_load(match.group(1))


def folder_files(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def workspace(tmp_path):
    """A copy of the site, `pigment` and the `aws` stand-in on PATH, and an empty bucket."""
    if not PIGMENT_BIN.exists():
        unavailable(f"no pigment binary at {PIGMENT_BIN}")
    if shutil.which("jq") is None:
        unavailable("jq is not installed (make test-deps installs it)")
    site = tmp_path / "site"
    for folder in ("Content", "Templates", "public"):
        shutil.copytree(REPO / folder, site / folder)
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "pigment").symlink_to(PIGMENT_BIN)
    (tools / "aws").write_text(FAKE_AWS)
    (tools / "aws").chmod(0o755)
    buckets = tmp_path / "buckets"
    (buckets / "site-bucket").mkdir(parents=True)
    environment = {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}", "FAKE_BUCKETS": str(buckets),
                   "BUCKET": "site-bucket", "SITE_BUCKET": "site-bucket"}
    return site, buckets / "site-bucket", environment


def run(script: str, site: Path, environment: dict) -> None:
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=site, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"


def edit_between_publishes(site: Path) -> None:
    about = site / "Content/about.md"
    about.write_text(about.read_text() + "\nOne more sentence.\n")
    (site / "Content/blog/ci-recipe-check.md").write_text("---\ntitle: A post the recipe adds\ndate: 2026-01-05\n---\nHello.\n")


def assert_bucket_is_the_site(bucket: Path, site: Path) -> None:
    output = site / "_site"
    assert folder_files(bucket) == folder_files(output)
    mismatched = filecmp.cmpfiles(bucket, output, sorted(folder_files(output)), shallow=False)[1]
    assert not mismatched, mismatched


def publish_twice(site: Path, bucket: Path, environment: dict, build: str, publish: str) -> None:
    run(build, site, environment)
    run(publish, site, environment)
    assert_bucket_is_the_site(bucket, site)
    calls_file = bucket.parent / ".calls"
    first_calls = calls_file.read_text().count("\n")

    edit_between_publishes(site)
    removed = site / "Content/blog" / sorted(p.name for p in (site / "Content/blog").glob("*.md") if p.name != "ci-recipe-check.md" and not p.name.startswith("_"))[0]
    removed.unlink()
    run(build, site, environment)
    run(publish, site, environment)
    assert_bucket_is_the_site(bucket, site)
    calls = calls_file.read_text().splitlines()[first_calls:]
    # Only what changed went over the wire: far fewer calls than files.
    assert 0 < len(calls) < len(folder_files(site / "_site")) / 2, calls
    assert any(call.startswith("s3 rm ") for call in calls)


def test_the_github_actions_recipe_builds_strictly_and_publishes_only_changes(workspace):
    site, bucket, environment = workspace
    workflow = recipe("GitHub Actions")
    # PyYAML reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"push", "pull_request", "schedule"}
    steps = {step.get("name"): step for step in workflow["jobs"]["site"]["steps"]}
    assert "--strict" in steps["Build the site"]["run"] and "--manifest manifest.json" in steps["Build the site"]["run"]
    assert steps["Check external links"]["if"] == "github.event_name == 'schedule'"
    assert "pigment check --external --strict" in steps["Check external links"]["run"]
    assert steps["Publish"]["if"] == "github.event_name == 'push'"
    assert steps["Restore the last published output"]["with"]["path"] == "_site"
    publish_twice(site, bucket, environment, steps["Build the site"]["run"], steps["Publish"]["run"])


def test_the_gitlab_recipe_builds_strictly_and_publishes_only_changes(workspace):
    site, bucket, environment = workspace
    job = recipe("GitLab CI")["site"]
    assert job["cache"]["paths"] == ["_site/"]
    build, external, publish = job["script"]
    assert "--strict" in build and "--manifest manifest.json" in build
    assert '"$CI_PIPELINE_SOURCE" = "schedule"' in external and "pigment check --external --strict" in external
    environment = {**environment, "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main", "CI_PIPELINE_SOURCE": "push"}
    publish_twice(site, bucket, environment, build, publish)
    # On another branch, nothing is published.
    before = (bucket.parent / ".calls").read_text()
    run(publish, site, {**environment, "CI_COMMIT_BRANCH": "feature"})
    assert (bucket.parent / ".calls").read_text() == before
