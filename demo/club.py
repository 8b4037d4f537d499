"""The demo club: realistic teams, squads and a season, so the first page is alive.

Seeded, so every run builds the same club; game dates are relative to "now" so
the demo always has a next game.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from clubs.models import (
    Answer,
    Availability,
    Club,
    Coach,
    CoachRole,
    Game,
    HomeAway,
    Player,
    PlayerContact,
    PlayerPosition,
    Team,
)
from lineup.formations import formation_for

FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Riley",
    "Casey",
    "Morgan",
    "Jamie",
    "Taylor",
    "Charlie",
    "Robin",
    "Noah",
    "Ava",
    "Leo",
    "Mia",
    "Omar",
    "Zoe",
    "Ravi",
    "Lena",
    "Kofi",
    "Ines",
    "Tomás",
    "Freya",
    "Yusuf",
    "Hana",
    "Mateo",
    "Isla",
    "Felix",
    "Amara",
    "Luca",
    "Nia",
    "Ewan",
    "Priya",
    "Oscar",
    "Ruby",
    "Idris",
    "Maya",
    "Theo",
    "Lila",
    "Arjun",
    "Elsa",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Patel",
    "Okafor",
    "García",
    "Nowak",
    "Murphy",
    "Chen",
    "Silva",
    "Kowalski",
    "Ahmed",
    "Brown",
    "Rossi",
    "Novak",
    "Evans",
    "Hughes",
    "Khan",
    "Müller",
    "Dubois",
    "Larsen",
    "O'Brien",
    "Mensah",
    "Tanaka",
    "Costa",
    "Walsh",
    "Ferreira",
    "Ibrahim",
    "Clarke",
    "Moreau",
    "Lindqvist",
]
OPPONENTS = (
    "Hillside Rovers",
    "Northgate Athletic",
    "St Mary's",
    "Lakeside United",
    "Westbrook Town",
    "Oakfield Rangers",
    "Meadow Park",
    "Kingsway Juniors",
    "Harbour City",
    "Eastfield Wanderers",
    "Valley Stars",
    "Old Mill",
)
VENUES = ("Riverside Park, pitch 2", "Riverside Sports Hall", "Memorial Ground", "Community Arena")


@dataclass(frozen=True)
class DemoTeam:
    name: str
    slug: str
    team_type: str
    sport: str
    size: int
    squad: int
    age_group: str = ""
    visibility: str = ""  # blank: the default for the team type (junior teams club-only)


DEMO_TEAMS = (
    # The U09s' club chose to publish their lineups; the other junior teams stay club-only.
    DemoTeam(
        "Riverside U09 Kestrels", "riverside-u09", "junior", "football", 7, 14, "U09", "public"
    ),
    DemoTeam("Riverside U10 Futsal", "riverside-u10-futsal", "junior", "futsal", 5, 14, "U10"),
    DemoTeam("Riverside U11 Falcons", "riverside-u11", "junior", "football", 9, 16, "U11"),
    DemoTeam("Riverside First XI", "riverside-first-xi", "senior", "football", 11, 22),
    DemoTeam("Riverside Ravens", "riverside-ravens", "senior", "basketball", 5, 14),
    DemoTeam("Riverside Spikers", "riverside-spikers", "senior", "volleyball", 6, 14),
    DemoTeam("Riverside Icecats", "riverside-icecats", "senior", "ice_hockey", 6, 20),
    DemoTeam("Riverside Ultimate", "riverside-ultimate", "senior", "generic", 7, 16),
    DemoTeam("Riverside Veterans", "riverside-veterans", "veterans", "football", 11, 18),
)


def demo_exists() -> bool:
    return Club.objects.filter(slug="riverside").exists()


@transaction.atomic
def demo_club_create(*, seed: int = 2026, now: dt.datetime | None = None) -> Club:
    """Create the Riverside demo club with its teams, squads, fixtures and answers."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not secrets
    now = now or timezone.now()
    club = Club.objects.create(name="Riverside Sports Club", slug="riverside")
    user_model = get_user_model()
    for spec in DEMO_TEAMS:
        team = Team(
            club=club,
            name=spec.name,
            slug=spec.slug,
            team_type=spec.team_type,
            sport=spec.sport,
            team_size=spec.size,
            age_group=spec.age_group,
            visibility=spec.visibility,
        )
        team.full_clean()
        team.save()
        coach = user_model(username=f"coach-{spec.slug}", display_name=_name(rng))
        coach.set_unusable_password()  # demo coaches cannot log in: no default accounts
        coach.save()
        Coach.objects.create(user=coach, team=team, role=CoachRole.HEAD)
        players = _squad_create(team, spec, rng, now)
        _season_create(team, players, rng, now)
    return club


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _squad_create(team: Team, spec: DemoTeam, rng: random.Random, now: dt.datetime) -> list[Player]:
    formation = formation_for(spec.sport, spec.size)
    slot_positions = [s.position for s in formation.slots if s.position] or ["ANY"]
    numbers = rng.sample(range(1, 40), spec.squad)
    players, positions = [], []
    for index, number in enumerate(sorted(numbers)):
        age = int(spec.age_group[1:]) - 1 if spec.age_group else None
        player = Player(
            team=team,
            name=_name(rng),
            number=number,
            birth_year=now.year - age if age else None,
            fit=rng.random() > 0.08,
            # Senior players get a (non-deliverable) address so "E-mail the answer
            # links" has someone to write to; a junior's mail goes to a parent (below).
            email="" if spec.age_group else f"no{number}.{spec.slug}@example.org",
        )
        players.append(player)
        # Everyone has a main position (the squad covers the formation) and maybe one or two more.
        main = slot_positions[index % len(slot_positions)]
        chosen = {main: rng.randint(62, 92)}
        for extra in rng.sample(slot_positions, k=min(len(slot_positions), rng.randint(0, 2))):
            chosen.setdefault(extra, rng.randint(40, 75))
        positions.append(chosen)
    Player.objects.bulk_create(players)
    PlayerPosition.objects.bulk_create(
        PlayerPosition(player=p, position=code, rating=rating)
        for p, chosen in zip(players, positions, strict=True)
        for code, rating in chosen.items()
    )
    if spec.age_group:
        # One parent per junior, as a coach would enter them (docs/reaching.md).
        PlayerContact.objects.bulk_create(
            PlayerContact(
                player=p,
                name=f"{p.name.split()[-1]} family",
                email=f"parent.no{p.number}.{spec.slug}@example.org",
            )
            for p in players
        )
    return players


def _season_create(team: Team, players: list[Player], rng: random.Random, now: dt.datetime) -> None:
    """Six games played and six to come, weekly, with most players' answers."""
    days_to_saturday = (5 - now.weekday()) % 7 or 7
    first = (now + dt.timedelta(days=days_to_saturday)).replace(
        hour=10 if team.team_type == "junior" else 15, minute=0, second=0, microsecond=0
    )
    opponents = rng.sample(OPPONENTS, 12)
    answers = []
    for week in range(-6, 6):
        kickoff = first + dt.timedelta(weeks=week)
        game = Game.objects.create(
            team=team,
            opponent=opponents[week + 6],
            kickoff=kickoff,
            meet_at=kickoff - dt.timedelta(minutes=45),
            home_away=HomeAway.HOME if week % 2 == 0 else HomeAway.AWAY,
            venue=rng.choice(VENUES) if week % 2 == 0 else f"{opponents[week + 6]} ground",
        )
        answered = 1.0 if week < 0 else (0.85 if week < 2 else 0.3)
        for player in players:
            if rng.random() < answered:
                roll = rng.random()
                answer = Answer.YES if roll < 0.72 else Answer.MAYBE if roll < 0.84 else Answer.NO
                answers.append(Availability(player=player, game=game, answer=answer))
    Availability.objects.bulk_create(answers)
