"""Secrets in addresses never reach a log: every URL pattern whose parameter is called
``token`` or ``key`` (found in the URL resolver, so new ones are checked too) is
redacted by the app's log filter and by nginx's access-log map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.security.urls import secret_urls
from web.security import redact

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "teamcoach.conf"


def nginx_log_uri(uri: str) -> str:
    """What deploy/nginx/teamcoach.conf's ``$teamcoach_log_uri`` map makes of ``uri``."""
    block = re.search(r"map \$uri \$teamcoach_log_uri \{(.*?)\n\}", CONF.read_text(), re.S)
    assert block, "the log map is missing from teamcoach.conf"
    for line in block[1].strip().splitlines():
        source, _, target = line.strip().rstrip(";").partition(" ")
        if source == "default":
            return uri
        # nginx's PCRE names groups (?<name>…); Python's re spells it (?P<name>…).
        found = re.match(re.sub(r"\(\?<(?=[a-z])", "(?P<", source.removeprefix("~")), uri)
        if found:
            template = target.strip().strip('"')
            for name, value in found.groupdict().items():
                template = template.replace("${" + name + "}", value)
            return template
    return uri


def test_the_secret_urls_are_found_by_their_parameter_names():
    prefixes = {re.sub(r"[A-Za-z0-9_:\-]{16,}.*", "", path) for path, _ in secret_urls()}
    assert {
        "/a/",
        "/accounts/confirm-email/",
        "/accounts/password/reset/key/",
        "/invitations/",
        "/calendar/",
        "/s/",
    } <= prefixes


@pytest.mark.parametrize(("path", "secret"), secret_urls())
def test_the_app_log_filter_redacts_the_secret(path, secret):
    line = redact(f'"GET {path} HTTP/1.1" 200')
    assert secret not in line and "[redacted]" in line


@pytest.mark.parametrize(("path", "secret"), secret_urls())
def test_the_nginx_access_log_map_redacts_the_secret(path, secret):
    logged = nginx_log_uri(path)
    assert secret not in logged and "[redacted]" in logged


def test_the_nginx_map_leaves_ordinary_addresses_whole():
    assert nginx_log_uri("/best/riverside-first-xi/11/") == "/best/riverside-first-xi/11/"
    assert nginx_log_uri("/teams/riverside-u09/calendar/") == "/teams/riverside-u09/calendar/"
