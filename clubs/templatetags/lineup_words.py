"""``{% load lineup_words %}``: lineup's position and formation names in the reader's
language (clubs/positions.py)."""

from __future__ import annotations

from django import template

from clubs import positions

register = template.Library()


@register.filter
def position_name(label: str) -> str:
    return positions.position_name(str(label))


@register.filter
def formation_name(name: str) -> str:
    return positions.formation_name(str(name))
