#!/usr/bin/env python3
"""Take the site's screenshots by hand, the way test_screenshots.py does:

    python3 Tests/site-checks/screenshots.py               # build the repository's site
    python3 Tests/site-checks/screenshots.py --site _site  # or use a built folder
    python3 Tests/site-checks/screenshots.py /pricing/ /about/ --width 768

Full-height PNGs at each width in light and dark land in .artifacts/screenshots/.
Exit status 1 when a page overflows sideways at a width of 390 px or less, or the build
fails. PIGMENT_BIN and SITE_ROOT work as for the tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import harness


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=harness.SCREENSHOT_PAGES,
                        help="site paths to shoot (default: %(default)s)")
    parser.add_argument("--width", type=int, action="append", dest="widths",
                        help="viewport width in CSS px, repeatable (default: 390 and 1280)")
    parser.add_argument("--scheme", choices=harness.COLOR_SCHEMES, action="append",
                        dest="schemes", help="colour scheme, repeatable (default: both)")
    parser.add_argument("--site", type=Path, help="serve this built folder instead of building")
    parser.add_argument("--out", type=Path, default=harness.SCREENSHOT_DIR,
                        help="where the PNGs go (default: %(default)s)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pigment-shots-") as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            try:
                harness.build_site(site)
            except (harness.Unavailable, harness.BuildFailed) as error:
                print(error, file=sys.stderr)
                return 1

        overflowing = 0
        driver = harness.start_chromium()
        try:
            with harness.SiteServer(site) as server:
                for path in args.paths:
                    if (status := server.status(path)) != 200:
                        print(f"{path}: HTTP {status}: no such page in the built site", file=sys.stderr)
                        overflowing += 1
                        continue
                    for width in args.widths or harness.SCREENSHOT_WIDTHS:
                        for scheme in args.schemes or harness.COLOR_SCHEMES:
                            file, scroll_width = harness.take_screenshot(
                                driver, server, path, width, scheme, args.out)
                            note = ""
                            if width <= 390 and scroll_width > width:
                                note = f"  OVERFLOW: scrollWidth {scroll_width}"
                                overflowing += 1
                            print(f"{file}{note}")
        finally:
            driver.quit()
    return 1 if overflowing else 0


if __name__ == "__main__":
    sys.exit(main())
