"""What a list implies without saying it: the issuer a decision number names, the product group a
name or a section heading names, and the source links a shopper should not be sent to.

- **Issuer.** A number such as "3981/QĐ-UBND" is a People's Committee's decision; in a province's
  annex, that province's ("UBND tỉnh Vĩnh Long"). Certificates keep the issuer's name as it was on
  the decision's date, so a decision from before the 1 July 2025 reform names the old province the
  row's place belonged to ("UBND tỉnh Trà Vinh"). "QĐ-BNN…" is the Ministry's, named as it was then.
- **Group.** Words of a product name ("Nước mắm …", "Rượu …", "Gốm …") matched whole against a
  table per group; a group is guessed only when the words name exactly one group, or when the
  section heading picks one of those they name. Words of what a product is made of ("dừa", "gạo")
  count only when nothing else names a group: "Rượu dừa" is a drink, "Dừa sáp" food.
- **Sources.** A link to a code-hosting site (a data file in someone's repository) is not where a
  shopper should check a product; a province portal or a newspaper is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from ...domain.fold import fold, tone_key_word, words
from ...domain.units import units
from .gazetteer import gazetteer

REFORM = dt.date(2025, 7, 1)  # the 34 provinces of Resolution 202/2025/QH15 took effect
MINISTRY_MERGER = dt.date(2025, 3, 1)  # MARD and MONRE merged into Bộ Nông nghiệp và Môi trường
# Old province names that changed before the reform: the gazetteer holds the last pre-reform name.
EARLIER_NAMES: dict[str, tuple[dt.date, str]] = {"Thành phố Huế": (dt.date(2025, 1, 1), "Tỉnh Thừa Thiên Huế")}


def ministry(day: dt.date | None) -> str:
    """The ministry that recognises 5-star products, named as it was on ``day`` (merged in March 2025)."""
    if day is not None and day < MINISTRY_MERGER:
        return "Bộ Nông nghiệp và Phát triển nông thôn"
    return "Bộ Nông nghiệp và Môi trường"


def committee(province_name: str) -> str:
    """'Tỉnh Trà Vinh' → 'UBND tỉnh Trà Vinh', as people write the issuer of a province's decision."""
    for prefix in ("Tỉnh ", "Thành phố "):
        if province_name.startswith(prefix):
            return f"UBND {prefix.lower()}{province_name[len(prefix) :]}"
    return f"UBND {province_name}"


_BODY = re.compile(r"/(?:QĐ|QD)-([0-9A-ZĐ]+)", re.I)


def body_of(number: str | None) -> str | None:
    """'committee' for "…/QĐ-UBND", 'ministry' for "…/QĐ-BNN…" (BNNPTNT, BNNMT), else None."""
    m = _BODY.search(number or "")
    if m is None:
        return None
    code = fold(m.group(1))
    if code in ("ubnd", "ub"):
        return "committee"
    if code.startswith("bnn"):
        return "ministry"
    return None


@dataclass(frozen=True)
class Implied:
    """The issuer a decision number implies, or why it implies none that can be written."""

    issuer: str | None
    vi: str  # how it was told (or why not), for the report
    en: str


def implied_issuer(number: str | None, day: dt.date | None, province: str, old_province: str | None) -> Implied | None:
    """The issuer ``number`` implies in ``province``'s list; None when the number names no body.

    ``old_province`` is the pre-2025 province the row's place was in, when known.
    """
    body = body_of(number)
    if body == "ministry":
        return Implied(ministry(day), f"từ số quyết định {number}", f"from the decision number {number}")
    if body != "committee":
        return None
    if day is None or day >= REFORM:
        name = units().provinces[province].name
        return Implied(committee(name), f"từ số quyết định {number}", f"from the decision number {number}")
    olds = [old_province] if old_province else gazetteer().old_provinces_of(province)
    if len(olds) != 1:
        # A merged province: which old province decided is told by the row's place only.
        return Implied(
            None,
            f"số quyết định {number} ngày {day:%d/%m/%Y} (trước 1/7/2025) là của UBND một tỉnh cũ, nhưng địa chỉ "
            "chưa cho biết tỉnh nào; cần địa chỉ rõ, cột 'Cơ quan cấp' hoặc --issuer",
            f"decision {number} of {day:%d/%m/%Y} (before 1 July 2025) is an old province's, but the address does "
            "not say which; give a clear address, an 'Cơ quan cấp' column or --issuer",
        )
    name = olds[0]
    renamed = EARLIER_NAMES.get(name)
    if renamed is not None and day < renamed[0]:
        name = renamed[1]
    return Implied(
        committee(name),
        f"từ số quyết định {number}, trước 1/7/2025, nơi sản xuất thuộc {name} cũ",
        f"from the decision number {number}, before 1 July 2025, the place being in the old {name}",
    )


# --- product groups -----------------------------------------------------------------------------------------------

# Words of product names, per group (QĐ 148/QĐ-TTg), written with their diacritics. Names are compared by tone
# key (tone placement ignored, tones kept): folding them away merges words that mean other things ("chè" tea and
# "chế" as in "chế biến", "cá" fish and "cà" as in "cà phê"). A leading "^" marks a word that counts only as the
# first word of a name: elsewhere it is too often a place or a person ("Trà Vinh", "Cam Ranh", "Bánh tét Trà
# Cuôn"). The longest phrase wins ("cá cảnh" is not "cá", "hoa cà phê" honey is not "cà phê").
GROUP_TERMS: dict[str, str] = {
    "food": (
        "thực phẩm, nông sản, thủy sản, hải sản, nước mắm, mắm, mắm tôm, mắm nêm, bánh, kẹo, mứt, ô mai, mè xửng, "
        "giò chả, giò lụa, chả, nem, lạp xưởng, xúc xích, ruốc, chà bông, sữa chua, yến sào, tổ yến, bún, phở, "
        "miến, mì, hủ tiếu, cơm cháy, cốm, tương, nước tương, nước chấm, gia vị, ^đường, đường thốt nốt, "
        "đường phèn, dầu ăn, dầu lạc, dầu phộng, kim chi, dưa muối, ^khô, vỏ lụa"
    ),
    "drinks": (
        "đồ uống, rượu, rượu vang, bia, cà phê, ^chè, ^trà, nước ép, nước giải khát, nước uống, nước khoáng, "
        "nước tinh khiết, sữa đậu nành, siro"
    ),
    "herbal": (
        "dược liệu, thảo dược, thảo mộc, cao dược liệu, sâm, nhân sâm, tinh dầu, thuốc, thuốc nam, linh chi, "
        "nấm linh chi, đông trùng hạ thảo, cà gai leo, dây thìa canh, atiso, actiso, ba kích, đinh lăng, "
        "hà thủ ô, giảo cổ lam, xạ đen, ích mẫu, lá vối, tía tô, tinh bột nghệ, trà hoa vàng, trà cung đình, "
        "^quế, mỹ phẩm, dầu gội, sữa tắm, xà phòng, dầu xoa bóp, dầu gió"
    ),
    "crafts": (
        "thủ công mỹ nghệ, thủ công, mỹ nghệ, gốm, gốm sứ, men rạn, men lam, mây tre, mây tre đan, đan lát, "
        "thổ cẩm, dệt, lụa, nón lá, nón, chiếu, chiếu cói, cói, sơn mài, khảm trai, chạm khắc, điêu khắc, "
        "tranh, đồ gỗ, gỗ mỹ nghệ, giỏ, bát đĩa, ấm chén, đèn lồng, thêu, lục bình, xơ dừa, gáo dừa, thảm"
    ),
    "ornamental": (
        "sinh vật cảnh, cây cảnh, hoa cây cảnh, bonsai, ^lan, hoa lan, phong lan, lan hồ điệp, địa lan, "
        "mai vàng, mai chiếu thủy, cây mai, đào cảnh, đào thế, hoa đào, kiểng, cây kiểng, hoa kiểng, cá cảnh, "
        "cá koi, chim cảnh, quất cảnh"
    ),
    "tourism": (
        "du lịch, điểm du lịch, khu du lịch, làng nghề du lịch, du lịch cộng đồng, du lịch sinh thái, "
        "dịch vụ du lịch, vườn trái cây, homestay, farmstay, trải nghiệm, tham quan, khu sinh thái, nghỉ dưỡng, "
        "làng văn hóa, tour"
    ),
}
# What food is made of, when sold as it is: a fruit, a grain, honey, fish. Such a word names the group only
# when nothing else does (no word above, no section heading): "Rượu chuối" is a drink, "Tinh dầu bưởi" herbal,
# "Bưởi" food.
INGREDIENTS = (
    "gạo, nếp, ngũ cốc, mật ong, hoa cà phê, sữa, thịt, cá, tôm, mực, cua, ghẹ, ốc, lươn, ếch, gà, vịt, trứng, "
    "yến, sá sùng, muối, hồ tiêu, ^tiêu, ớt, tỏi, rau, củ, củ cải, ^cải, trái cây, hoa quả, nấm, măng, khoai, "
    "khoai lang, sắn, ^ngô, bắp, đậu, đậu phộng, ^lạc, mè, vừng, hạt điều, hạt sen, bưởi, xoài, nhãn, "
    "vải thiều, chuối, dừa, sầu riêng, chôm chôm, măng cụt, thanh long, mít, mãng cầu, cam sành, ^cam, quýt, "
    "chanh, táo, mận, ổi, ^me"
)


def _key(text: str) -> tuple[str, ...]:
    return tuple(tone_key_word(w) for w in words(text))


Term = tuple[str, str, bool, bool]  # (group, the phrase as written, first word only, an ingredient)


@cache
def _terms() -> tuple[dict[tuple[str, ...], Term], int]:
    """(tone-key phrase → its term, the longest phrase's length in words)."""
    table: dict[tuple[str, ...], Term] = {}
    lists = [(g, text, False) for g, text in GROUP_TERMS.items()] + [("food", INGREDIENTS, True)]
    for group, text, ingredient in lists:
        for term in (t.strip() for t in text.split(",")):
            phrase = term.lstrip("^")
            table[_key(phrase)] = (group, phrase, term.startswith("^"), ingredient)
    return table, max(len(k) for k in table)


@dataclass(frozen=True)
class GroupGuess:
    """The groups a text's words name: by what the product is, and by what it is made of."""

    named: dict[str, list[str]]  # group → words naming the product ("rượu", "bánh", "gốm")
    made_of: dict[str, list[str]]  # group → ingredient words ("dừa", "gạo")


def guess_group(text: str) -> GroupGuess:
    """The groups named by the words of ``text``, longest phrase first, left to right."""
    table, longest = _terms()
    key = _key(text)
    guess = GroupGuess({}, {})
    i = 0
    while i < len(key):
        for n in range(min(longest, len(key) - i), 0, -1):
            term = table.get(key[i : i + n])
            if term is not None and (i == 0 or not term[2]):
                (guess.made_of if term[3] else guess.named).setdefault(term[0], []).append(term[1])
                i += n
                break
        else:
            i += 1
    return guess


def _one(found: dict[str, list[str]]) -> str | None:
    return next(iter(found)) if len(found) == 1 else None


def quoted(found: dict[str, list[str]], group: str) -> str:
    return ", ".join(f"'{w}'" for w in dict.fromkeys(found[group]))


@dataclass(frozen=True)
class GroupChoice:
    """The group a row's name and section heading tell, and what told it; or the groups a name names."""

    group: str | None = None
    words: str = ""  # the words that told it, quoted
    heading: bool = False  # told by the section heading, not the name
    several: dict[str, list[str]] | None = None  # the name names these groups and the heading none of them


def choose_group(name: str, heading: str | None) -> GroupChoice:
    """The name's product words when they name one group; else the heading's words when they name one (and,
    when the name names several, one of those); else the name's ingredients. Anything else: no group."""
    by_name = guess_group(name)
    by_heading = guess_group(heading) if heading else GroupGuess({}, {})
    from_heading = _one(by_heading.named) or (None if by_heading.named else _one(by_heading.made_of))
    found = by_heading.named or by_heading.made_of
    group = _one(by_name.named)
    if group is not None:
        return GroupChoice(group, quoted(by_name.named, group))
    if from_heading is not None and (not by_name.named or from_heading in by_name.named):
        return GroupChoice(from_heading, quoted(found, from_heading), heading=True)
    if by_name.named:
        return GroupChoice(several=by_name.named)
    group = _one(by_name.made_of)
    return GroupChoice(group, quoted(by_name.made_of, group)) if group else GroupChoice()


# --- source links -------------------------------------------------------------------------------------------------

CODE_HOSTS = (
    "github.com",
    "githubusercontent.com",
    "github.io",
    "gitlab.com",
    "gitlab.io",
    "bitbucket.org",
    "codeberg.org",
    "sourceforge.net",
    "gitee.com",
    "sr.ht",
    "gitea.com",
    "pastebin.com",
)


def code_host(url: str) -> str | None:
    """The host of ``url`` when it is a code-hosting site (gist.github.com, raw.githubusercontent.com…)."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    if any(host == h or host.endswith(f".{h}") for h in CODE_HOSTS):
        return host
    return None
