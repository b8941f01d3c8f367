"""Dates in records: how they are written, and the certificate's validity rule."""

from __future__ import annotations

import datetime as dt

CERTIFICATE_MONTHS = 36  # an OCOP certificate is valid for 36 months (QĐ 148/QĐ-TTg, 2023)
EARLIEST_CERTIFICATE = dt.date(2018, 1, 1)  # the national OCOP programme started in 2018


def parse_date(text: object) -> dt.date | None:
    """A YYYY-MM-DD text as a date, or None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def loose_date_start(text: str) -> dt.date | None:
    """2024 → 2024-01-01, 2024-05 → 2024-05-01, 2024-05-31 → itself; None when not a real date."""
    parts = text.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the 31st becomes the month's last day when needed."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def certificate_end(issued: dt.date) -> dt.date:
    """The last day a certificate issued on ``issued`` can be valid."""
    return add_months(issued, CERTIFICATE_MONTHS)
