"""What the logs say about requests we refuse."""

from __future__ import annotations

import logging

import pytest


@pytest.mark.django_db
def test_a_bad_host_header_is_one_warning_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING"
    line = logging.Formatter("%(levelname)s %(name)s %(message)s").format(record)
    assert line.startswith("WARNING django.security.DisallowedHost Invalid HTTP_HOST header")
    assert "Traceback" not in line
    assert "\n" not in line


def test_other_errors_keep_their_level_and_traceback(caplog):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.exception("Internal Server Error: /x")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR"
    assert "Traceback" in logging.Formatter().format(record)
