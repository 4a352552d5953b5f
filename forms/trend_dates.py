"""The trend page's meeting-date filter: two GOV.UK date inputs read from the query
string (``from-day``, ``from-month``, ``from-year`` and the same for ``to``)."""

from __future__ import annotations

from wtforms import Form

from .questionnaire.fields import GovDateField


class TrendDatesForm(Form):
    date_from = GovDateField("Meetings from", subject="The from date", name="from")
    date_to = GovDateField("Meetings to", subject="The to date", name="to")
