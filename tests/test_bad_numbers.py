"""Bad-input classes 8 and 9: numbers and places; the build date is Vietnam's date.

Class 8: coordinates finite and inside Vietnam (a swapped pair gets a hint), a score's parts all
or none and summing to the total, and dates from the command line or the environment refused
in one line. Class 9: without OCOP_BUILD_DATE, "today" is the date in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import PRODUCT, REPO, mkdocs_build, write_catalogue
from test_bad_input import PRODUCT_FILE, Case, both, replace, run_case

from ocop.build.settings import SettingError, build_date, vietnam_today

COORDINATES = "coordinates: [21.03, 105.85]"


def point(text: str) -> Case:
    return replace(COORDINATES, f"coordinates: {text}")


NUMBERS: list[Case] = [
    Case(
        "coordinates-swapped",
        point("[105.85, 21.03]"),
        PRODUCT_FILE,
        23,
        "origin.coordinates",
        "tọa độ bị viết ngược: vĩ độ trước, kinh độ sau; viết [21.03, 105.85]",
        "the coordinates are swapped",
    ),
    Case(
        "coordinates-outside-vietnam",
        point("[48.85, 2.35]"),
        PRODUCT_FILE,
        23,
        "origin.coordinates",
        "tọa độ [48.85, 2.35] nằm ngoài Việt Nam (vĩ độ 6.5–23.5, kinh độ 102.0–117.5)",
        "outside Vietnam",
    ),
    Case(
        "coordinates-south-of-the-equator",
        point("[-21.03, 105.85]"),
        PRODUCT_FILE,
        23,
        "origin.coordinates",
        "nằm ngoài Việt Nam",
        "outside Vietnam",
    ),
    Case(
        "coordinates-infinite",
        point("[1e999, 105.85]"),
        PRODUCT_FILE,
        23,
        "origin.coordinates",
        "tọa độ phải là số thực hữu hạn",
        "finite numbers",
    ),
    Case(
        "coordinates-minus-infinite",
        point("[21.03, -1e999]"),
        PRODUCT_FILE,
        23,
        "origin.coordinates",
        "hữu hạn",
        "finite",
    ),
    Case("coordinates-truong-sa-pass", point("[8.64, 111.92]"), "", 0, "", "", ""),
    Case(
        "score-missing-one-part",
        replace("    c: 25\n", ""),
        PRODUCT_FILE,
        15,
        "certificate.score",
        "phải ghi đủ cả ba phần a, b, c (thiếu: c)",
        "needs all three parts a, b and c (missing: c)",
    ),
    Case(
        "score-with-only-one-part",
        replace("    b: 20\n    c: 25\n", ""),
        PRODUCT_FILE,
        15,
        "certificate.score",
        "(thiếu: b, c)",
        "(missing: b, c)",
    ),
    Case(
        "score-parts-sum-with-bad-stars",
        both(replace("stars: 4\n", "stars: 7\n"), replace("a: 30", "a: 35")),
        PRODUCT_FILE,
        16,
        "certificate.score.total",
        "tổng điểm 75 khác tổng các phần A+B+C = 80",
        "differs from the sum of parts",
    ),
    Case("score-total-only-passes", replace("    a: 30\n    b: 20\n    c: 25\n", ""), "", 0, "", "", ""),
    Case(
        "certificate-at-the-end-of-the-calendar",
        replace('date: "2025-03-10"', 'date: "9999-06-01"\n  valid_until: "9999-12-31"'),
        PRODUCT_FILE,
        13,
        "certificate.date",
        "ngày cấp 9999-06-01 ở tương lai",
        "in the future",
    ),
    Case(
        "step-in-year-9999",
        replace('date: "2025-02-01"', 'date: "9999"'),
        PRODUCT_FILE,
        28,
        "traceability[2].date",
        "thời gian 9999 ở tương lai",
        "is in the future",
    ),
]


@pytest.mark.parametrize("case", NUMBERS, ids=[c.name for c in NUMBERS])
def test_numbers_and_places(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OCOP_BUILD_DATE", "SOURCE_DATE_EPOCH", "GITHUB_ACTIONS")}
    return {**env, **extra}


def ocop_check(products: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ocop.cli", "check", str(products), *args],
        cwd=REPO,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


# (case id, extra arguments, environment, words in the one line printed)
SETTINGS = [
    ("today-not-a-date", ["--today", "2026-02-30"], {}, "--today: '2026-02-30' không phải ngày"),
    ("today-day-month-year", ["--today", "23/11/2026"], {}, "write YEAR-MONTH-DAY"),
    ("build-date-env-not-a-date", [], {"OCOP_BUILD_DATE": "hôm nay"}, "OCOP_BUILD_DATE: 'hôm nay' không phải ngày"),
    ("epoch-not-a-number", [], {"SOURCE_DATE_EPOCH": "1.7e9"}, "SOURCE_DATE_EPOCH: '1.7e9' không phải số giây"),
    ("epoch-too-large", [], {"SOURCE_DATE_EPOCH": "9" * 30}, "is not a number of seconds"),
    ("epoch-zero", [], {"SOURCE_DATE_EPOCH": "0"}, "là ngày 1970-01-01, ngoài khoảng 2018-01-01–2999-12-31"),
    ("today-year-9999", ["--today", "9999-12-31"], {}, "outside 2018-01-01–2999-12-31"),
]


@pytest.mark.parametrize(("name", "args", "env", "words"), SETTINGS, ids=[s[0] for s in SETTINGS])
def test_an_invalid_date_setting_is_one_line(
    catalogue_dir: Path, name: str, args: list[str], env: dict[str, str], words: str
) -> None:
    result = ocop_check(catalogue_dir, *args, **env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"OCOP_BUILD_DATE": "hôm nay"}, "build_date (OCOP_BUILD_DATE): 'hôm nay' không phải ngày"),
        ({"SOURCE_DATE_EPOCH": "abc"}, "SOURCE_DATE_EPOCH: 'abc' không phải số giây"),
        ({"OCOP_BUILD_DATE": "2026-02-30"}, "'2026-02-30' không phải ngày"),
    ],
    ids=["text", "epoch", "impossible-day"],
)
def test_the_build_refuses_an_invalid_date_in_one_message(tmp_path: Path, env: dict[str, str], words: str) -> None:
    products = write_catalogue(tmp_path)
    result = mkdocs_build(tmp_path / "site", products, **env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert words in result.stderr


def test_an_invalid_date_setting_is_refused_by_the_function() -> None:
    with pytest.raises(SettingError, match="không phải ngày"):
        build_date("2026-11-31")
    assert build_date(dt.datetime(2026, 11, 23, 10, 0)) == dt.date(2026, 11, 23)


# --- class 9: the build date is Vietnam's date -------------------------------------------------


def test_today_is_the_date_in_vietnam() -> None:
    # 18:30 UTC on 30 November is 01:30 on 1 December in Vietnam: the nightly deploy's hour.
    assert vietnam_today(dt.datetime(2026, 11, 30, 18, 30, tzinfo=dt.UTC)) == dt.date(2026, 12, 1)
    assert vietnam_today(dt.datetime(2026, 11, 30, 16, 59, tzinfo=dt.UTC)) == dt.date(2026, 11, 30)
    la = ZoneInfo("America/Los_Angeles")  # where it is still the 30th, in the morning
    assert vietnam_today(dt.datetime(2026, 11, 30, 10, 30, tzinfo=la)) == dt.date(2026, 12, 1)


def test_source_date_epoch_is_read_as_vietnam_time(monkeypatch: pytest.MonkeyPatch) -> None:
    instant = dt.datetime(2026, 11, 30, 18, 30, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(instant.timestamp())))
    assert build_date() == dt.date(2026, 12, 1)


def test_ocop_check_uses_vietnam_date_whatever_the_machine_zone(tmp_path: Path) -> None:
    """On a machine far west of Vietnam, a certificate signed today in Vietnam is not in the future."""
    for _attempt in range(2):  # the day may turn in Vietnam while the test runs: then try again
        today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
        tomorrow = today + dt.timedelta(days=1)
        folder = tmp_path / str(_attempt)
        signed_today = PRODUCT.replace('date: "2025-03-10"', f'date: "{today}"')
        products = write_catalogue(folder, product=signed_today)
        later = PRODUCT.replace("id: hn-001", "id: hn-002").replace('date: "2025-03-10"', f'date: "{tomorrow}"')
        (products / "ha-noi/san-pham/hn-002.yml").write_text(later, encoding="utf-8")
        result = ocop_check(products, TZ="America/Los_Angeles")
        if dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() != today:
            continue
        assert "hn-001.yml" not in result.stdout, result.stdout
        assert f"ngày cấp {tomorrow} ở tương lai (hôm nay là {today})" in result.stdout, result.stdout
        return
    pytest.fail("the day turned twice")
