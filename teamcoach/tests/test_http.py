"""teamcoach.http: negotiation, CSV cells, ETags and the edit forms' version check."""

import datetime as dt

import pytest
from django.test import RequestFactory

from teamcoach.http import (
    NotAcceptable,
    check_version,
    csv_cell,
    fingerprint,
    negotiate,
    version_token,
)

AVAILABLE = ["text/html", "application/json", "text/csv"]


@pytest.mark.parametrize(
    ("accept", "query", "expected"),
    [
        ("", "", "text/html"),
        ("*/*", "", "text/html"),
        ("application/json", "", "application/json"),
        ("text/*", "", "text/html"),
        ("text/csv;q=0.9, application/json;q=0.1", "", "text/csv"),
        ("application/json", "?format=csv", "text/csv"),
        ("", "?format=html", "text/html"),
    ],
)
def test_negotiation_prefers_the_address_then_accept_then_our_default(accept, query, expected):
    request = RequestFactory().get(f"/x{query}", headers={"Accept": accept} if accept else {})
    assert negotiate(request, AVAILABLE) == expected


@pytest.mark.parametrize(
    ("accept", "query"), [("image/png", ""), ("", "?format=pdf"), ("", "?format=")]
)
def test_negotiation_refuses_what_we_cannot_produce(accept, query):
    request = RequestFactory().get(f"/x{query}", headers={"Accept": accept} if accept else {})
    with pytest.raises(NotAcceptable):
        negotiate(request, AVAILABLE)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ann-Marie", "Ann-Marie"),
        (-5, "-5"),
        (None, ""),
        (7, "7"),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_text(value, cell):
    assert csv_cell(value) == cell


def test_fingerprints_are_stable_and_order_insensitive_for_dicts():
    assert fingerprint({"a": 1, "b": 2}) == fingerprint({"b": 2, "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert len(fingerprint([1, "x"])) == 32


class Row:
    def __init__(self, at: dt.datetime) -> None:
        self.updated_at = at


def test_a_form_version_matches_until_the_row_is_saved_again():
    row = Row(dt.datetime(2026, 5, 1, 12, 0, 0, 123456, tzinfo=dt.UTC))
    token = version_token(row)
    assert check_version(row, token)
    row.updated_at += dt.timedelta(microseconds=1)
    assert not check_version(row, token)
    assert not check_version(row, "")
    assert not check_version(row, None)
