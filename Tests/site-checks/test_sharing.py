"""A shared link shows a preview: every page carries OpenGraph and Twitter card meta from its own
title and description with absolute URLs, the default share picture and the PNG icons exist at
their sizes, and the JSON-LD (Organization on the home page, Article on posts) parses and cannot
be broken out of by a hostile title. That the meta is valid HTML is test_html_valid.py's part."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import harness
from test_policy_versions import copy_site

BASE_URL = "https://pigmentstudio.com/"  # Content/site.yml's baseURL
SHARE_IMAGE = "images/share.png"
ICONS = {"favicon-32.png": 32, "favicon-192.png": 192, "apple-touch-icon.png": 180}


class Head(HTMLParser):
    """The parts of a page that a link preview and a search engine read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.json_ld: list[str] = []
        self.scripts = 0
        self.title = ""
        self.h1 = ""
        self._in = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("property") or attributes.get("name")):
            self.meta[attributes.get("property") or attributes["name"]] = attributes.get("content", "")
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "script":
            self.scripts += 1
            self._in = "json-ld" if attributes.get("type") == "application/ld+json" else None
            if self._in:
                self.json_ld.append("")
        elif tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag in ("script", "title", "h1"):
            self._in = None

    def handle_data(self, data):
        if self._in == "json-ld":
            self.json_ld[-1] += data
        elif self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data


def read_head(file: Path) -> Head:
    head = Head()
    head.feed(file.read_text())
    return head


def pages(site: Path) -> dict[str, Head]:
    """Every page of the build (alias redirects, which only point elsewhere, left out)."""
    found = {}
    for file in harness.html_files(site):
        head = read_head(file)
        if head.meta.get("refresh") is None and 'http-equiv="refresh"' not in file.read_text():
            found[file.relative_to(site).as_posix()] = head
    return found


def is_post(name: str) -> bool:
    return name.startswith("blog/") and name != "blog/index.html"


def test_every_page_has_opengraph_and_twitter_meta_from_its_own_title(site_dir):
    built = pages(site_dir)
    assert len(built) >= 20, f"only {len(built)} pages found"
    problems = []
    for name, head in built.items():
        meta = head.meta
        canonical = next((link["href"] for link in head.links if link.get("rel") == "canonical"), None)
        wanted = {
            "og:site_name": "Pigment Studio",
            "og:type": "article" if is_post(name) else "website",
            "og:url": canonical,
            "og:image": BASE_URL + SHARE_IMAGE,
            "twitter:card": "summary_large_image",
            "twitter:image": BASE_URL + SHARE_IMAGE,
            "twitter:title": meta.get("og:title"),
            "twitter:description": meta.get("og:description"),
        }
        for key, value in wanted.items():
            if meta.get(key) != value:
                problems.append(f"{name}: {key} is {meta.get(key)!r}, expected {value!r}")
        if not meta.get("og:title") or meta["og:title"] != " ".join(head.h1.split()):
            problems.append(f"{name}: og:title {meta.get('og:title')!r} is not the page's title (its h1) {head.h1!r}")
        if "description" in meta and meta.get("og:description") != meta["description"]:
            problems.append(f"{name}: og:description differs from the page's description")
        if not meta.get("og:description"):
            problems.append(f"{name}: no og:description")
        if not (canonical or "").startswith(BASE_URL):
            problems.append(f"{name}: og:url/canonical {canonical!r} is not absolute under {BASE_URL}")
    assert not problems, "\n".join(problems)


def test_the_share_picture_and_icons_are_pngs_of_their_sizes(site_dir):
    size = harness.png_size((site_dir / SHARE_IMAGE).read_bytes())
    assert size == (1200, 630), f"{SHARE_IMAGE} is {size}"
    for name, side in ICONS.items():
        assert harness.png_size((site_dir / name).read_bytes()) == (side, side), name
    head = read_head(site_dir / "index.html")
    linked = {(link.get("rel"), link.get("href")) for link in head.links}
    for wanted in [("icon", "/favicon.svg"), ("icon", "/favicon-32.png"), ("icon", "/favicon-192.png"),
                   ("apple-touch-icon", "/apple-touch-icon.png")]:
        assert wanted in linked, f"no <link rel={wanted[0]} href={wanted[1]}>"


def json_ld(head: Head) -> list[dict]:
    return [json.loads(block) for block in head.json_ld]


def test_json_ld_parses_on_every_page(site_dir):
    for name, head in pages(site_dir).items():
        for block in head.json_ld:
            try:
                json.loads(block)
            except json.JSONDecodeError as error:
                pytest.fail(f"{name}: its JSON-LD does not parse ({error}):\n{block}", pytrace=False)


def test_the_home_page_describes_the_organization(site_dir):
    [organization] = json_ld(read_head(site_dir / "index.html"))
    assert organization["@context"] == "https://schema.org" and organization["@type"] == "Organization"
    assert organization["name"] == "Pigment Studio" and organization["url"] == BASE_URL
    assert organization["logo"].startswith(BASE_URL)


def test_every_post_is_an_article_and_nothing_else_is(site_dir):
    posts = 0
    for name, head in pages(site_dir).items():
        articles = [block for block in json_ld(head) if block.get("@type") == "Article"]
        if not is_post(name):
            assert not articles, f"{name} is not a post but declares an Article"
            continue
        posts += 1
        assert len(articles) == 1, f"{name}: {len(articles)} Article blocks"
        article = articles[0]
        assert article["headline"] == head.h1.strip() == head.meta["og:title"], (name, article["headline"], head.h1)
        assert article["datePublished"] == head.meta["article:published_time"], name
        assert article["mainEntityOfPage"] == head.meta["og:url"], name
        assert article["publisher"]["@type"] == "Organization" and article["author"]["name"], name
    assert posts >= 3, f"only {posts} posts checked"


HOSTILE = "Break </script><script>alert(1)</script> <!-- \"quoted\" & 'single'"


def build_with_post(tmp_path: Path, title_yaml: str) -> Head:
    """A throwaway copy of the site with one more post, built; the post's head."""
    root = copy_site(tmp_path / "site")
    (root / "Content/blog/hostile.md").write_text(
        f"---\ntitle: {title_yaml}\ndescription: A post to test escaping.\ndate: 2026-06-01\nupdated: 2026-06-03\n"
        f"author: Ada Lovelace\n---\n\nText.\n")
    try:
        harness.build_site(tmp_path / "out", root=root)
    except harness.Unavailable as error:
        harness.unavailable(str(error))
    return read_head(tmp_path / "out/blog/hostile/index.html")


def test_a_hostile_title_cannot_break_out_of_the_json_ld(tmp_path):
    head = build_with_post(tmp_path, "'" + HOSTILE.replace("'", "''") + "'")
    normal = read_head(tmp_path / "out/blog/pigment-studio-is-open/index.html")
    [block] = head.json_ld
    assert "</script" not in block.lower() and "<!--" not in block, block
    assert head.scripts == normal.scripts, \
        f"the title changed the page's scripts: {head.scripts} script elements, a normal post has {normal.scripts}"
    assert "<script>alert" not in (tmp_path / "out/blog/hostile/index.html").read_text()
    [article] = [json.loads(block)]
    assert article["@type"] == "Article" and article["headline"] == HOSTILE, "the headline is the title exactly, no entities"
    assert article["description"] == "A post to test escaping."
    assert article["author"] == {"@type": "Person", "name": "Ada Lovelace"}, "front matter's author: is the Article's author"
    assert (article["datePublished"], article["dateModified"]) == ("2026-06-01", "2026-06-03")
    assert head.meta["og:title"] == HOSTILE, "the meta must carry the title exactly (attribute escaping)"


def test_a_title_with_a_backslash_still_gives_valid_json_ld(tmp_path):
    head = build_with_post(tmp_path, "'Paths like C:\\ and a trailing backslash\\'")
    [block] = head.json_ld
    assert json.loads(block)["headline"] == "Paths like C:\\ and a trailing backslash\\"
