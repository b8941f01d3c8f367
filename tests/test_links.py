"""Output fit for any static host: every internal link resolves, at a domain root and under a sub-path."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from conftest import SAMPLE_CACHE, StaticServer, mkdocs_build


class Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        if d.get("id"):
            self.ids.add(d["id"] or "")
        for name in ("href", "src"):
            if d.get(name) and not (tag == "link" and d.get("rel") in ("canonical", "alternate")):
                self.refs.append(d[name] or "")
        for name in ("srcset",):
            for part in (d.get(name) or "").split(","):
                if part.strip():
                    self.refs.append(part.strip().split(" ")[0])
        if tag == "form" and d.get("action"):
            self.refs.append(d["action"] or "")


def resolve(site: Path, page: Path, ref: str, prefix: str = "/") -> Path | None:
    """The file a relative reference leads to, or None for references that leave the site.

    Only the 404 page may use absolute paths (MkDocs writes them from site_url's path, since
    a host serves that page at any depth); they must start with the site's own prefix."""
    target, _fragment = urldefrag(ref)
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or target.startswith(("mailto:", "tel:")):
        return None
    if not target:
        return page
    if target.startswith("/"):
        assert page.name == "404.html" and target.startswith(prefix), f"{page}: absolute path {ref!r}"
        path = (site / unquote(parsed.path)[len(prefix) :]).resolve()
    else:
        path = (page.parent / unquote(parsed.path)).resolve()
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def broken_links(site: Path, prefix: str = "/") -> list[str]:
    site = site.resolve()
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.refs:
            target = resolve(site, page, ref, prefix)
            if target is None:
                continue
            if not str(target).startswith(str(site)):
                broken.append(f"{page.relative_to(site)}: {ref} leaves the site")
            elif not target.is_file():
                broken.append(f"{page.relative_to(site)}: {ref}")
    return broken


def test_every_internal_link_resolves(sample_site: Path) -> None:
    assert broken_links(sample_site) == []
    assert len(list(sample_site.rglob("*.html"))) > 100


def test_sitemap_lists_every_page(sample_site: Path) -> None:
    text = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://ocop-demo.example/p/hn-001/" in text
    assert "https://ocop-demo.example/gioi-thieu/" in text
    assert text.count("<loc>") == len(list(sample_site.rglob("index.html")))


class SubPathServer(StaticServer):
    """Serves the site under /ocop/, as GitHub Pages serves a project site."""


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("subpath")
    site = root / "www" / "ocop"
    result = mkdocs_build(site, cache=SAMPLE_CACHE, OCOP_SITE_URL="https://example.github.io/ocop/")
    assert result.returncode == 0, result.stderr
    return site


def test_the_site_works_under_a_sub_path(browser, subpath_site: Path) -> None:
    import io

    import zxingcpp
    from PIL import Image

    assert broken_links(subpath_site, "/ocop/") == []
    code = zxingcpp.read_barcodes(Image.open(io.BytesIO((subpath_site / "p" / "hn-001" / "qr.png").read_bytes())))
    assert [c.text for c in code] == ["https://example.github.io/ocop/p/hn-001/"]
    server = StaticServer(subpath_site.parent)  # the host root is one level up: the site lives at /ocop/
    try:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        for path in ("ocop/", "ocop/p/hn-001/", "ocop/san-pham/", "ocop/gioi-thieu/"):
            page.goto(server.url + path, wait_until="networkidle")
        # Follow links as a visitor: home → a province → a product.
        page.goto(server.url + "ocop/", wait_until="networkidle")
        page.locator("main a[href^='tinh/'], main a[href^='./tinh/']").first.click()
        page.wait_for_load_state("networkidle")
        page.locator("a[href^='../../p/']").first.click()
        page.wait_for_load_state("networkidle")
        assert "/ocop/p/" in page.url
        assert failed == []
        context.close()
    finally:
        server.close()
