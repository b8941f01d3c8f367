"""Importing a province's list of certified products: ``ocop import FILE.csv|FILE.xlsx --province …``.

The input is the table a decision annex has (``STT, Tên sản phẩm, Chủ thể, Địa chỉ, Hạng
sao, Nhóm sản phẩm, Số quyết định`` and perhaps ``Ngày quyết định, Cơ quan cấp``), as CSV or
as an Excel workbook. Headers are matched without regard to case, diacritics or punctuation,
in Vietnamese or English ("Tên sản phẩm", "Ten san pham", "Product name", "name"); ``--map``
names the field of any other column.

The modules are the steps a row goes through:

- ``read``: the rows of the file, the header row, which column holds which field;
- ``cells``: stars, product group, section rows and headings, dates and decision cells;
- ``infer``: what a list implies: the issuer a decision number names, a group from a name's words,
  source links not to be shown;
- ``gazetteer`` and ``places``: the names of units, and an address → one 2025 commune;
- ``producers``: matching a producer with the province's records, or the kind of a new one;
- ``records``: the text of the records written, and their checks before writing;
- ``run``: ``import_file``, the per-row pipeline, and the check of the whole catalogue after it;
- ``report``: the Markdown and CSV reports and the summary line;
- ``result``: the outcome of each row and of the run.

What the importer decides, and why
----------------------------------
- **It writes a record only when the record is valid.** Every record is built in memory,
  checked with the same rules as ``ocop check`` (schema, text, dates), and written only
  when it passes. After writing, the whole catalogue is checked again; a written file
  with any problem is removed and its row reported (a safety net: the checks before
  writing should make it unnecessary). Nothing invalid is ever left behind.
- **A row it cannot complete needs a person.** It is listed in the report with its row
  number and every reason, in Vietnamese then English: stars other than 3/4/5 (an empty
  or 0 cell often means "not rated"), no or unknown product group, no producer, a
  producer whose kind cannot be told from its name, an address that does not lead to
  exactly one 2025 commune, no decision number, date or issuer, a row of a list of several
  provinces with neither a province nor an address ("the row has no province"). The
  officer fixes the list and runs the same command again. The report counts every
  reason, so one fix to the list can be seen to clear many rows.
- **Values for the whole list.** A decision annex belongs to one decision, so its rows
  often have no decision number or date. ``--decision``, ``--decision-date``,
  ``--issuer`` and ``--group`` give a value for rows whose cell is *empty*; a cell that
  has text the importer cannot read is never replaced by the default (the row needs a
  person). Section rows such as "I. NHÓM THỰC PHẨM" set the group of the rows under
  them. A decision cell such as "1114/QĐ-UBND, 06/04/2021 (UBND tỉnh Thanh Hóa)" gives
  the number, the date and the issuer.
- **What the list implies** (``infer``), used only where the row, its section and the
  options say nothing, and listed in the report for a person to check:
  - *the issuer*: a decision number "…/QĐ-UBND" in a province's list is that province's
    People's Committee ("UBND tỉnh Vĩnh Long"), named as it was on the decision's date:
    before 1 July 2025, the old province the row's place was in ("UBND tỉnh Trà Vinh");
    "…/QĐ-BNN…" is the Ministry's. An issuer cell, one in the decision cell, a 5-star
    row's Ministry and ``--issuer`` all come first;
  - *the group*: the words of the name ("Nước mắm …" food, "Rượu …" drinks, "Gốm …"
    crafts), whole words compared by tone key, when they name exactly one group; a name
    naming two ("Trà atiso": drinks, herbal) is left to a person unless its section
    heading names one of them. A name with no such word takes the group its section
    heading's words name ("II. RƯỢU, BIA"), or else the one its ingredients name ("Dừa
    sáp", "Bưởi da xanh": food). Words of what a product is made of count only then:
    "Rượu dừa" is a drink;
  - *the source link*: a link to a code-hosting site (GitHub, GitLab…) is not written
    into the description; a publisher's link (a province portal, a newspaper) is.
- **Addresses → 2025 communes.** "Xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh" is split
  into its units. An address that names a district is from before 1 July 2025 (districts
  were abolished then): its commune is looked up in the pre-2025 list
  (``data/units-legacy.csv``) within that district, and used when it went whole into
  exactly one 2025 commune; when the district itself had been merged away before 2025
  (Nam Đông into Phú Lộc), the commune's name decides if it is unique. A commune that
  was split between several new communes, a name found in several places, a commune
  not in the district named, a bare name that is also a district's ("Thọ Xuân"), or an
  address with only a district needs a person.
  An address without a district is matched by name against the 2025 communes of the
  province first, then against the pre-2025 communes of the provinces merged into it.
  Names compare without regard to case or tone-mark placement ("Hoà"/"Hòa"), then
  without diacritics when that is still unambiguous; unit types may differ (many a
  "xã" became a "phường" before 2025). A row whose province column or address names
  another province (old names count: Trà Vinh is Vĩnh Long now) is skipped and listed.
- **Producers** are matched by name with the producer records of the province
  (abbreviations expanded: HTX, HTXNN, THT, DNTN, Cty, TNHH, HKD, SXKD…; case,
  diacritics placement and punctuation ignored), and with those created earlier in the
  same run. An unknown producer gets a new record when its kind can be told from its
  name (Hợp tác xã/HTX → cooperative, Tổ hợp tác → cooperative-group, Công ty/Doanh
  nghiệp/DNTN → enterprise, Hộ…/Cơ sở → household); its address is the row's address.
  A trailing ", xã …" in the producer cell is an address, not part of the name.
- **Never overwrite.** Files are created with exclusive mode; a row whose product (same
  name, same producer) already has a record is skipped and reported; a second row for
  the same product in the list needs a person (which row is right?). Running the same
  import twice writes nothing new.
- **Photos and descriptions.** The schema requires a description and at least one photo;
  a list has neither, and the importer cannot invent photos. The records are written
  into the province folder anyway, because what a list holds (name, stars, producer,
  certificate, place) is the public, official core of the catalogue. Each gets a
  generated placeholder picture labelled "ẢNH MINH HỌA" (``ocop.authoring.placeholder``) and a
  short description saying it was made from the certification list and that details
  and photos are being added, with the list's source link when it has one (not a
  code-hosting site's). A comment
  marked ``CẦN ĐIỀN`` at the image says what to replace. New ids are fresh
  (``ocop.authoring.scaffold.fresh_id``), unique against the catalogue and ``--published``.
"""

from __future__ import annotations

from .cells import (
    DecisionCell,
    heading,
    heading_words,
    parse_date,
    parse_decision,
    parse_group,
    parse_stars,
    section_group,
    text_of,
)
from .gazetteer import Gazetteer, gazetteer
from .infer import (
    GroupChoice,
    GroupGuess,
    Implied,
    choose_group,
    code_host,
    committee,
    guess_group,
    implied_issuer,
    ministry,
)
from .places import Place, resolve_address
from .producers import guess_kind, name_key, producer_key, split_producer
from .read import FIELDS, HEADER_ALIASES, clean, find_header, map_headers, parse_mapping, read_rows
from .records import problems_of
from .report import reason_counts, report_csv, report_markdown, summary
from .result import Defaults, ImportError_, ImportResult, NewProducer, Outcome, Reason
from .run import import_file

__all__ = [
    "FIELDS",
    "HEADER_ALIASES",
    "DecisionCell",
    "Defaults",
    "Gazetteer",
    "GroupChoice",
    "GroupGuess",
    "Implied",
    "ImportError_",
    "ImportResult",
    "NewProducer",
    "Outcome",
    "Place",
    "Reason",
    "choose_group",
    "clean",
    "code_host",
    "committee",
    "find_header",
    "gazetteer",
    "guess_group",
    "guess_kind",
    "heading",
    "heading_words",
    "implied_issuer",
    "import_file",
    "map_headers",
    "ministry",
    "name_key",
    "parse_date",
    "parse_decision",
    "parse_group",
    "parse_mapping",
    "parse_stars",
    "problems_of",
    "producer_key",
    "reason_counts",
    "read_rows",
    "report_csv",
    "report_markdown",
    "resolve_address",
    "section_group",
    "split_producer",
    "summary",
    "text_of",
]
