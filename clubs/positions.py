"""The names lineup/ gives positions and formations, in the reader's language.

``lineup`` is pure Python (no Django, no gettext), so its positions and formations carry
English names; every page, card and reason shows them through :func:`position_name` and
:func:`formation_name` (templates: ``{% load lineup_words %}``, ``|position_name``,
``|formation_name``). ``clubs/tests/test_positions.py`` keeps this module in step with
``lineup.formations``.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, pgettext_lazy

#: Every name in lineup.formations.POSITIONS (and its OPEN_LABEL), as gettext sees it.
NAMES: dict[str, Promise] = {
    # football and futsal
    "goalkeeper": pgettext_lazy("position", "goalkeeper"),
    "right back": pgettext_lazy("position", "right back"),
    "centre back": pgettext_lazy("position", "centre back"),
    "left back": pgettext_lazy("position", "left back"),
    "right wing-back": pgettext_lazy("position", "right wing-back"),
    "left wing-back": pgettext_lazy("position", "left wing-back"),
    "defensive midfielder": pgettext_lazy("position", "defensive midfielder"),
    "central midfielder": pgettext_lazy("position", "central midfielder"),
    "right midfielder": pgettext_lazy("position", "right midfielder"),
    "left midfielder": pgettext_lazy("position", "left midfielder"),
    "attacking midfielder": pgettext_lazy("position", "attacking midfielder"),
    "right winger": pgettext_lazy("position", "right winger"),
    "left winger": pgettext_lazy("position", "left winger"),
    "striker": pgettext_lazy("position", "striker"),
    "fixo (last defender)": pgettext_lazy("position", "fixo (last defender)"),
    "ala (winger)": pgettext_lazy("position", "ala (winger)"),
    "pivô (target player)": pgettext_lazy("position", "pivô (target player)"),
    # basketball
    "point guard": pgettext_lazy("position", "point guard"),
    "shooting guard": pgettext_lazy("position", "shooting guard"),
    "small forward": pgettext_lazy("position", "small forward"),
    "power forward": pgettext_lazy("position", "power forward"),
    "centre": pgettext_lazy("position", "centre"),
    # volleyball
    "setter": pgettext_lazy("position", "setter"),
    "outside hitter": pgettext_lazy("position", "outside hitter"),
    "middle blocker": pgettext_lazy("position", "middle blocker"),
    "opposite": pgettext_lazy("position", "opposite"),
    "libero": pgettext_lazy("position", "libero"),
    # ice hockey
    "goaltender": pgettext_lazy("position", "goaltender"),
    "left defence": pgettext_lazy("position", "left defence"),
    "right defence": pgettext_lazy("position", "right defence"),
    "left wing": pgettext_lazy("position", "left wing"),
    "right wing": pgettext_lazy("position", "right wing"),
    # a place anyone may fill
    "any position": pgettext_lazy("position", "any position"),
}

#: Formation names that are words rather than shapes ("4-4-2" needs no translation).
WORDED: dict[str, Promise] = {
    "2 guards, 2 forwards, centre": pgettext_lazy("formation", "2 guards, 2 forwards, centre"),
    "2 defence, 3 forwards": pgettext_lazy("formation", "2 defence, 3 forwards"),
}

_A_SIDE = re.compile(r"^(?P<shape>.+) \((?P<n>\d+)-a-side\)$")
_FUTSAL = re.compile(r"^(?P<shape>.+) \(futsal\)$")
_FROM = re.compile(r"^(?P<n>\d+) from (?P<base>.+)$")
_PLUS_OPEN = re.compile(r"^(?P<base>.+) \+ (?P<n>\d+) open$")
_OPEN = re.compile(r"^(?P<n>\d+) open places$")


def position_name(label: str) -> str:
    """A position's name (lineup's English ``Slot.label``) in the active language."""
    name = NAMES.get(label)
    return str(name) if name is not None else label


def formation_name(name: str) -> str:
    """A formation's name (lineup's English ``Formation.name``) in the active language.

    The names lineup derives ("7 from …", "… + 2 open") come first: they contain a
    base formation's name, which may end in "(5-a-side)"."""
    if name in WORDED:
        return str(WORDED[name])
    if match := _FROM.match(name):
        n = int(match["n"])
        return gettext("%(n)s from %(formation)s") % {
            "n": n,
            "formation": formation_name(match["base"]),
        }
    if match := _PLUS_OPEN.match(name):
        n = int(match["n"])
        return ngettext("%(formation)s + %(n)s open", "%(formation)s + %(n)s open", n) % {
            "formation": formation_name(match["base"]),
            "n": n,
        }
    if match := _OPEN.match(name):
        n = int(match["n"])
        return ngettext("%(n)s open place", "%(n)s open places", n) % {"n": n}
    if match := _A_SIDE.match(name):
        n = int(match["n"])
        return gettext("%(shape)s (%(n)s-a-side)") % {"shape": match["shape"], "n": n}
    if match := _FUTSAL.match(name):
        return gettext("%(shape)s (futsal)") % {"shape": match["shape"]}
    return name
