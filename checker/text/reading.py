"""Read a report's text as it came: furniture stripped, flattened text cut back into pieces.

The pieces (``NormLine``) are what the outline, the matcher and the metadata reader work on; each
points back at its place in the user's own line. The page fields found in the furniture (标题,
发文机关, 成文日期…) are kept for the metadata reader.
"""

from __future__ import annotations

from typing import NamedTuple

from checker.text import furniture
from checker.text.document import Document
from checker.text.normalize import NormLine, normalize_document
from checker.text.segment import Sequence, renumber, split_line, split_signature, split_title

_DANGLING_VALUE = 40  # a value left for the next line (• 索引号 / • 12345) is short
_TITLE_PIECES = 3  # a title line may hold a column name, the title and the page's date line
_SIGNATURE_PIECES = 6


class Reading(NamedTuple):
    """The report's pieces in reading order and the page fields (first value of each label)."""

    lines: list[NormLine]
    fields: dict[str, str]


def _strip(line: NormLine, fields: dict[str, str]) -> tuple[NormLine, str | None]:
    """The line's body (a noise line when there is none) and the label it leaves dangling."""
    found = furniture.strip(line.text, line.offsets)
    for label, value in found.fields:
        fields.setdefault(label, value)
    if found.start >= found.end:
        return line._replace(noise=True), found.dangling
    if found.start == 0 and found.end == len(line.text):
        return line, None
    return line.cut(found.start, found.end), None


def read_lines(document: Document) -> Reading:
    """Normalize, strip furniture and recover the pieces of a document (see the module docstring)."""
    fields: dict[str, str] = {}
    pieces: list[NormLine] = []
    dangling: str | None = None
    sequence = Sequence()
    for line in normalize_document(document):
        if line.noise:
            pieces.append(line)
            continue
        if dangling and len(line.text) <= _DANGLING_VALUE:  # the value of a label on the line before
            fields.setdefault(dangling, line.text)
            pieces.append(line._replace(noise=True))
            dangling = None
            continue
        body, dangling = _strip(line, fields)
        pieces.extend(split_line(body, sequence) if not body.noise else [body])
    return Reading(renumber(_split_ends(pieces, fields)), fields)


def _split_ends(pieces: list[NormLine], fields: dict[str, str]) -> list[NormLine]:
    """Cut the title off the first piece and the signature out of the last ones."""
    content = [i for i, piece in enumerate(pieces) if not piece.noise]
    if not content:
        return pieces
    first = content[0]
    head: list[NormLine] = []
    rest = pieces[first]
    for _ in range(_TITLE_PIECES):
        split = split_title(rest)
        if len(split) == 1:
            break
        head.append(split[0])
        rest, _ = _strip(split[1], fields)
        if rest.noise:
            break
    head.append(rest)
    joined = [*pieces[:first], *head, *pieces[first + 1 :]]
    tail_from = max(0, len(joined) - _SIGNATURE_PIECES)
    ending = [part for piece in joined[tail_from:] for part in (split_signature(piece) if not piece.noise else [piece])]
    return joined[:tail_from] + ending
