"""One way to write things: "e-mail", never "email", and sentence case in every
heading, title and button — the site's own templates and strings, and allauth's pages as
the site shows them (templates/account/, templates/mfa/, accounts/forms.py, adapter.py)."""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import PASSWORD, make_user, reauthenticated

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "api", "clubs", "demo", "fairplay", "outbox", "teamcoach", "web")
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}

#: "email" as a word a person reads (not "e-mail", not part of an address or a name).
EMAIL = re.compile(r"(?<![-\w.@/])emails?(?![-\w@])", re.IGNORECASE)
#: Words that keep their capital in the middle of a sentence.
PROPER = {"JavaScript", "iCalendar", "Google", "Apple"}

TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
HTML_TAG = re.compile(r"<[^>]+>")
BLOCKTRANS = re.compile(
    r"{%\s*blocktrans(?:late)?\b[^%]*%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.DOTALL
)
TRANS = re.compile(r"""{%\s*trans(?:late)?\s+(["'])(.*?)\1[^%]*%}""")
#: Where a template puts a heading, a title or a button.
PROMINENT = [
    re.compile(p, re.DOTALL)
    for p in (
        r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>",
        r"<title>(.*?)</title>",
        r"{%\s*block (?:head_)?title\s*%}(.*?){%\s*endblock",
        r"<legend>(.*?)</legend>",
        r"<button\b[^>]*>(.*?)</button>",
        r"""<a\b[^>]*class="[^"]*\bbutton\b[^"]*"[^>]*>(.*?)</a>""",
    )
]


def words_in(template_text: str) -> list[str]:
    """What a person reads in a piece of template: its strings, without variables and tags."""
    texts = [m.group(2) for m in TRANS.finditer(template_text)]
    for block in BLOCKTRANS.findall(template_text):
        texts += re.split(r"{%\s*plural\s*%}", block)
    rest = BLOCKTRANS.sub(" ", TRANS.sub(" ", template_text))
    texts.append(re.sub(r"<(script|style)\b.*?</\1>", " ", rest, flags=re.DOTALL))
    return [" ".join(HTML_TAG.sub(" ", TEMPLATE_TAG.sub(" ", t)).split()) for t in texts]


def title_case(text: str) -> list[str]:
    """The words after the first that are capitalised as in "Sign Up" (acronyms aside)."""
    words = re.findall(r"[A-Za-z][\w'’-]*", re.sub(r"%\(\w+\)[sd]", "", text))
    return [w for w in words[1:] if w[0].isupper() and not w.isupper() and w not in PROPER]


def templates() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.is_file() and path.suffix in {".html", ".txt"}:
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"{#.*?#}", "", text, flags=re.DOTALL)
            text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.DOTALL)
            yield str(path.relative_to(ROOT)), text


def python_strings() -> Iterator[tuple[str, str]]:
    """Every string the apps hand to gettext (tests and migrations aside)."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"tests", "migrations"} & set(path.parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") in GETTEXT):
                    continue
                args = node.args[1:] if node.func.id.startswith("pgettext") else node.args  # type: ignore[attr-defined]
                for arg in args[:2]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        yield f"{path.relative_to(ROOT)}:{node.lineno}", arg.value


def test_templates_and_strings_say_e_mail():
    found = [
        f"{where}: {text!r}"
        for where, template in templates()
        for text in words_in(template)
        if EMAIL.search(text)
    ] + [
        f"{where}: {text!r}"
        for where, text in python_strings()
        if EMAIL.search(re.sub(r"%\(\w+\)[sd]", "", text))
    ]
    assert found == []


def test_headings_titles_and_buttons_are_in_sentence_case():
    found = [
        f"{where}: {text!r}"
        for where, template in templates()
        for pattern in PROMINENT
        for piece in pattern.findall(template)
        for text in words_in(piece)
        if title_case(text)
    ]
    # Labels, titles and button texts built in Python: the short strings without a full stop.
    found += [
        f"{where}: {text!r}"
        for where, text in python_strings()
        if len(text.split()) <= 6 and not text.rstrip().endswith((".", "?", "!", ":"))
        and title_case(text)
    ]  # fmt: skip
    assert found == []


def test_the_checks_themselves_catch_what_they_are_for():
    assert title_case("Sign Up") == ["Up"] and title_case("Verify Your Email Address")
    assert not title_case("Sign up") and not title_case("Download the CSV file for U10")
    assert EMAIL.search("Verify your email address") and not EMAIL.search("E-mail address")
    assert not EMAIL.search("name@email.example") and not EMAIL.search("the e-mails")
    assert words_in('<h1>{% translate "Sign Up" %}</h1>') == ["Sign Up", ""]


# --- allauth's pages, as the site shows them ---------------------------------------------

VISIBLE = re.compile(r"<(script|style|head)\b.*?</\1>", re.DOTALL)


def prominent_texts(html: str) -> list[str]:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return [
        " ".join(HTML_TAG.sub(" ", piece).split())
        for pattern in PROMINENT
        for piece in pattern.findall(html)
    ]


def check_page(html: str, url: str) -> list[str]:
    text = " ".join(HTML_TAG.sub(" ", VISIBLE.sub(" ", html)).split())
    problems = [
        f"{url}: “{m.group(0)}” in {text[m.start() - 40 : m.end() + 20]!r}"
        for m in EMAIL.finditer(text)
    ]
    problems += [f"{url}: {t!r}" for t in prominent_texts(html) if title_case(t)]
    return problems


ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/password/reset/key/1-not-a-key/",
]
SIGNED_IN_PAGES = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
]
WITH_TWO_FACTOR_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
]


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
def test_allauths_pages_say_e_mail_in_sentence_case(client):
    problems = []
    for url in ANONYMOUS_PAGES:
        problems += check_page(client.get(url, follow=True).text, url)
    failed = client.post("/accounts/login/", {"login": "nobody", "password": "wrong"})
    problems += check_page(failed.text, "a failed login")
    make_user("secured", totp=True)
    client.post("/accounts/login/", {"login": "secured", "password": PASSWORD})
    problems += check_page(
        client.get("/accounts/2fa/authenticate/").text, "/accounts/2fa/authenticate/"
    )

    coach = reauthenticated(make_user("coach"))
    for url in SIGNED_IN_PAGES:
        problems += check_page(coach.get(url).text, url)
    secret = coach.get("/accounts/2fa/totp/activate/").context["form"].secret
    coach.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    for url in WITH_TWO_FACTOR_PAGES:
        problems += check_page(coach.get(url).text, url)
    assert problems == []


def test_the_page_check_finds_allauths_own_wording():
    html = "<h1>Verify Your Email Address</h1><p>We have sent an email.</p>"
    assert len(check_page(html, "/x/")) == 3
