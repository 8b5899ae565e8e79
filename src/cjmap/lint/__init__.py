"""Lint: best-practice rules, their configuration, inline suppressions and safe fixes."""
