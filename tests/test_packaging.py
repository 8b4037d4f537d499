"""The `teamcoach` console command imports the project as an installed package.

`pip install -e .` maps only the packages pyproject.toml lists, so an app missing
from that list works under pytest (which runs from the checkout) yet breaks
`make run`. This test catches that.
"""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def test_every_project_app_is_in_the_installed_package_list():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    local_apps = [a.name for a in apps.get_app_configs() if Path(a.path).parent == ROOT]
    assert local_apps, "no project apps found"
    missing = [name for name in local_apps if not any(fnmatch(name, p) for p in patterns)]
    assert missing == [], f"add {missing} to [tool.setuptools.packages.find] in pyproject.toml"
