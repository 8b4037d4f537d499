"""The planner's data in words: every diagnosis code, the keeper and change sentences."""

from __future__ import annotations

import pytest

from fairplay.wording import diagnosis_sentence, keeper_sentence, substitutions_sentence
from lineup.formations import formation_for
from lineup.model import Slot
from lineup.rotation import Diagnosis, RotationPlayer, RotationProblem, Rules, plan_rotation


def test_the_issues_example_is_worded_with_the_periods_and_no_other_rules():
    squad = tuple(RotationPlayer(f"p{n}", f"P{n}", n, {"GK": 50, "CB": 50}) for n in range(1, 10))
    problem = RotationProblem(
        players=squad,
        slots=formation_for("football", 7).slots,
        period_minutes=(5,) * 6,
        rules=Rules(min_share=0.67),
    )
    diagnosis = plan_rotation(problem).diagnosis
    assert diagnosis_sentence(diagnosis) == (
        "With periods of 5 minutes, 67 % of 30 minutes (21) means 25 minutes each: 9 players "
        "× 25 = 225 player-minutes, more than the 210 the game has (7 places × 30 minutes)."
    )
    assert "alongside" not in diagnosis_sentence(diagnosis)


@pytest.mark.parametrize(
    ("rule", "code", "facts", "players", "others", "sentence"),
    [
        (
            "min_share",
            "capacity",
            {
                "count": 16,
                "share": 50,
                "total": 40,
                "need": 20,
                "raw": 320,
                "capacity": 280,
                "places": 7,
                "granular": 20,
                "demand": 320,
                "period": 10,
            },
            (),
            (),
            "16 players × 20 minutes (50 % of 40) need 320 player-minutes, more than the 280 "
            "the game has (7 places × 40 minutes).",
        ),
        (
            "min_share",
            "generic",
            {"share": 50},
            (),
            ("bench", "keeper_eligible"),
            "No plan gives everyone 50 % of the time they are there, alongside the other rules "
            "(periods on the bench in a row, only rated or allowed keepers in goal).",
        ),
        (
            "min_share",
            "generic",
            {"share": 50},
            (),
            (),
            "No plan gives everyone 50 % of the time they are there.",
        ),
        (
            "min_share",
            "player",
            {"need": 30, "most": 20},
            ("p3",),
            (),
            "No. 3 needs 30 minutes but can play at most 20.",
        ),
        (
            "keeper",
            "capacity",
            {"keeper_periods": 4, "keepers": 3, "capacity": 3, "keeper_limit": 1},
            (),
            (),
            "The goal needs a keeper in 4 periods, but the 3 players who may keep goal can "
            "cover only 3 of them (at most 1 each).",
        ),
        (
            "keeper",
            "segment",
            {"segment": 3, "keeper_limit": 2, "half_time": 1},
            (),
            (),
            "The keeper may change only at half-time, so a keeper keeps goal for 3 periods in "
            "a row, more than the limit of 2.",
        ),
        (
            "keeper_changes",
            "no_keeper_throughout",
            {"first": 1, "last": 4, "half_time": 0},
            (),
            (),
            "The keeper may not change, but nobody who may keep goal is there for all of "
            "periods 1 to 4.",
        ),
        (
            "keeper_eligible",
            "none",
            {"period": 2, "place": 1},
            (),
            (),
            "Nobody rated for goal or allowed in goal is available in period 2.",
        ),
        (
            "bench",
            "window",
            {"bench_limit": 1, "count": 12, "places": 5, "window": 2, "capacity": 10},
            (),
            (),
            "With 12 players there and 5 places, any 2 periods in a row have only 10 places, "
            "too few for everyone to play in them: someone sits more than 1 period in a row.",
        ),
        (
            "full_half",
            "capacity",
            {"count": 15, "places": 7, "most": 14},
            (),
            (),
            "15 players cannot each play a whole half: with 7 places, at most 14 can.",
        ),
        (
            "forbidden",
            "place",
            {"period": 3, "place": 1},
            (),
            (),
            "In period 3 nobody available may play goalkeeper.",
        ),
        (
            "first_period",
            "not_a_keeper",
            {"place": 1},
            ("p3",),
            (),
            "The starting lineup puts No. 3 in goal, but they are neither rated for goal nor "
            "allowed in it.",
        ),
        (
            "first_period",
            "rules",
            {},
            (),
            ("keeper_changes",),
            "The starting lineup cannot begin a plan that keeps the rules; without it, one can.",
        ),
        (
            "squad",
            "short",
            {"period": 2, "available": 4, "places": 5},
            (),
            (),
            "Period 2 has 4 players available for 5 places.",
        ),
    ],
)
def test_each_code_is_worded_as_it_is_true(rule, code, facts, players, others, sentence):
    diagnosis = Diagnosis(rule, code, _closest(), facts, players, others)
    assert diagnosis_sentence(diagnosis, {"p3": 3}) == sentence


def _closest():
    """A plan whose first place is the goal, for the place labels."""
    squad = (RotationPlayer("p1", "P1", 1, {"GK": 80}), RotationPlayer("p2", "P2", 2, {"CB": 80}))
    problem = RotationProblem(
        players=squad,
        slots=(Slot("GK", "goalkeeper", 50, 3), Slot("CB", "centre back", 50, 20)),
        period_minutes=(10,),
    )
    return plan_rotation(problem).plan


def test_the_keeper_and_substitution_sentences_say_what_the_plan_proves():
    squad = (
        RotationPlayer("p1", "P1", 15, {"GK": 80}),
        RotationPlayer("p2", "P2", 33, {"GK": 70}),
        RotationPlayer("p3", "P3", 4, {"CB": 60}),
    )
    problem = RotationProblem(
        players=squad,
        slots=(Slot("GK", "goalkeeper", 50, 3), Slot("CB", "centre back", 50, 20)),
        period_minutes=(10,) * 4,
        rules=Rules(keeper_changes="half_time", keeper_max_periods=2),
    )
    plan = plan_rotation(problem).plan
    number = {p.key: p.number for p in plan.players}
    first, then = number[plan.grid[0][0]], number[plan.grid[2][0]]
    assert keeper_sentence(plan) == (
        f"The keeper changes once, at half-time: No. {first}, then No. {then}."
    )
    assert substitutions_sentence(plan).endswith(
        "in all; no plan as fair, with as few keeper changes, has fewer."
    )
