"""Copied-text detection: planted pairs are found, nothing else is, stock phrases never count."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

import pytest
from batch_corpus import make

from checker.batch import BatchOptions, copies, copy_verify, run_batch
from checker.batch.copies import CopyIndex
from checker.batch.fingerprint import signature
from checker.text.clauses import clause_hashes, paragraph_clauses

STOCK = (
    "全面贯彻落实中央、省、市、县关于法治建设的决策部署，紧紧围绕中心工作，"
    "扎实推进法治政府建设，为经济社会高质量发展提供了有力法治保障。"
)
COPIED = (
    "全年由乡司法所和法律顾问审查合同41份、行政执法决定27件、乡级文件及重要事项19件，提出修改意见68条，"
    "均被采纳，发现并纠正土地流转合同中期限超出承包期、违约条款不对等等问题5处。"
)


def _own(n: int) -> str:
    """A paragraph only report ``n`` has."""
    return (
        f"第{n}网格全年开展集中排查{n + 3}轮，排查各类矛盾纠纷{n * 7 + 11}件，化解{n * 5 + 2}件，"
        f"组织培训{n + 1}期，覆盖网格员{n * 3 + 20}名，走访群众{n * 41 + 9}户次，编号{n:03d}号台账已归档。"
    )


@pytest.mark.parametrize("seed", [7, 21])
def test_planted_pairs_found_and_no_other_pair(tmp_path: Path, seed: int) -> None:
    manifest = make(tmp_path / "corpus", count=50, pairs=5, seed=seed)
    outcome = run_batch([str(tmp_path / "corpus")], BatchOptions(jobs=2, fmt="jsonl", out=str(tmp_path / "r.jsonl")))
    planted = {frozenset((p["a"], p["b"])) for p in manifest["planted"]}
    found = {frozenset((p.file_a, p.file_b)) for p in outcome.pairs}
    assert len(planted) == 5
    assert found == planted
    for pair in outcome.pairs:
        assert 0 < pair.share <= 1
        assert pair.examples and all(e.line_a > 0 and e.line_b > 0 for e in pair.examples)


def test_stock_paragraph_shared_by_many_is_not_copying() -> None:
    with CopyIndex() as index:
        for n in range(12):
            lines = [STOCK, _own(n)] + ([COPIED] if n in (3, 8) else [])
            index.add(f"r{n}.txt", signature(lines))
        pairs = index.find()
    assert [(p.file_a, p.file_b) for p in pairs] == [("r3.txt", "r8.txt")]
    assert pairs[0].examples[0].line_a == 3
    assert index.stock_phrases > 0


def test_paragraph_with_a_changed_figure_still_counts_as_copied() -> None:
    changed = COPIED.replace("68条", "66条")
    with CopyIndex() as index:
        for n in range(6):
            index.add(f"r{n}.txt", signature([_own(n), COPIED if n == 1 else changed if n == 4 else _own(n + 100)]))
        assert [(p.file_a, p.file_b) for p in index.find()] == [("r1.txt", "r4.txt")]


def test_partitioned_and_chunked_counting_finds_the_same_pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path / "corpus", count=30, pairs=3, seed=5)
    whole = run_batch([str(tmp_path / "corpus")], BatchOptions(jobs=1, fmt="csv", out=str(tmp_path / "a.csv"))).pairs
    monkeypatch.setattr("checker.batch.copy_files.PARTITION", 1500)
    monkeypatch.setattr("checker.batch.copies.CHUNK", 777)
    sliced = run_batch([str(tmp_path / "corpus")], BatchOptions(jobs=1, fmt="csv", out=str(tmp_path / "b.csv"))).pairs
    assert len(whole) == 3
    assert sliced == whole


def _stock_batch(first: list[str] | None) -> list:
    with CopyIndex() as index:
        if first is not None:
            index.add("a_short.txt", signature(first))
        for n in range(12):
            lines = [STOCK, _own(n)] + ([COPIED] if n in (3, 8) else [])
            index.add(f"r{n}.txt", signature(lines))
        return index.find()


def test_report_without_paragraphs_first_changes_no_pair() -> None:
    alone = _stock_batch(None)
    assert [(p.file_a, p.file_b) for p in alone] == [("r3.txt", "r8.txt")]
    for first in (["短"], [], ["一、总体情况", "很短的一行。"]):
        assert _stock_batch(first) == alone


def test_short_report_first_in_a_batch_keeps_pairs_shares_and_quoted_lines(tmp_path: Path) -> None:
    make(tmp_path / "corpus", count=12, pairs=2, seed=3)
    short = tmp_path / "0_short.txt"
    short.write_text("某镇法治政府建设年度报告\n某镇人民政府\n二〇二五年一月\n", encoding="utf-8")
    options = BatchOptions(jobs=1, fmt="jsonl", out=str(tmp_path / "r.jsonl"))
    alone = run_batch([str(tmp_path / "corpus")], options).pairs
    with_short = run_batch([str(short), str(tmp_path / "corpus")], options).pairs
    assert len(alone) == 2
    assert with_short == alone
    for pair in with_short:
        for example in pair.examples:
            line_a = Path(pair.file_a).read_text(encoding="utf-8").splitlines()[example.line_a - 1]
            line_b = Path(pair.file_b).read_text(encoding="utf-8").splitlines()[example.line_b - 1]
            assert SequenceMatcher(None, line_a, line_b).ratio() > 0.8


def test_each_pair_sharing_a_band_is_a_candidate_and_counts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pair sharing several bands comes from each of them; verified again, it must count once."""
    captured: dict[str, object] = {}
    band_keys = copies._band_keys
    bucket_pairs = copy_verify.bucket_pairs

    def keep_keys(hashes, owner):  # type: ignore[no-untyped-def]
        numbers, keys = band_keys(hashes, owner)
        captured.setdefault("keys", []).append((numbers, keys))  # type: ignore[attr-defined]
        return numbers, keys

    def keep_pairs(banded):  # type: ignore[no-untyped-def]
        for codes in bucket_pairs(banded):
            captured.setdefault("pairs", []).extend(  # type: ignore[attr-defined]
                (int(code) >> 32, int(code) & 0xFFFFFFFF) for code in codes
            )
            yield codes

    monkeypatch.setattr(copies, "_band_keys", keep_keys)
    monkeypatch.setattr(copy_verify, "bucket_pairs", keep_pairs)
    with CopyIndex() as index:  # groups of three reports share a paragraph: each pair in every band
        for n in range(24):
            index.add(f"r{n}.txt", signature([_own(n), _own(1000 + n // 3), _own(2000 + n // 4)]))
        pairs = index.find()
    ((paras, keys),) = captured["keys"]  # type: ignore[misc]
    expected = {
        (int(paras[a]), int(paras[b]))
        for a in range(len(paras))
        for b in range(a + 1, len(paras))
        if any(band[a] == band[b] for band in keys)
    }
    found = captured["pairs"]
    assert set(found) == expected and len(expected) > 10  # type: ignore[arg-type]
    assert len(found) > len(expected)  # type: ignore[arg-type]  # identical paragraphs share every band
    assert len(pairs) == 24  # eight groups of three reports; the paragraphs four reports share are stock
    for pair in pairs:  # each copied paragraph once, however many bands found it
        assert pair.paragraphs == 1 and len(pair.examples) == 1


def test_stock_phrases_stay_out_of_the_clause_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices hold every copy of their hashes: a stock phrase in every report must not swell one."""
    from checker.batch import copy_files

    written: list[int] = []
    write = copy_files.Slices.write

    def keep(self, items, slices):  # type: ignore[no-untyped-def]
        if self.paths[0].rsplit("/", 1)[-1].startswith("clauses"):
            written.extend(items["hash"].tolist())
        write(self, items, slices)

    monkeypatch.setattr(copy_files, "PARTITION", 2)  # slices everywhere, even for the few shared hashes
    monkeypatch.setattr(copy_files.Slices, "write", keep)
    stock_hashes = set(clause_hashes(paragraph_clauses(STOCK)))
    with CopyIndex() as index:
        for n in range(12):
            index.add(f"r{n}.txt", signature([STOCK, _own(n)] + ([COPIED] if n in (3, 8) else [])))
        pairs = index.find()
    assert [(p.file_a, p.file_b) for p in pairs] == [("r3.txt", "r8.txt")]
    assert written and not stock_hashes & set(written)
