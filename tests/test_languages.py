"""Five languages: chosen by Accept-Language or the footer's switch (kept in the language
cookie), announced in Content-Language and <html lang>, varied on in caches and ETags;
dates in the language's own format, on the clock of the team's club."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zoneinfo

import pytest
from django.conf import settings
from django.test import Client

from clubs.models import Club, Game
from conftest import require
from tests.factories import five_a_side, make_club, make_team, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _translations_compiled() -> None:
    """These tests read German, French…: the compiled catalogues need GNU gettext."""
    require(shutil.which("msgfmt") is not None, "msgfmt (GNU gettext) is not installed")


def text(response) -> str:
    """The page as a person reads it: tags gone, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def hawks(db):
    team = make_team(make_club("Riverside"), name="Hawks", slug="hawks", team_size=5)
    five_a_side(team)
    return team


def test_without_a_preference_the_site_speaks_english(client):
    response = client.get("/best/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "Best lineup" in text(response)


@pytest.mark.parametrize(
    ("header", "code", "words"),
    [
        ("de-DE,de;q=0.9,en;q=0.5", "de", "Beste Aufstellung"),
        ("fr-FR,fr;q=0.9", "fr", "Meilleure composition"),
        ("es-ES,es;q=0.9", "es", "Mejor alineación"),
        ("nl-BE,nl;q=0.9", "nl", "Beste opstelling"),
    ],
)
def test_accept_language_chooses_the_language(client, header, code, words):
    response = client.get("/best/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response["Content-Language"] == code
    assert f'<html lang="{code}">' in response.content.decode()
    assert words in text(response)
    assert "Accept-Language" in response["Vary"]


def test_a_language_the_site_lacks_falls_back_to_english(client):
    response = client.get("/best/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    assert response["Content-Language"] == "en"


def test_every_page_has_the_switch_with_each_language_in_its_own_words(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    form = page[page.index('class="language-switch"') :]
    form = form[: form.index("</form>")]
    assert 'action="/i18n/setlang/"' in page
    for code, name in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}"' in form and name in form
    assert 'value="de" lang="de" aria-current="true"' in form
    assert "Sprache" in form  # the legend, in the page's language


def test_the_switch_takes_only_a_post(client):
    response = client.get("/i18n/setlang/?language=de")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switch_does_not_send_anyone_off_the_site(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "https://evil.example/"})
    assert response.status_code == 303 and response["Location"] == "/"


def test_the_switch_sets_the_cookie_and_the_next_page_is_in_that_language(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/best/"})
    assert response.status_code == 303 and response["Location"] == "/best/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr" and cookie["samesite"] == "Lax"
    # The choice beats the browser's header from then on.
    page = client.get("/best/", HTTP_ACCEPT_LANGUAGE="de")
    assert page["Content-Language"] == "fr"
    assert '<html lang="fr">' in page.content.decode()
    assert "Meilleure composition" in text(page)


def test_the_switch_works_with_the_csrf_check_on_and_no_token():
    """No CSRF token on every page (it would keep pages out of the cache): the browser's
    fetch metadata says the post came from this site."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/best/")
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "csrftoken" not in page.cookies
    response = browser.post(
        "/i18n/setlang/",
        {"language": "nl", "next": "/best/"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303
    assert "Beste opstelling" in text(browser.get("/best/"))


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
    ],
)
def test_another_site_cannot_switch_the_readers_language(headers):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/i18n/setlang/", {"language": "nl", "next": "/best/"}, headers=headers)
    assert response.status_code == 403
    assert "Beste opstelling" not in text(browser.get("/best/"))


def test_the_lineup_and_its_reasons_are_in_german(client, hawks):
    response = client.get("/best/hawks/5/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    page = text(response)
    assert "Beste 5 für Hawks" in page
    assert "Nr. 9" in page and "Bewertung" in page  # a reason, worded in German
    assert "rated" not in page and "Next best" not in page


def test_the_etag_differs_by_language_and_varies_on_it(client, hawks):
    english = client.get("/best/hawks/5/", HTTP_ACCEPT_LANGUAGE="en")
    german = client.get("/best/hawks/5/", HTTP_ACCEPT_LANGUAGE="de")
    assert english["ETag"] != german["ETag"]
    assert "Accept-Language" in german["Vary"]
    # A German reader's copy is not current for an English reader, and vice versa.
    again = client.get(
        "/best/hawks/5/", HTTP_ACCEPT_LANGUAGE="de", HTTP_IF_NONE_MATCH=english["ETag"]
    )
    assert again.status_code == 200
    same = client.get(
        "/best/hawks/5/", HTTP_ACCEPT_LANGUAGE="de", HTTP_IF_NONE_MATCH=german["ETag"]
    )
    assert same.status_code == 304


def kickoff_at(team, when: dt.datetime) -> Game:
    return Game.objects.create(team=team, opponent="Lakeside", kickoff=when)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Sun 6 Dec 2026, 14:30"),
        ("de", "So, 6. Dez 2026, 14:30"),
        ("fr", "dim 6 déc 2026, 14:30"),
        ("es", "dom 6 dic 2026, 14:30"),
        ("nl", "zo 6 dec 2026, 14:30"),
    ],
)
def test_dates_are_written_as_the_language_writes_them(client, hawks, language, shown):
    kickoff_at(hawks, dt.datetime(2026, 12, 6, 14, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London")))
    response = client.get("/teams/hawks/fixtures/", HTTP_ACCEPT_LANGUAGE=language)
    assert shown in text(response)


def test_kick_off_times_show_on_the_clock_of_the_club(client, hawks):
    Club.objects.filter(pk=hawks.club.pk).update(time_zone="America/New_York")
    kickoff_at(hawks, dt.datetime(2026, 12, 6, 19, 30, tzinfo=dt.UTC))
    assert "Sun 6 Dec 2026, 14:30" in text(client.get("/teams/hawks/fixtures/"))
    # The next request, of another club's team, is back on the site's clock.
    other = make_team(name="Owls", slug="owls")
    kickoff_at(other, dt.datetime(2026, 12, 6, 19, 30, tzinfo=dt.UTC))
    assert "Sun 6 Dec 2026, 19:30" in text(client.get("/teams/owls/fixtures/"))


def test_a_new_club_takes_the_site_time_zone_unless_told_otherwise(client):
    client.force_login(make_user("founder"))
    page = client.get("/clubs/new/").content.decode()
    assert '<option value="Europe/London" selected>Europe/London</option>' in page
    response = client.post(
        "/clubs/new/", {"name": "Lisbon Lions", "slug": "lisbon", "time_zone": "Europe/Lisbon"}
    )
    assert response.status_code == 303
    assert Club.objects.get(slug="lisbon").time_zone == "Europe/Lisbon"


def test_a_club_admin_changes_the_time_zone_on_the_club_settings(client):
    admin = make_user("admin")
    club = make_club("Riverside")
    club.admins.add(admin)
    client.force_login(admin)
    assert client.get(f"/clubs/{club.slug}/").content.decode().count(f"/clubs/{club.slug}/edit/")
    bad = client.post(f"/clubs/{club.slug}/edit/", {"name": "Riverside", "time_zone": "Mars/Base"})
    assert bad.status_code == 400
    assert 'value="Riverside"' in bad.content.decode()
    response = client.post(
        f"/clubs/{club.slug}/edit/", {"name": "Riverside", "time_zone": "America/New_York"}
    )
    assert response.status_code == 303
    club.refresh_from_db()
    assert club.time_zone == "America/New_York"
    assert "Riverside is saved." in text(client.get(response["Location"]))


def test_only_the_club_admins_open_the_club_settings(client):
    club = make_club("Riverside")
    client.force_login(make_user("coach"))
    assert client.get(f"/clubs/{club.slug}/edit/").status_code == 403


def test_the_calendar_feed_names_the_club_time_zone_and_keeps_utc_times(client, hawks):
    from clubs.models import CalendarFeed

    Club.objects.filter(pk=hawks.club.pk).update(time_zone="America/New_York")
    kickoff_at(hawks, dt.datetime(2026, 12, 6, 19, 30, tzinfo=dt.UTC))
    feed = CalendarFeed.objects.create(team=hawks)
    body = client.get(f"/calendar/{feed.token}.ics").content.decode()
    assert "X-WR-TIMEZONE:America/New_York" in body
    assert "DTSTART:20261206T193000Z" in body


def test_the_answer_link_mail_speaks_the_coach_language_on_the_club_clock(hawks):
    from clubs import tasks
    from clubs.models import Player
    from outbox.models import Message

    Club.objects.filter(pk=hawks.club.pk).update(time_zone="Europe/Berlin")
    game = kickoff_at(hawks, dt.datetime(2030, 12, 6, 13, 30, tzinfo=dt.UTC))
    Player.objects.filter(team=hawks, number=1).update(email="gina@example.org")
    assert tasks.send_answer_links.call(game.pk, "http://testserver/", "de") == 1
    mail = Message.objects.get()
    assert mail.subject == "Kannst du für Hawks gegen Lakeside spielen?"
    assert "Hawks spielt am Freitag, 6. Dezember 2030, 14:30 gegen Lakeside." in mail.body
    assert '<html lang="de">' in mail.html
