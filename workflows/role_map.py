"""The mapping from the directory's claims to roles here (``OIDC_ROLE_MAP``, a YAML file).

    Assurance.Admin.WMOPCC:   {role: admin, office: WMOPCC}
    Assurance.PCC.WMOPCC:     {role: pcc, office: WMOPCC}
    Assurance.Respondent.WMP: {role: respondent, organisation: WMP, office: WMOPCC}
    8d3c…-a group id:         {role: respondent, organisation: WMP}

Each key is a value of the ID token's ``roles`` claim (Entra app roles) or ``groups``
claim (group ids); the first entry of the file that the token carries decides. ``office``
(an office's code) may be left out on a service of one office; ``organisation`` (a code
or name in that office) is needed for respondents.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from models import Office, Organisation
from models.people import OFFICE_ROLES, ROLES_WITH_ORGANISATION

from .accounts import find_org
from .offices import OfficeError, find_office, the_office


class RoleMapError(ValueError):
    """The mapping file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Placement:
    claim: str
    role: str
    office: Office
    organisation: Organisation | None


_cache: dict[str, tuple[float, dict]] = {}


def _entries(path: str) -> dict:
    """The file's entries, read again when it changes."""
    try:
        mtime = os.stat(path).st_mtime
    except OSError as exc:
        raise RoleMapError(f"OIDC_ROLE_MAP {path}: {exc.strerror}") from None
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RoleMapError(f"OIDC_ROLE_MAP {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RoleMapError(f"OIDC_ROLE_MAP {path} must map claim values to roles")
    _cache[path] = (mtime, data)
    return data


def place(claims: dict, path: str | None) -> Placement | None:
    """Where the claims put somebody (None: nowhere). RoleMapError for a bad entry."""
    if not path:
        return None
    carried = [str(v) for key in ("roles", "groups") for v in (claims.get(key) or [])
               if isinstance(claims.get(key), list)]
    for claim, entry in _entries(path).items():
        if str(claim) in carried:
            return _placement(str(claim), entry, path)
    return None


def _placement(claim: str, entry, path: str) -> Placement:
    where = f"OIDC_ROLE_MAP {path}, entry {claim!r}"
    if not isinstance(entry, dict) or entry.get("role") not in OFFICE_ROLES:
        raise RoleMapError(f"{where}: role must be one of {', '.join(OFFICE_ROLES)}")
    try:
        office = find_office(str(entry["office"])) if entry.get("office") else the_office()
    except OfficeError as exc:
        raise RoleMapError(f"{where}: {exc}") from None
    if office is None:
        raise RoleMapError(f"{where}: no office has the code {entry.get('office')!r}")
    organisation = None
    if entry["role"] in ROLES_WITH_ORGANISATION:
        key = entry.get("organisation")
        organisation = find_org(str(key), office_id=office.id) if key else None
        if organisation is None:
            raise RoleMapError(f"{where}: a respondent needs the organisation (its code or "
                               f"name in office {office.code}); {key!r} is not one")
    return Placement(claim, entry["role"], office, organisation)
