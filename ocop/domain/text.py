"""Text in records: a small, safe Markdown subset, and characters we refuse.

Descriptions accept paragraphs, line breaks, **bold**, *italic*, lists, `code` and
https links. Raw HTML is never passed through: markdown-it renders it as text, and
the validator reports it so the officer knows why it shows as typed.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

# Bidirectional overrides/isolates, zero-width and other invisible characters: they can
# make a name look like another one ("Trojan Source"), or hide text from reviewers.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
SAFE_SCHEMES = ("https://",)


def invisible_char(text: str) -> str | None:
    """The first invisible, bidi or control character in ``text`` as U+XXXX, if any."""
    m = _INVISIBLE.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def html_in(text: str) -> tuple[int, str] | None:
    """The first thing that looks like an HTML tag: (offset, the tag)."""
    m = _HTML_TAG.search(text)
    return (m.start(), m.group()[:40]) if m else None


@cache
def _md() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "list", "link", "newline", "escape", "backticks"])
    md.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)

    def link_open(renderer, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        tokens[idx].attrSet("rel", "nofollow noopener")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


def links_in(text: str) -> list[tuple[int, str]]:
    """Every link target written in Markdown text, safe or not: (offset, target)."""
    return [(m.start(1), m.group(1)) for m in re.finditer(r"\]\(\s*<?([^)\s>]*)", text)]


def markdown(text: str) -> Markup:
    """Render the safe subset to HTML. Anything else shows as the text it is."""
    return Markup(_md().render(text))
