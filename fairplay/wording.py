"""The rotation planner's results in words: certificate, keeper, changes, diagnosis.

``lineup.rotation`` returns data — a certificate with what was proven, the
keeper changes, a diagnosis's rule, code and recomputed numbers — and no
sentences. This module words them with gettext at call time (named
placeholders, ``ngettext`` for plurals), saying no more than the data proves:
the codes are listed in ``docs/rotation.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clubs.positions import position_name
from lineup.rotation import KEEPER_POSITIONS, Diagnosis, Plan


def rule_label(rule: str) -> str:
    labels = {
        "min_share": _("minimum share of the game"),
        "bench": _("periods on the bench in a row"),
        "keeper": _("periods in goal"),
        "keeper_changes": _("when the keeper may change"),
        "keeper_eligible": _("only rated or allowed keepers in goal"),
        "full_half": _("one full half"),
        "forbidden": _("forbidden positions"),
        "first_period": _("the starting lineup"),
        "squad": _("enough players for the places"),
        "several": _("several rules together"),
        "time": _("the time limit"),
    }
    return labels.get(rule, rule)


def certificate_sentence(plan: Plan) -> str:
    """“Everyone plays 30 or 35 minutes; no plan can do better.”"""
    cert = plan.certificate
    values = sorted({m for k, m in plan.minutes.items() if k not in plan.limited})
    if len(values) <= 1:
        played = _("Everyone plays %(a)s minutes") % {"a": cert.low}
    elif len(values) == 2:
        played = _("Everyone plays %(a)s or %(b)s minutes") % {"a": values[0], "b": values[1]}
    else:
        played = _("Everyone plays between %(a)s and %(b)s minutes") % {
            "a": cert.low,
            "b": cert.high,
        }
    if cert.status == "optimal":
        return played + _("; no plan can do better.")
    return played + _(
        "; the time limit stopped the search, and no plan can have a spread below "
        "%(bound)s minutes."
    ) % {"bound": cert.best_spread}


def _has_keeper(plan: Plan) -> bool:
    return any(slot.position in KEEPER_POSITIONS for slot in plan.slots)


def substitutions_sentence(plan: Plan) -> str:
    """How many players come on over the game, and what is proven about it."""
    n, cert = plan.substitutions, plan.certificate
    if not cert.fewest_substitutions:
        return ngettext(
            "%(n)s substitution in all; fewer may be possible (the search for the fewest "
            "did not run to the end for this game).",
            "%(n)s substitutions in all; fewer may be possible (the search for the fewest "
            "did not run to the end for this game).",
            n,
        ) % {"n": n}
    keeper = _has_keeper(plan)
    if cert.priority == "strongest_first":
        if keeper:
            text = ngettext(
                "%(n)s substitution in all; no plan as fair and as strong, with as few keeper "
                "changes, has fewer.",
                "%(n)s substitutions in all; no plan as fair and as strong, with as few keeper "
                "changes, has fewer.",
                n,
            )
        else:
            text = ngettext(
                "%(n)s substitution in all; no plan as fair and as strong has fewer.",
                "%(n)s substitutions in all; no plan as fair and as strong has fewer.",
                n,
            )
    elif keeper:
        text = ngettext(
            "%(n)s substitution in all; no plan as fair, with as few keeper changes, has fewer.",
            "%(n)s substitutions in all; no plan as fair, with as few keeper changes, has fewer.",
            n,
        )
    else:
        text = ngettext(
            "%(n)s substitution in all; no plan as fair has fewer.",
            "%(n)s substitutions in all; no plan as fair has fewer.",
            n,
        )
    return text % {"n": n}


def moves_sentence(plan: Plan) -> str:
    """Players who stay on at a break but change position."""
    n = plan.position_moves
    if n == 0:
        return _("Nobody changes position while staying on the field.")
    return ngettext(
        "%(n)s time a player stays on the field in another position.",
        "%(n)s times a player stays on the field in another position.",
        n,
    ) % {"n": n}


def keeper_sentence(plan: Plan, numbers: Mapping[str, int] | None = None) -> str:
    """“The keeper changes once, at half-time: No. 15, then No. 33.” ("" without a goal)."""
    keepers = [s for s, slot in enumerate(plan.slots) if slot.position in KEEPER_POSITIONS]
    if not keepers or not plan.grid:
        return ""
    shirt = _shirts(plan, numbers)
    changes = plan.keeper_changes
    if not changes:
        return _("No. %(number)s keeps goal all game.") % {
            "number": shirt(plan.grid[0][keepers[0]])
        }
    if len(changes) == 1 and changes[0].half_time:
        return _("The keeper changes once, at half-time: No. %(first)s, then No. %(then)s.") % {
            "first": shirt(changes[0].off),
            "then": shirt(changes[0].on),
        }
    after = ", ".join(str(c.after + 1) for c in changes)
    return ngettext(
        "The keeper changes %(n)s time, after period %(periods)s.",
        "The keeper changes %(n)s times, after periods %(periods)s.",
        len(changes),
    ) % {"n": len(changes), "periods": after}


def _shirts(plan: Plan | None, numbers: Mapping[str, int] | None) -> Callable[[str], object]:
    """Player key → shirt number ("?" for a key nobody knows)."""
    known = dict(numbers or {})
    if plan is not None:
        for p in plan.players:
            known.setdefault(p.key, p.number)
    return lambda key: known.get(key, "?")


def diagnosis_sentence(diagnosis: Diagnosis, numbers: Mapping[str, int] | None = None) -> str:
    """Why the rules cannot all hold, as worded for the coach; true as the code states.

    ``numbers`` maps player keys to shirt numbers (the closest plan's players
    are used too).
    """
    f: dict[str, object] = dict(diagnosis.facts)
    rule, code = diagnosis.rule, diagnosis.code
    shirt = _shirts(diagnosis.closest, numbers)
    if diagnosis.players:
        f["number"] = shirt(diagnosis.players[0])
    plan = diagnosis.closest
    if "place" in f and plan is not None:
        place = int(f["place"]) - 1  # type: ignore[call-overload]
        f["slot"] = (
            position_name(plan.slots[place].label) if place < len(plan.slots) else f["place"]
        )
    elif "place" in f:
        f["slot"] = _("place %(n)s") % {"n": f["place"]}
    text = _sentence(rule, code, f)
    if code == "generic":
        if diagnosis.other_rules:
            others = ", ".join(rule_label(r) for r in diagnosis.other_rules)
            return text + _(", alongside the other rules (%(rules)s).") % {"rules": others}
        return text + "."
    return text


def _sentence(rule: str, code: str, f: dict[str, object]) -> str:
    if rule == "squad":
        return (
            ngettext(
                "Period %(period)s has %(available)s player available for %(places)s places.",
                "Period %(period)s has %(available)s players available for %(places)s places.",
                int(f["available"]),  # type: ignore[call-overload]
            )
            % f
        )
    if rule == "time":
        return _("No plan was found within the time limit.")
    if rule == "first_period":
        texts = {
            "unknown_player": _(
                "The starting lineup has No. %(number)s at %(slot)s, but they are not in this "
                "game's squad."
            ),
            "unavailable": _(
                "The starting lineup has No. %(number)s at %(slot)s, but they are not there at "
                "the start."
            ),
            "duplicate": _("The starting lineup names No. %(number)s twice."),
            "forbidden": _(
                "The starting lineup puts No. %(number)s at %(slot)s, a position they may not play."
            ),
            "not_a_keeper": _(
                "The starting lineup puts No. %(number)s in goal, but they are neither rated "
                "for goal nor allowed in it."
            ),
            "played_differs": _(
                "The starting lineup differs from the first period as it was played (%(slot)s)."
            ),
        }
        if code in texts:
            return texts[code] % f
        return _(
            "The starting lineup cannot begin a plan that keeps the rules; without it, one can."
        )
    if rule in ("keeper", "keeper_changes") and code == "segment":
        if f["half_time"]:
            return (
                _(
                    "The keeper may change only at half-time, so a keeper keeps goal for "
                    "%(segment)s periods in a row, more than the limit of %(keeper_limit)s."
                )
                % f
            )
        return (
            _(
                "The keeper may not change, so a keeper keeps goal for %(segment)s periods in a "
                "row, more than the limit of %(keeper_limit)s."
            )
            % f
        )
    if rule == "keeper":
        if code == "capacity":
            return (
                ngettext(
                    "The goal needs a keeper in %(keeper_periods)s periods, but the %(keepers)s "
                    "player who may keep goal can cover only %(capacity)s of them (at most "
                    "%(keeper_limit)s each).",
                    "The goal needs a keeper in %(keeper_periods)s periods, but the %(keepers)s "
                    "players who may keep goal can cover only %(capacity)s of them (at most "
                    "%(keeper_limit)s each).",
                    int(f["keepers"]),  # type: ignore[call-overload]
                )
                % f
            )
        return (
            ngettext(
                "No plan keeps every keeper to at most %(keeper_limit)s period in goal",
                "No plan keeps every keeper to at most %(keeper_limit)s periods in goal",
                int(f["keeper_limit"]),  # type: ignore[call-overload]
            )
            % f
        )
    if rule == "keeper_changes":
        if code == "no_keeper_throughout":
            if f["half_time"]:
                return (
                    _(
                        "The keeper may change only at half-time, but nobody who may keep goal is "
                        "there for all of periods %(first)s to %(last)s."
                    )
                    % f
                )
            return (
                _(
                    "The keeper may not change, but nobody who may keep goal is there for all of "
                    "periods %(first)s to %(last)s."
                )
                % f
            )
        if f["half_time"]:
            return _("No plan changes the keeper only at half-time")
        return _("No plan keeps one keeper all game")
    if rule == "keeper_eligible":
        if code == "none":
            return (
                _("Nobody rated for goal or allowed in goal is available in period %(period)s.") % f
            )
        return (
            ngettext(
                "No plan works with only the %(keepers)s player rated for goal or allowed in it",
                "No plan works with only the %(keepers)s players rated for goal or allowed in it",
                int(f["keepers"]),  # type: ignore[call-overload]
            )
            % f
        )
    if rule == "bench":
        if code == "window":
            return (
                ngettext(
                    "With %(count)s players there and %(places)s places, any %(window)s periods in "
                    "a row have only %(capacity)s places, too few for everyone to play in them: "
                    "someone sits more than %(bench_limit)s period in a row.",
                    "With %(count)s players there and %(places)s places, any %(window)s periods in "
                    "a row have only %(capacity)s places, too few for everyone to play in them: "
                    "someone sits more than %(bench_limit)s periods in a row.",
                    int(f["bench_limit"]),  # type: ignore[call-overload]
                )
                % f
            )
        return (
            ngettext(
                "No plan keeps everyone to at most %(bench_limit)s period on the bench in a row",
                "No plan keeps everyone to at most %(bench_limit)s periods on the bench in a row",
                int(f["bench_limit"]),  # type: ignore[call-overload]
            )
            % f
        )
    if rule == "full_half":
        if code == "capacity":
            return (
                _(
                    "%(count)s players cannot each play a whole half: with %(places)s places, at "
                    "most %(most)s can."
                )
                % f
            )
        return _("No plan lets everyone play a whole half")
    if rule == "min_share":
        return _min_share(code, f)
    if rule == "forbidden":
        if code == "place":
            return _("In period %(period)s nobody available may play %(slot)s.") % f
        return _("The positions players may not play leave no plan")
    return _("No single rule can be relaxed to make a plan; the rules clash together.")


def _min_share(code: str, f: dict[str, object]) -> str:
    if code == "player":
        return _("No. %(number)s needs %(need)s minutes but can play at most %(most)s.") % f
    if code == "capacity":
        if f["need"]:
            return (
                _(
                    "%(count)s players × %(need)s minutes (%(share)s %% of %(total)s) need "
                    "%(raw)s player-minutes, more than the %(capacity)s the game has (%(places)s "
                    "places × %(total)s minutes)."
                )
                % f
            )
        return (
            _(
                "To each play %(share)s %% of the time they are there, the players need %(raw)s "
                "player-minutes between them, more than the %(capacity)s the game has."
            )
            % f
        )
    if code == "periods":
        if f["need"] and f["granular"] and f["period"]:
            return (
                _(
                    "With periods of %(period)s minutes, %(share)s %% of %(total)s minutes "
                    "(%(need)s) means %(granular)s minutes each: %(count)s players × "
                    "%(granular)s = %(demand)s player-minutes, more than the %(capacity)s the game "
                    "has (%(places)s places × %(total)s minutes)."
                )
                % f
            )
        return (
            _(
                "Rounded up to whole periods, the players need %(demand)s player-minutes between "
                "them to each play %(share)s %% of the time they are there, more than the "
                "%(capacity)s the game has."
            )
            % f
        )
    return _("No plan gives everyone %(share)s %% of the time they are there") % f
