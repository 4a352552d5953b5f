"""The data feed: entity sets read as OData v4 (``/odata/``), CSV and a data package.

Each entity set (``sets.py``) is one SQL select of named columns, scoped to what the
reader may see (``Scope``: their office, and their organisation for a respondent), so
filters, ordering and paging run in the database and a page costs the same at any
scale. ``query.py`` reads the OData query options, ``page.py`` runs a page, ``csdl.py``
writes ``$metadata`` and ``tables.py`` the CSV files and ``datapackage.json``.
Nothing here writes to the database.
"""

from .model import EntitySet, Prop, Scope
from .sets import ENTITY_SETS, entity_set

__all__ = ["ENTITY_SETS", "EntitySet", "Prop", "Scope", "entity_set"]
