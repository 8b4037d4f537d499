"""deploy/systemd: the supervisor units docs/deploy.md names — an app server per port and
the task worker, each restarted whenever it ends."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from teamcoach.cli import main

UNITS = Path(__file__).resolve().parent.parent / "deploy" / "systemd"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(UNITS / name)
    return parser


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("teamcoach-web@.service", "teamcoach serve --port %i --no-worker"),
        ("teamcoach-worker.service", "teamcoach worker"),
    ],
)
def test_each_unit_runs_a_teamcoach_command_and_restarts_it_always(name, command):
    service = unit(name)["Service"]
    assert service["ExecStart"].endswith(command)
    assert service["Restart"] == "always"
    assert int(service["RestartSec"]) <= 5
    assert service["EnvironmentFile"] == "/etc/teamcoach/env"
    assert service["ReadWritePaths"] == "/srv/teamcoach/var"


def test_the_units_name_commands_the_cli_has(capsys):
    for argv in (["serve", "--help"], ["worker", "--help"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--no-worker" in out and "teamcoach worker" in out


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed")
    for source in UNITS.glob("*.service"):
        text = source.read_text().replace("/srv/teamcoach/.venv/bin/teamcoach", "/bin/true")
        (tmp_path / source.name.replace("@.", "@8001.")).write_text(text)
    result = subprocess.run(
        [analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
