#!/usr/bin/env python3
"""Make the site's PNG images from its own artwork, once, in headless Chromium:

    python3 Tests/site-checks/make_share_images.py

writes (and the repository commits)
    public/images/share.png       1200 x 630, the default picture of a shared link (og:image)
    public/apple-touch-icon.png   180 x 180, the logo on paper (iOS draws no transparency)
    public/favicon-32.png         32 x 32, the logo, transparent, for browsers without SVG icons
    public/favicon-192.png        192 x 192, the same, for Android's home screen

The artwork is the site's own: the logo (public/favicon.svg), the hero illustration
(Templates/partials/hero-art.mustache) and the colours and type of public/css/site.css, so
the images follow them when rerun. Nothing is downloaded; the text is drawn in the fonts this
machine has (the site's stacks). Run it again after changing the artwork and commit the PNGs.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import harness

PUBLIC = harness.REPO / "public"
CSS = (PUBLIC / "css/site.css").as_uri()
LOGO = (PUBLIC / "favicon.svg").read_text()
HERO_ART = (harness.REPO / "Templates/partials/hero-art.mustache").read_text()
TITLE = "Pigment Studio"
TAGLINE = "Restyle any image with AI, in seconds."  # site.yml's description

SHARE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="{CSS}">
<style>
  html, body {{ margin: 0; width: 1200px; height: 630px; overflow: hidden; }}
  body {{ display: grid; grid-template-columns: 560px 1fr; align-items: center; gap: 40px; padding: 0 72px;
         box-sizing: border-box; min-height: 0;
         background: radial-gradient(640px 440px at 92% 8%, var(--wash-1), transparent 70%),
                     radial-gradient(520px 380px at 6% 100%, var(--wash-3), transparent 70%),
                     radial-gradient(460px 340px at 55% 60%, var(--wash-2), transparent 70%), var(--bg); }}
  .brand {{ font-size: 34px; gap: 16px; }}
  .brand svg {{ width: 56px; height: 56px; }}
  h1 {{ margin: 56px 0 0; font-size: 64px; line-height: 1.08; letter-spacing: -.02em; }}
  h1::after {{ content: ""; display: block; width: 120px; height: 8px; margin-top: 28px; border-radius: 999px;
              background: linear-gradient(90deg, var(--pigment-1) 0 40%, var(--pigment-2) 40% 72%, var(--pigment-3) 72%); }}
  .art svg {{ width: 100%; height: auto; }}
</style></head><body>
<div><p class="brand">{LOGO}<span>{TITLE}</span></p><h1>{TAGLINE}</h1></div>
<div class="art">{HERO_ART}</div>
</body></html>"""


def icon(size: int, background: str | None) -> str:
    """The logo centred on SIZE px, on BACKGROUND (or transparent), with a margin when filled."""
    inset = round(size * 0.14) if background else 0
    fill = f"background: {background};" if background else "background: transparent;"
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; width: {size}px; height: {size}px; overflow: hidden; {fill} }}
  svg {{ display: block; width: {size - 2 * inset}px; height: {size - 2 * inset}px; margin: {inset}px; }}
</style></head><body>{LOGO}</body></html>"""


def render(driver, html: str, width: int, height: int, out: Path, transparent: bool = False) -> None:
    page = out.with_suffix(".render.html")
    page.write_text(html)
    try:
        harness.set_viewport(driver, width, height, False)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
        driver.execute_cdp_cmd("Emulation.setDefaultBackgroundColorOverride",
                               {"color": {"r": 0, "g": 0, "b": 0, "a": 0}} if transparent else {})
        driver.get(page.as_uri())
        driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    finally:
        page.unlink()
        harness.reset_viewport(driver)
    out.write_bytes(base64.b64decode(shot["data"]))
    assert harness.png_size(out.read_bytes()) == (width, height), out
    print(f"{out.relative_to(harness.REPO)}  {width} x {height}")


def main() -> int:
    driver = harness.start_chromium()
    try:
        render(driver, SHARE, 1200, 630, PUBLIC / "images/share.png")
        render(driver, icon(180, "#fbf8f3"), 180, 180, PUBLIC / "apple-touch-icon.png")
        render(driver, icon(32, None), 32, 32, PUBLIC / "favicon-32.png", transparent=True)
        render(driver, icon(192, None), 192, 192, PUBLIC / "favicon-192.png", transparent=True)
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
