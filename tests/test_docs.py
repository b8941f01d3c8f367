"""The documents tell the truth about the code: the module table, the options table, every path and link.

As Datasette tests its documentation against its code: a module added without a line in the
architecture page, an option renamed in the plugin but not in the table, or a file path that no
longer exists fails here, not in a reader's hands."""

from __future__ import annotations

import re

from conftest import REPO
from test_layout import BUILD

from ocop.plugin import OcopConfig

CONTENT = REPO / "content"
ARCHITECTURE = (CONTENT / "kien-truc.md").read_text(encoding="utf-8")
DOCUMENTS = sorted(CONTENT.glob("*.md")) + [REPO / "README.md", REPO / "products" / "README.md"]


def _table_after(text: str, heading: str) -> list[list[str]]:
    """The rows of the first Markdown table after ``heading``, as lists of cells."""
    rest = text[text.index(heading) :]
    rows = []
    started = False
    for line in rest.splitlines()[1:]:
        if line.startswith("|"):
            started = True
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif started:
            break
    return rows[1:]  # without the header


def test_the_module_table_names_exactly_the_modules() -> None:
    listed = [re.sub(r"`", "", row[0]) for row in _table_after(ARCHITECTURE, "## Modules")]
    present = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "ocop").rglob("*.py") if p.name != "__init__.py")
    assert sorted(listed) == present
    assert len(listed) == len(set(listed))


def test_the_options_table_lists_exactly_the_plugin_options() -> None:
    rows = _table_after(ARCHITECTURE, "## Configuration")
    listed = {re.match(r"`(\w+)`", row[0]).group(1) for row in rows}  # type: ignore[union-attr]
    options = {name for name, _ in OcopConfig._schema}
    assert listed == options | {"site_url"}
    for row in rows:
        name = re.match(r"`(\w+)`", row[0]).group(1)  # type: ignore[union-attr]
        if name in options:
            default = dict(OcopConfig._schema)[name].default
            shown = (
                "unset" if default is None else f"`{str(default).lower() if isinstance(default, bool) else default}`"
            )
            assert row[1] == shown, (name, row[1], default)


def test_every_path_the_documents_name_exists() -> None:
    # Code, theme and workflow paths; a path under products/ is often a record the reader is about to write.
    pattern = re.compile(r"`((?:ocop|scripts|tests|theme|schema|content|\.ci|\.github)/[\w./<>*{},-]*)`")
    for doc in DOCUMENTS:
        for path in pattern.findall(doc.read_text(encoding="utf-8")):
            if any(c in path for c in "<>*{}") or path.endswith("/"):
                base = path.split("<")[0].split("*")[0].split("{")[0].rstrip("/")
                assert (REPO / base).exists() or (REPO / base).parent.is_dir(), f"{doc.name}: {path}"
                continue
            assert (REPO / path).exists(), f"{doc.name} names {path}, which does not exist"


def test_every_source_file_the_documents_name_exists() -> None:
    """In prose and in code blocks alike: a module that moved must not be left named in its old place."""
    pattern = re.compile(r"(?<![\w/.-])((?:ocop|scripts|tests|theme)/[\w./-]+\.(?:py|html|js|css|po))\b")
    for doc in DOCUMENTS:
        for path in pattern.findall(doc.read_text(encoding="utf-8")):
            assert (REPO / path).is_file(), f"{doc.name} names {path}, which does not exist"


def test_every_link_between_documents_resolves() -> None:
    link = re.compile(r"\]\(([^)\s#]+\.md)(#[^)]*)?\)")
    for doc in DOCUMENTS:
        text = doc.read_text(encoding="utf-8")
        assert "DESIGN.md" not in text, f"{doc.name} points at a file outside the repository"
        for target, _fragment in link.findall(text):
            if "://" in target:
                continue
            assert (doc.parent / target).resolve().is_file(), f"{doc.name} links to {target}"


def test_the_build_package_lists_its_stages_in_order() -> None:
    from ocop import build

    stages = [m.split("`")[1].split("/")[-1].removesuffix(".py") for m, *_ in _table_after(ARCHITECTURE, "## Modules")]
    stages = [s for s in stages if (REPO / "ocop" / "build" / f"{s}.py").is_file()]
    doc = " ".join((build.__doc__ or "").split())
    assert re.findall(r"\w+", doc.split(":", 1)[1].split(",", 1)[0]) == stages, doc
    assert stages == BUILD  # the order the layout test enforces


def test_relative_paths_in_docs_are_not_absolute_machine_paths() -> None:
    for doc in DOCUMENTS:
        text = doc.read_text(encoding="utf-8")
        assert "/work/" not in text and "/root/" not in text, doc.name
