"""Reports as they come, written for this project in the shapes real ones arrive in (issue 9).

tests/fixtures/real_shaped/ holds 28 report texts: flattened into one line, wrapped in web-page
furniture, without titles, in old thematic layouts, from departments, townships and counties,
2019 to 2025; labels.yaml was written by reading them, before the checker was run on them. Every
label must hold as the text is and with every line joined into one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.analysis.engine import check_document, check_path
from checker.sources import read_document
from checker.text.document import Document
from tests.conftest import label_mismatches, load_labels

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "real_shaped"
LABELS = load_labels(FIXTURES)


def test_the_fixture_set_covers_every_class_of_the_issue() -> None:
    classes = {c for label in LABELS.values() for c in label["classes"]}
    assert len(LABELS) >= 20
    assert {"flattened", "furniture", "no_title", "thematic", "department", "township", "county"} <= classes
    assert {label["year"] for label in LABELS.values()} >= set(range(2019, 2026))


@pytest.mark.parametrize("name", sorted(LABELS))
def test_fixture_matches_its_label(name: str) -> None:
    record = check_path(FIXTURES / name).to_dict()
    assert label_mismatches(record, LABELS[name]) == [], json.dumps(record["report"], ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_fixture_flattened_into_one_line_matches_its_label(name: str) -> None:
    document = read_document(FIXTURES / name)
    flat = Document(document.source, document.format, ("".join(line.strip() for line in document.lines),))
    record = check_document(flat, _auto()).to_dict()
    assert label_mismatches(record, LABELS[name]) == []


def _auto():  # the rubric a check without options uses: the one of each report's level
    from checker.analysis.engine import auto_rubric

    return auto_rubric()
