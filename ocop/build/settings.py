"""What a build is asked to do, read once from the configuration and the environment.

Every setting that comes from outside (the environment, a command-line flag) is checked here and
refused with one plain line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.problems import BilingualError

try:
    from zoneinfo import ZoneInfo

    VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # no time zone database on the machine: Vietnam keeps UTC+7 all year
    VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # type: ignore[assignment]


class SettingError(BilingualError):
    """A setting from the configuration, the environment or the command line that cannot be used."""


@dataclass(frozen=True)
class Settings:
    site_name: str
    site_url: str  # absolute with trailing "/", or "" (then QR codes cannot be made)
    demo_banner: bool
    template_dirs: tuple[Path, ...]
    assets_dir: Path
    cache_dir: Path
    nav: tuple[tuple[str, str], ...] = ()
    jobs: int = 0


def vietnam_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Vietnam, whatever the machine's time zone (a nightly build runs at 01:00 there)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(VIETNAM).date()


def build_date(explicit: str | dt.date | None = None, source: str = "--today") -> dt.date:
    """The day certificate statuses are computed for.

    An explicit date wins, then SOURCE_DATE_EPOCH (the reproducible-builds convention; the date in
    Vietnam at that instant), then today in Vietnam: the nightly rebuild keeps "expired" true."""
    if isinstance(explicit, dt.date):
        return explicit
    if explicit:
        try:
            return dt.date.fromisoformat(explicit.strip())
        except ValueError:
            raise SettingError(
                f"{source}: '{explicit}' không phải ngày; viết NĂM-THÁNG-NGÀY, ví dụ 2026-11-23",
                f"{source}: '{explicit}' is not a date; write YEAR-MONTH-DAY, e.g. 2026-11-23",
            ) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return vietnam_today(dt.datetime.fromtimestamp(int(epoch.strip()), dt.UTC))
        except (ValueError, OverflowError, OSError):
            raise SettingError(
                f"SOURCE_DATE_EPOCH: '{epoch}' không phải số giây kể từ 1970-01-01 (ví dụ 1764547200)",
                f"SOURCE_DATE_EPOCH: '{epoch}' is not a number of seconds since 1970-01-01 (e.g. 1764547200)",
            ) from None
    return vietnam_today()


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
