"""The solver's structured reasons, worded: the page, JSON and CSV, with and without ratings."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils import translation

from clubs.lineups import team_lineup
from clubs.reasons import constraint_message, reason_code, reason_sentence
from lineup.model import Formation, Player, Slot
from lineup.solver import LineupConstraintError, ReasonCode, best_lineup
from tests.factories import answer, make_game, make_player, make_team


def player(number: int, **ratings: int) -> Player:
    return Player(key=f"p{number}", name=f"P{number}", number=number, ratings=ratings)


def formation(*positions: str) -> Formation:
    labels = {"GK": "goalkeeper", "CB": "centre back", "LB": "left back", "ST": "striker"}
    return Formation(
        "t", "football", "t", tuple(Slot(p, labels[p], 50, 10 * i) for i, p in enumerate(positions))
    )


def sentences(squad, shape, **constraints) -> list[str]:
    lineup = best_lineup(squad, shape, **constraints)
    return [reason_sentence(pick) for pick in lineup.picks]


def test_a_centre_back_beside_a_stronger_centre_back_is_not_needed_elsewhere():
    # Issue 14's false sentence, with the other centre back in the other CB slot.
    squad = [player(26, CB=85), player(28, CB=77), player(9, CB=40)]
    assert sentences(squad, formation("CB", "CB")) == [
        "No. 26: best centre back available, rated 85. Next best on the bench: No. 9, rated 40.",
        "No. 28: rated 77 at centre back, alongside No. 26 (rated 85), who also plays centre "
        "back. Next best on the bench: No. 9, rated 40.",
    ]


def test_a_stronger_player_at_another_position_is_needed_more_there():
    squad = [player(1, GK=90, CB=85), player(2, GK=80), player(3, CB=50)]
    keeper, back = sentences(squad, formation("GK", "CB"))
    assert keeper == (
        "No. 2: rated 80 at goalkeeper; No. 1 is stronger here (90) but needed more at centre back."
    )
    assert (
        back
        == "No. 1: best centre back available, rated 85. Next best on the bench: No. 3, rated 50."
    )


def test_the_coachs_choices_say_so():
    squad = [player(1, GK=90), player(2, GK=60, CB=70), player(3, CB=80)]
    keeper, back = sentences(squad, formation("GK", "CB"), locked={"p3": 0}, pinned={"p2"})
    assert keeper == (
        "No. 3: put at goalkeeper by the coach; plays out of position. "
        "Next best on the bench: No. 1, rated 90."
    )
    assert back == "No. 2: picked by the coach; rated 70 at centre back."


def test_without_ratings_a_reason_names_only_the_place():
    squad = [player(1, GK=90, CB=85), player(2, GK=80), player(3, CB=50)]
    lineup = best_lineup(squad, formation("GK", "CB", "ST"), pinned={"p3"})
    worded = [reason_sentence(pick, with_ratings=False) for pick in lineup.picks]
    assert worded == [
        "No. 2 plays goalkeeper.",
        "No. 1 plays centre back.",
        "No. 3 plays striker, chosen by the coach.",
    ]
    assert [reason_code(pick, with_ratings=False) for pick in lineup.picks] == [
        "picked",
        "picked",
        ReasonCode.CHOSEN_BY_COACH_PINNED,
    ]
    assert not any("rated" in text or "stronger" in text for text in worded)


def test_an_empty_place_says_nobody_is_left():
    lineup = best_lineup([player(1, GK=50)], formation("GK", "ST"))
    assert reason_sentence(lineup.picks[1]) == "Nobody is left to play striker."
    assert reason_sentence(lineup.picks[1], with_ratings=False) == "Nobody is left to play striker."


def test_reasons_are_worded_at_call_time_in_the_active_language():
    lineup = best_lineup([player(1, GK=50)], formation("GK"))
    with translation.override("en"):
        assert reason_sentence(lineup.picks[0]).startswith("No. 1: best goalkeeper available")


@pytest.mark.parametrize(
    ("constraints", "message"),
    [
        ({"pinned": {"p9"}}, "No. ? is not in the squad."),
        ({"locked": {"p1": 0, "p2": 0}}, "No. 1, No. 2 cannot all be put at place 1."),
        ({"locked": {"p1": 5}}, "This formation has no place 6."),
        (
            {"pinned": {"p1", "p2", "p3"}},
            "3 players are chosen to start, but there are only 2 places.",
        ),
        ({"pinned": {"p1"}, "excluded": {"p1"}}, "No. 1 cannot be both chosen and left out."),
    ],
)
def test_constraints_that_cannot_hold_are_explained_to_the_coach(constraints, message):
    squad = [player(1, GK=50), player(2, CB=50), player(3, CB=40)]
    with pytest.raises(LineupConstraintError) as caught:
        best_lineup(squad, formation("GK", "CB"), **constraints)
    assert constraint_message(caught.value, {p.key: p.number for p in squad}) == message


# --- The pages and formats -------------------------------------------------------------


@pytest.fixture
def team(db):
    # 5-a-side: GK, CB, ST, CM, CB.
    team = make_team(slug="otters", name="Otters", sport="football", team_size=5)
    make_player(team, 10, "Eve Striker", ratings={"ST": 70})
    make_player(team, 8, "Fay Middle", ratings={"CM": 60})
    make_player(team, 26, "Ann Back", ratings={"CB": 85})
    make_player(team, 28, "Bea Back", ratings={"CB": 77})
    make_player(team, 1, "Cat Keeper", ratings={"GK": 80})
    make_player(team, 9, "Dee Spare", ratings={"CB": 40})
    return team


def test_the_page_json_and_csv_show_the_same_true_sentence(client, team):
    expected = (
        "No. 28: rated 77 at centre back, alongside No. 26 (rated 85), who also plays centre back."
    )
    html = client.get("/best/otters/5/").content.decode()
    assert expected.replace("'", "&#x27;") in html
    assert "needed more elsewhere" not in html
    data = json.loads(client.get("/best/otters/5/?format=json").content)
    pick = next(p for p in data["picks"] if p["number"] == 28)
    assert pick["reason"].startswith(expected)
    assert pick["reason_code"] == "partner_stronger"
    assert pick["reason_facts"] == {
        "rating": 77,
        "other": 26,
        "other_slot": "centre back",
        "other_rating": 85,
        "runner_up": 9,
        "runner_up_rating": 40,
    }
    rows = list(
        csv.DictReader(io.StringIO(client.get("/best/otters/5/?format=csv").content.decode()))
    )
    assert next(r for r in rows if r["number"] == "28")["reason"] == pick["reason"]


def test_a_pin_overrides_a_no_and_an_exclusion_is_listed_as_the_coachs(team):
    game = make_game(team, days=2)
    dee = team.players.get(number=9)
    bea = team.players.get(number=28)
    answer(dee, game, "no")
    result = team_lineup(team, 5, pinned={str(dee.pk)}, excluded={str(bea.pk)})
    assert sorted(p.number for p in result.result.starters) == [1, 8, 9, 10, 26]
    assert (bea, "coach") in result.left_out
    assert all(p != dee for p, _why in result.left_out)
    starter = next(pick for pick, _s in result.explained if pick.player.number == 9)
    assert starter.reason.code == ReasonCode.CHOSEN_BY_COACH_PINNED


def test_an_injured_player_cannot_be_pinned(team):
    hurt = team.players.get(number=9)
    hurt.fit = False
    hurt.save()
    with pytest.raises(LineupConstraintError) as caught:
        team_lineup(team, 5, pinned={str(hurt.pk)})
    assert caught.value.code == "unfit"
