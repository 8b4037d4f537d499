"""web.representation: negotiation, CSV cells and ETags."""

import pytest
from django.test import RequestFactory

from web.representation import (
    NotAcceptable,
    csv_cell,
    fingerprint,
    negotiate,
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
