"""Small response helpers every app shares."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url


def see_other(to: Any, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
    """303 See Other: the answer to every successful POST (the browser then GETs ``to``).

    Takes what ``django.shortcuts.redirect`` takes: a URL, a view name with its
    arguments, or a model with ``get_absolute_url``. A 303, unlike a 302, never lets
    a client repeat the POST at the new address.
    """
    response = HttpResponseRedirect(resolve_url(to, *args, **kwargs))
    response.status_code = 303
    return response
