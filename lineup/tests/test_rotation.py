"""The rotation planner: fairest spread proven by brute force, every rule held or reported."""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineup.formations import formation_for
from lineup.model import Slot
from lineup.rotation import (
    Ledger,
    RotationPlayer,
    RotationProblem,
    Rules,
    halves,
    plan_rotation,
)

KEEPERS = {"GK", "G"}


def half_time(minutes: tuple[int, ...]) -> int | None:
    """The period after the break nearest half the game (the earlier of two), by hand."""
    total, elapsed, best = sum(minutes), 0, None
    for t in range(1, len(minutes)):
        elapsed += minutes[t - 1]
        if best is None or abs(2 * elapsed - total) < best[0]:
            best = (abs(2 * elapsed - total), t)
    return None if best is None else best[1]


def keepers_at(grid, problem, t: int) -> set[str]:
    return {key for s, key in enumerate(grid[t]) if problem.slots[s].position in KEEPERS}


def player(number: int, available: frozenset[int] | None = None, **ratings: int) -> RotationPlayer:
    return RotationPlayer(
        key=f"p{number}",
        name=f"Player {number}",
        number=number,
        ratings=ratings,
        available=available,
    )


def slots(*positions: str | None) -> tuple[Slot, ...]:
    return tuple(
        Slot(position=p, label=p or "any", x=50, y=10 * i) for i, p in enumerate(positions)
    )


def broken_rules(grid: tuple[tuple[str, ...], ...], problem: RotationProblem) -> list[str]:
    """An independent check of every rule on a finished grid (all players present)."""
    rules, minutes = problem.rules, problem.period_minutes
    total = sum(minutes)
    out = []
    for p in problem.players:
        on = [p.key in row for row in grid]
        played = sum(m for m, o in zip(minutes, on, strict=True) if o)
        if rules.min_share is not None and played < rules.min_share * total - 1e-9:
            out.append("min_share")
        k = rules.max_consecutive_bench
        if k is not None:
            run = 0
            for o in on:
                run = 0 if o else run + 1
                if run > k:
                    out.append("bench")
                    break
        kept = sum(
            1
            for row in grid
            for s, key in enumerate(row)
            if key == p.key and problem.slots[s].position in KEEPERS
        )
        if rules.keeper_max_periods is not None and kept > rules.keeper_max_periods:
            out.append("keeper")
        if rules.full_half and not any(all(on[t] for t in h) for h in halves(len(minutes))):
            out.append("full_half")
        banned = rules.forbidden.get(p.key, frozenset())
        for row in grid:
            for s, key in enumerate(row):
                position = problem.slots[s].position
                if key == p.key and position in banned:
                    out.append("forbidden")
                if (
                    key == p.key
                    and position in KEEPERS
                    and rules.rated_keepers_only
                    and p.key not in rules.keepers_allowed
                    and p.ratings.get(position, 0) <= 0
                ):
                    out.append("keeper_eligible")
    allowed = {
        "any_period": set(range(1, len(minutes))),
        "half_time": {half_time(minutes)},
        "never": set(),
    }[rules.keeper_changes]
    for t in range(1, len(minutes)):
        if t not in allowed and keepers_at(grid, problem, t) != keepers_at(grid, problem, t - 1):
            out.append("keeper_changes")
    return out


def spread(grid: tuple[tuple[str, ...], ...], problem: RotationProblem) -> int:
    played = {p.key: 0 for p in problem.players}
    for row, m in zip(grid, problem.period_minutes, strict=True):
        for key in row:
            played[key] += m
    return max(played.values()) - min(played.values())


def brute_force(problem: RotationProblem) -> int | None:
    """The smallest spread over every grid that keeps every rule; None if none does."""
    keys = [p.key for p in problem.players]
    rows = list(itertools.permutations(keys, len(problem.slots)))
    best = None
    for grid in itertools.product(rows, repeat=len(problem.period_minutes)):
        if broken_rules(grid, problem):
            continue
        s = spread(grid, problem)
        best = s if best is None else min(best, s)
    return best


@st.composite
def tiny_problems(draw: st.DrawFn) -> RotationProblem:
    n_slots = draw(st.integers(1, 2))
    positions = draw(
        st.lists(st.sampled_from(["GK", "CB", None]), min_size=n_slots, max_size=n_slots)
    )
    n_players = draw(st.integers(n_slots, 4))
    players = tuple(
        player(i + 1, **draw(st.dictionaries(st.sampled_from(["GK", "CB"]), st.integers(0, 100))))
        for i in range(n_players)
    )
    periods = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    forbidden = draw(
        st.dictionaries(
            st.sampled_from([p.key for p in players]),
            st.frozensets(st.sampled_from(["GK", "CB"]), min_size=1),
            max_size=2,
        )
    )
    rules = Rules(
        min_share=draw(st.none() | st.sampled_from([0.25, 0.5, 0.75])),
        max_consecutive_bench=draw(st.none() | st.integers(0, 2)),
        keeper_max_periods=draw(st.none() | st.integers(0, 2)),
        full_half=draw(st.booleans()),
        forbidden=forbidden,
        keeper_changes=draw(st.sampled_from(["any_period", "half_time", "never"])),
        keepers_allowed=draw(st.frozensets(st.sampled_from([p.key for p in players]), max_size=1)),
        priority=draw(st.sampled_from(["fewest_changes", "strongest_first"])),
    )
    return RotationProblem(
        players=players, slots=slots(*positions), period_minutes=periods, rules=rules
    )


@settings(max_examples=150, deadline=None)
@given(problem=tiny_problems())
def test_the_spread_equals_brute_force_and_every_rule_holds_when_some_plan_can(problem):
    best = brute_force(problem)
    result = plan_rotation(problem, time_limit=10)
    if best is None:
        assert result.plan is None
        assert result.diagnosis is not None and result.diagnosis.rule
    else:
        assert result.feasible, result.diagnosis
        plan = result.plan
        assert broken_rules(plan.grid, problem) == []
        assert plan.certificate.spread == spread(plan.grid, problem) == best
        assert plan.certificate.best_spread == best
        assert plan.certificate.status == "optimal"


@settings(max_examples=60, deadline=None)
@given(problem=tiny_problems())
def test_an_infeasible_rule_set_names_a_rule_whose_relaxation_gives_the_closest_plan(problem):
    result = plan_rotation(problem, time_limit=10)
    if result.feasible:
        return
    diagnosis = result.diagnosis
    assert diagnosis is not None
    if diagnosis.rule in {"keeper", "bench", "full_half", "min_share", "forbidden"}:
        relaxed = RotationProblem(
            players=problem.players,
            slots=problem.slots,
            period_minutes=problem.period_minutes,
            rules=problem.rules.without(diagnosis.rule),
        )
        assert diagnosis.closest is not None
        assert broken_rules(diagnosis.closest.grid, relaxed) == []
        assert brute_force(relaxed) == diagnosis.closest.certificate.spread


def seven_a_side(n: int, seed: int = 1) -> tuple[RotationPlayer, ...]:
    rnd = random.Random(seed)
    codes = ["GK", "CB", "CM", "ST", "RM", "LM"]
    return tuple(
        player(i, **{c: rnd.randint(30, 90) for c in codes if rnd.random() < 0.6})
        for i in range(1, n + 1)
    )


def test_twelve_players_in_eight_blocks_of_six_play_24_or_30_minutes_and_no_plan_does_better():
    problem = RotationProblem(
        players=seven_a_side(12),
        slots=formation_for("football", 7).slots,
        period_minutes=(6,) * 8,
        rules=Rules(min_share=0.5, max_consecutive_bench=1, keeper_max_periods=2),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    # 7 places × 48 minutes = 336 player-minutes for 12 players: 28 each is not
    # a multiple of 6, so the best is 24 or 30.
    assert sorted(set(plan.minutes.values())) == [24, 30]
    cert = plan.certificate
    assert cert.status == "optimal" and (cert.low, cert.high, cert.best_spread) == (24, 30, 6)
    assert broken_rules(plan.grid, problem) == []


def test_the_same_inputs_in_any_order_give_the_same_plan():
    squad = seven_a_side(10)
    problem = RotationProblem(
        players=squad, slots=formation_for("football", 7).slots, period_minutes=(10,) * 4
    )
    shuffled = list(squad)
    random.Random(3).shuffle(shuffled)
    first = plan_rotation(problem).plan
    again = plan_rotation(
        RotationProblem(
            players=tuple(shuffled), slots=problem.slots, period_minutes=problem.period_minutes
        )
    ).plan
    assert first is not None and again is not None
    assert first.grid == again.grid


def test_the_keeper_limit_shares_the_goal_between_keepers():
    squad = (player(1, GK=90), player(2, GK=80), player(3, CB=50), player(4, CB=40))
    problem = RotationProblem(
        players=squad,
        slots=slots("GK", "CB"),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_max_periods=2),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    keepers = [row[0] for row in plan.grid]
    assert max(keepers.count(k) for k in set(keepers)) == 2


def test_without_a_keeper_limit_the_best_keeper_keeps_goal_when_spread_allows():
    squad = (player(1, GK=90, CB=10), player(2, GK=20, CB=80), player(3, CB=70))
    problem = RotationProblem(players=squad, slots=slots("GK", "CB"), period_minutes=(10,) * 3)
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert set(plan.minutes.values()) == {20}
    # No. 3 has no keeper rating: only Nos. 1 and 2 keep goal, No. 1 as long as
    # the spread allows (a keeper change costs less than a weaker keeper: both
    # plans have one change, the stronger keeps longer).
    assert "p3" not in {row[0] for row in plan.grid}
    assert [row[0] for row in plan.grid].count("p1") == 2


def test_only_rated_or_allowed_players_keep_goal():
    squad = (player(1, GK=90), player(2, CB=80), player(3, CB=70), player(4, CB=60))
    problem = RotationProblem(players=squad, slots=slots("GK", "CB"), period_minutes=(10,) * 4)
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert {row[0] for row in plan.grid} == {"p1"}  # whatever the spread costs
    assert plan.certificate.spread == 40 - 10
    allowed = RotationProblem(
        players=squad,
        slots=problem.slots,
        period_minutes=problem.period_minutes,
        rules=Rules(keepers_allowed=frozenset({"p4"})),
    )
    plan = plan_rotation(allowed).plan
    assert plan is not None
    assert {row[0] for row in plan.grid} == {"p1", "p4"}
    assert plan.certificate.spread == 0


def test_a_keeper_limit_too_tight_for_the_squad_is_named_with_the_closest_plan():
    squad = tuple(player(i, GK=50) for i in range(1, 4))
    problem = RotationProblem(
        players=squad,
        slots=slots("GK", "CB"),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_max_periods=1),
    )
    result = plan_rotation(problem)
    assert result.plan is None
    assert result.diagnosis is not None
    assert result.diagnosis.rule == "keeper"
    assert result.diagnosis.code == "capacity"
    assert result.diagnosis.facts == {
        "keeper_periods": 4,
        "keepers": 3,
        "capacity": 3,
        "keeper_limit": 1,
    }
    assert result.diagnosis.closest is not None


def test_max_consecutive_bench_never_leaves_anyone_out_two_periods_running():
    problem = RotationProblem(
        players=seven_a_side(10),
        slots=formation_for("football", 7).slots,
        period_minutes=(8,) * 6,
        rules=Rules(max_consecutive_bench=1),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert "bench" not in broken_rules(plan.grid, problem)


def test_must_play_a_full_half_is_kept_by_every_player():
    problem = RotationProblem(
        players=seven_a_side(9),
        slots=formation_for("football", 7).slots,
        period_minutes=(10,) * 4,
        rules=Rules(full_half=True),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert "full_half" not in broken_rules(plan.grid, problem)


def test_a_full_half_for_everyone_is_impossible_with_too_many_players():
    problem = RotationProblem(
        players=seven_a_side(15),
        slots=formation_for("football", 7).slots,
        period_minutes=(10,) * 4,
        rules=Rules(full_half=True),
    )
    result = plan_rotation(problem)
    assert result.diagnosis is not None and result.diagnosis.rule == "full_half"


def test_min_share_is_reported_when_the_game_has_too_few_minutes_for_it():
    problem = RotationProblem(
        players=seven_a_side(16),
        slots=formation_for("football", 7).slots,
        period_minutes=(10,) * 4,
        rules=Rules(min_share=0.5),
    )
    result = plan_rotation(problem)
    assert result.diagnosis is not None and result.diagnosis.rule == "min_share"


def test_a_forbidden_position_is_never_played():
    squad = (player(1, GK=99), player(2, GK=98), player(3, CB=10))
    problem = RotationProblem(
        players=squad,
        slots=slots("GK", "CB"),
        period_minutes=(10,) * 3,
        rules=Rules(forbidden={"p1": frozenset({"GK"})}),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert all(row[0] != "p1" for row in plan.grid)


def test_too_few_players_for_the_places_is_reported_as_the_squad():
    problem = RotationProblem(
        players=seven_a_side(5), slots=formation_for("football", 7).slots, period_minutes=(10,)
    )
    result = plan_rotation(problem)
    assert result.diagnosis is not None
    assert result.diagnosis.rule == "squad"
    assert result.diagnosis.closest is None


def test_players_who_sat_more_last_games_get_the_longer_share():
    squad = tuple(
        RotationPlayer(
            key=f"p{i}",
            name=f"P{i}",
            number=i,
            ratings={"CB": 50},
            ledger=Ledger(games=3, periods=3, bench_periods=9 if i == 4 else 0),
        )
        for i in range(1, 5)
    )
    problem = RotationProblem(players=squad, slots=slots("CB"), period_minutes=(10,) * 3)
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert plan.minutes["p4"] == 10
    assert sorted(plan.minutes.values()) == [0, 10, 10, 10]


def test_substitutions_are_as_few_as_the_fairest_plan_allows():
    squad = tuple(player(i, CB=50) for i in range(1, 5))
    problem = RotationProblem(players=squad, slots=slots("CB", "CB"), period_minutes=(10,) * 4)
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert set(plan.minutes.values()) == {20}
    # Two pairs, each playing two periods in a row: one break with two changes.
    assert plan.substitutions == 2


def test_replanning_keeps_the_played_periods_and_covers_an_injury():
    problem = RotationProblem(
        players=seven_a_side(10),
        slots=formation_for("football", 7).slots,
        period_minutes=(10,) * 4,
        rules=Rules(max_consecutive_bench=1),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    injured = plan.grid[1][3]
    squad = tuple(
        RotationPlayer(
            key=p.key,
            name=p.name,
            number=p.number,
            ratings=p.ratings,
            available=frozenset({0, 1}) if p.key == injured else None,
        )
        for p in problem.players
    )
    again = plan_rotation(
        RotationProblem(
            players=squad,
            slots=problem.slots,
            period_minutes=problem.period_minutes,
            rules=problem.rules,
            locked=plan.grid[:2],
        )
    ).plan
    assert again is not None
    assert again.grid[:2] == plan.grid[:2]
    assert all(injured not in row for row in again.grid[2:])
    assert again.minutes[injured] == 10 * sum(injured in row for row in plan.grid[:2])


def test_a_late_arrival_joins_and_plays_everything_left_when_short_of_the_band():
    squad = (*(player(i, CB=50) for i in range(1, 4)), player(4, frozenset({3}), CB=50))
    problem = RotationProblem(players=squad, slots=slots("CB", "CB"), period_minutes=(10,) * 4)
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert plan.minutes["p4"] == 10
    assert all("p4" not in row for row in plan.grid[:3])
    others = [m for k, m in plan.minutes.items() if k != "p4"]
    assert max(others) - min(others) == plan.certificate.spread == 10


@pytest.mark.parametrize(
    "change",
    [
        {"period_minutes": ()},
        {"slots": ()},
        {"locked": (("p1",),)},
        {"players": (player(1), player(1))},
    ],
)
def test_bad_input_is_refused_with_a_clear_message(change):
    base = {
        "players": (player(1), player(2)),
        "slots": slots("CB"),
        "period_minutes": (10, 10),
    }
    base.update(change)
    if change.get("locked"):
        base["locked"] = (("p9",),)
    with pytest.raises(ValueError):
        plan_rotation(RotationProblem(**base))


def test_the_compliance_report_passes_a_planned_game_and_fails_a_hand_made_one():
    from lineup.rotation import Plan, compliance

    problem = RotationProblem(
        players=seven_a_side(10),
        slots=formation_for("football", 7).slots,
        period_minutes=(10,) * 4,
        rules=Rules(min_share=0.5, max_consecutive_bench=1, keeper_max_periods=2),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert all(row.passed for row in compliance(plan, problem.rules))
    # The starters play every period: the bench fails its rules, the keeper too.
    starters = plan.grid[0]
    frozen = Plan(
        players=plan.players,
        slots=plan.slots,
        period_minutes=plan.period_minutes,
        grid=(starters,) * 4,
        certificate=plan.certificate,
    )
    report = {row.key: row for row in compliance(frozen, problem.rules)}
    benched = next(p.key for p in problem.players if p.key not in starters)
    failed = {c.rule for c in report[benched].checks if not c.passed}
    assert failed == {"min_share", "bench"}
    keeper = starters[0]
    assert next(c for c in report[keeper].checks if c.rule == "keeper").value == 4


def brute_force_with_availability(problem: RotationProblem) -> int | None:
    """Smallest spread over rule-keeping grids where players only play while there.

    A player whose availability keeps them below the full game may sit outside
    the band if they play every period they are there for; everyone stays at
    or below the band's top. The minimum share is of the minutes they are there.
    """
    n = len(problem.period_minutes)
    total = sum(problem.period_minutes)
    reach = {
        p.key: sum(m for t, m in enumerate(problem.period_minutes) if p.is_available(t))
        for p in problem.players
    }
    options = []
    for t in range(n):
        here = [p.key for p in problem.players if p.is_available(t)]
        options.append(list(itertools.permutations(here, len(problem.slots))))
    best = None
    for grid in itertools.product(*options):
        if any(
            r for r in broken_rules(grid, problem) if r not in {"min_share", "bench", "full_half"}
        ):
            continue
        played = {p.key: 0 for p in problem.players}
        for row, m in zip(grid, problem.period_minutes, strict=True):
            for key in row:
                played[key] += m
        share = problem.rules.min_share
        # The minimum share is of the minutes a player is there for.
        if share is not None and any(played[k] < share * reach[k] - 1e-9 for k in played):
            continue
        top = max(played.values())
        inside = [m for k, m in played.items() if not (reach[k] < total and m == reach[k])]
        s = top - min(inside) if inside else 0
        best = s if best is None else min(best, s)
    return best


@st.composite
def problems_with_absences(draw: st.DrawFn) -> RotationProblem:
    n_slots = draw(st.integers(1, 2))
    n_periods = draw(st.integers(1, 3))
    n_players = draw(st.integers(n_slots, 4))
    periods = tuple(draw(st.lists(st.integers(1, 4), min_size=n_periods, max_size=n_periods)))
    players = []
    for i in range(n_players):
        # The first n_slots are there throughout, so every period can be filled.
        here = None
        if i >= n_slots:
            here = draw(st.none() | st.frozensets(st.integers(0, n_periods - 1)))
        players.append(player(i + 1, here, CB=draw(st.integers(0, 100))))
    rules = Rules(
        min_share=draw(st.none() | st.sampled_from([0.25, 0.5])),
        keeper_max_periods=draw(st.none() | st.integers(1, 2)),
    )
    return RotationProblem(
        players=tuple(players),
        slots=slots(
            *draw(st.lists(st.sampled_from(["GK", "CB"]), min_size=n_slots, max_size=n_slots))
        ),
        period_minutes=periods,
        rules=rules,
    )


@settings(max_examples=120, deadline=None)
@given(problem=problems_with_absences())
def test_with_late_arrivals_and_early_leavers_the_spread_still_equals_brute_force(problem):
    best = brute_force_with_availability(problem)
    result = plan_rotation(problem, time_limit=10)
    if best is None:
        assert result.plan is None
        return
    plan = result.plan
    assert plan is not None, result.diagnosis
    for t, row in enumerate(plan.grid):
        for key in row:
            assert next(p for p in problem.players if p.key == key).is_available(t)
    assert plan.certificate.spread == best


def test_players_keep_their_side_between_places_of_the_same_position():
    squad = tuple(player(i, CB=50 + i) for i in range(1, 5))
    problem = RotationProblem(
        players=squad, slots=slots("CB", "CB", "CB"), period_minutes=(10,) * 4
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    assert all(not b.moves for b in plan.breaks)


def basketball_twelve() -> RotationProblem:
    rng = random.Random(3)
    squad = tuple(
        player(i, **{c: rng.randint(30, 95) for c in rng.sample(["PG", "SG", "SF", "PF", "C"], 3)})
        for i in range(1, 13)
    )
    return RotationProblem(
        players=squad,
        slots=formation_for("basketball", 5).slots,
        period_minutes=(5,) * 8,
        rules=Rules(min_share=0.25, max_consecutive_bench=2),
    )


@pytest.mark.parametrize("priority", ["fewest_changes", "strongest_first"])
def test_the_basketball_rotation_proves_its_fewest_substitutions(priority):
    # The case the first formulation could not settle in 3 s (its relaxation
    # let players be "half on" and change nothing); the path network proves it.
    base = basketball_twelve()
    problem = RotationProblem(
        players=base.players,
        slots=base.slots,
        period_minutes=base.period_minutes,
        rules=Rules(min_share=0.25, max_consecutive_bench=2, priority=priority),
    )
    plan = plan_rotation(problem).plan
    assert plan is not None
    cert = plan.certificate
    assert cert.status == "optimal"
    assert cert.fewest_keeper_changes and cert.fewest_substitutions and cert.fewest_moves
    # Changes first, a game this size: the positions are re-dealt for fewer moves
    # (proven fewest here), the score is not proven.
    assert cert.strongest == (priority == "strongest_first")
    assert plan.position_moves == 0
    assert broken_rules(plan.grid, problem) == []


def score(grid: tuple[tuple[str, ...], ...], problem: RotationProblem) -> int:
    """Stage 2's score for players without a season behind them: minutes × rating."""
    by_key = {p.key: p for p in problem.players}
    return sum(
        minutes * by_key[key].rating_for(problem.slots[s].position)
        for row, minutes in zip(grid, problem.period_minutes, strict=True)
        for s, key in enumerate(row)
    )


def changes(grid: tuple[tuple[str, ...], ...]) -> int:
    return sum(len(set(after) - set(before)) for before, after in itertools.pairwise(grid))


def keeper_changes(grid, problem) -> int:
    """New keepers at the breaks (a player in goal who was not in goal before)."""
    return sum(
        len(keepers_at(grid, problem, t) - keepers_at(grid, problem, t - 1))
        for t in range(1, len(grid))
    )


def moves(grid, problem) -> int:
    """Players on the field on both sides of a break who change position."""
    kind = [(slot.position, slot.label) for slot in problem.slots]
    return sum(
        1
        for before, after in itertools.pairwise(grid)
        for s, key in enumerate(after)
        if key in before and kind[before.index(key)] != kind[s]
    )


def rank(grid, problem) -> tuple[int, ...]:
    """The planner's objective, lexicographic, in the team's priority order."""
    spread_, strength = spread(grid, problem), -score(grid, problem)
    counts = (keeper_changes(grid, problem), changes(grid), moves(grid, problem))
    if problem.rules.priority == "strongest_first":
        return (spread_, strength, *counts)
    return (spread_, *counts, strength)


@settings(max_examples=200, deadline=None)
@given(problem=tiny_problems())
def test_the_plan_is_the_lexicographic_best_in_the_teams_priority_order(problem):
    # (spread, keeper changes, substitutions, moves, strength) — or strength
    # straight after the spread for "strongest lineups first" — over every grid.
    keys = [p.key for p in problem.players]
    rows = list(itertools.permutations(keys, len(problem.slots)))
    best = None
    for grid in itertools.product(rows, repeat=len(problem.period_minutes)):
        if not broken_rules(grid, problem):
            here = rank(grid, problem)
            best = here if best is None else min(best, here)
    plan = plan_rotation(problem, time_limit=10).plan
    if best is None:
        assert plan is None
        return
    assert plan is not None
    cert = plan.certificate
    assert cert.fewest_substitutions and cert.strongest
    assert cert.fewest_keeper_changes and cert.fewest_moves
    assert rank(plan.grid, problem) == best
    assert len(plan.keeper_changes) == keeper_changes(plan.grid, problem)
    assert plan.position_moves == moves(plan.grid, problem)
    assert plan.substitutions == changes(plan.grid)


@pytest.mark.parametrize("priority", ["strongest_first", "fewest_changes"])
def test_a_game_too_large_for_the_path_program_keeps_the_fairest_strongest_plan(
    monkeypatch, priority
):
    from lineup import rotation_flow

    problem = basketball_twelve()
    problem = RotationProblem(
        players=problem.players,
        slots=problem.slots,
        period_minutes=problem.period_minutes,
        rules=Rules(min_share=0.25, max_consecutive_bench=2, priority=priority),
    )
    strongest = RotationProblem(
        players=problem.players,
        slots=problem.slots,
        period_minutes=problem.period_minutes,
        rules=Rules(min_share=0.25, max_consecutive_bench=2, priority="strongest_first"),
    )
    full = plan_rotation(strongest).plan
    monkeypatch.setattr(rotation_flow, "MAX_PATH_ARCS", 0)
    monkeypatch.setattr(rotation_flow, "WINDOW", 4)
    windowed = [plan_rotation(problem).plan for _ in range(2)]
    # The strongest plan alone, without the windows:
    monkeypatch.setattr(rotation_flow, "_better_in_windows", lambda model, band, score, plan: plan)
    alone = plan_rotation(problem).plan
    assert full is not None and full.certificate.fewest_substitutions
    for plan in [*windowed, alone]:
        assert plan is not None
        # Large games: strength first whatever the priority, changes not proven.
        assert not plan.certificate.fewest_substitutions and plan.certificate.strongest
        assert plan.certificate.priority == priority
        assert plan.certificate.spread == full.certificate.spread
        assert score(plan.grid, problem) == score(full.grid, problem)
        assert broken_rules(plan.grid, problem) == []
    assert windowed[0].grid == windowed[1].grid  # the same plan every time
    assert full.substitutions <= windowed[0].substitutions < alone.substitutions


@settings(max_examples=120, deadline=None)
@given(problem=tiny_problems())
def test_re_dealt_positions_keep_the_proven_stages_and_claim_only_what_holds(problem):
    # Force the path of larger games (positions re-dealt instead of a moves program):
    # keeper changes and substitutions stay proven fewest, and "fewest moves" is
    # claimed only when no grid with those changes moves fewer players.
    from lineup import rotation_program

    problem = dataclasses.replace(
        problem, rules=dataclasses.replace(problem.rules, priority="fewest_changes")
    )
    saved = rotation_program.EXACT_MOVES
    rotation_program.EXACT_MOVES = -1
    try:
        plan = plan_rotation(problem, time_limit=10).plan
    finally:
        rotation_program.EXACT_MOVES = saved
    keys = [p.key for p in problem.players]
    rows = list(itertools.permutations(keys, len(problem.slots)))
    grids = [
        g
        for g in itertools.product(rows, repeat=len(problem.period_minutes))
        if not broken_rules(g, problem)
    ]
    if not grids:
        assert plan is None
        return
    assert plan is not None and broken_rules(plan.grid, problem) == []
    best = min(rank(g, problem)[:4] for g in grids)  # spread, keeper changes, subs, moves
    mine = rank(plan.grid, problem)
    assert mine[:3] == best[:3]
    assert plan.certificate.fewest_substitutions and plan.certificate.fewest_keeper_changes
    if plan.certificate.fewest_moves:
        assert mine[3] == best[3]
