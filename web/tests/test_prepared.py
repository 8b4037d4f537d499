"""web.prepared: a read compiled once gives, for any arguments, what its queryset gives."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clubs.models import Availability, Game, Player, PlayerPosition, Team
from tests.factories import answer, make_club, make_game, make_player, make_team
from web.prepared import Prepared, instance, prefetched

pytestmark = pytest.mark.django_db


def _games(team_id, since):
    games = Game.objects.filter(team_id=team_id, kickoff__gt=since).order_by("kickoff", "pk")
    return games.values_list("pk", "opponent", "kickoff", "lineup_choice__formation")


GAMES = Prepared(
    _games, team_id=Game._meta.get_field("team"), since=Game._meta.get_field("kickoff")
)


def test_a_prepared_read_gives_what_its_queryset_gives_for_every_argument():
    club = make_club("Riverside")
    teams = [make_team(club, slug=f"t{n}") for n in range(2)]
    now = timezone.now().replace(microsecond=123456)
    for team in teams:
        for days in (-3, 1, 2):
            make_game(team, days=days, opponent=f"{team.slug}{days}")
    for team in teams:
        for since in (now - dt.timedelta(days=5), now, now + dt.timedelta(days=1)):
            expected = list(_games(team.pk, since))
            assert GAMES.rows(team_id=team.pk, since=since) == expected
            assert all(isinstance(row[2], dt.datetime) for row in expected)  # converted


def test_text_arguments_are_parameters_not_sql():
    club = make_club("Riverside")
    make_team(club, slug="hawks", name="Hawks")
    by_slug = Prepared(
        lambda slug: Team.objects.filter(slug=slug).values_list("name"),
        slug=Team._meta.get_field("slug"),
    )
    assert by_slug.rows(slug="hawks") == [("Hawks",)]
    assert by_slug.rows(slug="x' OR '1'='1") == []


def test_the_sql_is_compiled_once_per_database():
    built = []

    def build(game_id):
        built.append(game_id)
        return Availability.objects.filter(game_id=game_id).values_list("answer")

    answers = Prepared(build, game_id=Availability._meta.get_field("game"))
    team = make_team(make_club("Riverside"))
    game = make_game(team)
    answer(make_player(team, 1), game, "no")
    for _ in range(3):
        assert answers.rows(game_id=game.pk) == [("no",)]
    assert answers.rows(game_id=game.pk + 1) == []
    assert len(built) == 1


def test_an_argument_that_is_not_one_parameter_is_refused_when_first_compiled():
    twice = Prepared(
        lambda team_id: Game.objects.filter(Q(team_id=team_id) | Q(pk=team_id)).values_list("pk"),
        team_id=Game._meta.get_field("team"),
    )
    with pytest.raises(ValueError, match="appears 2 times"):
        twice.rows(team_id=1)


TEAM_FIELDS = [f.attname for f in Team._meta.concrete_fields]


def test_an_instance_is_what_from_db_builds_and_saves_as_an_update():
    team = make_team(make_club("Riverside"), slug="hawks", name="Hawks")
    row = Team.objects.filter(pk=team.pk).values_list(*TEAM_FIELDS).get()
    built, loaded = instance(Team, TEAM_FIELDS, row), Team.from_db("default", TEAM_FIELDS, row)
    assert {k: v for k, v in built.__dict__.items() if k != "_state"} == {
        k: v for k, v in loaded.__dict__.items() if k != "_state"
    }
    assert (built._state.adding, built._state.db) == (False, "default")
    assert (loaded._state.adding, loaded._state.db) == (False, "default")
    assert built == loaded and built.club.name == "Riverside"
    built.name = "Herons"
    built.save()
    assert Team.objects.count() == 1 and Team.objects.get().name == "Herons"


def test_columns_left_out_of_an_instance_stay_deferred_and_load_when_read():
    team = make_team(make_club("Riverside"), slug="hawks", name="Hawks")
    built = instance(Team, ["id", "slug"], (team.pk, "hawks"))
    assert built.get_deferred_fields() >= {"name"}
    assert built.name == "Hawks"


def test_a_model_with_init_receivers_is_built_by_from_db_so_they_run():
    team = make_team(make_club("Riverside"))
    row = Team.objects.filter(pk=team.pk).values_list(*TEAM_FIELDS).get()
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance)

    post_init.connect(receiver, sender=Team)
    try:
        built = instance(Team, TEAM_FIELDS, row)
    finally:
        post_init.disconnect(receiver, sender=Team)
    assert heard == [built]


def test_prefetched_rows_come_back_without_a_query_and_writes_stay_with_their_owner():
    team = make_team(make_club("Riverside"))
    mine = make_player(team, 1, ratings={"GK": 7, "DF": 5})
    other = make_player(team, 2, ratings={"GK": 6})
    player = Player.objects.get(pk=mine.pk)
    rows = list(PlayerPosition.objects.filter(player=mine))
    prefetched(player, "positions", rows)
    with CaptureQueriesContext(connection) as queries:
        assert list(player.positions.all()) == rows
        assert player.positions.count() == 2
    assert len(queries) == 0
    assert list(player.positions.filter(position="GK").values_list("rating", flat=True)) == [7]
    player.positions.all().delete()
    assert list(PlayerPosition.objects.values_list("player_id", flat=True)) == [other.pk]
