"""Who wrote the report: a county (or city) government, a township, or a government department.

Read from the issuer's name first (its last unit decides: ``安宁市人民政府八街街道办事处`` is a
street office, ``县市场监督管理局`` a department), then from the title, then from how the text
speaks of itself (我县、全县 / 我镇、全镇、我街道 / 我局、本局、我委).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

TOWNSHIP = re.compile(
    r"(?:乡|镇|街道|街道办事处|办事处|片区管理局|片区|管理委员会|管委会|司法所)(?:人民政府|政府|党委|党工委)?$"
)
DEPARTMENT = re.compile(r"(?:局|委员会|委|办公室|办|厅|中心|院|署)$|(?:局|委员会|办公室)(?:党组|党委)$")
COUNTY = re.compile(r"(?:县|区|旗|县级市)(?:人民政府|政府|委员会|委)$|县委|区委")
CITY = re.compile(r"市(?:人民政府|政府)$|市委$")
_SELF = re.compile(r"(?:我|本)(镇|乡|街道|县|区|市|局|委)")
_ORG_NAME = r"[\u4e00-\u9fff]{1,20}?(?:街道办事处|街道|办事处|人民政府|政府|管委会|管理局|委员会|局|委|乡|镇)"
_SUBJECT = re.compile(
    rf"^(?:20\d\d年(?:度)?(?:以来)?|今年以来|一年来)?[,，]?(?:在[^。]{{0,60}}?(?:下|中)[,，])?(?P<org>{_ORG_NAME})"
    r"(?=坚持|深入|认真|始终|紧紧|积极|全面|按照|围绕|以|在|把|立足|扎实|切实|不断|持续|聚焦|严格|进一步|牢固)"
)
_REPORTING = re.compile(rf"现将(?P<org>{_ORG_NAME})(?:20\d\d|关于|[^。]{{0,20}}?报告如下)")
_SELF_LEVEL = {"镇": "township", "乡": "township", "街道": "township", "县": "county", "区": "county",
               "市": "city", "局": "department", "委": "department"}  # fmt: skip
_ORG_IN_TITLE = re.compile(r"^(?P<org>[\u4e00-\u9fff()]{2,40}?)(?:关于|20\d\d年|法治政府|法治)")


def level_of_name(name: str) -> str | None:
    """The level of a body from its name, by its last unit; None when the name does not tell."""
    name = re.sub(r"\s+", "", name)
    joint = re.split(r"(?<=县委|市委|区委)", name)  # 中共××县委 ××县人民政府: the government decides
    name = joint[-1] or name
    if TOWNSHIP.search(name):
        return "township"
    if re.search(r"(?:县|区|旗)(?:人民政府|政府)$", name) or (COUNTY.search(name) and not DEPARTMENT.search(name)):
        return "county"
    if CITY.search(name):
        return "city"
    if DEPARTMENT.search(name):
        return "department"
    return None


def opening_subject(opening: Iterable[str]) -> str | None:
    """The body the opening sentences speak for (2022年，在区委领导下，友谊路街道坚持…; 现将县人民政府…报告如下)."""
    for text in opening:
        for sentence in re.split(r"[。！？；]", text)[:3]:
            match = _SUBJECT.match(sentence) or _REPORTING.search(sentence)
            if match and not match.group("org").startswith(("我", "本")):
                return match.group("org")
    return None


def detect_level(
    issuer: str | None, title: str | None, texts: Iterable[str], opening: Iterable[str] = ()
) -> tuple[str | None, str]:
    """The report's level and what decided it: ``issuer``, ``title``, ``opening`` (the body the first
    sentences speak for), ``text`` (我局、我镇…), or ``""``."""
    if issuer:
        level = level_of_name(issuer)
        if level:
            return level, "issuer"
    if title:
        match = _ORG_IN_TITLE.match(re.sub(r"\s+", "", title))
        level = level_of_name(match.group("org")) if match else None
        if level:
            return level, "title"
    subject = opening_subject(opening)
    level = level_of_name(subject) if subject else None
    if level:
        return level, "opening"
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_SELF_LEVEL[m] for m in _SELF.findall(text))
    if counts:
        (best, n), *rest = counts.most_common(2)
        if not rest or n > rest[0][1]:
            return best, "text"
    return None, ""
