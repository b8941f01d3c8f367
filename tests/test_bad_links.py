"""Bad-input class 1: links that lie about their host.

A buy link shows a label ("Postmart") and the host beside it; the host a reader sees must be the
host the browser opens. Every link field and every link inside Markdown text goes through one
rule (``ocop.domain.links.judge_link``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PRODUCT, mkdocs_build, write_catalogue
from test_bad_input import PRODUCER_FILE, PRODUCT_FILE, Case, Change, replace, run_case

from ocop.domain.links import MARKETPLACES, judge_link, link_host
from ocop.domain.model import BuyLink
from ocop.domain.schema import SHOP_KINDS


def buy(kind: str, url: str) -> Change:
    """A buy list before ``origin:``: its url is on line 22."""
    return replace("origin:", f"buy:\n  - kind: {kind}\n    url: {url}\norigin:")


def description(text: str) -> Change:
    return replace("Chè xanh *thơm*.", text)


def producer_website(url: str) -> Change:
    return replace("  email: lienhe@htx.vn\n", f"  email: lienhe@htx.vn\n  website: {url}\n", "producer")


USERINFO = ("tên người dùng trước dấu @", "user name before @")
NOT_A_DOMAIN = ("không phải tên miền của một trang web", "not a website's domain name")

LINKS: list[Case] = [
    Case("buy-userinfo", buy("shop", "https://postmart.vn@evil.example/x"), PRODUCT_FILE, 22, "buy[1].url", *USERINFO),
    Case(
        "buy-userinfo-names-the-real-host",
        buy("other", "https://www.voso.vn:x@evil.example/"),
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "trang sẽ mở 'evil.example'",
        "it opens 'evil.example'",
    ),
    Case(
        "buy-backslash-before-at",
        buy("shop", "https://postmart.vn\\@evil.example/"),
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "dấu gạch chéo ngược",
        "backslash",
    ),
    Case(
        "buy-idn-homograph",
        buy("shop", "https://pоstmart.vn/gian-hang"),  # a Cyrillic о
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "viết dạng punycode: xn--pstmart-9ig.vn",
        "non-ASCII letters",
    ),
    Case(
        "buy-marketplace-kind-other-host",
        buy("postmart", "https://postmart.vn.evil.example/gian-hang"),
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "phải là liên kết tới postmart.vn hoặc www.postmart.vn (đang ghi: 'postmart.vn.evil.example')",
        "for another seller write kind: shop or other",
    ),
    Case(
        "buy-voso-kind-other-host",
        buy("voso", "https://v0so.vn/san-pham"),
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "nơi bán 'voso' (Vỏ Sò) phải là liên kết tới voso.vn",
        "a 'voso' (Vỏ Sò) link must go to voso.vn or www.voso.vn",
    ),
    Case("buy-ip-address", buy("shop", "https://192.168.1.10/shop"), PRODUCT_FILE, 22, "buy[1].url", *NOT_A_DOMAIN),
    Case(
        "markdown-link-ipv6",
        description("Xem [ảnh](https://[::1]/a.jpg)."),
        PRODUCT_FILE,
        8,
        "description",
        *NOT_A_DOMAIN,
    ),
    Case(
        "buy-localhost", buy("other", "https://localhost.localdomain/"), PRODUCT_FILE, 22, "buy[1].url", *NOT_A_DOMAIN
    ),
    Case(
        "buy-port",
        buy("shop", "https://shop.example.vn:8443/"),
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "không được ghi cổng (':8443')",
        "must not name a port",
    ),
    Case(
        "buy-not-a-dns-name",
        buy("shop", "https://shop_ocop.vn/"),
        PRODUCT_FILE,
        22,
        "buy[1].url",
        "không phải tên miền hợp lệ",
        "not a valid domain name",
    ),
    Case(
        "website-userinfo",
        producer_website("https://htx.vn@evil.example/"),
        PRODUCER_FILE,
        12,
        "contacts.website",
        *USERINFO,
    ),
    Case(
        "website-homograph",
        producer_website("https://htx-thử.vn/"),
        PRODUCER_FILE,
        12,
        "contacts.website",
        "viết dạng punycode: xn--htx-th-8r8b.vn",
        "write it as punycode",
    ),
    Case(
        "markdown-link-userinfo",
        description("Mua ở [Postmart](https://postmart.vn@evil.example/)."),
        PRODUCT_FILE,
        8,
        "description",
        *USERINFO,
    ),
    Case(
        "markdown-link-homograph-in-steps",
        replace('date: "2025-02-01"', 'date: "2025-02-01"\n    details: Xem [video](https://vоso.vn/v)'),
        PRODUCT_FILE,
        29,
        "traceability[2].details",
        "dễ bị giả mạo",
        "can imitate another site",
    ),
    Case(
        "markdown-link-ip",
        description("Xem [ảnh](https://10.0.0.1/a.jpg)."),
        PRODUCT_FILE,
        8,
        "description",
        *NOT_A_DOMAIN,
    ),
    Case("marketplace-real-hosts-pass", buy("postmart", "https://www.postmart.vn/gian-hang/che"), "", 0, "", "", ""),
    Case("punycode-host-passes", buy("shop", "https://xn--ch-xanh-3xa.vn/"), "", 0, "", "", ""),
]


@pytest.mark.parametrize("case", LINKS, ids=[c.name for c in LINKS])
def test_links_that_lie_about_their_host(tmp_path: Path, case: Case) -> None:
    run_case(tmp_path, case)


def test_one_table_of_marketplaces() -> None:
    """Every marketplace kind has its hosts, and the schema's kinds are that table plus shop and other."""
    assert list(SHOP_KINDS) == [*MARKETPLACES, "shop", "other"]
    for kind, (label, _, hosts) in MARKETPLACES.items():
        assert SHOP_KINDS[kind][0] == label and hosts
        assert all(judge_link(f"https://{host}/x", kind) is None for host in hosts)


def test_the_host_shown_is_the_host_opened() -> None:
    assert BuyLink("shop", "https://Shop.Example.VN/x?next=@evil.example", "Shop").host == "shop.example.vn"
    assert BuyLink("shop", "https://xn--ch-xanh-3xa.vn/", "Chè").host == "xn--ch-xanh-3xa.vn"
    assert link_host("https://a.vn@b.vn/") == "b.vn"  # judge_link refuses it; the model would still tell the truth


def test_the_page_shows_the_real_host_beside_the_label(tmp_path: Path) -> None:
    product = PRODUCT.replace(
        "origin:", "buy:\n  - kind: other\n    url: https://cho-que.example.vn/x\n    label: Postmart\norigin:"
    )
    products = write_catalogue(tmp_path, product=product)
    site = tmp_path / "site"
    result = mkdocs_build(site, products)
    assert result.returncode == 0, result.stderr
    page = (site / "p" / "hn-001" / "index.html").read_text(encoding="utf-8")
    assert (
        '<a href="https://cho-que.example.vn/x" rel="nofollow noopener">Postmart</a> <small>cho-que.example.vn</small>'
        in page
    )
