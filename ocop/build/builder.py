"""One build, start to end, with everything it knows kept here.

The MkDocs plugin reads as the story of a build because each of its hooks calls one step:

1. ``check``: discover, load, validate and model every record; any problem stops the build
   before anything is written, with the same messages as ``ocop check``;
2. MkDocs writes the narrative pages into ``scratch``, a private folder inside the store;
3. ``make``: photos, QR codes, search index and assets, every catalogue page, the other files,
   and MkDocs's own files: each one an object in the store, and the site a map of path → object;
4. ``publish``: the site folder becomes that map at one instant (see publish.py);
5. ``finish``: the store forgets what no recent build used.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import itertools
import logging
import os
import resource
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.model import Catalogue
from ..keys import code_key, content_key, pieces_digest
from ..store import Store
from ..workers import Workers
from . import cards, editions, epcis, exports, feeds, labels, outputs, qr, reuse, search, stats, trace
from .catalogue import Scan, documents, load_checked, records_key, scan_records
from .history import Dates, record_dates
from .pages import UNLISTED, Shown, describe_pages
from .photos import derive_all
from .publish import Publisher, Stats
from .render import Site, render_all
from .settings import Settings

log = logging.getLogger("mkdocs.plugins.ocop")

MKDOCS_SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")  # ours list every page; MkDocs's only its own


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # glibc's; elsewhere there is nothing to call
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


@dataclass
class Build:
    settings: Settings
    products_dir: Path
    today: dt.date
    store: Store = field(init=False)
    workers: Workers = field(init=False)
    catalogue: Catalogue | None = None
    scratch: Path | None = None
    files: dict[str, str] = field(default_factory=dict)  # site path → store object
    kept: int = 0  # pages taken from the store unrendered
    pages: int = 0  # the catalogue's pages
    timings: dict[str, float] = field(default_factory=dict)
    peaks: dict[str, int] = field(default_factory=dict)  # the build process's peak RSS after each stage, MB
    records: str = ""  # records_key of the catalogue: what every file made from all records is keyed by
    checked: reuse.Checked | None = None
    reused: bool = False  # the files of an earlier build with the very same inputs

    def __post_init__(self) -> None:
        self.store = Store(self.settings.cache_dir)
        # Forked before the catalogue is loaded: see workers.Workers for why it matters (1.2 GB → …).
        self.workers = Workers(self.settings.jobs or None).start()

    def _timed(self, name: str, started: float) -> None:
        """A stage's time and the peak so far; then the C library gives the system back the memory the
        stage let go. glibc keeps freed blocks for reuse, and those left between long-lived objects
        stay: after the check at 20,000 products, malloc_trim gave back 40 MB (248 → 208) in 11 ms."""
        if _TRIM is not None:
            _TRIM(0)
        self.timings[name] = time.monotonic() - started
        self.peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    def check(self) -> reuse.Checked:
        """Check every record (raises ProblemsFound). The very records, photos and documents of a
        check that passed before are not checked again, and no model is made until one is needed."""
        started = time.monotonic()
        self.store.begin()
        scan = scan_records(self.products_dir)
        dates = record_dates(self.products_dir)  # one git call for the whole tree; {} outside a checkout
        key = reuse.check_key(scan, self.today, dates)
        self.checked = reuse.checked(self.store, key) if key else None
        if self.checked is None:
            cat, read = self._model(scan, dates)
            assert key is not None  # the check passed: every file was read
            self.checked = reuse.remember_check(self.store, key, cat, read)
        self._timed("check", started)
        return self.checked

    def _model(self, scan: Scan | None = None, dates: Dates | None = None) -> tuple[Catalogue, dict[str, str | None]]:
        """The model, and the digests of the photos and documents its check read (none when it was
        made before). Made in ``check``, or in ``make`` when the check was reused but the files were
        not (a template changed)."""
        if self.catalogue is not None:
            return self.catalogue, {}
        self.catalogue, read = load_checked(self.products_dir, self.today, self.store, self.workers, scan, dates)
        self.records = records_key(self.catalogue)
        return self.catalogue, read

    def scratch_dir(self) -> Path:
        """Where MkDocs writes the narrative pages: private to this build, inside the store."""
        self.scratch = self.store.scratch("mkdocs")
        return self.scratch

    def make(self, narrative: list[str]) -> dict[str, str]:
        """Every file of the site, into the store. ``narrative`` are the pages MkDocs wrote into
        scratch. What a build with the very same inputs made is reused whole (reuse.py)."""
        assert self.checked is not None and self.scratch is not None
        started = time.monotonic()
        key = reuse.made_key(self.checked, self.settings, self.scratch, narrative)
        found = reuse.made(self.store, key)
        self.reused = found is not None
        if found is None:
            # The collector runs here: the model is frozen (catalogue.without_gc), so its passes are
            # short, and paused it kept every cycle the make left (20k: the linksets alone, 50 MB).
            assets = self._make(self._model()[0], self.scratch, narrative)
            found = reuse.Made(self.files, assets, self.pages)
            reuse.remember_made(self.store, key, found)
        else:
            self.files, self.kept = found.files, found.pages
        search.link_pages(self.scratch, narrative, found.assets)
        self._adopt(self.scratch)
        self._timed("make", started)
        return self.files

    def _make(self, cat: Catalogue, scratch: Path, narrative: list[str]) -> dict[str, str]:
        """Every file made from the records and the narrative pages' text; returns the asset names."""
        images = self._photos(cat)
        self._codes(cat)
        self._labels(cat)
        self._cards(cat, images)  # after _photos: it reads the img/ objects
        self._trace_files(cat)
        placeholders = stats.placeholder_products(cat, images, self.store)
        assets, data_assets, data = self._assets(cat, images, scratch, narrative)
        data.update(stats.stats_files(cat, placeholders, self.settings.site_url))
        sizes = self._open_data(cat, images, data)
        self._pages(cat, images, assets, data_assets, narrative, placeholders, sizes)
        self.files.update({path: self.store.put_object(blob) for path, blob in data.items()})
        return assets

    def _trace_files(self, cat: Catalogue) -> None:
        """The Digital Link linksets, the EPCIS documents and the redirect tables: made only when a
        record changed (at 20,000 products they took 7 s of a deploy build, made afresh each time)."""
        started = time.monotonic()
        s = self.settings

        def make() -> Iterator[tuple[str, bytes | list[bytes]]]:
            yield from trace.iter_linksets(cat, s.site_url)  # one at a time into the store: +129 MB at 20k if all
            yield from epcis.iter_epcis_files(cat, s.site_url)
            yield from trace.iter_redirect_files(cat, s.site_url)

        key = content_key(code_key("ocop.build.trace", "ocop.build.epcis"), s.site_url, self.records)
        made = self.store.files("trace-files", key, make)
        self.files.update({path: obj for path, (obj, _size) in made.items()})
        self._timed("trace files", started)

    def _open_data(self, cat: Catalogue, images: dict[str, Any], data: dict[str, bytes]) -> dict[str, int]:
        """The open-data files (into the store, cached by what they show) and the Atom feeds; returns
        the size of each, which the data page lists."""
        started = time.monotonic()
        s = self.settings
        made = exports.store_files(cat, s.site_url, self.store, images)
        self.files.update({path: obj for path, (obj, _size) in made.items()})
        news = feeds.feed_files(cat, s.site_url)
        data.update(news)
        self._timed("open data", started)
        return {**{path: size for path, (_obj, size) in made.items()}, **{p: len(b) for p, b in news.items()}}

    def _labels(self, cat: Catalogue) -> None:
        """Every printable product's and lot's label, as a PDF beside its page."""
        started = time.monotonic()
        s = self.settings
        self.files.update(labels.label_objects(cat, s.site_url, self.store, self.workers, s.jobs or None))
        self._timed("labels", started)

    def _cards(self, cat: Catalogue, images: dict[str, Any]) -> None:
        """The 1200×630 share card of every product (what Zalo and Facebook show)."""
        started = time.monotonic()
        s = self.settings
        self.files.update(cards.card_objects(cat, images, self.files, s.site_url, self.store, self.workers))
        self._timed("cards", started)

    def _photos(self, cat: Catalogue) -> dict[str, Any]:
        started = time.monotonic()
        sources = sorted({src for p in cat.products for src in p.images})
        images, img_files = derive_all(sources, self.store, self.settings.jobs or None, self.workers)
        self.files.update({f"img/{name}": obj for name, obj in img_files.items()})
        for doc, path in documents(cat):  # decisions and test reports, published under their SHA-256
            self.files[doc.href] = self.store.put_object(path.read_bytes())
        self._timed("photos", started)
        return images

    def _codes(self, cat: Catalogue) -> None:
        """The QR codes of every product and lot page, as PNG files beside their pages."""
        started = time.monotonic()
        s = self.settings
        urls = {p.url: qr.product_url(s.site_url, p.id) for p in cat.products}
        lot_urls = trace.lot_qr_urls(cat, s.site_url)
        urls.update({cat.lot_by_id[lid].url: url for lid, url in lot_urls.items()})
        pngs = qr.codes(list(urls.values()), self.store, s.jobs or None, self.workers)
        self.files.update({f"{folder}qr.png": pngs[url] for folder, url in urls.items()})
        self._timed("qr", started)

    def _assets(
        self, cat: Catalogue, images: dict[str, Any], scratch: Path, narrative: list[str]
    ) -> tuple[dict[str, str], tuple[str, ...], dict[str, bytes]]:
        started = time.monotonic()
        s = self.settings
        extra = search.index_files(cat, images, search.read_pages(scratch, narrative), outputs.hashed_name)
        assets, asset_files = outputs.asset_files(s.assets_dir, extra)
        data = {
            **asset_files,
            search.POINTER: search.pointer(assets),
            **outputs.schema_files(),
        }
        # ids.json lists every record with its status: made only when a record or the date changed (~0.7 s)
        key = content_key(code_key("ocop.build.outputs"), self.records)
        ids = self.store.files("ids", key, lambda: [("ids.json", outputs.ids_pieces(cat))])
        self.files.update({path: obj for path, (obj, _size) in ids.items()})
        self._timed("assets", started)
        return assets, tuple(sorted(extra)), data

    def _pages(
        self,
        cat: Catalogue,
        images: dict[str, Any],
        assets: dict[str, str],
        data_assets: tuple[str, ...],
        narrative: list[str],
        placeholders: Any,
        sizes: dict[str, int],
    ) -> None:
        started = time.monotonic()
        s = self.settings
        site = Site(
            name=s.site_name,
            url=s.site_url,
            demo_banner=s.demo_banner,
            build_date=cat.build_date.isoformat(),
            assets=assets,
            nav=s.nav,
            data_assets=data_assets,
            repo_url=s.repo_url,
        )
        shown = Shown(cat, images, s.site_url, self.store)

        def described() -> Any:  # described again for the English edition: one slice at a time, never all
            return itertools.chain(
                stats.with_province_figures(describe_pages(shown), shown, placeholders),
                trace.describe_trace_pages(shown),
                stats.describe_stats_pages(shown, placeholders),
                feeds.describe_data_pages(shown, sizes),
            )

        rendered = render_all(described(), shown, site, s.template_dirs, self.store, self.workers)
        english_started = time.monotonic()
        english_site = dataclasses.replace(site, language="en", name=editions.site_name(site.name, "en"))
        english = render_all(
            editions.twins(described()), shown, english_site, s.template_dirs, self.store, self.workers
        )
        self.timings["pages en"] = time.monotonic() - english_started  # a part of "pages"
        self.workers.close()  # their work is done: what they hold goes before the sitemaps are made
        self.files.update(rendered.pages + english.pages)
        self.kept = rendered.kept + english.kept
        self.pages = len(rendered.pages) + len(english.pages)
        self._timed("pages", started)
        if s.site_url:
            paths = [p for p, _ in rendered.pages + english.pages if p.removeprefix(editions.EN) not in UNLISTED]
            self._sitemaps(cat, paths, narrative)

    def _sitemaps(self, cat: Catalogue, pages: list[str], narrative: list[str]) -> None:
        """The sitemaps, made only when a page, a record's dates or the code changed: at 20,000
        products making them took ~1 s and 118 MB of every deploy build. The key holds the records'
        dates (records_key), so the pages' dates are worked out only when the sitemaps are made."""
        started = time.monotonic()
        url = self.settings.site_url
        listed = pieces_digest(f"{path}\n".encode() for path in pages + narrative)
        key = content_key(code_key("ocop.build.outputs", "ocop.build.editions"), url, listed, self.records)

        def make() -> Iterable[tuple[str, bytes]]:
            dates = editions.twin_dates(outputs.page_dates(cat))
            return outputs.sitemap_pieces(url, pages + narrative, dates, editions.alternates(pages)).items()

        made = self.store.files("sitemaps", key, make)
        self.files.update({path: obj for path, (obj, _size) in made.items()})
        self._timed("sitemaps", started)

    def _adopt(self, scratch: Path) -> None:
        """MkDocs's narrative pages and theme files taken into the store."""
        started = time.monotonic()
        store, files = self.store, self.files
        for folder, _dirs, names in os.walk(scratch):
            for name in names:
                path = Path(folder) / name
                rel = path.relative_to(scratch).as_posix()
                if rel in files or rel in MKDOCS_SITEMAPS:
                    path.unlink()  # ours wins (the sitemaps)
                else:
                    files[rel] = store.adopt(path)
        shutil.rmtree(scratch, ignore_errors=True)
        self.scratch = None
        self._timed("narrative", started)

    def publish(self, final: Path) -> Stats:
        """Make ``final`` hold this build's files, at one instant, holding the site's lock."""
        started = time.monotonic()
        publisher = Publisher(final, self.store)
        with publisher.locked():
            stats = publisher.publish(self.files)
        self._timed("publish", started)
        return stats

    def finish(self) -> None:
        self.workers.close()
        self.store.finish(self.files.values(), whole=not self.reused)
        self.store.close()

    def abandon(self) -> None:
        """A failed build: its scratch folder goes; the site was never touched."""
        self.workers.terminate()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
        self.store.close()
