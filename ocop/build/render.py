"""Rendering catalogue pages straight from Jinja templates in ``theme/catalogue/``: bytes, kept in the store.

Pages come described (``pages.py``), a slice at a time, so no more than a slice of contexts is
alive at once. A page whose key (its template, the site's settings and templates, the code, and
the content hashes of what it shows) is in the store with its object intact is not rendered
again: a build into an empty ``site/`` renders only what changed since any earlier build.
The rest are rendered by forked workers, which write each page into the store and return only
its name.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..domain.model import ALL_GROUPS, EXPIRING_DAYS, STATUS_LABELS
from ..domain.schema import SHOP_KINDS
from ..keys import code_key, content_key, folder_key
from ..store import Store
from ..workers import Workers
from . import editions, jsonld
from .feeds import DATA_CONTEXTS
from .labels import printable
from .pages import CONTEXTS, Page, Shown, page_suffix
from .stats import STATS_CONTEXTS
from .trace import TRACE_CONTEXTS

PARALLEL_THRESHOLD = 400  # below this many pages, starting worker processes costs more than it saves
SLICE = 500  # pages described, keyed and rendered at a time: what bounds a build's memory (2,000 at 20k: +33 MB, +76 for the lists)
NAMESPACE = "page"  # page key → the store object holding the page


@dataclass(frozen=True)
class Site:
    """Site-wide settings and facts every page needs."""

    name: str
    url: str  # absolute, ends with "/"; "" when not configured
    demo_banner: bool
    build_date: str  # ISO date the statuses were computed for
    assets: dict[str, str]  # logical name ("ocop.css") -> hashed file path under the site root
    nav: tuple[tuple[str, str], ...] = ()  # narrative pages: (title, path under the root)
    # Assets made from the data (the product list, the search index): only pages that are always
    # rendered may refer to them, so a data change does not change every page's key.
    data_assets: tuple[str, ...] = ()
    language: str = "vi"
    repo_url: str = ""  # the project's repository (settings.repo_address): its issue form takes reports


def stars_text(n: int) -> str:
    return "★" * n


def vnd(amount: int | None) -> str:
    """150000 → "150.000 ₫", as prices are written in Vietnam."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " ₫"


def vi_date(value: Any) -> str:
    """2024-05-31 → 31/05/2024; also for 2024-05 and 2024."""
    text = str(value)
    parts = text.split("-")
    return "/".join(reversed(parts))


def make_env(template_dirs: Iterable[Path], language: str = "vi") -> Environment:
    """The templates' environment for one edition (editions.py: its words, dates and prices)."""
    env = Environment(
        loader=FileSystemLoader([str(p) for p in template_dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters.update(stars=stars_text, vnd=vnd, vi_date=vi_date)
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        EXPIRING_DAYS=EXPIRING_DAYS,
        page_suffix=page_suffix,
        SHOP_KINDS=SHOP_KINDS,
        GROUPS=ALL_GROUPS,
        printable=printable,
    )
    env.filters.update(jsonld.TEMPLATE_FILTERS)  # ld_json
    env.globals.update(jsonld.TEMPLATE_GLOBALS)  # product_ld, lot_ld, producer_ld, share_card
    editions.install(env, language)
    return env


_CONTEXTS = {
    **CONTEXTS,
    **TRACE_CONTEXTS,
    **STATS_CONTEXTS,
    **DATA_CONTEXTS,
}  # what each kind of page's template is given


def batched(items: Iterable[Page], n: int) -> Iterator[Sequence[Page]]:
    chunk: list[Page] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def site_key(template_dirs: Iterable[Path], site: Site) -> str:
    """Everything besides a page's own inputs that shapes it: templates, settings, the code."""
    fields = dataclasses.asdict(site)
    fields["assets"] = {k: v for k, v in site.assets.items() if k not in site.data_assets}
    parts: list[str | bytes] = [json.dumps(fields, sort_keys=True), code_key("ocop.build.render")]
    parts.append(editions.catalogue_key(site.language))  # the English edition's words
    parts += [folder_key(folder) for folder in template_dirs]
    return content_key(*parts)


def page_key(site: str, page: Page) -> str | None:
    return content_key(site, page.path, page.template, *page.deps) if page.deps is not None else None


def render_page(env: Environment, site: Site, page: Page, context: dict[str, Any]) -> bytes:
    template = env.get_template(page.template)
    where = editions.links(site.url, site.language, page)  # root, top, files, edition
    return template.render(site=site, page_path=page.path, **where, **context).encode()


@dataclass
class Job:
    """What a rendering worker is sent with each chunk of pages: settings and the store's place."""

    site: Site
    template_dirs: tuple[Path, ...]
    store: Store


_envs: dict[tuple[tuple[Path, ...], str], Environment] = {}  # per worker and edition; Jinja reloads a changed template


def _render_one(job: Job, work: tuple[Page, dict[str, Any]]) -> str:
    """Render one page from the context made for it and keep it in the store; returns its object.

    The context arrives pickled, so a worker never reads (and so never copies) the parent's model."""
    env = _envs.get((job.template_dirs, job.site.language))
    if env is None:
        env = _envs[(job.template_dirs, job.site.language)] = make_env(job.template_dirs, job.site.language)
    page, context = work
    return job.store.put_object(render_page(env, job.site, page, context))


@dataclass
class Rendered:
    pages: list[tuple[str, str]]  # (path, store object) in the order described
    kept: int  # pages taken from the store without rendering


def render_all(
    pages: Iterable[Page],
    shown: Shown,
    site: Site,
    template_dirs: Iterable[Path],
    store: Store,
    workers: Workers,
) -> Rendered:
    """Every page into the store, a slice at a time; a page already there (key and bytes intact) is kept."""
    dirs = tuple(template_dirs)
    skey = site_key(dirs, site)
    out = Rendered([], 0)
    job = Job(site, dirs, store)
    for chunk in batched(pages, SLICE):
        keys = [page_key(skey, p) for p in chunk]
        known = {k: v.decode() for k, v in store.get_many(NAMESPACE, [k for k in keys if k]).items()}
        good = store.verify(known.values())
        todo = shown.prepare([p for p, k in zip(chunk, keys, strict=True) if k is None or known.get(k) not in good])
        work = [(p, _CONTEXTS[p.kind](shown, p)) for p in todo]
        rendered = workers.map(_render_one, work, job, threshold=PARALLEL_THRESHOLD // 8, chunks_per_job=4)
        made = dict(zip((p.path for p in todo), rendered, strict=True))
        store.mark(made.values())
        store.put_many(
            NAMESPACE, {k: made[p.path].encode() for p, k in zip(chunk, keys, strict=True) if k and p.path in made}
        )
        out.kept += len(chunk) - len(todo)
        out.pages += [(p.path, made.get(p.path) or known[k]) for p, k in zip(chunk, keys, strict=True)]  # type: ignore[index]
    return out
