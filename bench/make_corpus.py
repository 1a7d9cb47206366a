"""Build N realistic, varied 法治政府建设年度报告 from seed reports, with planted copied paragraphs.

Each generated paragraph joins sentences drawn at random from the same part of all seeds (a
measures paragraph opens with one of the seeds' short lead titles); a report drops a statutory
part now and then, gets a new issuer, moved years, changed figures and varied common wording.
Chosen pairs of reports then get two or three paragraphs copied from one into the other
(照搬照抄), nearly word for word; ``manifest.json`` lists those pairs.

    python bench/make_corpus.py OUT_DIR -n 1000 [--seeds examples/] [--chars 4000] [--pairs 20]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

NUMERALS = "一二三四五六七八九十"
_TOP = re.compile(r"^\s*[一二三四五六七八九十]+[、．.]")
_SUB_MARK = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")
_YEAR = re.compile(r"(20[0-3]\d)(?=年)")
_NUMBER = re.compile(r"(?<![\d.])(?!(?:19|20)\d\d(?!\d))(\d+(?:\.\d+)?)(?![\d.]*\s*[年月日号时])(\s*[%％])?")
_ISSUER_END = re.compile(r"(人民政府|办事处|局|委员会|管委会|委|办)$")
_SENTENCE = re.compile(r"[^。；]+[。；]?")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:乡|镇|街道|县|区|市)")
KINDS = (
    ("first_responsible", re.compile(r"第一责任人|主要负责人")),
    ("shortcomings", re.compile(r"不足|问题|短板")),
    ("next_year", re.compile(r"安排|打算|计划|思路|下一步")),
    ("other", re.compile(r"其他")),
    ("measures", re.compile(r".")),
)
SHARE = {"measures": 0.56, "first_responsible": 0.14, "shortcomings": 0.12, "next_year": 0.14, "other": 0.04}
SYNONYMS = (
    ("加强", "强化", "切实加强", "着力加强"),
    ("推进", "推动", "深入推进", "持续推进"),
    ("开展", "组织开展", "集中开展", "深入开展"),
    ("完善", "健全", "健全完善", "进一步完善"),
    ("提升", "提高", "不断提升"),
    ("全年", "年内", "本年度", "一年来"),
    ("群众", "人民群众", "辖区群众", "广大群众"),
    ("有效", "切实", "较好地"),
    ("积极", "主动", "积极主动"),
    ("组织", "统筹组织", "牵头组织"),
    ("建立", "建立健全", "探索建立"),
    ("扎实", "稳步", "扎扎实实"),
    ("重点", "重点领域", "关键环节"),
    ("工作", "各项工作", "相关工作"),
)
_SYNONYM = re.compile("|".join(sorted({w for g in SYNONYMS for w in g}, key=len, reverse=True)))
_GROUP = {w: g for g in SYNONYMS for w in g}
COUNTY_A, COUNTY_B = "青云白临石金长安平清桃松龙凤永新丰宁兴泰华岳汉南东西北宜", "江山川阳溪源水林湖峰泉台城岭和化武昌"
TOWN_A, TOWN_B = "柳杨桥河沙马黄梅竹花双三大小高上下官李张陈王古铜银坪塘", "湾口坝铺集庄埠岗坡洲渡田冲寨营塘溪店桥园"


@dataclass
class Seed:
    """A seed report cut into parts; ``names`` are its own place and issuer names."""

    year: int
    parts: dict[str, list[str]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)


def _kind(heading: str) -> str:
    return next(kind for kind, pattern in KINDS if pattern.search(heading))


def parse_seed(text: str) -> Seed | None:
    """Cut a report into intro and parts by its 一、二、三、 headings; None when it has none."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    years = _YEAR.findall(lines[0]) if lines else []
    if not lines or not any(_TOP.match(line) for line in lines):
        return None
    tail = [line for line in lines[-3:] if len(line) < 30]
    issuer = next((line for line in tail if _ISSUER_END.search(line)), lines[0])
    body = lines[1 : len(lines) - len(tail)]
    seed = Seed(year=int(years[0]) if years else 2023)
    current: list[str] = seed.parts.setdefault("intro", [])
    for line in body:
        if _TOP.match(line):
            current = seed.parts.setdefault(_kind(line), [])
        elif len(line) >= 30:
            current.append(_SUB_MARK.sub("", line))
    found = set(_PLACE.findall(lines[0] + issuer)) | {_ISSUER_END.sub("", issuer), issuer}
    seed.names = sorted((n for n in found if len(n) >= 2), key=len, reverse=True)
    return seed


def load_seeds(folder: Path) -> list[Seed]:
    """Every .txt report in ``folder`` that parses into parts."""
    seeds = [parse_seed(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]
    found = [seed for seed in seeds if seed is not None and seed.parts.get("measures")]
    if not found:
        raise SystemExit(f"no seed reports with 一、二、三、 parts in {folder}")
    return found


@dataclass
class Issuer:
    county: str
    town: str
    full: str
    short: str


def make_issuer(rng: random.Random) -> Issuer:
    county = rng.choice(COUNTY_A) + rng.choice(COUNTY_B) + rng.choice("县县县区市")
    name = rng.choice(TOWN_A) + rng.choice(TOWN_B)
    kind = rng.choices(["乡", "镇", "街道", "局"], weights=[4, 5, 2, 1])[0]
    if kind == "局":
        office = rng.choice(["司法局", "自然资源局", "农业农村局", "市场监督管理局", "生态环境局"])
        return Issuer(county, county, f"{county}{office}", f"{county}{office}")
    town = name + kind
    full = f"{county}{town}{'办事处' if kind == '街道' else '人民政府'}"
    return Issuer(county, town, full, town)


class Mutator:
    """Rewrites one seed paragraph for a new report: names, years, figures and wording."""

    def __init__(self, rng: random.Random, issuer: Issuer, year: int) -> None:
        self.rng, self.issuer, self.year = rng, issuer, year

    def _number(self, match: re.Match[str]) -> str:
        value, percent = float(match.group(1)), match.group(2)
        rng = self.rng
        if percent:
            if value >= 99.5:
                new = 100.0 if rng.random() < 0.7 else rng.uniform(93, 99.9)
            else:
                new = min(100.0, value * rng.uniform(0.75, 1.25))
            return f"{new:.1f}".rstrip("0").rstrip(".") + "%"
        if "." in match.group(1):
            return f"{value * rng.uniform(0.5, 1.8):.1f}"
        return str(rng.randint(max(1, int(value * 0.3)), int(value * 2.5) + 3))

    def paragraph(self, text: str, seed: Seed) -> str:
        for name in seed.names:
            text = text.replace(
                name, self.issuer.full if name.endswith(("政府", "办事处", "局")) else self.issuer.short
            )
        text = _YEAR.sub(lambda m: str(self.year + int(m.group(1)) - seed.year), text)
        text = _NUMBER.sub(self._number, text)
        text = _SYNONYM.sub(lambda m: self.rng.choice(_GROUP[m.group(0)]), text)
        return text


def chinese_number(value: int) -> str:
    """一 … 十, 十一 … 九十九."""
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "") if value > 10 else NUMERALS[value - 1]


HEADINGS = {
    "measures": ("{y}年度推进法治政府建设的主要举措和成效", "主要举措和成效", "{y}年法治政府建设主要工作及成效"),
    "first_responsible": (
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
    ),
    "shortcomings": ("存在的不足和原因", "{y}年度推进法治政府建设存在的不足和原因", "存在的问题及原因"),
    "next_year": ("{n}年度推进法治政府建设的主要安排", "{n}年工作打算", "下一年度主要工作安排"),
    "other": ("其他需要报告的情况",),
}


def _headings(year: int, rng: random.Random) -> dict[str, str]:
    return {kind: rng.choice(titles).format(y=year, n=year + 1) for kind, titles in HEADINGS.items()}


def sentence_pools(seeds: list[Seed], kind: str) -> tuple[list[tuple[Seed, str]], list[tuple[Seed, str]]]:
    """The lead sentences (a paragraph's own short title) and body sentences of one part, all seeds."""
    leads, body = [], []
    for seed in seeds:
        for paragraph in seed.parts.get(kind, []):
            sentences = [s for s in _SENTENCE.findall(paragraph) if len(s) >= 8]
            if sentences and len(sentences[0]) <= 26 and len(sentences) > 1:
                leads.append((seed, sentences.pop(0)))
            body += [(seed, sentence) for sentence in sentences]
    return leads, body


def build_report(seeds: list[Seed], rng: random.Random, chars: int) -> tuple[Issuer, int, dict[str, list[str]], str]:
    """One report's issuer, year, paragraphs per part and closing lines."""
    issuer, year = make_issuer(rng), rng.randint(2021, 2024)
    mutator = Mutator(rng, issuer, year)
    parts: dict[str, list[str]] = {}
    for kind, share in SHARE.items():
        if (kind == "other" and rng.random() > 0.35) or (kind != "measures" and rng.random() < 0.06):
            continue
        leads, body = sentence_pools(seeds, kind)
        rng.shuffle(body)
        chosen: list[str] = []
        size = 0
        while body and size < share * chars:
            picked = [body.pop() for _ in range(min(len(body), rng.randint(2, 4 if kind == "measures" else 3)))]
            if leads and kind == "measures":
                picked.insert(0, rng.choice(leads))
            chosen.append("".join(mutator.paragraph(text, seed) for seed, text in picked))
            size += len(chosen[-1])
        if chosen:
            parts[kind] = chosen
    leads, body = sentence_pools(seeds, "intro")
    opening = rng.sample(leads + body, min(len(leads + body), 2))
    parts["intro"] = ["".join(mutator.paragraph(text, seed) for seed, text in opening)]
    late = rng.random() < 0.1
    month, day = (rng.randint(4, 6), rng.randint(1, 28)) if late else (rng.randint(1, 3), rng.randint(1, 28))
    closing = f"{issuer.full}\n{year + 1}年{month}月{day}日"
    return issuer, year, parts, closing


def render(issuer: Issuer, year: int, parts: dict[str, list[str]], closing: str, rng: random.Random) -> str:
    """Lay a report out as text: title, intro, numbered parts with （一） paragraphs, closing."""
    title = rng.choice(
        [f"{issuer.full}关于{year}年度法治政府建设情况的报告", f"{issuer.short}{year}年度法治政府建设工作报告"]
    )
    order = ["measures", "first_responsible", "shortcomings", "next_year", "other"]
    if rng.random() < 0.5:
        order[1], order[2] = order[2], order[1]
    headings = _headings(year, rng)
    lines = [title, "", *parts.get("intro", []), ""]
    for number, kind in enumerate(k for k in order if k in parts):
        lines += [f"{chinese_number(number + 1)}、{headings[kind]}", ""]
        numbered = kind == "measures" and rng.random() < 0.8
        for i, paragraph in enumerate(parts[kind]):
            lines += [f"（{chinese_number(i + 1)}）{paragraph}" if numbered else paragraph, ""]
    return "\n".join([*lines, closing, ""])


def _plant(donor: list[str], donor_issuer: Issuer, issuer: Issuer, rng: random.Random) -> list[str]:
    """Copy paragraphs from a donor report, renamed, now and then with one figure changed."""
    copied = []
    for paragraph in donor:
        text = paragraph.replace(donor_issuer.full, issuer.full).replace(donor_issuer.short, issuer.short)
        if rng.random() < 0.5:
            numbers = list(_NUMBER.finditer(text))
            if numbers:
                hit = rng.choice(numbers)
                text = text[: hit.start(1)] + str(rng.randint(2, 99)) + text[hit.end(1) :]
        copied.append(text)
    return copied


def make_corpus(seed_folder: Path, out: Path, count: int, chars: int = 4000, pairs: int = 20, seed: int = 1) -> dict:
    """Write ``count`` reports under ``out`` (one folder per county) and ``manifest.json``."""
    rng = random.Random(seed)
    seeds = load_seeds(seed_folder)
    pairs = min(pairs, count // 2)
    chosen = rng.sample(range(count), 2 * pairs)
    plan = {max(a, b): min(a, b) for a, b in zip(chosen[::2], chosen[1::2], strict=True)}
    donors = set(plan.values())
    kept: dict[int, tuple[Issuer, list[str], str]] = {}
    planted = []
    for index in range(count):
        issuer, year, parts, closing = build_report(seeds, rng, chars)
        path = out / issuer.county / f"{index:05d}_{issuer.short}.txt"
        if index in plan:
            donor_issuer, donor_paragraphs, donor_path = kept.pop(plan[index])
            measures = parts["measures"]
            copied = _plant(donor_paragraphs, donor_issuer, issuer, rng)
            slots = rng.sample(range(len(measures)), min(len(copied), len(measures)))
            for slot, text in zip(slots, copied, strict=False):
                measures[slot] = text
            measures.extend(copied[len(slots) :])
            planted.append({"a": donor_path, "b": str(path), "paragraphs": len(donor_paragraphs)})
        if index in donors:
            longest = sorted(parts["measures"], key=len, reverse=True)[: rng.randint(2, 3)]
            kept[index] = (issuer, longest, str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(issuer, year, parts, closing, rng), encoding="utf-8")
    manifest = {"reports": count, "chars": chars, "planted": planted}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("-n", "--count", type=int, default=1000, help="number of reports")
    parser.add_argument("--seeds", type=Path, default=Path("examples"), help="folder of seed reports (.txt)")
    parser.add_argument("--chars", type=int, default=4000, help="approximate length of each report")
    parser.add_argument("--pairs", type=int, default=20, help="pairs of reports with planted copied paragraphs")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args()
    manifest = make_corpus(args.seeds, args.out, args.count, args.chars, args.pairs, args.seed)
    print(f"{manifest['reports']} reports, {len(manifest['planted'])} planted pairs -> {args.out}")


if __name__ == "__main__":
    main()
