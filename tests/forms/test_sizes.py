"""Sizes as people write them."""

from forms.format.sizes import size_text


def test_sizes_read_as_people_write_them():
    assert size_text(2 * 1024 * 1024) == "2 MB"
    assert size_text(256 * 1024) == "256 KB"
    assert size_text(1536 * 1024) == "1.5 MB"
    assert size_text(900) == "900 bytes"
    assert size_text(1) == "1 byte"
