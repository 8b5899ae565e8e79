"""Validation: a located document checked against the format (structure) and against itself (consistency)."""
