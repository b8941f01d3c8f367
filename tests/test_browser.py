"""The product page in a real headless Chromium, as a shopper's phone shows it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest
from conftest import REPO, TODAY

from ocop.build.catalogue import load_catalogue

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def products():
    return load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY)).products


def open_page(browser, url: str, *, javascript: bool = True, today: str | None = None):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    if today:
        page.clock.set_fixed_time(dt.datetime.fromisoformat(today + "T09:00:00"))
    errors: list[str] = []
    foreign: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))

    def route(r):
        if urlparse(r.request.url).hostname != "127.0.0.1":
            foreign.append(r.request.url)
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    page.goto(url, wait_until="networkidle")
    return context, page, errors, foreign, failed


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("which", ["first", "withdrawn", "longest-name"])
def test_product_page_on_a_phone(browser, sample_server, products, which) -> None:
    if which == "withdrawn":
        product = next(p for p in products if p.status == "withdrawn")
    elif which == "longest-name":
        product = max(products, key=lambda p: len(p.name) + len(p.description))
    else:
        product = products[0]
    context, page, errors, foreign, failed = open_page(browser, f"{sample_server.url}p/{product.id}/")
    try:
        assert page.locator("h1").inner_text().strip() == product.name
        assert no_overflow(page), page.evaluate("document.documentElement.scrollWidth")
        assert errors == []
        assert foreign == []
        assert failed == []
        # The QR code is drawn and the main photo has loaded (the others load lazily when scrolled to).
        assert page.locator("svg.qr").bounding_box()["width"] > 100
        eager = "[...document.images].filter(i => i.loading !== 'lazy')"
        assert page.evaluate(f"{eager}.length >= 1 && {eager}.every(i => i.complete && i.naturalWidth > 0)")
    finally:
        context.close()


def test_product_page_without_javascript(browser, sample_server, products) -> None:
    product = products[0]
    context, page, errors, foreign, _ = open_page(browser, f"{sample_server.url}p/{product.id}/", javascript=False)
    try:
        body = page.locator("body").inner_text()
        assert product.name in body
        assert product.certificate.decision in body
        assert product.traceability[0].stage in body
        assert "Còn hiệu lực" in body or "Sắp hết hạn" in body or "Đã hết hạn" in body or "Đã thu hồi" in body
        assert page.locator("svg.qr").count() == 1
        assert no_overflow(page)
        assert foreign == []
    finally:
        context.close()


def test_status_is_rechecked_against_the_phones_date(browser, sample_server, products) -> None:
    # A page built while the certificate was valid, read after its expiry, must say expired.
    product = next(p for p in products if p.status == "valid")
    later = (product.certificate.valid_until + dt.timedelta(days=1)).isoformat()
    context, page, errors, _, _ = open_page(browser, f"{sample_server.url}p/{product.id}/", today=later)
    try:
        badge = page.locator("[data-valid-until]")
        assert "Đã hết hạn" in badge.inner_text()
        assert errors == []
    finally:
        context.close()
    context, page, _, _, _ = open_page(browser, f"{sample_server.url}p/{product.id}/", today=TODAY)
    try:
        assert "Còn hiệu lực" in page.locator("[data-valid-until]").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "san-pham/", "gioi-thieu/"])
def test_other_pages_fit_a_phone_and_stay_local(browser, sample_server, path) -> None:
    context, page, errors, foreign, failed = open_page(browser, sample_server.url + path)
    try:
        assert no_overflow(page)
        assert errors == []
        assert foreign == []
        assert failed == []
    finally:
        context.close()
