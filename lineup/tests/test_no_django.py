"""The lineup package stands alone: no module of it may pull Django in."""

import pkgutil
import subprocess
import sys

import lineup


def modules() -> list[str]:
    """Every module of the package except its tests, found on disk (not listed by hand)."""
    return sorted(
        info.name
        for info in pkgutil.walk_packages(lineup.__path__, prefix="lineup.")
        if not info.name.startswith("lineup.tests")
    )


def test_every_module_of_the_lineup_package_is_found():
    found = modules()
    assert {"lineup.solver", "lineup.rotation", "lineup.rotation_flow"} <= set(found)
    assert "lineup.rotation_model" in found


def test_no_module_of_the_lineup_package_imports_django():
    code = (
        "import importlib, sys\n"
        f"for name in {modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(' '.join(loaded))\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, f"Django modules loaded: {done.stdout}{done.stderr}"
