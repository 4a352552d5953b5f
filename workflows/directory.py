"""Signing in through the organisation's directory (OpenID Connect): from the ID token's
verified claims to a user here, or a refusal that says why.

The rules, in order:
- the tenant (Entra's ``tid``) must be allowed, when ``OIDC_ALLOWED_TENANTS`` is set;
- the account is found by issuer and subject (``oid``, else ``sub``); a first sign-in
  links to an existing user only through an email the provider marks verified;
- a user disabled here stays disabled whatever the token says;
- the role mapping is applied at every sign-in, so a role removed in the directory is
  removed here; somebody it does not place gets no access and an access request (an
  admin gives the role here, and the mapping then leaves it alone);
- a first sign-in never makes anybody an admin by itself: the mapping may give the admin
  role only to a user who already exists here.
Every sign-in, and every refusal, is audited with its method.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from models import AccessRequest, User, UserIdentity, db, utcnow
from models.identities import NO_PASSWORD
from models.permissions import require, roles_with

from . import audit
from .database import transaction
from .role_map import Placement, RoleMapError, place

METHOD = "oidc"


@dataclass(frozen=True)
class Outcome:
    user: User | None = None
    refusal: str | None = None  # "tenant", "disabled", "unmapped", "group_overage", "setup"
    detail: str = ""


def subject_of(claims: dict) -> str:
    return str(claims.get("oid") or claims["sub"])


def sign_in(claims: dict, *, issuer: str, role_map: str | None,
            allowed_tenants: list[str] | None = None, now: datetime | None = None) -> Outcome:
    """The user these verified claims sign in as (commits the sign-in), or why not."""
    now = now or utcnow()
    subject, tenant = subject_of(claims), claims.get("tid")
    if allowed_tenants and str(tenant) not in allowed_tenants:
        return _refuse("tenant", claims, issuer, f"tenant {tenant!r} is not allowed")
    identity = db.session.scalar(select(UserIdentity).where(
        UserIdentity.issuer == issuer, UserIdentity.subject == subject))
    user = identity.user if identity else _by_verified_email(claims)
    if user is not None and not user.active:
        return _refuse("disabled", claims, issuer, "the user is disabled here", user)
    try:
        placement = place(claims, role_map)
    except RoleMapError as exc:
        return _refuse("setup", claims, issuer, str(exc))
    if identity is not None and not identity.mapped:
        placement = None  # an admin placed them here: the claims do not move them
    elif identity is None and user is not None and placement is None:
        pass  # an existing user, linked by verified email, keeps the role given here
    elif placement is None:
        reason = "group_overage" if "groups" in (claims.get("_claim_names") or {}) else (
            "removed" if identity is not None else "unmapped")
        return _request_access(claims, issuer, tenant, reason, now)
    elif user is None and placement.role in roles_with("users.manage"):
        return _request_access(claims, issuer, tenant, "unmapped", now)
    return _signed_in(claims, issuer, tenant, identity, user, placement, now)


def _by_verified_email(claims: dict) -> User | None:
    email = str(claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") is not True:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def _signed_in(claims, issuer, tenant, identity, user, placement: Placement | None,
               now) -> Outcome:
    with transaction():
        if user is None:
            user = _new_user(claims, placement)
        if identity is None:
            identity = UserIdentity(user_id=user.id, issuer=issuer, subject=subject_of(claims),
                                    tenant=tenant, mapped=placement is not None,
                                    created_at=now)
            db.session.add(identity)
            audit.record("user.identity_linked", user=user, obj=user, issuer=issuer)
        if placement is not None:
            _apply(user, placement)
        identity.last_sign_in_at = user.last_sign_in_at = now
        audit.record("auth.sign_in", user=user, obj=user, method=METHOD).at = now
    return Outcome(user)


def _new_user(claims: dict, placement: Placement) -> User:
    email = str(claims.get("email") or claims.get("preferred_username") or "").lower()
    name = str(claims.get("name") or email or subject_of(claims))[:200]
    user = User(email=email or f"{subject_of(claims)}@directory.invalid", name=name,
                role=placement.role, office_id=placement.office.id,
                organisation_id=placement.organisation.id if placement.organisation else None,
                password_hash=NO_PASSWORD, active=True, session_version=1)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", obj=user, actor="directory", role_given=placement.role,
                 organisation_id=user.organisation_id)
    return user


def _apply(user: User, placement: Placement) -> None:
    """The mapping's role and organisation, at every sign-in; a change is audited and ends
    the user's other sessions."""
    org_id = placement.organisation.id if placement.organisation else None
    if (user.role, user.organisation_id, user.office_id) == (
            placement.role, org_id, placement.office.id):
        return
    audit.record("user.role_from_directory", obj=user, actor="directory",
                 old_role=user.role, new_role=placement.role, claim=placement.claim,
                 organisation_id=org_id)
    user.role, user.organisation_id, user.office_id = placement.role, org_id, placement.office.id
    user.session_version += 1


def _request_access(claims, issuer, tenant, reason: str, now) -> Outcome:
    subject = subject_of(claims)
    with transaction():
        found = db.session.scalar(select(AccessRequest).where(
            AccessRequest.issuer == issuer, AccessRequest.subject == subject))
        if found is None:
            found = AccessRequest(issuer=issuer, subject=subject, requested_at=now)
            db.session.add(found)
        found.tenant, found.reason, found.status = tenant, reason, "waiting"
        found.email = str(claims.get("email") or claims.get("preferred_username") or "")[:254]
        found.name = str(claims.get("name") or "")[:200]
        identity = db.session.scalar(select(UserIdentity).where(
            UserIdentity.issuer == issuer, UserIdentity.subject == subject))
        if identity is not None and reason == "removed":
            identity.user.session_version += 1  # signed out everywhere
        audit.record("auth.sign_in_refused", actor=found.email or subject, method=METHOD,
                     reason=reason)
    return Outcome(refusal=reason)


def _refuse(reason: str, claims, issuer, detail: str, user: User | None = None) -> Outcome:
    with transaction():
        audit.record("auth.sign_in_refused", actor=str(claims.get("email") or subject_of(
            claims)), obj=user, method=METHOD, reason=reason, detail=detail[:300])
    return Outcome(refusal=reason, detail=detail)


# ------------------------------------------------------------------ access requests


def waiting_requests() -> list[AccessRequest]:
    return list(db.session.scalars(select(AccessRequest).where(
        AccessRequest.status == "waiting").order_by(AccessRequest.requested_at)))


def grant(request: AccessRequest, *, role: str, organisation, by: User,
          now: datetime | None = None) -> User:
    """Give the person a role here (commits): a user of ``by``'s office, linked to their
    directory account; the mapping then leaves their role alone."""
    require(by, "users.manage")
    if request.status != "waiting":
        raise ValueError("This request has already been answered")
    email = (request.email or f"{request.subject}@directory.invalid").lower()
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValueError(f"A user with the email {email} already exists; they can sign in "
                         "with the directory once their email is verified there")
    if organisation is not None and organisation.office_id != by.office_id:
        raise ValueError("Choose an organisation of your office")
    now = now or utcnow()
    with transaction():
        user = User(email=email, name=request.name or request.email or request.subject, role=role,
                    office_id=by.office_id,
                    organisation_id=organisation.id if organisation else None,
                    password_hash=NO_PASSWORD, active=True, session_version=1)
        db.session.add(user)
        db.session.flush()
        db.session.add(UserIdentity(user_id=user.id, issuer=request.issuer,
                                    subject=request.subject, tenant=request.tenant,
                                    mapped=False, created_at=now))
        request.status, request.resolved_at, request.resolved_by_id = "granted", now, by.id
        request.user_id = user.id
        audit.record("access_request.grant", user=by, obj=user, role_given=role,
                     organisation_id=user.organisation_id)
    return user


def refuse(request: AccessRequest, *, by: User, now: datetime | None = None) -> None:
    require(by, "users.manage")
    with transaction():
        request.status, request.resolved_at, request.resolved_by_id = (
            "refused", now or utcnow(), by.id)
        audit.record("access_request.refuse", user=by, object_type="access_request",
                     object_id=request.id, office_id=by.office_id)


def record_failure(detail: str) -> None:
    """A directory sign-in that failed before any claims could be trusted (a bad state,
    a reused code, a token that did not validate): audited, nobody signed in."""
    with transaction():
        audit.record("auth.sign_in_refused", actor="directory", method=METHOD,
                     reason="failed", detail=detail[:300])
