"""How far the checker agrees with hand labels: issuer, level, year, date, parts and the court rate.

    python bench/agreement.py FOLDER [FOLDER ...] [--flat] [--verbose]

Each folder holds reports and a ``labels.yaml`` in the schema of ``../shared/samples/labels.yaml``
(keys a folder's labels leave out are not compared). ``--flat`` joins every report's lines into
one line first, as text copied from a web page often arrives. Prints the mismatches and, per
field, how many labels agree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.analysis.engine import check_document, compile_rubric  # noqa: E402
from checker.result import Result  # noqa: E402
from checker.sources import read_document  # noqa: E402
from checker.text.document import Document  # noqa: E402

PARTS = ("measures", "shortcomings", "first_responsible", "next_year", "other")


def observed(result: Result) -> dict[str, Any]:
    """The labelled fields as the checker found them."""
    report = result.report.to_dict()
    court = result.achieved("court_appearance_rate")
    sections = {s.id: str(s.status) for s in result.sections}
    return {
        "issuer": report.get("issuer"),
        "level": report.get("level"),
        "year": report.get("year"),
        "date": report.get("date"),
        "date_source": report.get("date_source"),
        "title": report.get("title"),
        "court_appearance_rate": court.value if court else None,
        **{f"sections.{p}": sections.get(p) for p in PARTS},
    }


def expected(label: dict[str, Any]) -> dict[str, Any]:
    """The labelled fields (parts not labelled count as missing, ``other`` only when labelled)."""
    out = {k: label[k] for k in ("issuer", "level", "year", "date", "date_source", "title") if k in label}
    if "date" in out and out["date"] is not None:
        out["date"] = str(out["date"])
    if "court_appearance_rate" in label:
        out["court_appearance_rate"] = label["court_appearance_rate"]
    for part in PARTS:
        if part in (label.get("sections") or {}):
            out[f"sections.{part}"] = label["sections"][part]
        elif part == "other" and "sections" in label:
            out["sections.other"] = "missing"
    return out


def same(field: str, want: Any, got: Any) -> bool:
    if field == "court_appearance_rate" and want is not None and got is not None:
        return abs(float(want) - float(got)) < 0.06
    return want == got


def flatten(document: Document) -> Document:
    return Document(document.source, document.format, ("".join(line.strip() for line in document.lines),))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--flat", action="store_true", help="join each report into one line first")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every mismatch")
    args = parser.parse_args()
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as cache:
        import os

        os.environ.setdefault("REPORTCHECK_CACHE_DIR", cache)
        for folder in args.folders:
            labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
            for name, label in labels.items():
                document = read_document(folder / name)
                if args.flat:
                    document = flatten(document)
                result = check_document(document, compile_rubric())
                got = observed(result)
                for field, want in expected(label).items():
                    total[field] += 1
                    if same(field, want, got.get(field)):
                        agree[field] += 1
                    elif args.verbose:
                        print(f"{folder.name}/{name}: {field}: expected {want!r}, got {got.get(field)!r}")
    width = max(map(len, total), default=10)
    for field in sorted(total):
        print(f"{field:<{width}}  {agree[field]:>3}/{total[field]:<3}")
    print(f"{'all':<{width}}  {sum(agree.values()):>3}/{sum(total.values()):<3}")


if __name__ == "__main__":
    main()
