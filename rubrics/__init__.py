"""The rubrics installed with reportcheck (YAML files, loaded by checker.rubric.load)."""
