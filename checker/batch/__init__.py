"""Batch grading: many reports through a worker pool into a ranked summary, a matrix and copy pairs."""

from checker.batch.api import BatchOptions, run_batch

__all__ = ["BatchOptions", "run_batch"]
