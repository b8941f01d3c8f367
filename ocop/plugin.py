"""The MkDocs plugin: a thin wire between MkDocs and the catalogue engine.

MkDocs keeps what it is good at (config, narrative pages in content/, Material's
theme, ``mkdocs serve``). The catalogue never becomes MkDocs pages: DESIGN.md
measured that at ~4–5 ms a page and quadratic in the nav. Instead:

- on_config: load and check every record before anything is written; any problem
  stops the build with the same messages as ``ocop check``. The build is then sent
  to a staging folder beside ``site_dir``;
- on_post_build: make every catalogue file, then publish: update the site in place
  where only some files changed, or replace it whole (see publish.py), so a failed
  build never leaves a half-written site in place of a good one;
- on_serve: watch the records and the catalogue templates.
"""

from __future__ import annotations

import datetime
import logging
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .catalogue import build_date, load_catalogue, without_gc
from .model import Catalogue
from .output import Settings, build_outputs
from .problems import ProblemsFound, in_github_actions
from .publish import publish, read_keys, read_manifest, write_keys

log = logging.getLogger("mkdocs.plugins.ocop")


class OcopConfig(Config):
    products_dir = c.Type(str, default="products")
    theme_dir = c.Type(str, default="theme")
    cache_dir = c.Type(str, default=".cache/ocop")
    demo_banner = c.Type(bool, default=True)
    build_date = c.Optional(c.Type((str, datetime.date)))  # YAML reads an unquoted date as a date
    jobs = c.Type(int, default=0)


class OcopPlugin(BasePlugin[OcopConfig]):
    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.final_dir: Path | None = None
        self.staging_dir: Path | None = None

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError(
                "mkdocs.yml cần site_url / needs site_url: QR codes carry the product page's absolute URL"
            )
        started = time.monotonic()
        products = self._path(config, self.config.products_dir)
        config.extra["ocop_demo_banner"] = self.config.demo_banner  # one setting for both kinds of page
        try:
            self.catalogue = load_catalogue(
                products, build_date(self.config.build_date), self._path(config, self.config.cache_dir)
            )
        except ProblemsFound as exc:
            if in_github_actions():
                for p in exc.problems:
                    print(p.annotation(), file=sys.stderr)
            raise PluginError(
                "Dữ liệu có lỗi, chưa dựng trang / the records have errors, nothing was built:\n" + str(exc)
            ) from None
        log.info(
            "OCOP: %d products, %d producers checked in %.1f s",
            len(self.catalogue.products),
            len(self.catalogue.producers),
            time.monotonic() - started,
        )
        self.final_dir = Path(config.site_dir)
        self.staging_dir = self.final_dir.with_name(self.final_dir.name + ".new")
        if self.staging_dir.exists():
            shutil.rmtree(self.staging_dir)
        config.site_dir = str(self.staging_dir)
        return config

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._path(config, self.config.products_dir)))
        server.watch(str(self._path(config, self.config.theme_dir)))
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.catalogue is not None and self.final_dir is not None and self.staging_dir is not None
        theme = self._path(config, self.config.theme_dir)
        site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        settings = Settings(
            site_name=config.site_name,
            site_url=site_url,
            demo_banner=self.config.demo_banner,
            template_dirs=(theme / "catalogue",),
            assets_dir=theme / "assets",
            cache_dir=self._path(config, self.config.cache_dir),
            nav=tuple(_nav(config)),
            jobs=self.config.jobs,
        )
        narrative = sorted(p.relative_to(self.staging_dir).as_posix() for p in self.staging_dir.rglob("index.html"))
        started = time.monotonic()
        previous = read_manifest(settings.cache_dir, self.final_dir)
        keys = read_keys(settings.cache_dir, self.final_dir) if previous is not None else {}
        old_keys = keys
        with without_gc():
            outputs, keys = build_outputs(self.staging_dir, self.catalogue, settings, narrative, previous, keys)
        kept = sum(1 for path, key in keys.items() if old_keys.get(path) == key)
        made = time.monotonic()
        stats = publish(outputs, self.staging_dir, self.final_dir, settings.cache_dir, previous)
        write_keys(settings.cache_dir, self.final_dir, keys)
        log.info(
            "OCOP: %d files made in %.1f s (%d pages kept unrendered); site %s in %.1f s: "
            "%d written, %d removed, %d unchanged",
            len(outputs),
            made - started,
            kept,
            stats.mode,
            time.monotonic() - made,
            stats.written,
            stats.removed,
            stats.unchanged,
        )
        config.site_dir = str(self.final_dir)

    def on_build_error(self, error: Exception) -> None:
        if self.staging_dir is not None and self.staging_dir.exists():
            shutil.rmtree(self.staging_dir, ignore_errors=True)


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
