"""`teamcoach backup` then `teamcoach restore`: the API answers exactly as before the changes
made in between — on SQLite here, on PostgreSQL under `make test-postgres` (pg_dump and
pg_restore)."""

from __future__ import annotations

import pytest

from clubs.models import Team
from teamcoach.cli import main
from tests.factories import answer, make_club, make_game, make_player, make_team

pytestmark = pytest.mark.django_db(transaction=True)  # another process reads the database

URLS = [
    "/api/v1/clubs/",
    "/api/v1/teams/",
    "/api/v1/teams/hawks/",
    "/api/v1/players/?team=hawks",
    "/api/v1/games/?team=hawks",
    "/api/v1/availability/?team=hawks",
    "/api/v1/lineups/hawks/5/",
]


def snapshot(client) -> dict[str, tuple[int, str, bytes]]:
    answers = {}
    for url in URLS:
        response = client.get(url)
        answers[url] = (response.status_code, response["ETag"], response.content)
    return answers


def test_a_restore_brings_back_exactly_what_the_backup_held(client, tmp_path, capsys):
    club = make_club("Hawks Club")
    team = make_team(club, slug="hawks", name="Hawks", sport="generic", team_size=5)
    players = [make_player(team, n, f"Player {n}", ratings={"ANY": 50 + n}) for n in range(1, 8)]
    answer(players[0], make_game(team), "yes")
    before = snapshot(client)
    assert all(status == 200 for status, _, _ in before.values())

    path = tmp_path / "teamcoach.backup"
    main(["backup", "--output", str(path)])
    assert path.stat().st_size > 0 and path.stat().st_mode & 0o077 == 0
    assert f"Backed up to {path}" in capsys.readouterr().out

    # Changes after the backup: a rename, a player gone, a new team.
    Team.objects.filter(pk=team.pk).update(name="Renamed")
    players[1].delete()
    make_team(club, slug="newcomers", name="Newcomers", sport="generic", team_size=5)
    assert snapshot(client) != before

    main(["restore", str(path), "--yes"])
    after = snapshot(client)
    # The same pages; the lineup (validated by stamps) under a new ETag, because the
    # restore moved every stamp on: nothing kept from before it can match.
    assert {u: (status, body) for u, (status, _, body) in after.items()} == {
        u: (status, body) for u, (status, _, body) in before.items()
    }
    lineup = "/api/v1/lineups/hawks/5/"
    assert after[lineup][1] != before[lineup][1]
    # Every team has a stamp past anything kept before, even one that never changed.
    from clubs.stamps import team_key
    from teamcoach.backup import STAMP_JUMP
    from web.models import Stamp

    counts = Stamp.objects.filter(key__in=[team_key(t.pk) for t in Team.all_objects.all()])
    assert counts.count() == Team.all_objects.count()
    assert all(s.count >= STAMP_JUMP for s in counts)
    assert not Team.objects.filter(slug="newcomers").exists()


def test_restore_asks_first(monkeypatch, tmp_path):
    path = tmp_path / "teamcoach.backup"
    main(["backup", "--output", str(path)])
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(SystemExit, match="Nothing restored"):
        main(["restore", str(path)])
