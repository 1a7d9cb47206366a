"""Rubric loading: the built-in rubrics, extends, and clear errors with file, key path and line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checker.analysis.engine import load as load_rubric
from checker.analysis.kinds import KINDS
from checker.errors import RubricError
from checker.rubric.load import builtin_rubrics
from tests.conftest import run_cli, run_module

CODEC_TYPES = [t for kind in KINDS.values() for t in kind.codec_types]


def test_builtin_rubrics_load_and_cover_the_statutory_parts() -> None:
    assert {"fazhi-annual", "fazhi-annual-township"} <= set(builtin_rubrics())
    rubric = load_rubric()
    assert [s.id for s in rubric.sections] == ["measures", "shortcomings", "first_responsible", "next_year", "other"]
    assert {c.id for c in rubric.checks} == {"report_year", "year_consistency", "issuer", "publication_deadline"}
    assert rubric.metric("court_appearance_rate") is not None
    assert all(e.hint for e in rubric.elements)


def test_township_rubric_extends_and_overrides() -> None:
    county, township = load_rubric("fazhi-annual"), load_rubric("fazhi-annual-township")
    county_ids = {e.id for e in county.elements}
    township_by_id = {e.id: e for e in township.elements}
    assert "decision_five_steps" in county_ids and "decision_five_steps" not in township_by_id
    assert township_by_id["mediation"].weight > next(e for e in county.elements if e.id == "mediation").weight
    assert township_by_id["mediation"].hint  # inherited fields survive an override
    assert township.pass_threshold == county.pass_threshold


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_wrong_type_names_file_key_and_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "extends: fazhi-annual\nid: x\ntitle: t\nversion: 1\nelements:\n  - id: pufa\n    weight: heavy\n"
    )
    with pytest.raises(RubricError) as info:
        load_rubric(str(path))
    assert f"{path}:7" in str(info.value) and "elements.pufa.weight" in str(info.value)


def test_unknown_metric_and_section_are_reported(tmp_path: Path) -> None:
    body = (
        "extends: fazhi-annual\nid: x\ntitle: t\nversion: 1\nelements:\n  - id: new_one\n    title: 新\n"
        "    section: measures\n    hint: h\n    match:\n      figure: {metric: no_such_metric}\n"
    )
    with pytest.raises(RubricError, match="no_such_metric"):
        load_rubric(str(_write(tmp_path, body)))
    with pytest.raises(RubricError, match="section"):
        load_rubric(str(_write(tmp_path, body.replace("section: measures", "section: nowhere"))))


def test_yaml_syntax_error_and_cycle(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="YAML"):
        load_rubric(str(_write(tmp_path, "id: [\n")))
    cyc = tmp_path / "a.yaml"
    cyc.write_text("extends: a.yaml\nid: a\n", encoding="utf-8")
    with pytest.raises(RubricError, match="循环"):
        load_rubric(str(cyc))


def test_cli_rubric_commands(tmp_path: Path) -> None:
    code, out, _ = run_cli("rubric", "list")
    assert code == 0 and "fazhi-annual-township" in out
    code, out, _ = run_cli("rubric", "show", "fazhi-annual", "--ids")
    assert code == 0 and "four_personally" in out
    code, out, _ = run_cli("rubric", "show", "fazhi-annual", "--format", "json")
    assert code == 0 and {e["id"] for e in json.loads(out)["elements"]} >= {"four_personally", "plan_tasks"}
    code, out, _ = run_cli("rubric", "validate", "rubrics/fazhi-annual-township.yaml")
    assert code == 0 and "有效" in out
    code, _, err = run_cli("rubric", "validate", str(_write(tmp_path, "id: 1\n")))
    assert code == 2 and "r.yaml" in err and "Traceback" not in err
    code, _, err = run_cli("check", "examples/very_short.txt", "--rubric", "no-such-rubric")
    assert code == 2 and "no-such-rubric" in err


def test_rubric_cache_follows_changes_to_the_file(tmp_path: Path) -> None:
    from checker.rubric import cache as rubric_cache

    base = "id: mine\ntitle: t\nversion: 1\nextends: fazhi-annual\nelements:\n  - id: pufa\n    weight: {w}\n"
    path = _write(tmp_path, base.format(w=5))
    first = load_rubric(str(path))
    assert rubric_cache.load(path.resolve(), CODEC_TYPES) == first  # stored after validation
    path.write_text(base.format(w=7) + "# longer\n", encoding="utf-8")
    assert rubric_cache.load(path.resolve(), CODEC_TYPES) is None  # stale once the file changed
    second = load_rubric(str(path))
    assert next(e for e in second.elements if e.id == "pufa").weight == 7
    cache_file = rubric_cache.cache_path(path.resolve())
    assert cache_file is not None and cache_file.is_file()
    cache_file.write_bytes(b"not a pickle")
    assert rubric_cache.load(path.resolve(), CODEC_TYPES) is None  # a damaged entry is a miss, not an error


def test_worked_example_in_docs_is_a_valid_rubric(tmp_path: Path) -> None:
    from checker.project.selftest import run_examples
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "rubric.md").read_text(encoding="utf-8")
    block = doc.split("```yaml\n# rubrics/my-county.yaml\n", 1)[1].split("```", 1)[0]
    path = _write(tmp_path, block)
    rubric = load_rubric(str(path))
    by_id = {e.id: e for e in rubric.elements}
    assert by_id["report_on_law"].required and by_id["safe_production_law"].params.needs_figure
    assert "digital_government" not in by_id and rubric.pass_threshold == 70
    assert [str(f) for f in run_examples(str(path)).failures] == []  # its examples hold, and the inherited ones


def test_the_reference_in_docs_is_the_one_the_code_writes() -> None:
    from checker.render.rubric_doc import BEGIN, END, reference
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "rubric.md").read_text(encoding="utf-8")
    written = doc.split(BEGIN + "\n", 1)[1].split(END, 1)[0]
    assert written == reference(), "refresh it: python -m checker.render.rubric_doc docs/rubric.md"


@pytest.mark.parametrize("deadline", ["02-29", "04-31", "13-01", "4/1"])
def test_impossible_deadline_is_a_rubric_error(tmp_path: Path, deadline: str) -> None:
    path = _write(tmp_path, f'extends: fazhi-annual\nid: x\ntitle: t\nversion: 1\npublication_deadline: "{deadline}"\n')
    with pytest.raises(RubricError, match="publication_deadline"):
        load_rubric(str(path))


def test_a_planted_cache_entry_never_runs_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is JSON read into known record types only: a pickle or a foreign record is ignored."""
    import pickle

    from checker.rubric import cache as rubric_cache

    monkeypatch.setenv("REPORTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    path = _write(tmp_path, "extends: fazhi-annual\nid: planted\ntitle: t\nversion: 1\n").resolve()
    load_rubric(str(path))
    entry = rubric_cache.cache_path(path)
    assert entry is not None and entry.is_file()
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (open, (str(marker), "w"))

    entry.with_suffix(".pickle").write_bytes(pickle.dumps(Payload()))  # where the old cache lived
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace('"@": "Rubric"', '"@": "Popen"'), encoding="utf-8")
    done = run_module("check", "--rubric", str(path), "examples/very_short.txt", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    assert not marker.exists()
    assert rubric_cache.load(path, CODEC_TYPES) is not None  # the foreign entry was replaced by a good one


@pytest.mark.parametrize("ids", [False, True])
def test_rubric_show_fits_80_columns_grouped_by_part(ids: bool) -> None:
    from rich.cells import cell_len
    from rich.console import Console

    from checker.render.rubric_show import rubric_tables

    spec = load_rubric("fazhi-annual")
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    for part in rubric_tables(spec, ids):
        console.print(part)
    lines = console.export_text().splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= 80
    assert len(lines) < 110  # was about 190 with the ids breaking across lines
    text = "\n".join(lines)
    assert all(f"{s.title}（部分权重" in text for s in spec.sections if any(e.section == s.id for e in spec.elements))
    assert "★ 分析不足的原因" in text  # required elements marked
    assert all((element.id in text) == ids for element in spec.elements)  # ids whole on a line, or not shown


def test_rubric_validate_prints_every_error_in_file_order(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "extends: fazhi-annual\nid: three\nelements:\n  - id: pufa\n    weigth: 2\n"
        "  - id: four_personally\n    required: maybe\n"
        "  - id: new_one\n    title: 新\n    section: nowhere\n    hint: x\n    match: {any: [x]}\n",
    )
    code, _, err = run_cli("rubric", "validate", str(path))
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 3
    assert [line.split(f"{path}:")[1].split(":")[0] for line in lines] == ["5", "7", "10"]
    assert "weigth" in lines[0] and "required" in lines[1] and "nowhere" in lines[2]


def test_a_file_named_like_a_built_in_rubric_does_not_shadow_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fazhi-annual").write_text("id: shadow\n", encoding="utf-8")
    assert load_rubric("fazhi-annual").id == "fazhi-annual"
    assert load_rubric("fazhi-annual-township").id == "fazhi-annual-township"
