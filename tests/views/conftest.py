"""Fixtures the view tests share with the export tests."""

from tests.exports.conftest import history  # noqa: F401  (the PCC pages read its rounds)
