"""The printable lineup card as a PDF: one page drawn with reportlab, no external programs.

It draws :func:`clubs.presenters.lineup_data` — the same data as the lineup's
JSON and CSV — plus the pitch markers of :mod:`clubs.lineups`.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .lineups import PITCH_HEIGHT, PITCH_WIDTH, TeamLineup
from .presenters import lineup_data

WHY_OUT = {
    "injured": gettext_lazy("injured or ill"),
    "no": gettext_lazy("said no"),
    "maybe": gettext_lazy("said maybe"),
    "coach": gettext_lazy("left out by the coach"),
}


def lineup_pdf(result: TeamLineup, *, paper: str = "a4") -> bytes:
    """One page: header, pitch drawing, the picks, the bench and who is out.

    Every text goes through ``escape`` (reportlab paragraphs read a markup
    language); the output is byte-for-byte repeatable (``invariant``).
    """
    from xml.sax.saxutils import escape

    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    # Bitstream Vera ships with reportlab: Unicode names without system fonts.
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))
    data = lineup_data(result)
    team, game = data["team"], data["game"]
    heading_text = _("Best %(size)s for %(team)s") % {"size": data["size"], "team": team["name"]}
    body = ParagraphStyle("body", fontName="Vera", fontSize=9, leading=11)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    title = ParagraphStyle("title", parent=body, fontName="VeraBd", fontSize=16, leading=19)
    heading = ParagraphStyle("heading", parent=body, fontName="VeraBd", fontSize=11, leading=14)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    if game:
        where = _("home") if game["home_away"] == "home" else _("away")
        kickoff = timezone.localtime(dt.datetime.fromisoformat(game["kickoff"]))
        game_line = f"v {game['opponent']} · {kickoff:%a %d %b %Y, %H:%M} · {where}"
        if game["venue"]:
            game_line += f" · {game['venue']}"
    else:
        game_line = _("No upcoming game: all fit players.")

    scale = 70 * mm / PITCH_WIDTH
    pitch = Drawing(PITCH_WIDTH * scale, PITCH_HEIGHT * scale)
    green, white = colors.HexColor("#2f7d32"), colors.white
    pitch.add(
        Rect(0, 0, PITCH_WIDTH * scale, PITCH_HEIGHT * scale, fillColor=green, strokeColor=None)
    )
    half = PITCH_HEIGHT * scale / 2
    pitch.add(Line(3 * scale, half, (PITCH_WIDTH - 3) * scale, half, strokeColor=white))
    for marker in result.markers:
        x, y = marker.cx * scale, (PITCH_HEIGHT - marker.cy) * scale
        fill = colors.lightgrey if marker.empty else white
        pitch.add(Circle(x, y, 4.2 * scale, fillColor=fill, strokeColor=colors.black))
        pitch.add(
            String(x, y - 3, marker.number, fontName="VeraBd", fontSize=8, textAnchor="middle")
        )
        if marker.name:  # where clubs.pitch_layout put it, clear of the other shirts
            name_x, name_y = x + marker.name_x * scale, y - marker.name_y * scale
            pitch.add(String(name_x, name_y, marker.name, fontName="VeraBd", fontSize=6.5,
                             fillColor=white))  # fmt: skip

    rows = [[p(_("Place"), small), p(_("No."), small), p(_("Player"), small)]]
    for pick in data["picks"]:
        place = pick["slot"] + (f" ({pick['position']})" if pick["position"] else "")
        who = pick["name"] or _("— nobody available —")
        if pick["maybe"]:
            who += " (" + _("said maybe") + ")"
        rows.append([p(place, small), p(str(pick["number"] or ""), small), p(who, small)])
    picks = Table(rows, colWidths=[38 * mm, 10 * mm, 58 * mm], repeatRows=1)
    picks.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    layout = Table([[pitch, picks]], colWidths=[76 * mm, 108 * mm])
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))

    bench = ", ".join(f"{b['number']} {b['name']}" for b in data["bench"]) or _(
        "Nobody on the bench."
    )
    out = ", ".join(
        f"{u['number']} {u['name']} ({WHY_OUT.get(u['why'], u['why'])})"
        for u in data["unavailable"]
    )
    story = [
        p(heading_text, title),
        p(f"{team['club']} · {game_line}"),
        p(_("Formation: %(name)s") % {"name": data["formation"]["name"]}),
        Spacer(1, 4 * mm),
        layout,
        Spacer(1, 4 * mm),
        p(_("Bench"), heading),
        p(bench),
    ]
    if out:
        story += [Spacer(1, 2 * mm), p(_("Not available"), heading), p(out)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER if paper == "letter" else A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=heading_text,
        author="teamcoach",
        invariant=True,
    )
    doc.build(story)
    return buffer.getvalue()
