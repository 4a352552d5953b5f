"""The fixed forms of the questionnaire admin screens: upload (or paste) a
YAML file, or upload an XLSForm-style workbook, and store a previewed one.

The YAML itself is checked by ``forms.format.validate``, not here;
these forms only say which text to check and keep it within bounds.
"""

from __future__ import annotations

import os
import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileSize
from wtforms import HiddenField, TextAreaField
from wtforms.validators import ValidationError

from forms.format.sizes import size_text
from models.text import normalise_newlines

MAX_BYTES = 256 * 1024
TOO_BIG = f"The file must be {size_text(MAX_BYTES)} or smaller"
FILENAME_MAX = 120
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(FlaskForm):
    file = FileField("Upload a YAML file or an Excel workbook",
                     validators=[FileSize(MAX_BYTES, message=TOO_BIG)],
                     description=f"A questionnaire file (.yaml), or a workbook (.xlsx) laid "
                                 f"out as an XLSForm, of at most {size_text(MAX_BYTES)}.")
    text = TextAreaField("Or paste the YAML text")

    def source(self) -> tuple[bytes, str] | None:
        """(bytes, name) of the chosen file, else of the pasted text; None if neither.

        Call after ``validate_on_submit()``; a chosen file wins over pasted text.
        """
        upload = self.file.data
        if upload and upload.filename:
            return upload.read(MAX_BYTES + 1), safe_filename(upload.filename)
        if self.text.data and self.text.data.strip():
            return self.text.data.encode("utf-8", "surrogatepass"), "pasted text"
        return None

    def validate_text(self, field) -> None:
        if field.data and _size(field.data) > MAX_BYTES:
            raise ValidationError(f"The pasted text must be {size_text(MAX_BYTES)} or smaller")


class StoreForm(FlaskForm):
    """The previewed text travels back in a hidden field; it is validated
    again from scratch before anything is stored."""

    source = HiddenField()
    filename = HiddenField()

    def validate_source(self, field) -> None:
        if not field.data or not field.data.strip():
            raise ValidationError("There is no questionnaire to store; upload it again")
        if _size(field.data) > MAX_BYTES:
            raise ValidationError(TOO_BIG)


def is_workbook(data: bytes) -> bool:
    """Whether uploaded bytes are a zip package (an .xlsx workbook), not YAML text."""
    return data[:4] == b"PK\x03\x04"


def yaml_name(name: str) -> str:
    """The name shown for the YAML made from a workbook: ``cse.xlsx`` -> ``cse.yaml``."""
    stem = name[:-5] if name.lower().endswith(".xlsx") else name
    return f"{stem}.yaml"


def _size(text: str) -> int:
    """Bytes once stored (browsers send every line break as CRLF)."""
    return len(normalise_newlines(text).encode("utf-8", "surrogatepass"))


def safe_filename(name: str | None) -> str:
    """A file's base name, for messages and the audit trail only (never a path)."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = _UNSAFE_NAME.sub("_", base)[:FILENAME_MAX]
    return base or "upload.yaml"
