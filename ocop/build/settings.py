"""What a build is asked to do, read once from the configuration and the environment.

Every setting that comes from outside (the environment, a command-line flag) is checked here and
refused with one plain line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..domain.dates import EARLIEST_CERTIFICATE
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
    # The shopper's narrative pages (title, path): the top level of mkdocs.yml's nav. Pages in a section of it
    # are for maintainers, kept out of the header (and, by theme/overrides/main.html, out of site search).
    nav: tuple[tuple[str, str], ...] = ()
    jobs: int = 0
    repo_url: str = ""  # the project's repository: pages link to its issue form; "" = no such links


def vietnam_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Vietnam, whatever the machine's time zone (a nightly build runs at 01:00 there)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(VIETNAM).date()


# A build date outside these years is a mistake (SOURCE_DATE_EPOCH=0, a mistyped year), and one
# near the calendar's end would break the 36-month arithmetic of certificates.
LATEST_BUILD_DATE = dt.date(2999, 12, 31)


def build_date(explicit: str | dt.date | None = None, source: str = "--today") -> dt.date:
    """The day certificate statuses are computed for.

    An explicit date wins, then SOURCE_DATE_EPOCH (the reproducible-builds convention; the date in
    Vietnam at that instant), then today in Vietnam: the nightly rebuild keeps "expired" true.
    SOURCE_DATE_EPOCH is checked even when a date is given: MkDocs reads it too, with a traceback."""
    epoch = _epoch_date()
    if isinstance(explicit, dt.datetime):  # YAML reads "2026-11-23 10:00" as a date and time
        explicit = explicit.date()
    if isinstance(explicit, dt.date):
        return _plausible(explicit, source, str(explicit))
    if explicit:
        try:
            day = dt.date.fromisoformat(explicit.strip())
        except ValueError:
            raise SettingError(
                f"{source}: '{explicit}' không phải ngày; viết NĂM-THÁNG-NGÀY, ví dụ 2026-11-23",
                f"{source}: '{explicit}' is not a date; write YEAR-MONTH-DAY, e.g. 2026-11-23",
            ) from None
        return _plausible(day, source, explicit)
    if epoch is not None:
        return _plausible(epoch, "SOURCE_DATE_EPOCH", os.environ["SOURCE_DATE_EPOCH"])
    return vietnam_today()


def _epoch_date() -> dt.date | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        day = vietnam_today(dt.datetime.fromtimestamp(int(epoch.strip()), dt.UTC))
    except (ValueError, OverflowError, OSError):
        raise SettingError(
            f"SOURCE_DATE_EPOCH: '{epoch}' không phải số giây kể từ 1970-01-01 (ví dụ 1764547200)",
            f"SOURCE_DATE_EPOCH: '{epoch}' is not a number of seconds since 1970-01-01 (e.g. 1764547200)",
        ) from None
    return day


def _plausible(day: dt.date, source: str, written: str) -> dt.date:
    if EARLIEST_CERTIFICATE <= day <= LATEST_BUILD_DATE:
        return day
    raise SettingError(
        f"{source}: '{written}' là ngày {day}, ngoài khoảng {EARLIEST_CERTIFICATE}–{LATEST_BUILD_DATE}; kiểm tra lại",
        f"{source}: '{written}' is the day {day}, outside {EARLIEST_CERTIFICATE}–{LATEST_BUILD_DATE}; check it",
    )


DEMO_HOSTS = ("ocop-demo.example",)  # mkdocs.yml's default: QR codes printed with it lead nowhere


def check_site_url(url: str, demo_banner: bool) -> None:
    """Refuse a site address that printed QR codes must not carry: one with a query or a fragment (the
    page URLs are appended to it), or the demonstration host in a build that says it is not a demo."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingError(
            f"site_url '{url}' phải là địa chỉ đầy đủ, ví dụ https://ocop.gov.vn/",
            f"site_url '{url}' must be a full address, e.g. https://ocop.gov.vn/",
        )
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise SettingError(
            f"site_url '{url}' không được có phần '?…' hay '#…': mã QR ghép địa chỉ trang vào sau nó",
            f"site_url '{url}' must not have a '?…' or '#…' part: QR codes append page addresses to it",
        )
    if not demo_banner and (parts.hostname or "") in DEMO_HOSTS:
        raise SettingError(
            f"đã tắt biểu ngữ dữ liệu minh họa (OCOP_DEMO_BANNER=false) nhưng site_url vẫn là địa chỉ minh họa "
            f"{url}: mã QR in ra sẽ dẫn tới trang không có thật. Đặt OCOP_SITE_URL là địa chỉ thật của trang",
            f"the demonstration banner is off (OCOP_DEMO_BANNER=false) but site_url is still the demonstration "
            f"address {url}: printed QR codes would lead nowhere. Set OCOP_SITE_URL to the site's real address",
        )


def repo_address(configured: str | None = None) -> str:
    """Where shoppers report wrong information (the issue form of this repository), or "" for nowhere.

    mkdocs.yml's ``repo_url`` first; then OCOP_REPO_URL (set but empty turns the links off); then,
    in GitHub Actions, the repository being built, which is where the deploy workflow runs."""
    url = configured or ""
    if not url and "OCOP_REPO_URL" in os.environ:
        url = os.environ["OCOP_REPO_URL"].strip()
        if not url:
            return ""
    if not url and in_github_actions() and os.environ.get("GITHUB_REPOSITORY"):
        url = os.environ.get("GITHUB_SERVER_URL", "https://github.com") + "/" + os.environ["GITHUB_REPOSITORY"]
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingError(
            f"repo_url (OCOP_REPO_URL) '{url}' phải là địa chỉ kho, ví dụ https://github.com/to-chuc/ocop",
            f"repo_url (OCOP_REPO_URL) '{url}' must be the repository's address, e.g. https://github.com/org/ocop",
        )
    return url.rstrip("/").removesuffix(".git")


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
