"""Batch grading: many reports through a worker pool into a ranked summary, a matrix and copy pairs."""

from checker.batch.api import BatchOptions, BatchOutcome, run_batch

__all__ = ["BatchOptions", "BatchOutcome", "run_batch"]
