"""Text from outside the tool (file names, report lines) made safe for a spreadsheet cell.

A file name on Linux is bytes; one that is not valid UTF-8 (GBK names from a Windows zip unpacked
on Linux) reaches Python as lone surrogates (U+DC80..U+DCFF, one per byte), which no UTF-8 writer
accepts. Every output keeps such a name whole: text files and pipes are written with
``backslashreplace``, so each byte becomes ``\\udcXX`` (in JSON that is the escape of the very string
Python has: ``os.fsencode`` gives the bytes back), a terminal shows U+FFFD (``checker.launch``), and
spreadsheet cells get the same ``\\udcXX`` text from here, never a formula.
"""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(text: str) -> str:
    """A spreadsheet cell for outside text: undecodable bytes as ``\\udcXX``, a leading ``= + - @`` quoted.

    Excel and LibreOffice run a cell that starts with one of those as a formula when they open a
    CSV file (``=HYPERLINK(...)`` in a file name); the quote makes it text.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "'" + text if text.startswith(_FORMULA_START) else text
