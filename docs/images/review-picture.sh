#!/usr/bin/env bash
# Make docs/images/docx-review.png: the first page of a reviewed copy as LibreOffice prints it, comments
# in the margin. Needs the project installed (.venv), LibreOffice Writer and poppler-utils (pdftoppm).
# The report is the Word file of the reviewed-copy tests (tests/docx_review_helpers.py): Word numbering,
# a table, a header; no 第一责任人 part, a 出庭应诉率 below expectation, a plan for the wrong year.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python -c "import sys; sys.path.insert(0, 'tests'); import docx_review_helpers as h, pathlib; \
h.make_report(pathlib.Path(sys.argv[1]))" "$work/青溪县报告.docx"
.venv/bin/reportcheck check "$work/青溪县报告.docx" --format docx --out "$work/青溪县报告-审阅.docx" || test $? -eq 1
# LibreOffice prints comments in the margin when Writer's Print/Content/Note is 4 (its PDF export cannot before 7.5)
mkdir -p "$work/profile/user"
cat > "$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Writer/Print/Content"><prop oor:name="Note" oor:op="fuse"><value>4</value></prop></item>
</oor:items>
XCU
soffice -env:UserInstallation="file://$work/profile" --headless --print-to-file --outdir "$work" \
  "$work/青溪县报告-审阅.docx" >/dev/null 2>&1
pdftoppm -r 110 -png -f 1 -l 1 -singlefile "$work/青溪县报告-审阅.pdf" docs/images/docx-review
echo "docs/images/docx-review.png"
