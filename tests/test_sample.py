"""The bundled sample is demonstration data, and it looks invented: no path on a real marketplace,
no real-looking host, no GTIN that could be a real product's."""

from __future__ import annotations

import re

import yaml
from conftest import REPO

from ocop.domain.links import MARKETPLACES


def records() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((REPO / "products").rglob("*.yml")):
        out.append((path.relative_to(REPO).as_posix(), yaml.safe_load(path.read_text(encoding="utf-8"))))
    return out


def urls(value: object) -> list[str]:
    if isinstance(value, str):
        return re.findall(r"https?://[^\s)\]>\"']+", value)
    if isinstance(value, dict):
        return [u for v in value.values() for u in urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls(v)]
    return []


def test_every_link_in_the_sample_goes_to_an_example_host() -> None:
    real = {h for _vi, _en, hosts in MARKETPLACES.values() for h in hosts}
    for path, data in records():
        for url in urls(data):
            host = url.split("/")[2].lower()
            assert host not in real, f"{path}: an invented path on a real marketplace: {url}"
            assert host == "example" or host.endswith((".example", ".example.vn")), f"{path}: {url}"


def test_sample_emails_and_gtins_are_invented() -> None:
    for path, data in records():
        email = (data.get("contacts") or {}).get("email")
        if email:
            assert email.split("@")[1].endswith((".example", ".example.vn")), f"{path}: {email}"
        if "gtin" in data:
            assert data["gtin"].startswith("8939999"), path  # the demonstration range
            text = (REPO / path).read_text(encoding="utf-8")
            assert "GTIN MINH HỌA" in text, path
