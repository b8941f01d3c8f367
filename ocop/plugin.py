"""The MkDocs plugin: a thin wire between MkDocs and the catalogue engine (``ocop.build.builder``).

MkDocs keeps what it is good at (config, narrative pages in content/, Material's theme,
``mkdocs serve``). The catalogue never becomes MkDocs pages: DESIGN.md measured that at
~4–5 ms a page and quadratic in the nav. Each hook is one step of the build's story:

- on_config: check every record before anything is written (the same messages as ``ocop
  check``), then send MkDocs's output to a private scratch folder inside the store;
- on_post_build: make every catalogue file into the store, take MkDocs's files in too, and
  publish: the site folder changes at one instant, wholly, or not at all;
- on_build_error: forget the scratch folder; the site was never touched;
- on_serve: watch the records and the catalogue templates.

This is the only module that imports MkDocs.
"""

from __future__ import annotations

import datetime
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from .build.builder import Build
from .build.settings import SettingError, Settings, build_date, check_site_url, in_github_actions, repo_address
from .domain.problems import BilingualError, ProblemsFound

log = logging.getLogger("mkdocs.plugins.ocop")

UNUSED_THEME_FILES = ("assets/javascripts/lunr/",)


class OcopConfig(Config):
    products_dir = c.Type(str, default="products")
    theme_dir = c.Type(str, default="theme")
    cache_dir = c.Type(str, default=".cache/ocop")
    demo_banner = c.Type(bool, default=True)
    build_date = c.Optional(c.Type((str, datetime.date)))  # YAML reads an unquoted date as a date
    jobs = c.Type(int, default=0)


class OcopPlugin(BasePlugin[OcopConfig]):
    def __init__(self) -> None:
        self.build: Build | None = None
        self.final_dir: Path | None = None
        self.command = "build"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError(
                "mkdocs.yml cần site_url / needs site_url: QR codes carry the product page's absolute URL"
            )
        config.extra["ocop_demo_banner"] = self.config.demo_banner  # one setting for both kinds of page
        if self.command == "serve":
            # MkDocs gives pages the local server's address; the QR codes carry it too.
            log.warning(
                "OCOP: mkdocs serve: mã QR trỏ tới máy chủ cục bộ %s, không phải site_url của trang thật / "
                "QR codes point at the local server %s, not the published site_url",
                config.site_url,
                config.site_url,
            )
        theme = self._path(config, self.config.theme_dir)
        try:
            if self.command != "serve":
                check_site_url(config.site_url, self.config.demo_banner)
            # From the environment here, not through mkdocs.yml's !ENV: YAML would read 2026-02-30 as a date and
            # fail with a traceback before any plugin runs.
            today = build_date(
                self.config.build_date or os.environ.get("OCOP_BUILD_DATE"), "build_date (OCOP_BUILD_DATE)"
            )
            repo = repo_address(config.repo_url)
        except SettingError as exc:
            raise PluginError(str(exc)) from None
        settings = Settings(
            site_name=config.site_name,
            site_url=config.site_url if config.site_url.endswith("/") else config.site_url + "/",
            demo_banner=self.config.demo_banner,
            template_dirs=(theme / "catalogue",),
            assets_dir=theme / "assets",
            cache_dir=self._path(config, self.config.cache_dir),
            nav=tuple(_nav(config)),
            jobs=self.config.jobs,
            repo_url=repo,
        )
        if self.build is not None:
            self.build.abandon()  # `mkdocs serve` rebuilding
        self.build = Build(settings, self._path(config, self.config.products_dir), today)
        try:
            checked = self.build.check()
        except (OSError, sqlite3.Error) as exc:
            self.build.abandon()
            raise PluginError(_unwritable(exc, Path(config.site_dir))) from None
        except ProblemsFound as exc:
            self.build.abandon()
            if in_github_actions():
                for p in exc.problems:
                    print(p.annotation(), file=sys.stderr)
            raise PluginError(
                "Dữ liệu có lỗi, chưa dựng trang / the records have errors, nothing was built:\n" + str(exc)
            ) from None
        log.info(
            "OCOP: %d products, %d producers checked in %.1f s%s",
            checked.products,
            checked.producers,
            self.build.timings["check"],
            "" if self.build.catalogue else " (the same records, photos and documents as a check that passed)",
        )
        self.final_dir = Path(config.site_dir)
        config.site_dir = str(self.build.scratch_dir())
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out Material's files that no page uses: lunr and its language files (Material's
        search is off: its index would be the whole catalogue) and source maps. 3.3 of the theme's
        3.9 MB, written by every build and published by every deploy."""
        for file in list(files):
            if file.src_uri.startswith(UNUSED_THEME_FILES) or file.src_uri.endswith(".map"):
                files.remove(file)
        return files

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._path(config, self.config.products_dir)))
        server.watch(str(self._path(config, self.config.theme_dir)))
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.build is not None and self.build.scratch is not None and self.final_dir is not None
        scratch = self.build.scratch
        narrative = sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("index.html"))
        try:
            files = self.build.make(narrative)
            stats = self.build.publish(self.final_dir)
        except BilingualError as exc:
            raise PluginError(str(exc)) from None
        except (OSError, sqlite3.Error) as exc:
            raise PluginError(_unwritable(exc, self.final_dir)) from None
        t = self.build.timings
        log.info(
            "OCOP: %d files made in %.1f s (%d pages kept unrendered%s); site published in %.1f s: "
            "%d written, %d removed, %d unchanged",
            len(files),
            t["make"],
            self.build.kept,
            "; every file as an earlier build with the same inputs made it" if self.build.reused else "",
            t["publish"],
            stats.written,
            stats.removed,
            stats.unchanged,
        )
        log.debug("OCOP: timings %s", " ".join(f"{k} {v:.2f}s" for k, v in t.items()))
        log.debug("OCOP: peak memory %s", " ".join(f"{k} {v}MB" for k, v in self.build.peaks.items()))
        self.build.finish()
        self.build = None
        config.site_dir = str(self.final_dir)

    def on_build_error(self, error: Exception) -> None:
        if self.build is not None:
            self.build.abandon()
            self.build = None


def _unwritable(exc: Exception, site: Path) -> str:
    """A failed write (a full disk, a folder without permission) in words, with no traceback."""
    what = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.strerror else str(exc)
    return (
        f"Không ghi được ({what}); trang web đã công bố ở {site} vẫn giữ nguyên, chưa đổi gì. "
        f"/ Could not write ({what}); the published site at {site} is unchanged."
    )


def _nav(config: MkDocsConfig) -> list[tuple[str, str]]:
    """The narrative pages' top-level entries, for the catalogue pages' header and footer."""
    out = []
    for item in config.nav or []:
        if isinstance(item, dict):
            for title, target in item.items():
                if isinstance(target, str) and target.endswith(".md"):
                    path = target[:-3]
                    path = "" if path == "index" else path.removesuffix("/index") + "/"
                    out.append((title, path))
    return out
