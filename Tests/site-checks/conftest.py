"""Fixtures of the site checks: the site is built once, served once, and one headless
Chromium is shared by every browser test of the session.

Environment:
  PIGMENT_BIN   the pigment binary (default: <repo>/.build/debug/pigment)
  SITE_ROOT     the site to build (default: the repository; used to try the checks on
                a throwaway site)
  CI            when true, a part that cannot start (no binary, no browser, no Java)
                fails its tests; elsewhere it skips them, saying why
"""

from __future__ import annotations

import pytest

import harness
from harness import unavailable


def pytest_report_header(config):
    return [
        f"site root: {harness.SITE_ROOT}",
        f"pigment: {harness.PIGMENT_BIN}",
        f"CI: {harness.in_ci()} (a missing tool {'fails' if harness.in_ci() else 'skips'})",
    ]


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """`pigment build` of the repository's site into a temporary folder, run once:
    (output folder, None) or (None, the failure with pigment's stderr)."""
    output = tmp_path_factory.mktemp("site") / "out"
    try:
        harness.build_site(output)
    except harness.Unavailable as error:
        unavailable(str(error))
    except harness.BuildFailed as error:
        return None, error
    return output, None


@pytest.fixture(scope="session")
def site_dir(site_build):
    """The built site; every test that needs it fails when the build failed."""
    output, failure = site_build
    if failure:
        summary = str(failure).strip().splitlines()[-1]
        pytest.fail(f"the site did not build: {summary} "
                    f"(pigment's output is under test_the_site_builds)", pytrace=False)
    return output


@pytest.fixture(scope="session")
def server(site_dir):
    """The built site over HTTP on 127.0.0.1, on a port the system picks."""
    with harness.SiteServer(site_dir) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    try:
        driver = harness.start_chromium()
    except harness.Unavailable as error:
        unavailable(str(error))
    except Exception as error:  # a driver/browser that is there but does not start
        unavailable(f"headless Chromium did not start: {type(error).__name__}: {error}")
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def existing_page(server):
    """Check that a path is a real page of the built site before testing it."""

    def check(path: str) -> str:
        status = server.status(path)
        if status != 200:
            pytest.fail(
                f"GET {path} answered HTTP {status}: the built site has no such page "
                f"(is its Markdown in Content/ yet?)",
                pytrace=False,
            )
        return server.url(path)

    return check


@pytest.fixture(scope="session")
def consent_server(site_dir, tmp_path_factory):
    """The built site and the consent API from the real `pigment consent-server`."""
    database = tmp_path_factory.mktemp("consent") / "consents.sqlite"
    try:
        running = harness.ConsentServer(site_dir, database)
    except harness.Unavailable as error:
        unavailable(str(error))
    with running:
        yield running
