"""The printable lineup card: a print page and a PDF made in Python, one sheet each."""

import re

import pytest

from tests.factories import answer, make_game, make_player, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def team():
    team = make_team(slug="hawks", name="Hawks", sport="football", team_size=11)
    positions = ["GK", "LB", "CB", "CB", "RB", "LM", "CM", "CM", "RM", "ST", "ST"]
    for number in range(1, 61):  # the largest squad the site allows
        make_player(team, number, f"Player{number} Longsurname{number}",
                    ratings={positions[number % 11]: 50 + number % 40})  # fmt: skip
    game = make_game(team, opponent="Hillside <Rovers> & Co", venue="Park")
    answer(team.players.get(number=5), game, "no")
    return team


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


@pytest.mark.parametrize("path", ["/best/hawks/11/?format=pdf", "/best/hawks/11/card/?format=pdf"])
def test_the_pdf_is_one_a4_page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="hawks-best-11.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert page_count(response.content) == 1
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content


def test_letter_paper_on_request(client):
    pdf = client.get("/best/hawks/11/?format=pdf&paper=letter").content
    assert page_count(pdf) == 1 and b"/MediaBox [ 0 0 612 792 ]" in pdf


def test_the_pdf_asked_by_accept_header(client):
    response = client.get("/best/hawks/11/", headers={"Accept": "application/pdf"})
    assert response["Content-Type"] == "application/pdf"


def test_the_pdf_is_repeatable_and_answers_304_to_its_etag(client):
    first = client.get("/best/hawks/11/?format=pdf")
    assert client.get("/best/hawks/11/?format=pdf").content == first.content
    again = client.get("/best/hawks/11/?format=pdf", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_markup_in_names_is_drawn_as_text_not_interpreted(client, team):
    # Unescaped, reportlab's paragraph parser would choke on the open <b> (a 500).
    make_player(team, 77, "Broken <b>tag & <unknown x=1>", ratings={"GK": 99})
    response = client.get("/best/hawks/11/?format=pdf")
    assert response.status_code == 200 and page_count(response.content) == 1


def test_the_print_page_has_the_picks_and_its_print_stylesheet(client):
    response = client.get("/best/hawks/11/card/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "print-card" in html and 'class="card-picks"' in html
    assert "Hillside &lt;Rovers&gt; &amp; Co" in html
    assert html.count("<tr>") == 12  # the header row and eleven places


def test_the_card_of_a_size_the_squad_cannot_field_is_400(client):
    assert client.get("/best/hawks/99/card/").status_code == 400
    problem = client.get("/best/hawks/99/card/?format=pdf")
    assert problem.status_code == 400 and problem["Content-Type"] == "application/problem+json"


def test_the_card_does_not_come_as_csv(client):
    assert client.get("/best/hawks/11/card/?format=csv").status_code == 406
