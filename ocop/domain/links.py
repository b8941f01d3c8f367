"""Web links in records, and the one rule that says whether a link goes where it appears to go.

A buy link is shown as a label (e.g. "Postmart") with the link's host beside it, so the host a
reader sees must be the host the browser visits. Browsers and Python's URL parser disagree on
odd links (a backslash, a user name before ``@``), and a host written in another script can look
like a trusted one (an IDN homograph: Cyrillic "о" for Latin "o"). Only plain https links to a
real DNS name pass; the page then shows the parsed host, never the text of the link.

The authority is split here by hand, the way browsers split it (a backslash ends it, like "/"),
rather than with urllib.parse: every link on which parsers could disagree is refused anyway, and
the domain stays free of urllib.
"""

from __future__ import annotations

import re

# Marketplaces a product may name as ``kind``, with the hosts they really serve from. A link whose
# kind says "postmart" must go to one of these; `shop` and `other` may be any https host.
# (value in records: Vietnamese label, English label, hosts)
MARKETPLACES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "postmart": ("Postmart", "Postmart", ("postmart.vn", "www.postmart.vn")),  # Vietnam Post's marketplace
    "voso": ("Vỏ Sò", "Vỏ Sò", ("voso.vn", "www.voso.vn")),  # Viettel Post's marketplace
}

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# A top-level domain is letters (or an IDN TLD as punycode); an all-digit last label is an IPv4
# address or a number some browsers read as one.
_TLD = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_LOCAL = ("localhost", "localdomain", "local", "internal")  # names of machines on a private network
_NETLOC = re.compile(r"^https://([^/?#\\]*)", re.IGNORECASE)  # the authority ends at / ? # or \


def _split(netloc: str) -> tuple[str, str]:
    """(host, port) of an authority, after any user name."""
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):  # an IPv6 address
        host, _, rest = hostport[1:].partition("]")
        return host, rest.removeprefix(":")
    host, _, port = hostport.partition(":")
    return host, port


def link_host(url: str) -> str:
    """The host a browser visits for a link that passed ``judge_link``: lowercase, punycode as written."""
    m = _NETLOC.match(url)
    return _split(m.group(1))[0].lower() if m else ""


def _punycode(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def _host_problem(netloc: str) -> tuple[str, str] | None:
    host, port = _split(netloc)
    if "@" in netloc:
        return (
            f"liên kết có tên người dùng trước dấu @ ('{netloc}'): trang sẽ mở '{host}', không phải phần đứng trước @",
            f"the link has a user name before @ ('{netloc}'): it opens '{host}', not what comes before the @",
        )
    if not host.isascii():
        code = _punycode(host)
        vi_hint = f"; viết dạng punycode: {code}" if code else "; viết tên miền dạng punycode (xn--…)"
        en_hint = f"; write it as punycode: {code}" if code else "; write the domain as punycode (xn--…)"
        return (
            f"tên miền '{host}' có chữ ngoài bảng chữ cái Latin không dấu, dễ bị giả mạo{vi_hint}",
            f"the domain '{host}' has non-ASCII letters, which can imitate another site{en_hint}",
        )
    if (port or netloc.endswith(":")) and port != "443":
        return (
            f"liên kết không được ghi cổng (':{port}'); bỏ phần này đi",
            f"the link must not name a port (':{port}'); remove it",
        )
    labels = host.lower().split(".")
    if netloc.startswith("[") or len(labels) < 2 or not _TLD.match(labels[-1]) or labels[-1] in _LOCAL:
        return (
            f"'{host}' không phải tên miền của một trang web (không dùng địa chỉ IP hay máy nội bộ)",
            f"'{host}' is not a website's domain name (no IP addresses or local machines)",
        )
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        return (
            f"'{host}' không phải tên miền hợp lệ (chỉ gồm chữ, số, dấu gạch ngang và dấu chấm)",
            f"'{host}' is not a valid domain name (letters, digits, hyphens and dots only)",
        )
    return None


def judge_link(url: str, kind: str | None = None) -> tuple[str, str] | None:
    """Why an https link does not honestly go where it appears to, as (Vietnamese, English); None when it does.

    ``kind`` is a buy link's kind: a marketplace kind must use that marketplace's own hosts."""
    if not url.lower().startswith("https://"):
        return (
            f"liên kết '{url[:60]}' không an toàn; chỉ dùng địa chỉ bắt đầu bằng https://",
            f"link '{url[:60]}' is not safe; only https:// addresses are allowed",
        )
    if re.search(r"[\s\x00-\x1f\x7f]", url):
        # Python's parser silently drops tabs and newlines inside a link; a browser may not.
        return (
            "liên kết không được có dấu cách hay ký tự điều khiển",
            "a link must not contain spaces or control characters",
        )
    if "\\" in url:
        # Browsers read a backslash as "/", Python's parser does not: the two would open different hosts.
        return (
            "liên kết không được có dấu gạch chéo ngược (\\); dùng dấu /",
            "a link must not contain a backslash (\\); use /",
        )
    netloc = _NETLOC.match(url).group(1)  # type: ignore[union-attr]
    host = link_host(url)
    if not host:
        return (f"liên kết '{url[:60]}' không có tên miền", f"link '{url[:60]}' has no domain name")
    found = _host_problem(netloc)
    if found:
        return found
    if kind in MARKETPLACES:
        label, _, hosts = MARKETPLACES[kind]
        if host not in hosts:
            listed = " hoặc ".join(hosts)
            return (
                f"nơi bán '{kind}' ({label}) phải là liên kết tới {listed} (đang ghi: '{host}'); "
                "nơi bán khác thì ghi kind: shop hoặc other",
                f"a '{kind}' ({label}) link must go to {' or '.join(hosts)} (found: '{host}'); "
                "for another seller write kind: shop or other",
            )
    return None
