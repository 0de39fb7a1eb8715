"""The repository's site builds: `pigment build --root <repo> --output <tmp>` exits 0."""

import pytest


def test_the_site_builds(site_build):
    output, failure = site_build
    if failure:
        pytest.fail(str(failure), pytrace=False)
    assert (output / "index.html").is_file(), f"the build wrote no index.html into {output}"
