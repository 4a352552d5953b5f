"""Line endings: the one normaliser of CRLF and lone CR to LF.

Browsers send every line break of a textarea as CRLF; files may have either.
Text is stored with LF only. The module lives in ``models/`` so that forms
(WTForms filters), workflows and exports can all use it without importing
each other; it imports nothing of the app.
"""

from __future__ import annotations

from typing import Any, AnyStr


def normalise_newlines(text: AnyStr) -> AnyStr:
    """CRLF and lone CR become LF, in text or in bytes (in UTF-8 a CR or LF byte is
    never part of a longer character)."""
    if isinstance(text, bytes):
        return text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise_text(value: Any) -> Any:
    """Typed text as stored: line breaks normalised, surrounding whitespace dropped.
    Anything that is not a string is returned as it is (a WTForms filter)."""
    if not isinstance(value, str):
        return value
    return normalise_newlines(value).strip()
