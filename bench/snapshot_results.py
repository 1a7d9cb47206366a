"""Write the JSON result of every example, real sample and (optionally) generated report under every bundled rubric.

Used to prove that a restructuring changes no verdict: take a snapshot before, one after, and
compare the two folders byte for byte (``diff -r``).

    python bench/snapshot_results.py OUT_DIR [--corpus DIR ...]

One JSON Lines file per rubric, one line per report, reports in sorted path order. The run goes
through the command line (``python -m checker check --format jsonl``) from the checkout, so it
compares what a user sees.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = sorted(p.stem for p in (ROOT / "rubrics").glob("*.yaml"))


def reports(folders: list[Path]) -> list[str]:
    """Every .txt report in the folders, as paths relative to the checkout when possible."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")):
            found.append(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="more folders of .txt reports")
    args = parser.parse_args()
    folders = [ROOT / "examples", ROOT.parent / "shared" / "samples", *args.corpus]
    paths = reports([f for f in folders if f.is_dir()])
    args.out.mkdir(parents=True, exist_ok=True)
    for rubric in RUBRICS:
        done = subprocess.run(
            [sys.executable, "-m", "checker", "check", "--rubric", rubric, "--format", "jsonl", *paths],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            env={"REPORTCHECK_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
        )
        if done.returncode not in (0, 1):
            sys.exit(f"{rubric}: exit {done.returncode}\n{done.stderr}")
        (args.out / f"{rubric}.jsonl").write_text(done.stdout, encoding="utf-8")
        print(f"{rubric}: {len(done.stdout.splitlines())} results")


if __name__ == "__main__":
    main()
