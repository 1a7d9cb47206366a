"""Errors the tool reports to the user as one clear line (never a traceback)."""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2  # passed · checked and failed · usage or input error (DESIGN.md)


class ReportcheckError(Exception):
    """A problem with an input the user gave: a report file, a rubric or a config.

    ``code`` is a stable machine-readable id; ``message`` is Chinese with the English beside it.
    """

    exit_code = 2

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        self.code = code
        self.message = message
        self.path = path
        self.details: list[str] = []  # every problem, one line each, when there are several
        super().__init__(self.__str__())

    def lines(self) -> list[str]:
        """The error as lines to show: every problem when there are several, else the one message."""
        return self.details or [str(self)]

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(ReportcheckError):
    """A report file that cannot be read as a report."""


class RubricError(ReportcheckError):
    """A rubric file that is missing, malformed or invalid."""


class ConfigError(ReportcheckError):
    """An invalid ``.reportcheck.yaml`` configuration."""
