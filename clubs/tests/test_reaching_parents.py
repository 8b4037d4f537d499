"""Reaching players and parents: contacts, the share link, "Send the lineup", links to copy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from clubs import services
from clubs.models import AnswerLink, AuditEvent, Availability, GameShare, PlayerContact
from clubs.services import Contact
from clubs.sharing import share_token
from tests.factories import five_a_side, make_game, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team(
        name="Hawks U10", slug="hawks", sport="football", team_size=5, team_type="junior"
    )


@pytest.fixture
def squad(team):
    players = five_a_side(team)
    players["striker"].email = "sid@example.org"
    players["striker"].save()
    PlayerContact.objects.create(player=players["mid"], name="Ann Mid", email="ann@example.org")
    PlayerContact.objects.create(
        player=players["mid"], name="Bo Mid", email="bo@example.org", phone="0123 456"
    )
    return players


@pytest.fixture
def game(team):
    kickoff = timezone.now() + dt.timedelta(days=4)
    return make_game(
        team,
        days=4,
        opponent="Valley Stars",
        venue="Riverside Park, pitch 2",
        meet_at=kickoff - dt.timedelta(minutes=45),
    )


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def coach(client, people):
    client.force_login(people.head_coach)
    return people.head_coach


def availability(game):
    return f"/teams/hawks/games/{game.pk}/availability/"


# --- contacts -----------------------------------------------------------------------


def player_post(player, **extra):
    data = {
        "name": player.name,
        "number": str(player.number),
        "fit": "on",
        "email": player.email,
        "version": str(player.version),
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-0-position": "CM",
        "positions-0-rating": "85",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
    }
    return data | extra


def test_the_coach_adds_two_contacts_on_the_player_form(client, squad, coach):
    mid = squad["mid"]
    mid.contacts.all().delete()
    url = f"/teams/hawks/players/{mid.pk}/edit/"
    data = player_post(
        mid,
        **{
            "contacts-0-name": "Ann Mid",
            "contacts-0-email": "ann@example.org",
            "contacts-1-name": "Bo Mid",
            "contacts-1-email": "bo@example.org",
            "contacts-1-phone": "0123 456",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 303, response.content.decode()
    assert [(c.name, c.email, c.phone) for c in mid.contacts.all()] == [
        ("Ann Mid", "ann@example.org", ""),
        ("Bo Mid", "bo@example.org", "0123 456"),
    ]
    event = AuditEvent.objects.filter(action="update").latest("at")
    assert "Ann Mid <ann@example.org>" in event.changes["contacts"][1]
    html = client.get(url).content.decode()
    assert 'value="bo@example.org"' in html and 'value="0123 456"' in html


def test_a_contact_without_an_address_keeps_what_was_typed(client, squad, coach):
    mid = squad["mid"]
    data = player_post(
        mid, **{"contacts-0-name": "Cy Mid", "contacts-1-name": "Di", "contacts-1-email": "nope"}
    )
    response = client.post(f"/teams/hawks/players/{mid.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give this contact&#x27;s e-mail address." in html
    assert "Enter an e-mail address, such as ann@example.org." in html
    assert 'value="Cy Mid"' in html and 'value="nope"' in html
    assert mid.contacts.count() == 2, "nothing was saved"


def test_a_name_the_csv_cannot_carry_is_refused(client, squad, coach):
    mid = squad["mid"]
    data = player_post(mid, **{"contacts-0-name": "Ann <Mid>", "contacts-0-email": "a@b.org"})
    response = client.post(f"/teams/hawks/players/{mid.pk}/edit/", data)
    assert response.status_code == 400
    assert "A contact&#x27;s name cannot contain ; &lt; or &gt;." in response.content.decode()


def test_the_same_address_twice_is_refused(client, squad, coach):
    mid = squad["mid"]
    data = player_post(
        mid,
        **{
            "contacts-0-name": "Ann",
            "contacts-0-email": "ann@example.org",
            "contacts-1-name": "Ann again",
            "contacts-1-email": "ANN@example.org",
        },
    )
    response = client.post(f"/teams/hawks/players/{mid.pk}/edit/", data)
    assert response.status_code == 400
    assert "ANN@example.org is listed twice." in response.content.decode()


def test_add_another_contact_works_without_javascript(client, squad, coach):
    mid = squad["mid"]
    data = player_post(
        mid,
        add_contact="1",
        **{"contacts-0-name": "Ann Mid", "contacts-0-email": "ann@example.org"},
    )
    response = client.post(f"/teams/hawks/players/{mid.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="contacts-TOTAL_FORMS" value="3"' in html
    assert 'value="ann@example.org"' in html
    assert "<template data-rows-template>" in html and "contacts-__prefix__-email" in html


def test_a_form_without_contact_rows_keeps_the_contacts(client, squad, coach):
    mid = squad["mid"]
    data = {k: v for k, v in player_post(mid).items() if not k.startswith("contacts-")}
    assert client.post(f"/teams/hawks/players/{mid.pk}/edit/", data).status_code == 303
    assert mid.contacts.count() == 2


def test_availability_requests_go_to_the_player_and_every_contact(
    client, squad, game, coach, mailoutbox
):
    assert client.post(f"{availability(game)}send/").status_code == 303
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ann@example.org",
        "bo@example.org",
        "sid@example.org",
    ]
    # each address has its own link, and every one of them works
    client.logout()
    for mail in mailoutbox:
        url = re.search(r"http://testserver(/a/[\w-]+/)", mail.body).group(1)
        assert client.get(url).status_code == 200
    ann = next(m for m in mailoutbox if m.to == ["ann@example.org"])
    assert "Can Mo Mid play?" in ann.body


def test_a_reminder_reaches_the_contacts_of_those_who_have_not_answered(squad, game, mailoutbox):
    from clubs import tasks

    Availability.objects.create(player=squad["striker"], game=game, answer="yes")
    game.remind_at = timezone.now() + dt.timedelta(hours=1)
    game.save()
    sent = tasks.send_reminders.call(game.pk, "http://testserver/", game.remind_at.isoformat())
    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "bo@example.org"]
    assert mailoutbox[0].subject.startswith("Reminder:")


# --- the share link -----------------------------------------------------------------


def make_share(client, game):
    response = client.post(f"/teams/hawks/games/{game.pk}/share/", {"action": "create"})
    assert response.status_code == 303
    share = GameShare.objects.get(game=game, revoked_at__isnull=True)
    return share, f"/s/{share_token(share)}/"


def test_the_coach_makes_a_share_link_and_copies_it(client, squad, game, coach):
    share, path = make_share(client, game)
    token = path.split("/")[2]
    assert len(token) >= 43, "at least 256 bits"
    assert token not in share.token_hash and share.token_hash == services.token_hash(token)
    page = client.get(availability(game)).content.decode()
    assert f'value="http://testserver{path}"' in page
    assert 'data-copy="share-link"' in page
    assert AuditEvent.objects.filter(summary__startswith="made a share link").exists()
    assert token not in str(list(AuditEvent.objects.values_list("summary", "changes")))


def test_anyone_with_the_link_sees_the_game_and_lineup_without_ratings(client, squad, game, coach):
    _share, path = make_share(client, game)
    client.logout()
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hawks U10 v Valley Stars" in html
    assert "Riverside Park, pitch 2" in html
    kickoff = timezone.localtime(game.kickoff)
    assert f"{kickoff:%H:%M}" in html
    assert f"{timezone.localtime(game.meet_at):%H:%M}" in html
    # junior players: first name and surname initial, no ratings or health
    assert "Mo M." in html and "Gina K." in html
    assert "Mo Mid" not in html and "Gina Keeper" not in html
    assert (
        "rated" not in html and "injured" not in html and "90" not in re.sub(r"<[^>]+>", "", html)
    )
    assert "Suggested lineup" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_link_preview_names_the_game_and_no_child(client, squad, game, coach):
    _share, path = make_share(client, game)
    client.logout()
    html = client.get(path).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    og_title = re.search(r'<meta property="og:title" content="([^"]*)"', html).group(1)
    og_description = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert og_title == "Hawks U10 v Valley Stars: the lineup"
    assert title.startswith("Hawks U10 v Valley Stars: the lineup")
    assert "Kick-off" in og_description and "Riverside Park" in og_description
    assert og_description == description
    for text in (title, og_title, og_description):
        for player in squad.values():
            assert player.name.split()[0] not in text


def test_an_unknown_link_is_404_and_a_revoked_one_410(client, squad, game, coach):
    _share, path = make_share(client, game)
    assert client.get("/s/not-a-real-token-at-all-0123456789/").status_code == 404
    client.post(f"/teams/hawks/games/{game.pk}/share/", {"action": "revoke"})
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link is no longer shared" in html
    assert "switched this link off" in html
    assert "Valley Stars" not in html


def test_a_new_link_replaces_the_old_one(client, squad, game, coach):
    _old, old_path = make_share(client, game)
    _new, new_path = make_share(client, game)
    assert client.get(old_path).status_code == 410
    assert client.get(new_path).status_code == 200


def test_the_link_expires_a_day_after_the_game(client, squad, game, coach):
    _share, path = make_share(client, game)
    game.kickoff = timezone.now() - dt.timedelta(days=1, minutes=1)
    game.meet_at = None
    game.save()
    response = client.get(path)
    assert response.status_code == 410
    assert "The game is over" in response.content.decode()


def test_only_the_teams_editors_make_share_links(client_as, game, squad):
    for role in ("other_team_coach", "outsider"):
        response = client_as(role).post(
            f"/teams/hawks/games/{game.pk}/share/", {"action": "create"}
        )
        assert response.status_code in (403, 404)
    assert client_as("anonymous").post(f"/teams/hawks/games/{game.pk}/share/").status_code == 302
    assert not GameShare.objects.exists()


def test_share_links_are_rate_limited(client, settings, squad, game, coach):
    settings.TEAMCOACH_RATE_LIMITS = {**settings.TEAMCOACH_RATE_LIMITS, "links": "3/m"}
    _share, path = make_share(client, game)
    client.logout()
    codes = [client.get(path).status_code for _ in range(3)]
    codes.append(client.get("/s/guessing-another-token-0123456789/").status_code)
    assert codes == [200, 200, 200, 429]


# --- send the lineup ----------------------------------------------------------------


def test_send_the_lineup_mails_everyone_their_own_answer_link(
    client, squad, game, coach, mailoutbox
):
    response = client.post(f"/teams/hawks/games/{game.pk}/send-lineup/", follow=True)
    assert "The lineup is on its way" in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ann@example.org",
        "bo@example.org",
        "sid@example.org",
    ]
    share = GameShare.objects.get(game=game)
    assert share.sent_at is not None
    answer_paths = set()
    for mail in mailoutbox:
        assert mail.subject == "The lineup for Hawks U10 v Valley Stars"
        assert f"/s/{share_token(share)}/" in mail.body
        assert "Mo M." in mail.body and "rated" not in mail.body
        answer_paths.add(re.search(r"http://testserver(/a/[\w-]+/)", mail.body).group(1))
    assert len(answer_paths) == 3, "one answer link per recipient"
    client.logout()
    ann_link = re.search(
        r"http://testserver(/a/[\w-]+/)",
        next(m for m in mailoutbox if m.to == ["ann@example.org"]).body,
    ).group(1)
    client.post(ann_link, {"answer": "yes"})
    assert Availability.objects.get(player=squad["mid"], game=game).answer == "yes"
    page = client.get(ann_link).content.decode()
    assert "Valley Stars" in page and "Riverside Park, pitch 2" in page and "Mo M." in page


def test_sending_twice_in_a_row_asks_first(client, squad, game, coach, mailoutbox):
    client.post(f"/teams/hawks/games/{game.pk}/send-lineup/")
    assert len(mailoutbox) == 3
    response = client.post(f"/teams/hawks/games/{game.pk}/send-lineup/")
    assert response.status_code == 303 and response["Location"].endswith("?resend=1#share")
    assert len(mailoutbox) == 3, "nothing sent twice"
    page = client.get(response["Location"]).content.decode()
    assert "nothing was sent again" in page and "Send it again" in page
    client.post(f"/teams/hawks/games/{game.pk}/send-lineup/", {"confirm": "1"})
    assert len(mailoutbox) == 6


def test_the_lineup_cannot_be_sent_after_kick_off(client, squad, team, coach, mailoutbox):
    past = make_game(team, days=-0.1)
    response = client.post(f"/teams/hawks/games/{past.pk}/send-lineup/", follow=True)
    assert "can no longer be sent" in response.content.decode()
    assert not mailoutbox


# --- answer links to copy -----------------------------------------------------------


def test_the_coach_copies_each_players_answer_link(client, squad, game, coach):
    page = client.get(availability(game)).content.decode()
    assert "Show the answer links to copy" in page
    response = client.post(f"{availability(game)}copy-links/")
    assert response.status_code == 303
    page = client.get(availability(game)).content.decode()
    links = re.findall(r'id="answer-link-(\d+)" type="text" readonly value="([^"]+)"', page)
    assert len(links) == len(squad)
    assert 'data-copy="answer-link-' in page
    mid_link = dict(links)[str(squad["mid"].pk)]
    # showing them again makes nothing new, and mailing links leaves them working
    client.post(f"{availability(game)}copy-links/")
    assert AnswerLink.objects.exclude(salt="").count() == len(squad)
    client.post(f"{availability(game)}send/")
    client.logout()
    path = mid_link.removeprefix("http://testserver")
    assert "Can Mo Mid play?" in client.get(path).content.decode()
    client.post(path, {"answer": "no"})
    assert Availability.objects.get(player=squad["mid"]).answer == "no"


def test_contacts_service_refuses_a_bad_address(squad):
    with pytest.raises(services.ValidationError) as error:
        services.player_update(
            player=squad["mid"],
            data={},
            ratings=None,
            contacts=[Contact("Ann", "not an address")],
            version=None,
            by=None,
        )
    assert "contacts.0" in error.value.message_dict


def test_the_share_link_command_prints_makes_and_revokes(squad, game, client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("share_link", "hawks", stdout=out)
    path = out.getvalue().strip()
    assert client.get(path).status_code == 200
    again = StringIO()
    call_command("share_link", "hawks", stdout=again)
    assert again.getvalue().strip() == path, "the same link until replaced"
    call_command("share_link", "hawks", "--revoke", stdout=StringIO())
    assert client.get(path).status_code == 410
    event = AuditEvent.objects.filter(summary__startswith="switched off the share link").get()
    assert event.actor_name == "teamcoach share_link (command line)"


def test_the_game_form_takes_a_meeting_time_before_kick_off(client, team, game, coach):
    url = f"/teams/hawks/games/{game.pk}/edit/"
    data = {
        "opponent": "Valley Stars",
        "kickoff": "2030-05-04T10:30",
        "meet_at": "2030-05-04T11:00",
        "venue": "Riverside Park",
        "home_away": "home",
        "version": str(game.version),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Choose a meeting time before the kick-off." in response.content.decode()
    assert 'value="2030-05-04T11:00"' in response.content.decode()
    response = client.post(url, data | {"meet_at": "2030-05-04T09:45"})
    assert response.status_code == 303
    game.refresh_from_db()
    assert f"{timezone.localtime(game.meet_at):%H:%M}" == "09:45"


def test_the_coachs_saved_lineup_replaces_the_suggestion(client, squad, game, coach, monkeypatch):
    """Once the game-day work's ``clubs.lineups.saved_lineup`` gives a saved lineup, the
    share page shows it — the coach's choice, not the solver's — without "suggested"."""
    from types import SimpleNamespace

    from clubs import lineups

    order = ["sub_keeper", "back_l", "back_r", "sub_mid", "striker"]
    saved = SimpleNamespace(starters=[squad[key].pk for key in order], formation="", is_saved=True)
    monkeypatch.setattr(
        lineups, "saved_lineup", lambda g: saved if g.pk == game.pk else None, raising=False
    )
    _share, path = make_share(client, game)
    html = client.get(path).content.decode()
    assert "Suggested lineup" not in html and "The lineup" in html
    assert "Kim R." in html and "Pat S." in html
    assert "Gina K." not in html and "Mo M." not in html


def test_sending_to_a_squad_without_addresses_says_what_to_do(client, team, game, coach):
    five_a_side(team)
    response = client.post(f"/teams/hawks/games/{game.pk}/send-lineup/", follow=True)
    assert "Nobody in the squad has an e-mail address yet" in response.content.decode()
    assert not GameShare.objects.exists()


def test_a_lineup_the_coach_saved_is_what_the_link_and_the_mail_show(
    client, squad, game, coach, mailoutbox
):
    order = ["sub_keeper", "back_l", "back_r", "sub_mid", "striker"]
    services.lineup_save(
        game=game, starters=[squad[k].pk for k in order], formation="", version=None, by=coach
    )
    _share, path = make_share(client, game)
    html = client.get(path).content.decode()
    assert "Suggested lineup" not in html and "Kim R." in html and "Gina K." not in html
    client.post(f"/teams/hawks/games/{game.pk}/send-lineup/")
    assert "The lineup:" in mailoutbox[0].body and "Kim R." in mailoutbox[0].body
