"""The English a record may carry beside its Vietnamese: an optional ``en:`` mapping.

Names, codes and addresses are never translated: a product is sold and searched for under its
name, and a shopper compares the name on the pack. Text that explains may be: ``en:`` holds the
English of the record's text fields under the same names and in the same places
(``en: {description: …, withdrawn: {reason: …}}``). The English edition shows it; where a record
has none it shows the Vietnamese, marked ``lang="vi"`` so that browsers, screen readers and
translation tools know what they read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .text import NO_HTML, as_markup, markdown

# The text fields each kind of record may translate, as paths inside the record (and inside ``en``).
FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "product": (
        ("description",),
        ("ingredients",),
        ("packaging",),
        ("net_weight",),
        ("shelf_life",),
        ("withdrawn", "reason"),
    ),
    "producer": (("description",),),
    "lot": (("recall", "reason"), ("recall", "action")),
}
MARKDOWN = ("description", "ingredients")  # rendered as the Vietnamese fields are


@dataclass(frozen=True, slots=True)
class English:
    """A record's English, "" where it has none (the page then shows the Vietnamese, marked)."""

    description: Markup = Markup("")
    ingredients: Markup = Markup("")
    packaging: str = ""
    net_weight: str = ""
    shelf_life: str = ""
    withdrawn_reason: str = ""
    recall_reason: str = ""
    recall_action: str = ""


NO_ENGLISH = English()


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def render_english(data: dict[str, Any]) -> dict[str, str]:
    """The HTML of the English Markdown fields, by field path ("en.description"), cached with the record."""
    en = data.get("en")
    if not isinstance(en, dict):
        return {}
    return {f"en.{k}": str(markdown(en[k])) for k in MARKDOWN if isinstance(en.get(k), str)}


def english(data: dict[str, Any], html: dict[str, str] | None = None) -> English:
    """The model of a checked record's ``en`` mapping."""
    en = data.get("en")
    if not isinstance(en, dict):
        return NO_ENGLISH

    def text(*path: str) -> str:
        value = _get(en, path)
        return value if isinstance(value, str) else ""

    def rendered(name: str) -> Markup:
        if html is not None and f"en.{name}" in html:
            return as_markup(html[f"en.{name}"])
        return markdown(text(name)) if text(name) else NO_HTML

    return English(
        description=rendered("description"),
        ingredients=rendered("ingredients"),
        packaging=text("packaging"),
        net_weight=text("net_weight"),
        shelf_life=text("shelf_life"),
        withdrawn_reason=text("withdrawn", "reason"),
        recall_reason=text("recall", "reason"),
        recall_action=text("recall", "action"),
    )


def english_problems(data: dict[str, Any], kind: str) -> Iterator[tuple[tuple[str, ...], str, str]]:
    """English that translates nothing, or is the Vietnamese copied: (key under ``en``, vi, en)."""
    en = data.get("en")
    if not isinstance(en, dict):
        return
    for path in FIELDS.get(kind, ()):
        english_text, own = _get(en, path), _get(data, path)
        if not isinstance(english_text, str):
            continue
        name = ".".join(path)
        if not isinstance(own, str):
            yield (
                ("en", *path),
                f"có bản tiếng Anh 'en.{name}' nhưng hồ sơ không có '{name}' tiếng Việt; thêm '{name}' hoặc bỏ "
                f"'en.{name}'",
                f"'en.{name}' translates nothing: the record has no Vietnamese '{name}'; add '{name}' or remove "
                f"'en.{name}'",
            )
        elif english_text.strip() == own.strip():
            yield (
                ("en", *path),
                f"'en.{name}' giống hệt '{name}' tiếng Việt; viết bản tiếng Anh, hoặc bỏ 'en.{name}' để trang "
                "tiếng Anh hiện tiếng Việt",
                f"'en.{name}' is the Vietnamese '{name}' copied; write the English, or remove 'en.{name}' and the "
                "English page shows the Vietnamese",
            )
