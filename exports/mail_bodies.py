"""The text of each email: a plain-text and an HTML part, from the templates under
``templates/mail/`` (``<kind>.txt``, ``<kind>.html``), with links absolute to the
service's ``PUBLIC_URL``.

A ``.txt`` template's first line is the subject ("Subject: ..."); a blank line follows,
then the body. The HTML part extends ``mail/_layout.html``. Messages carry titles,
dates and links, never answer text, gap text or comments.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from jinja2 import TemplateNotFound


@dataclass(frozen=True)
class Body:
    subject: str
    text: str
    html: str


def link(endpoint: str, **values) -> str:
    """The absolute address of a page of the service, under PUBLIC_URL (works with no
    request, as in `flask reminders run`)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    adapter = current_app.url_map.bind("localhost")
    return base + adapter.build(endpoint, values)


def render_body(kind: str, **context) -> Body:
    """The subject, text and HTML of a message of ``kind`` (``round.opened``: the
    templates ``mail/round.opened.txt`` and ``mail/round.opened.html``)."""
    env = current_app.jinja_env
    context = {"link": link, "public_url": current_app.config["PUBLIC_URL"], "kind": kind,
               **context}
    text = env.get_template(f"mail/{kind}.txt").render(context)
    first, _, rest = text.lstrip("\n").partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"mail/{kind}.txt must start with a 'Subject:' line")
    subject = " ".join(first[len("Subject:"):].split())
    try:
        html = env.get_template(f"mail/{kind}.html").render(context, subject=subject)
    except TemplateNotFound:
        html = ""
    text = rest.strip() + "\n"
    if not kind.startswith(("account.", "digest.")):
        text += f"\n--\nChoose which emails you get: {link('mail.preferences')}\n"
    return Body(subject=subject, text=text, html=html)
