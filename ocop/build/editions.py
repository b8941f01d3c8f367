"""The English edition: every catalogue page again under ``en/``, from the same page descriptions.

- **Pages.** A page's English twin (``twins``) is its description with ``en/`` before its path;
  its context is the same. It is rendered with the English ``Site`` (``language="en"``), so its
  key in the store differs from the Vietnamese page's. GS1 Digital Link hops have no twin: a phone
  follows them, nobody reads them.
- **Words.** Templates write the Vietnamese as the message (``{{ _("Tìm kiếm") }}``, gettext style,
  Jinja's ``jinja2.ext.i18n``). The English is one gettext catalogue,
  ``ocop/locale/en/LC_MESSAGES/ocop.po``, read with Babel and compiled in memory
  (``translations``), so translators use their own tools (Poedit, Weblate). The Vietnamese
  edition installs null translations: its pages are the messages themselves.
- **Labels** the model computes (status, group, kinds of producer and shop, lot steps, score parts)
  have their English in the domain tables' second column; labels made here (stats.LACKS) are
  marked for the catalogue. Both reach templates through ``|t``.
- **Record text** (descriptions, packaging…) shows the record's own English (``en:``, see
  ocop/domain/english.py) through ``|vi(english)``; without one, the Vietnamese inside an element
  with ``lang="vi"``. Units of measure written in records ("24 tháng", "hộp 100 g") are put into
  English where they are plain (``|measure``). Names are never translated.
- **Links.** ``root`` is the way to the top of the page's edition, ``top`` to the site's top
  (photos, assets, data files, the narrative pages), ``files`` to the Vietnamese page's folder
  (its QR code and label, which keep pointing at the Vietnamese page). In the Vietnamese edition
  root and top are the same and files is "" (the page's own folder).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import Environment
from jinja2.filters import do_filesizeformat
from markupsafe import Markup

from ..domain.lots import Quantity
from ..domain.model import ALL_GROUPS, FIELD_LABELS, STATUS_LABELS, STATUS_LIST_TITLES
from ..domain.schema import GROUPS, LOT_STEPS, PRODUCER_KINDS, RECIPIENT_KINDS, SCORE_PARTS, SHOP_KINDS
from . import stats
from .feeds import human_size
from .pages import Page
from .stats import N_

LANGUAGES = ("vi", "en")
EN = "en/"  # where the English edition lives under the site's top
NAMES = {"vi": "Tiếng Việt", "en": "English"}  # each language in its own words, for the switch
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}
SINGLE = frozenset({"dl-product", "dl-lot"})  # page kinds with no English twin
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "ocop"
# mkdocs.yml's site_name, marked for the catalogue: the English edition calls the site by its English
# name when the catalogue has one (site_name).
SITE_NAME = N_("Danh mục sản phẩm OCOP")
# The shopper's narrative pages as mkdocs.yml's nav names them (settings.nav), for the header of an English
# page; the pages themselves are Vietnamese (hreflang="vi"). A title not here shows as written, marked.
NAV_TITLES = (N_("Về OCOP"), N_("Cách đọc trang sản phẩm"))


# --- pages --------------------------------------------------------------------------------------


def twins(pages: Iterable[Page]) -> Iterator[Page]:
    """The English edition's pages: each Vietnamese page's description under ``en/``."""
    for page in pages:
        if page.kind not in SINGLE:
            yield dataclasses.replace(page, path=EN + page.path)


def twin_dates(dates: Mapping[str, dt.date]) -> dict[str, dt.date]:
    """The sitemap's days for both editions: an English page changes when its Vietnamese page does."""
    return {**dates, **{EN + path: day for path, day in dates.items()}}


def alternates(paths: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """For the sitemap: every page that has both editions, with (hreflang, path) of each."""
    have = set(paths)
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for path in have:
        if path.startswith(EN) and path[len(EN) :] in have:
            vi = path[len(EN) :]
            links = (("vi", vi), ("en", path), ("x-default", vi))
            out[vi] = out[path] = links
    return out


@dataclass(frozen=True)
class Edition:
    """What a template knows of its page's edition: the language, the page in the other edition."""

    lang: str
    path: str  # the page's path in the Vietnamese edition ("p/hn-001/index.html")
    other: str  # the other edition's language
    other_href: str  # relative link to the same page in the other edition
    links: tuple[tuple[str, str], ...]  # (hreflang, href) of both editions and x-default

    @property
    def other_name(self) -> str:
        return NAMES[self.other]

    @property
    def og_locale(self) -> str:
        return OG_LOCALES[self.lang]


def links(site_url: str, language: str, page: Page) -> dict[str, Any]:
    """``root``, ``top``, ``files`` and ``edition`` for one page (see the module's notes)."""
    top = page.root
    vi_path = page.path[len(EN) :] if language == "en" else page.path
    address = vi_path.removesuffix("index.html")  # the page's address below an edition's top
    folder = vi_path.rsplit("/", 1)[0] + "/" if "/" in vi_path else ""
    if language == "vi":
        root, files, other_href = top, "", f"{top}{EN}{address}"
    else:
        depth = page.path.count("/") - 1
        root = top + EN if page.base else ("../" * depth or "./")  # a page served at any depth (404) has a fixed base
        files, other_href = top + folder, top + address
    base = site_url or top
    edition_links = (("vi", base + address), ("en", base + EN + address), ("x-default", base + address))
    other = "en" if language == "vi" else "vi"
    edition = Edition(language, vi_path, other, other_href, edition_links)
    return {"root": root, "top": top, "files": files, "edition": edition}


# --- words --------------------------------------------------------------------------------------


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> NullTranslations:
    """The edition's gettext catalogue, compiled in memory from its .po file (fuzzy entries left out)."""
    if language == "vi":
        return NullTranslations()
    with catalogue_path(language).open("rb") as f:
        catalog = read_po(f, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def site_name(name: str, language: str) -> str:
    """The site's name in the edition's language, if the catalogue knows it; else as configured."""
    return translations(language).gettext(name)


def catalogue_key(language: str) -> bytes:
    """What the edition's words depend on, for the pages' keys: its .po file."""
    return b"" if language == "vi" else catalogue_path(language).read_bytes()


def _domain_labels() -> dict[str, str]:
    """Vietnamese label → English, from the domain tables' second column."""
    pairs = [*STATUS_LABELS.values(), *PRODUCER_KINDS.values(), *SHOP_KINDS.values(), *LOT_STEPS.values()]
    pairs += [*RECIPIENT_KINDS.values(), *((vi, en) for _slug, vi, en in GROUPS.values())]
    pairs += [*STATUS_LIST_TITLES.values(), *(pair for labels in FIELD_LABELS.values() for pair in labels.values())]
    pairs += [(vi, en) for _most, vi, en in SCORE_PARTS.values()]
    table: dict[str, str] = {}
    for vi, en in pairs:
        if table.setdefault(vi, en) != en:
            raise ValueError(f"two English labels for {vi!r}: {table[vi]!r} and {en!r}")
    return table


LABELS = _domain_labels()

# Units of measure records write beside a number ("24 tháng", "300 túi") or a size ("hộp 100 g"):
# Vietnamese → English singular and plural. Metric symbols (g, kg, ml, l) need no translation.
MEASURES: dict[str, tuple[str, str]] = {
    "hộp": ("box", "boxes"),
    "chai": ("bottle", "bottles"),
    "túi": ("bag", "bags"),
    "gói": ("pack", "packs"),
    "hũ": ("jar", "jars"),
    "lọ": ("jar", "jars"),
    "khay": ("tray", "trays"),
    "thùng": ("carton", "cartons"),
    "chiếc": ("piece", "pieces"),
    "cái": ("piece", "pieces"),
    "chậu": ("pot", "pots"),
    "bó": ("bunch", "bunches"),
    "khách": ("guest", "guests"),
    "người": ("person", "people"),
    "phần": ("serving", "servings"),
    "vé": ("ticket", "tickets"),
    "tour": ("tour", "tours"),
    "cây": ("plant", "plants"),
    "kg": ("kg", "kg"),
    "lít": ("litre", "litres"),
    "ngày": ("day", "days"),
    "tuần": ("week", "weeks"),
    "tháng": ("month", "months"),
    "năm": ("year", "years"),
}
_NUMBER = r"\d+(?:[.,]\d+)?"
_SIZE = re.compile(rf"{_NUMBER} ?(?:mg|g|kg|ml|l)")
_COUNTED = re.compile(rf"({_NUMBER}) (\w+)")  # "24 tháng"
_SIZED = re.compile(rf"(\w+)(?: ({_NUMBER} ?(?:mg|g|kg|ml|l)))?")  # "hộp", "hộp 100 g"


def _number(text: str) -> float:
    """A number as Vietnamese write it: "1.000" is a thousand, "1,5" one and a half."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))


def measure_en(text: str) -> str | None:
    """A unit of measure from a record, in English, or None when it is more than a plain measure."""
    plain = " ".join(text.split())
    if _SIZE.fullmatch(plain):
        return plain
    counted = _COUNTED.fullmatch(plain)
    if counted and counted[2].casefold() in MEASURES:
        n = _number(counted[1])
        one, many = MEASURES[counted[2].casefold()]
        return f"{format_decimal(n, locale='en')} {one if n == 1 else many}"
    sized = _SIZED.fullmatch(plain)
    if sized and sized[1].casefold() in MEASURES:
        one = MEASURES[sized[1].casefold()][0]
        return f"{one} of {sized[2]}" if sized[2] else one
    return None


# --- template helpers -----------------------------------------------------------------------------


def en_date(value: Any) -> str:
    """2024-05-31 → 31 May 2024; 2024-05 → May 2024; 2024 stays."""
    parts = [int(p) for p in str(value)[:10].split("-")]
    if len(parts) == 3:
        return format_date(dt.date(*parts), "d MMM y", locale="en")
    if len(parts) == 2:
        return format_date(dt.date(parts[0], parts[1], 1), "MMM y", locale="en")
    return str(value)


def en_price(amount: int | None) -> str:
    """1200000 → "₫1,200,000"."""
    return "" if amount is None else format_currency(amount, "VND", locale="en")


def _marked(value: Any, tag: str = "span") -> Markup:
    """Vietnamese text on an English page, said to be Vietnamese."""
    return Markup('<{0} lang="vi">{1}</{0}>').format(Markup(tag), value)


def _helpers(language: str, tr: NullTranslations) -> tuple[dict[str, Any], dict[str, Any]]:
    """The edition's filters and globals."""
    english = language == "en"

    def t(value: str, mark: bool = False) -> Any:
        """A label the model computed (a status, a group…), in the edition's language. ``mark``: the value
        may also be a record's own words (a shop's name): without a translation it is marked Vietnamese."""
        if not english or not value:
            return value
        found = LABELS.get(value) or tr.gettext(value)
        return _marked(value) if mark and found == value else found

    def vi(value: Any, en: Any = "", tag: str = "span") -> Any:
        """Text from a record: as written on a Vietnamese page; on an English one, the record's English
        (``en``) or else the Vietnamese, marked."""
        if not english or not value:
            return value
        return en or _marked(value, tag)

    def measure(value: str, en: str = "") -> Any:
        if not english or not value:
            return value
        return en or measure_en(value) or _marked(value)

    def quantity(q: Quantity) -> Any:
        return measure(f"{q.amount:g} {q.unit}") if english else q.text

    def figure_rows(counts: stats.Counts, which: str) -> list[tuple[str, int]]:
        """A table of the figures pages with its labels in the edition's language."""
        groups = {g.key: g.label for g in ALL_GROUPS}
        lacks = dict(stats.LACKS)
        if which == "stars":
            return [(tr.ngettext("%(num)d sao", "%(num)d sao", n) % {"num": n}, k) for n, k in counts.stars]
        if which == "groups":
            return [(t(groups[k]), n) for k, n in counts.groups]
        if which == "status":
            return [(t(STATUS_LABELS[k][0]), n) for k, n in counts.status]
        return [(t(lacks[k]), n) for k, n in counts.lacking]

    def chart(chart_id: str, title: str, rows: list[tuple[str, int]], colour: str = "#2e7d32") -> Markup:
        return stats.bar_chart(chart_id, str(title), rows, colour)

    def index_labels() -> dict[str, dict[str, str]]:
        """The search index's labels (search.py writes them in Vietnamese), for search.js."""
        return {
            "statuses": {k: t(vi) for k, (vi, _en) in STATUS_LABELS.items()},
            "groups": {g.key: t(g.label) for g in ALL_GROUPS},
        }

    filters = {"t": t, "vi": vi, "measure": measure, "quantity": quantity}
    filters["filesize"] = do_filesizeformat if english else human_size
    if english:  # the filters keep their names; each edition writes dates and prices its own way
        filters.update(vi_date=en_date, vnd=en_price)
    return filters, {"figure_rows": figure_rows, "chart": chart, "index_labels": index_labels}


def install(env: Environment, language: str) -> None:
    """Give a Jinja environment (made with ``jinja2.ext.i18n``) the edition's words and helpers."""
    tr = translations(language)
    env.install_gettext_translations(tr, newstyle=True)  # type: ignore[attr-defined]
    filters, globals_ = _helpers(language, tr)
    env.filters.update(filters)
    env.globals.update(globals_)
