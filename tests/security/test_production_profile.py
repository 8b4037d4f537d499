"""The production profile (TEAMCOACH_ENV=production), started for real in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-test-secret-key-that-is-long-enough-and-random-4f9b1c0e7d2a6b3c8e5f1a9d"


def run(code_or_args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEAMCOACH_") and k != "CI"}
    env.update(
        DJANGO_SETTINGS_MODULE="teamcoach.settings",
        TEAMCOACH_ENV="production",
        TEAMCOACH_VAR_DIR=str(tmp_path),
        TEAMCOACH_SECRET_KEY=SECRET,
        TEAMCOACH_ALLOWED_HOSTS="teamcoach.example.org",
    )
    env.update(extra)
    env = {k: v for k, v in env.items() if v != ""}
    return subprocess.run(
        [sys.executable, *code_or_args], env=env, cwd=ROOT, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_in_production(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run(["manage.py", "check"], tmp_path, TEAMCOACH_SECRET_KEY="")
    assert result.returncode != 0
    assert "TEAMCOACH_SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run(["manage.py", "check"], tmp_path, TEAMCOACH_ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "TEAMCOACH_ALLOWED_HOSTS must be set" in result.stderr


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "hosts": s.ALLOWED_HOSTS, "origins": s.CSRF_TRUSTED_ORIGINS,
    "hsts": s.SECURE_HSTS_SECONDS, "sub": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "preload": s.SECURE_HSTS_PRELOAD, "redirect": s.SECURE_SSL_REDIRECT,
    "proxy": list(s.SECURE_PROXY_SSL_HEADER or []),
    "session": [s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY],
    "csrf": [s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE], "debug": s.DEBUG,
    "engine": s.SESSION_ENGINE,
}))
"""


def test_production_settings_come_from_the_environment(tmp_path):
    result = run(
        ["-c", PRINT_SETTINGS],
        tmp_path,
        TEAMCOACH_ALLOWED_HOSTS="coach.example.org,www.coach.example.org",
    )
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["hosts"] == ["coach.example.org", "www.coach.example.org"]
    assert got["origins"] == ["https://coach.example.org", "https://www.coach.example.org"]
    assert got["hsts"] >= 31536000 and got["sub"] and got["preload"]
    assert got["redirect"] is True
    assert got["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert got["session"] == ["__Host-sessionid", True, True]
    assert got["csrf"] == ["__Host-csrftoken", True]
    assert got["debug"] is False
    # Server-side sessions: a copied cookie dies with the logout (test_sessions.py).
    assert got["engine"] in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }
