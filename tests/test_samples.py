"""The real reports in ../shared/samples give exactly their hand-made labels (skipped without ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import load_labels, run_cli


@pytest.fixture(scope="module")
def jsonl_results(samples_dir: Path) -> dict[str, dict]:
    files = sorted(str(p) for p in samples_dir.glob("*.txt"))
    code, out, err = run_cli("check", *files, "--format", "jsonl")
    assert code in (0, 1), err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(files)
    return {Path(r["file"]).name: r for r in records}


def _court_rate(record: dict) -> float | None:
    achieved = [
        f["value"] for f in record["figures"] if f["metric"] == "court_appearance_rate" and f["kind"] == "achieved"
    ]
    return achieved[0] if achieved else None


def test_every_sample_matches_its_labels(samples_dir: Path, jsonl_results: dict[str, dict]) -> None:
    labels = load_labels(samples_dir)
    assert set(labels) == set(jsonl_results)
    for name, label in labels.items():
        record = jsonl_results[name]
        report = record["report"]
        assert report["year"] == label["year"], name
        expected_date = label["date"].isoformat() if label["date"] else None
        assert report["date"] == expected_date, name
        assert report["issuer"] == label["issuer"], name
        statuses = {s["id"]: s["status"] for s in record["sections"]}
        for section, status in label["sections"].items():
            assert statuses[section] == status, (name, section)
        assert _court_rate(record) == label["court_appearance_rate"], name


def test_targets_in_the_plan_are_not_achievements(jsonl_results: dict[str, dict]) -> None:
    record = jsonl_results["002_1bbba4471d088a08.txt"]
    court = [f for f in record["figures"] if f["metric"] == "court_appearance_rate"]
    assert court and all(f["kind"] == "target" for f in court)


def test_web_noise_is_never_evidence(jsonl_results: dict[str, dict]) -> None:
    noise = ("设为首页", "扫一扫", "密码登录", "立即注册", "无障碍浏览")
    for record in jsonl_results.values():
        quoted = [e["text"] for el in record["elements"] for e in el["evidence"]]
        assert not any(word in text for text in quoted for word in noise), record["file"]
