"""JUnit XML output: one test suite per report, one test case per rubric element.

A weak or missing element is a failure (its ``type`` says which); a file that could not be read is a
suite with one errored test case. CI dashboards show the score and grade as suite properties.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from checker.render.findings import finding_line, section_title
from checker.render.formats import Checked
from checker.result import ErrorRecord, Result
from checker.rubric.model import Rubric
from checker.status import Status

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 forbids


def _suite(result: Result) -> ET.Element:
    failures = [e for e in result.elements if e.status is not Status.PRESENT]
    suite = ET.Element(
        "testsuite",
        name=result.file,
        tests=str(len(result.elements) + len(result.waived)),
        failures=str(len(failures)),
        errors="0",
        skipped=str(len(result.waived)),
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("score", f"{result.score:g}"),
        ("grade", result.grade),
        ("passed", str(result.passed).lower()),
        ("rubric", f"{result.rubric_id} {result.rubric_version}"),
    ):
        ET.SubElement(props, "property", name=name, value=value)
    for element in result.elements:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{result.file}.{element.section}",
            name=f"{element.id} {element.title}",
            file=result.file,
        )
        line = finding_line(result, element)
        if line:
            case.set("line", str(line))
        if element.status is not Status.PRESENT:
            failure = ET.SubElement(
                case, "failure", type=element.status, message=f"{element.status.label}：{element.reason}"
            )
            failure.text = (
                f"部分：{section_title(result, element.section)}\n原因：{element.reason}\n建议：{element.hint}"
                + "".join(f"\n{ev.where}：{ev.text}" for ev in element.evidence)
            )
    for element in result.waived:  # waived by the project config: skipped, with the reason
        case = ET.SubElement(
            suite, "testcase", classname=f"{result.file}.{element.section}", name=f"{element.id} {element.title}"
        )
        why = f"豁免 waived：{element.waiver or '未写理由'}（本报告：{element.status.label}）"
        ET.SubElement(case, "skipped", message=why)
    return suite


def _error_suite(record: ErrorRecord) -> ET.Element:
    suite = ET.Element("testsuite", name=record.file, tests="1", failures="0", errors="1", skipped="0")
    case = ET.SubElement(suite, "testcase", classname=record.file, name="读取报告 read report")
    ET.SubElement(case, "error", type=record.code, message=record.message)
    return suite


def render(items: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> str:
    """A ``<testsuites>`` document for the checked reports."""
    suites = [_suite(i.outcome) if isinstance(i.outcome, Result) else _error_suite(i.outcome) for i in items]
    root = ET.Element(
        "testsuites",
        name="reportcheck",
        tests=str(sum(int(s.get("tests", "0")) for s in suites)),
        failures=str(sum(int(s.get("failures", "0")) for s in suites)),
        errors=str(sum(int(s.get("errors", "0")) for s in suites)),
    )
    root.extend(suites)
    ET.indent(root)
    # a report's text may hold control characters XML forbids (a document with one does not parse): U+FFFD
    xml = _NOT_XML.sub("\ufffd", ET.tostring(root, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"
