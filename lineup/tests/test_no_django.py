"""The solver package stands alone: it must not pull Django in."""

import subprocess
import sys


def test_the_lineup_package_imports_without_django():
    code = (
        "import sys, lineup.solver, lineup.formations, lineup.model; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules)"
        " else 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
