"""Refused access attempts in the app's log, for the audit trail: one line each (user,
endpoint, status), without letting a scan flood the log.

A 403, and a 404 given by the access rules (``views/access.py``: a hidden endpoint), are
logged at WARNING as ``access refused: user=… endpoint=… status=…``. The same user,
endpoint and status is logged once a minute at most, and no more than ``PER_MINUTE``
lines a minute in all; the last of them says that any more are left out.
"""

from __future__ import annotations

import threading
import time

from flask import current_app, g, request
from flask_login import current_user

WINDOW_SECONDS = 60
PER_MINUTE = 30


class RefusalLog:
    """The rate limit of one process (each app server logs its own)."""

    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.seen: dict[tuple, float] = {}
        self.window_start = 0.0
        self.in_window = 0

    def admit(self, key: tuple) -> str | None:
        """"log", "last" (log and say more are left out) or None (leave it out)."""
        now = self.clock()
        with self.lock:
            if now - self.window_start >= WINDOW_SECONDS:
                self.window_start, self.in_window = now, 0
                self.seen = {k: t for k, t in self.seen.items() if now - t < WINDOW_SECONDS}
            if now - self.seen.get(key, -WINDOW_SECONDS) < WINDOW_SECONDS:
                return None
            if self.in_window >= PER_MINUTE:
                return None
            self.in_window += 1
            self.seen[key] = now
            return "last" if self.in_window == PER_MINUTE else "log"


def mark_refused() -> None:
    """Say that the 404 about to be raised is the access rules' refusal."""
    g.access_refused = True


def log_refusal(status: int) -> None:
    """Log this request's refusal (a 403, or a 404 marked by ``mark_refused``)."""
    if status == 404 and not g.get("access_refused"):
        return
    user_id = current_user.id if current_user.is_authenticated else None
    key = (user_id, request.endpoint, status)
    verdict = current_app.extensions.setdefault("refusal_log", RefusalLog()).admit(key)
    if verdict is None:
        return
    current_app.logger.warning("access refused: user=%s endpoint=%s status=%s path=%s",
                               user_id or "-", request.endpoint or "-", status, request.path)
    if verdict == "last":
        current_app.logger.warning("access refused: %s this minute; any more this minute are "
                                   "left out of the log", PER_MINUTE)
