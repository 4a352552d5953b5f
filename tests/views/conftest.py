"""Fixtures the view tests share with the export tests."""

from tests.exports.conftest import history  # noqa: F401  (the PCC pages read its rounds)
from tests.exports.other_office import other_office  # noqa: F401  (a second office beside it)
