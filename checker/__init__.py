"""reportcheck: score a 法治政府建设年度报告 against a required-content rubric."""

__version__ = "0.1.0"
