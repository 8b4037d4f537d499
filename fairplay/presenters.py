"""What the rotation pages and their JSON/CSV variants show, computed once.

The views stay thin: they fetch, call ``fairplay.services`` and hand what these
functions build to ``web.representation.representation``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clubs.models import Player
from clubs.positions import position_name
from lineup.rotation import Diagnosis, Plan, PlayerCompliance, Rules

from .services import GameRotation, LedgerRow
from .wording import (
    certificate_sentence,
    diagnosis_sentence,
    keeper_sentence,
    moves_sentence,
    rule_label,
    substitutions_sentence,
)


def diagnosis_reason(diagnosis: Diagnosis, players: Mapping[str, Player] | None = None) -> str:
    """The planner's diagnosis, worded (and translated) for the page."""
    numbers = {key: p.number for key, p in (players or {}).items()}
    return diagnosis_sentence(diagnosis, numbers)


def keeper_text(plan: Plan, players: Mapping[str, Player] | None = None) -> str:
    """“The keeper changes once, at half-time: No. 15, then No. 33.” ("" without a goal)."""
    return keeper_sentence(plan, {key: p.number for key, p in (players or {}).items()})


@dataclass(frozen=True)
class GridRow:
    player: Player | None
    key: str
    number: int
    name: str
    cells: tuple[str, ...]  # position code/label per period, "" on the bench
    minutes: int
    limited: bool


@dataclass(frozen=True)
class BreakRow:
    after: int  # period number (1-based) the break follows
    on: tuple[tuple[GridRow, str], ...]
    off: tuple[tuple[GridRow, str], ...]
    moves: tuple[tuple[GridRow, str, str], ...]

    @property
    def empty(self) -> bool:
        return not (self.on or self.off or self.moves)


def _slot_name(plan: Plan, s: int) -> str:
    slot = plan.slots[s]
    return slot.position or position_name(slot.label)


def grid_rows(plan: Plan, players: dict[str, Player]) -> list[GridRow]:
    minutes = plan.minutes
    rows = []
    for p in sorted(plan.players, key=lambda p: (p.number, p.key)):
        cells = []
        for t in range(len(plan.period_minutes)):
            s = plan.slot_of(p.key, t)
            cells.append("" if s is None else _slot_name(plan, s))
        player = players.get(p.key)
        rows.append(
            GridRow(
                player=player,
                key=p.key,
                number=player.number if player else p.number,
                name=player.name if player else p.name,
                cells=tuple(cells),
                minutes=minutes[p.key],
                limited=p.key in plan.limited,
            )
        )
    return rows


def break_rows(plan: Plan, rows: list[GridRow]) -> list[BreakRow]:
    by_key = {r.key: r for r in rows}
    return [
        BreakRow(
            after=t + 1,
            on=tuple((by_key[k], _slot_name(plan, s)) for k, s in b.on),
            off=tuple((by_key[k], _slot_name(plan, s)) for k, s in b.off),
            moves=tuple(
                (by_key[k], _slot_name(plan, a), _slot_name(plan, z)) for k, a, z in b.moves
            ),
        )
        for t, b in enumerate(plan.breaks)
    ]


def plan_json(rotation: GameRotation) -> dict[str, object]:
    game = rotation.game
    data: dict[str, object] = {
        "team": rotation.team.slug,
        "game": {
            "id": game.pk,
            "opponent": game.opponent,
            "kickoff": game.kickoff.isoformat(),
        },
        "saved": rotation.saved is not None,
        "plan": None,
        "diagnosis": None,
    }
    plan = rotation.plan
    result = rotation.result
    if result is not None and result.diagnosis is not None:
        d = result.diagnosis
        numbers = {key: p.number for key, p in rotation.players.items()}
        data["diagnosis"] = {
            "rule": d.rule,
            "code": d.code,
            "reason": diagnosis_reason(d, rotation.players),
            "facts": dict(d.facts),
            "players": [numbers.get(k) for k in d.players],
            "other_rules": list(d.other_rules),
        }
        plan = d.closest
    if plan is not None:
        rows = grid_rows(plan, rotation.players)
        data["plan"] = {
            "periods": list(plan.period_minutes),
            "places": [{"position": s.position, "label": s.label} for s in plan.slots],
            "players": [
                {
                    "id": int(r.key),
                    "number": r.number,
                    "name": r.name,
                    "periods": [c or None for c in r.cells],
                    "minutes": r.minutes,
                    "limited_by_availability": r.limited,
                }
                for r in rows
            ],
            "substitutions": [
                {
                    "after_period": b.after,
                    "on": [{"id": int(r.key), "place": place} for r, place in b.on],
                    "off": [{"id": int(r.key), "place": place} for r, place in b.off],
                    "moves": [{"id": int(r.key), "from": a, "to": z} for r, a, z in b.moves],
                }
                for b in break_rows(plan, rows)
            ],
            "keeper_changes": [
                {
                    "after_period": c.after + 1,
                    "place": _slot_name(plan, c.place),
                    "off": int(c.off),
                    "on": int(c.on),
                    "half_time": c.half_time,
                }
                for c in plan.keeper_changes
            ],
            "position_moves": plan.position_moves,
            "certificate": {
                "status": plan.certificate.status,
                "spread": plan.certificate.spread,
                "best_spread": plan.certificate.best_spread,
                "priority": plan.certificate.priority,
                "fewest_keeper_changes": plan.certificate.fewest_keeper_changes,
                "fewest_substitutions": plan.certificate.fewest_substitutions,
                "fewest_moves": plan.certificate.fewest_moves,
                "strongest_positions": plan.certificate.strongest,
                "sentence": certificate_sentence(plan),
                "keeper_sentence": keeper_text(plan, rotation.players),
                "substitutions_sentence": substitutions_sentence(plan),
                "moves_sentence": moves_sentence(plan),
            },
            "for_rules": rotation.result is None or rotation.result.diagnosis is None,
        }
    return data


def plan_csv_rows(
    plan: Plan, rows: list[GridRow], players: Mapping[str, Player] | None = None
) -> tuple[list[str], list[list[object]]]:
    """The grid, then (after an empty row) the plan's sentences, one a row."""
    header = [_("number"), _("name")]
    header += [_("period %(n)s") % {"n": t + 1} for t in range(len(plan.period_minutes))]
    header.append(_("minutes"))
    body: list[list[object]] = [
        [r.number, r.name, *(c or _("bench") for c in r.cells), r.minutes] for r in rows
    ]
    notes = [
        certificate_sentence(plan),
        keeper_text(plan, players),
        substitutions_sentence(plan),
        moves_sentence(plan),
    ]
    body.append([])
    body += [["", note] for note in notes if note]
    return header, body


@dataclass(frozen=True)
class ComplianceRow:
    row: GridRow
    checks: tuple[tuple[str, bool, int, int], ...]
    passed: bool


def compliance_rows(
    report: tuple[PlayerCompliance, ...], rows: list[GridRow]
) -> list[ComplianceRow]:
    by_key = {c.key: c for c in report}
    return [
        ComplianceRow(
            row=r,
            checks=tuple(
                (rule_label(c.rule), c.passed, c.value, c.limit) for c in by_key[r.key].checks
            ),
            passed=by_key[r.key].passed,
        )
        for r in rows
        if r.key in by_key
    ]


def compliance_json(rotation: GameRotation, rows: list[ComplianceRow]) -> dict[str, object]:
    return {
        "team": rotation.team.slug,
        "game": rotation.game.pk,
        "saved": rotation.saved is not None,
        "players": [
            {
                "id": int(r.row.key),
                "number": r.row.number,
                "name": r.row.name,
                "minutes": r.row.minutes,
                "passed": r.passed,
                "checks": [
                    {"rule": label, "passed": ok, "value": value, "limit": limit}
                    for label, ok, value, limit in r.checks
                ],
            }
            for r in rows
        ],
    }


def compliance_csv_rows(rows: list[ComplianceRow]) -> tuple[list[str], list[list[object]]]:
    """One CSV row per player and rule."""
    header = [_("number"), _("name"), _("minutes"), _("rule"), _("result"), _("value")]
    header.append(_("limit"))
    body: list[list[object]] = [
        [r.row.number, r.row.name, r.row.minutes, label, "pass" if ok else "fail", value, limit]
        for r in rows
        for label, ok, value, limit in r.checks
    ]
    return header, body


def rules_summary(rules: Rules, total: int) -> list[str]:
    out = []
    if rules.min_share is not None:
        share = round(rules.min_share * 100)
        out.append(
            _("Everyone plays at least %(share)s %% of %(total)s minutes.")
            % {"share": share, "total": total}
        )
    if rules.max_consecutive_bench is not None:
        k = rules.max_consecutive_bench
        out.append(
            ngettext(
                "Nobody sits more than %(k)s period in a row.",
                "Nobody sits more than %(k)s periods in a row.",
                k,
            )
            % {"k": k}
        )
    if rules.keeper_max_periods is not None:
        k = rules.keeper_max_periods
        out.append(
            ngettext(
                "A keeper keeps goal for at most %(k)s period.",
                "A keeper keeps goal for at most %(k)s periods.",
                k,
            )
            % {"k": k}
        )
    if rules.full_half:
        out.append(_("Everyone plays one half from start to end."))
    if rules.forbidden:
        out.append(_("Some players may not play some positions."))
    return out


#: Ledger chart geometry: one row per player (name and minutes above its bar), in CSS
#: pixels, so the type is the same size on a phone and a desktop; bar lengths in percent
#: of the width. The minutes stand at the right end of the name's line, so a long
#: value ("222 Min. (36 geplant)") never runs past a phone's edge.
ROW_HEIGHT, BAR_HEIGHT, LONGEST_BAR = 46, 16, 100
#: Characters a 390 px phone shows on one line of the chart (15 px type): a name that
#: would reach its minutes is shortened with "…" (the table below has it whole).
LINE_CHARACTERS = 38


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    minutes: int
    value: str
    text_y: float
    value_y: float
    #: The part of ``width`` that is only planned (no record of the game), in %.
    planned_width: float = 0.0
    planned_minutes: int = 0

    @property
    def planned_x(self) -> float:
        """The planned part is drawn at the end of the bar (in %)."""
        return round(self.width - self.planned_width, 1)


def ledger_bars(rows: list[LedgerRow]) -> tuple[list[Bar], int]:
    most = max((r.minutes for r in rows), default=0) or 1
    bars = []
    for i, r in enumerate(rows):
        y = i * ROW_HEIGHT
        value = _("%(minutes)s min") % {"minutes": r.minutes}
        if r.planned_minutes and r.planned_minutes == r.minutes:
            value = _("%(minutes)s min planned") % {"minutes": r.minutes}
        elif r.planned_minutes:
            value += " " + _("(%(n)s planned)") % {"n": r.planned_minutes}
        label = f"{r.player.number} {r.player.name}"
        room = max(12, LINE_CHARACTERS - len(value))
        if len(label) > room:
            label = label[: room - 1].rstrip() + "…"
        bars.append(
            Bar(
                y=y + 20,
                width=round(LONGEST_BAR * r.minutes / most, 1),
                label=label,
                minutes=r.minutes,
                value=value,
                text_y=y + 15,
                value_y=y + 15,
                planned_width=round(LONGEST_BAR * r.planned_minutes / most, 1),
                planned_minutes=r.planned_minutes,
            )
        )
    height = max(1, len(rows)) * ROW_HEIGHT
    return bars, height


def ledger_json(team_slug: str, rows: list[LedgerRow]) -> dict[str, object]:
    return {
        "team": team_slug,
        "players": [
            {
                "id": r.player.pk,
                "number": r.player.number,
                "name": r.player.name,
                "games": r.games,
                "minutes": r.minutes,
                "planned_minutes": r.planned_minutes,
                "starts": r.starts,
                "periods": r.periods,
                "bench_periods": r.bench_periods,
                "positions": dict(sorted(r.positions.items())),
            }
            for r in rows
        ],
    }


def positions(row: LedgerRow) -> str:
    """“CB:3 GK:1”: how many periods the player spent in each position."""
    return " ".join(f"{code}:{n}" for code, n in sorted(row.positions.items()))


def ledger_csv_rows(rows: list[LedgerRow]) -> tuple[list[str], list[list[object]]]:
    header = [_("number"), _("name"), _("games"), _("minutes"), _("starts"), _("periods")]
    header += [_("bench periods"), _("positions"), _("planned minutes")]
    counts = ("games", "minutes", "starts", "periods", "bench_periods")
    body: list[list[object]] = [
        [
            r.player.number,
            r.player.name,
            *(getattr(r, name) for name in counts),
            positions(r),
            r.planned_minutes,
        ]
        for r in rows
    ]
    return header, body
