"""The data's rules hold in the database, not only in forms."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clubs.models import PlayerPosition, Team
from tests.factories import make_club, make_player, make_team

pytestmark = pytest.mark.django_db


def test_a_shirt_number_is_unique_within_a_team():
    team = make_team()
    make_player(team, 7)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_player(team, 7)


def test_two_teams_may_use_the_same_shirt_number():
    make_player(make_team(), 7)
    make_player(make_team(), 7)


def test_only_junior_teams_have_an_age_group():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_team(team_type="senior", age_group="U10")
    team = Team(club=make_club(), name="X", slug="x", team_type="senior", age_group="U10")
    with pytest.raises(ValidationError, match="Only junior teams"):
        team.full_clean()


@pytest.mark.parametrize("slug", ["junior", "senior", "veterans"])
def test_team_type_words_cannot_be_team_slugs(slug):
    team = Team(club=make_club(), name="X", slug=slug, team_type="senior")
    with pytest.raises(ValidationError, match="reserved"):
        team.full_clean()


def test_a_position_must_belong_to_the_teams_sport():
    player = make_player(make_team(sport="basketball"), 4)
    with pytest.raises(ValidationError, match="not a Basketball position"):
        PlayerPosition(player=player, position="GK", rating=50).full_clean()
    PlayerPosition(player=player, position="PG", rating=50).full_clean()


def test_ratings_stay_between_0_and_100():
    player = make_player(make_team(), 4)
    with pytest.raises(ValidationError):
        PlayerPosition(player=player, position="ST", rating=101).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlayerPosition.objects.create(player=player, position="ST", rating=101)


def test_teams_of_a_type_are_found_by_the_queryset_method():
    junior = make_team(team_type="junior", age_group="U10")
    make_team(team_type="senior")
    assert list(Team.objects.of_type("junior")) == [junior]
