"""What changed, and when: record dates from git history, Atom feeds, the product page's "last updated",
and the sitemap's lastmod and limits.

History is read from real git repositories made here, with commit dates set by hand. Feeds are parsed
with feedparser, a real feed reader. Pages are rendered the way the build renders them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gzip
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from conftest import REPO, SAMPLE_CACHE, SAMPLE_SITE, TODAY, write_catalogue

from ocop.build import feeds, history, outputs
from ocop.build.catalogue import load_catalogue
from ocop.build.pages import CONTEXTS, Shown, describe_pages
from ocop.build.render import make_env, render_page
from ocop.domain.model import Catalogue
from ocop.store import Store

SITE_URL = "https://ocop-demo.example/"
PRODUCTS = REPO / "products"
SITE = SAMPLE_SITE  # the sample's site settings, as the pages' templates see them
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@functools.cache
def sample(day: str = TODAY) -> Catalogue:
    return load_catalogue(PRODUCTS, dt.date.fromisoformat(day))


# --- history --------------------------------------------------------------------------------------


def git(folder: Path, *args: str, when: str = "2026-01-01T00:00:00+00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Cán bộ",
        "GIT_AUTHOR_EMAIL": "can-bo@example.vn",
        "GIT_COMMITTER_NAME": "Cán bộ",
        "GIT_COMMITTER_EMAIL": "can-bo@example.vn",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, capture_output=True)


def test_parse_log_takes_the_oldest_and_newest_commit_of_each_file() -> None:
    # Three commits, newest first, as git prints them; 1767200400 is 2025-12-31 17:00 UTC, 2026-01-01 in Vietnam.
    log = "\x1e1767300000 b\0\na.yml\0b.yml\0\x1e1767200400 a\0\na.yml\0\x1e1767000000 \0\na.yml\0c.yml\0"
    dates = history.parse_log(log)
    assert dates["a.yml"] == (dt.date(2025, 12, 29), dt.date(2026, 1, 2))
    assert dates["b.yml"] == (dt.date(2026, 1, 2), dt.date(2026, 1, 2))
    assert history.parse_log("\x1e1767200400 x\0\na.yml\0")["a.yml"][1] == dt.date(2026, 1, 1)
    # In a shallow clone the parentless commit is the clone's edge, not the files' birth: it says nothing.
    shallow = history.parse_log(log, shallow=True)
    assert "c.yml" not in shallow and shallow["a.yml"] == (None, dt.date(2026, 1, 2))


def test_record_dates_come_from_one_git_log_for_the_whole_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    products = write_catalogue(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "một", when="2026-02-01T20:00:00+00:00")  # 02/02 in Vietnam
    record = products / "ha-noi" / "san-pham" / "hn-001.yml"
    record.write_text(record.read_text(encoding="utf-8") + "packaging: Hộp giấy\n", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "hai", when="2026-03-05T01:00:00+00:00")
    record.write_text(record.read_text(encoding="utf-8") + "shelf_life: 12 tháng\n", encoding="utf-8")  # not committed
    for i in range(20):  # many more files: still the same number of git calls
        (products / "ha-noi" / "san-pham" / "anh" / f"x{i}.txt").write_text("x")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "ba", when="2026-04-01T00:00:00+00:00")
    calls = []
    real = subprocess.run
    monkeypatch.setattr(history.subprocess, "run", lambda *a, **k: calls.append(a) or real(*a, **k))
    dates = history.record_dates(products)
    assert len(calls) == 2  # rev-parse (a checkout? shallow?) and one log
    assert dates["ha-noi/chu-the/hn-htx-test.yml"] == (dt.date(2026, 2, 2), dt.date(2026, 2, 2))
    # Committed in "ba" together with the pictures: its last commit.
    assert dates["ha-noi/san-pham/hn-001.yml"] == (dt.date(2026, 2, 2), dt.date(2026, 4, 1))


def test_uncommitted_and_untracked_records(tmp_path: Path) -> None:
    products = write_catalogue(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "một", when="2026-02-01T00:00:00+00:00")
    record = products / "ha-noi" / "san-pham" / "hn-001.yml"
    record.write_text(record.read_text(encoding="utf-8") + "packaging: Hộp giấy\n", encoding="utf-8")
    second = record.with_name("hn-002.yml")
    second.write_text(record.read_text(encoding="utf-8").replace("hn-001", "hn-002"), encoding="utf-8")
    cat = load_catalogue(products, dt.date.fromisoformat(TODAY))
    first, new = cat.products
    # A changed but uncommitted file keeps its last commit's day: the clock never enters.
    assert (first.created, first.updated) == (dt.date(2026, 2, 1), dt.date(2026, 2, 1))
    # A file git has never seen has its certificate's date.
    assert (new.created, new.updated) == (new.certificate.date, new.certificate.date)


def test_without_git_or_outside_a_checkout_the_record_dates_stand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    products = write_catalogue(tmp_path)
    assert history.record_dates(products) == {}
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "một")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert history.record_dates(products) == {}


def test_sample_records_carry_their_dates() -> None:
    for p in sample().products:
        assert p.created is not None and p.updated is not None and p.created <= p.updated
    for lot in sample().lots:
        assert lot.created is not None and lot.updated is not None


# --- feeds ----------------------------------------------------------------------------------------


def parsed(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_the_national_feed_parses_and_says_what_changed() -> None:
    cat = sample()
    files = feeds.feed_files(cat, SITE_URL)
    feed = parsed(files[feeds.NATIONAL])
    assert feed.feed.title == "Sản phẩm OCOP: thay đổi mới nhất"
    assert feed.feed.links[0].href == SITE_URL + feeds.NATIONAL and feed.feed.links[0].rel == "self"
    assert feed.feed.rights.endswith("CC BY 4.0")
    entries = feed.entries
    assert 0 < len(entries) <= feeds.LIMIT
    ids = [e.id for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:ocop-demo.example,2026:") for i in ids)
    days = [e.updated_parsed for e in entries]
    assert days == sorted(days, reverse=True)  # newest first
    assert feed.feed.updated == entries[0].updated  # the newest entry's day, not the clock
    kinds = {e.tags[0].term for e in entries}
    assert kinds == {"new", "changed", "withdrawn", "recalled", "expired"}
    withdrawn = {p.id for p in cat.products if p.withdrawal}
    assert {e.link.split("/")[-2] for e in entries if e.tags[0].term == "withdrawn"} == withdrawn
    recalled = {lot.id for lot in cat.lots if lot.recalled}
    assert {e.link.split("/")[-2] for e in entries if e.tags[0].term == "recalled"} == recalled
    expired = {p.id for p in cat.products if p.status == "expired"}
    assert {e.link.split("/")[-2] for e in entries if e.tags[0].term == "expired"} == expired


def test_each_province_has_its_feed_with_only_its_own_events() -> None:
    cat = sample()
    files = feeds.feed_files(cat, SITE_URL)
    assert set(files) == {feeds.NATIONAL} | {f"nguon-tin/{pv.slug}.xml" for pv, _ in cat.provinces()}
    for province, products in cat.provinces():
        feed = parsed(files[f"nguon-tin/{province.slug}.xml"])
        own = {SITE_URL + p.url for p in products} | {
            SITE_URL + lot.url for p in products for lot in cat.lots_by_product.get(p.id, ())
        }
        assert feed.entries and {e.link for e in feed.entries} <= own
        assert feed.feed.link == SITE_URL + f"tinh/{province.slug}/"


def test_entry_ids_never_change() -> None:
    """The same records give the same bytes; a later build date keeps every id it still shows and
    only adds certificates that expired meanwhile."""
    now = feeds.feed_files(sample(), SITE_URL)
    assert feeds.feed_files(sample(), SITE_URL) == now
    later = (dt.date.fromisoformat(TODAY) + dt.timedelta(days=400)).isoformat()
    before = {e.key: e for e in feeds.events(sample())}
    after = {e.key: e for e in feeds.events(sample(later))}
    assert set(before) <= set(after)
    assert {k for k in set(after) - set(before)} == {k for k in after if after[k].kind == "expired"} - set(before)
    assert all(after[k] == before[k] for k in before)


def test_a_feed_needs_the_site_address() -> None:
    assert feeds.feed_files(sample(), "") == {}
    on_a_path = feeds.feed_files(sample(), "https://so.example.gov.vn/ocop/")
    assert b"<id>tag:so.example.gov.vn,2026:ocop/p/" in on_a_path[feeds.NATIONAL]


def test_feed_limit() -> None:
    many = [
        feeds.Event(dt.date(2026, 1, 1) + dt.timedelta(days=i), "new", f"p/x-{i}/new", "t", "s", "p/x/", "ha-noi")
        for i in range(feeds.LIMIT + 50)
    ]
    many.reverse()
    data = feeds.feed_bytes(SITE_URL, feeds.NATIONAL, "T", "", many, dt.date(2026, 1, 1))
    feed = parsed(data)
    assert len(feed.entries) == feeds.LIMIT and feed.entries[0].id.endswith(f"p/x-{feeds.LIMIT + 49}/new")


# --- pages ----------------------------------------------------------------------------------------


@functools.cache
def pages() -> dict[str, str]:
    shown = Shown(sample(), {}, SITE_URL, Store(SAMPLE_CACHE))
    env = make_env([REPO / "theme" / "catalogue"])
    wanted = [p for p in describe_pages(shown) if p.kind in ("product", "list", "home")]
    return {p.path: render_page(env, SITE, p, CONTEXTS[p.kind](shown, p)).decode() for p in shown.prepare(wanted)}


FEED_LINK = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">')


def test_pages_link_the_feeds() -> None:
    html = pages()
    assert FEED_LINK.findall(html["index.html"]) == ["./nguon-tin/atom.xml"]
    assert FEED_LINK.findall(html["p/hn-001/index.html"]) == ["../../nguon-tin/atom.xml"]
    assert FEED_LINK.findall(html["tinh/ha-noi/index.html"]) == [
        "../../nguon-tin/atom.xml",
        "../../nguon-tin/ha-noi.xml",
    ]
    assert FEED_LINK.findall(html["sao/5/index.html"]) == ["../../nguon-tin/atom.xml"]


def test_product_page_says_when_it_was_last_updated() -> None:
    html = pages()
    for p in sample().products:
        assert p.updated is not None
        shown = f'<dt>Cập nhật lần cuối</dt><dd><time datetime="{p.updated}">{p.updated:%d/%m/%Y}</time></dd>'
        assert shown in html[f"{p.url}index.html"]


# --- sitemap --------------------------------------------------------------------------------------


def test_sitemap_gives_product_and_lot_pages_their_lastmod() -> None:
    cat = sample()
    dates = outputs.page_dates(cat)
    assert len(dates) == len(cat.products) + len(cat.lots)
    files = outputs.sitemap_files(SITE_URL, ["index.html", *dates], dates)
    root = ET.fromstring(files["sitemap.xml"])
    found = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    assert found[SITE_URL] is None  # no date is better than a date that moves every night
    for p in cat.products:
        assert found[SITE_URL + p.url] == str(p.updated)


def test_sitemap_index_stays_within_the_limits_at_100000_urls() -> None:
    paths = [f"p/x-{i:06d}/index.html" for i in range(100_000)]
    lastmod = {path: dt.date(2026, 1, 1) + dt.timedelta(days=i % 300) for i, path in enumerate(paths)}
    files = outputs.sitemap_files(SITE_URL, paths, lastmod)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml", "sitemap.xml.gz"]
    seen = []
    for name in ("sitemap-1.xml", "sitemap-2.xml"):
        data = files[name]
        assert len(data) <= 50 * 1024 * 1024
        urls = ET.fromstring(data)
        assert len(urls) <= 50_000
        seen += [u.findtext(f"{SITEMAP}loc") for u in urls]
    assert seen == sorted(SITE_URL + p.removesuffix("index.html") for p in paths)
    index = ET.fromstring(files["sitemap.xml"])
    assert [s.findtext(f"{SITEMAP}loc") for s in index] == [SITE_URL + "sitemap-1.xml", SITE_URL + "sitemap-2.xml"]
    assert all(s.findtext(f"{SITEMAP}lastmod") == str(max(lastmod.values())) for s in index)


def test_sitemap_splits_by_size_too() -> None:
    paths = [f"p/{'x' * 200}-{i}/index.html" for i in range(1_000)]
    files = {name: b"".join(pieces) for name, pieces in outputs.sitemap(SITE_URL, paths, max_bytes=20_000).items()}
    parts = [name for name in files if name != "sitemap.xml"]
    assert len(parts) > 10
    assert all(len(files[name]) <= 20_000 for name in parts)
    assert sum(len(ET.fromstring(files[name])) for name in parts) == 1_000


def test_the_compressed_sitemap_is_gzip_of_the_sitemap_byte_for_byte() -> None:
    """Compressed a piece at a time, it is what gzip.compress gives for the whole: the same bytes,
    however the pieces are cut."""
    paths = [f"p/x-{i:06d}/index.html" for i in range(3_000)]
    files = outputs.sitemap_files(SITE_URL, paths)
    assert files["sitemap.xml.gz"] == gzip.compress(files["sitemap.xml"], compresslevel=9, mtime=0)
    data = files["sitemap.xml"]
    for size in (1, 1000, len(data)):
        pieces = [data[i : i + size] for i in range(0, len(data), size)]
        assert b"".join(outputs.gzip_pieces(pieces)) == gzip.compress(data, compresslevel=9, mtime=0)
    assert b"".join(outputs.gzip_pieces([])) == gzip.compress(b"", compresslevel=9, mtime=0)


def test_sample_page_dates_match_the_model() -> None:
    cat = sample()
    dates = outputs.page_dates(cat)
    assert all(dates[f"{lot.url}index.html"] == lot.updated for lot in cat.lots)
    assert dataclasses.fields(type(cat.products[0]))[-1].name == "updated"
