"""Passkeys (WebAuthn) through py_webauthn: the options a browser needs, as JSON, and the
checks of what it sends back. Stores nothing (workflows/second_factor.py does)."""

from __future__ import annotations

import json

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from models import SecondFactor, User

from .accounts import AccountError

RP_NAME = "PCC assurance"


def _descriptors(factors: list[SecondFactor]) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=f.credential_id) for f in factors
            if f.kind == "passkey" and f.credential_id]


def registration_options(user: User, factors: list[SecondFactor], rp_id: str) -> tuple[str, bytes]:
    """(the options as JSON, the challenge to keep until the answer comes back)."""
    options = generate_registration_options(
        rp_id=rp_id, rp_name=RP_NAME, user_name=user.email, user_display_name=user.name,
        user_id=f"user-{user.id}".encode(), exclude_credentials=_descriptors(factors),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED))
    return options_to_json(options), options.challenge


def verify_registration(credential: str, *, challenge: bytes, rp_id: str, origin: str):
    try:
        return verify_registration_response(credential=credential, expected_challenge=challenge,
                                            expected_rp_id=rp_id, expected_origin=origin)
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as exc:
        raise AccountError("The passkey could not be registered. Try again.") from exc


def authentication_options(factors: list[SecondFactor], rp_id: str) -> tuple[str, bytes]:
    options = generate_authentication_options(
        rp_id=rp_id, allow_credentials=_descriptors(factors),
        user_verification=UserVerificationRequirement.PREFERRED)
    return options_to_json(options), options.challenge


def verify_assertion(factors: list[SecondFactor], credential: str, *, challenge: bytes,
                     rp_id: str, origin: str) -> SecondFactor | None:
    """The passkey that signed this assertion (its counter moved on), or None."""
    try:
        raw_id = base64url_to_bytes(json.loads(credential)["rawId"])
    except (ValueError, KeyError, TypeError):
        return None
    factor = next((f for f in factors if f.kind == "passkey" and f.credential_id == raw_id), None)
    if factor is None:
        return None
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp_id,
            expected_origin=origin, credential_public_key=factor.public_key,
            credential_current_sign_count=factor.sign_count)
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
        return None
    factor.sign_count = verified.new_sign_count
    return factor
