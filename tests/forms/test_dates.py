"""The one home of date and time formats: UK time, and the strings people read."""

from __future__ import annotations

from datetime import date, datetime, timezone

from forms.format import dates

SUMMER = datetime(2016, 9, 22, 13, 3, tzinfo=timezone.utc)  # 14:03 in London (BST)
WINTER = datetime(2016, 12, 1, 0, 30, tzinfo=timezone.utc)  # 00:30 in London (GMT)
LATE = datetime(2016, 9, 30, 23, 30, tzinfo=timezone.utc)  # already 1 October in London


def test_long_date_of_a_day_and_of_an_instant_in_uk_time():
    assert dates.long_date(date(2016, 9, 2)) == "2 September 2016"
    assert dates.long_date(SUMMER) == "22 September 2016"
    assert dates.long_date(LATE) == "1 October 2016"
    assert dates.long_date(None) == ""


def test_weekday_date():
    assert dates.weekday_date(date(2016, 9, 22)) == "Thursday 22 September 2016"


def test_iso_text_date_reads_stored_answers():
    assert dates.iso_text_date("2016-09-02") == "2 September 2016"
    assert dates.iso_text_date("not a date") == "not a date"


def test_times_in_uk_time():
    assert dates.clock(SUMMER) == "14:03"
    assert dates.clock(WINTER) == "00:30"
    assert dates.clock(None) == ""
    assert dates.date_and_time(SUMMER) == "22 September 2016 at 14:03"
    assert dates.date_and_time(None) == ""


def test_twelve_hour_times():
    assert dates.date_and_12h_time(SUMMER) == "22 September 2016 at 2:03pm"
    assert dates.date_and_12h_time(WINTER) == "1 December 2016 at 12:30am"
    assert dates.date_and_12h_time(datetime(2016, 9, 22, 11, 0, tzinfo=timezone.utc)) == (
        "22 September 2016 at 12:00pm")
    assert dates.date_and_12h_time(None) == ""


def test_excel_local_is_naive_uk_time_and_reads_naive_values_as_utc():
    assert dates.excel_local(SUMMER) == datetime(2016, 9, 22, 14, 3)
    assert dates.excel_local(datetime(2016, 9, 22, 13, 3)) == datetime(2016, 9, 22, 14, 3)


def test_uk_day_start_in_utc():
    assert dates.uk_day_start(date(2016, 9, 22)) == datetime(2016, 9, 21, 23, 0,
                                                            tzinfo=timezone.utc)
    assert dates.uk_day_start(date(2016, 12, 1)) == datetime(2016, 12, 1, 0, 0,
                                                           tzinfo=timezone.utc)


def test_the_templates_filters_are_these_formatters(app):
    assert app.jinja_env.filters["uk_date"] is dates.long_date
    assert app.jinja_env.filters["uk_datetime"] is dates.date_and_12h_time


def test_utc_times_for_the_admin_pages():
    assert dates.short_date(date(2016, 9, 2)) == "2 Sep 2016"
    assert dates.utc_minute(SUMMER) == "22 Sep 2016 13:03 UTC"
    assert dates.utc_long(SUMMER) == "22 September 2016 at 13:03 UTC"
    assert dates.utc_stamp(SUMMER) == "2016-09-22 13:03:00"
    naive = datetime(2016, 9, 22, 13, 3)  # read as UTC
    assert dates.utc_minute(naive) == "22 Sep 2016 13:03 UTC"
    assert dates.utc_stamp(naive.replace(second=5)) == "2016-09-22 13:03:05"


def test_every_filter_is_a_formatter_of_this_module(app):
    names = ("uk_date", "uk_datetime", "short_date", "utc_minute", "utc_long", "utc_stamp")
    for name in names:
        assert app.jinja_env.filters[name].__module__ == "forms.format.dates"
