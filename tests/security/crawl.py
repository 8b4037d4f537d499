"""Read payload lists and the forms of a page, so attacks reach every field a page offers."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

PAYLOADS = Path(__file__).parent / "payloads"


def payloads(name: str) -> list[str]:
    lines = (PAYLOADS / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


@dataclass
class Form:
    action: str
    method: str
    #: name → (kind, default value); kind is the input type, "select" or "textarea".
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)

    TEXT_KINDS = frozenset({"text", "search", "email", "url", "tel", "textarea", "password"})

    def text_fields(self) -> list[str]:
        return [name for name, (kind, _) in self.fields.items() if kind in self.TEXT_KINDS]

    def filled(self, value: str, *, everywhere: bool = False) -> dict[str, str]:
        """Defaults, with ``value`` in every text field (``everywhere``: in every field)."""
        data = {}
        for name, (kind, default) in self.fields.items():
            if kind in {"submit", "button", "file", "image", "reset"}:
                continue
            if name == "csrfmiddlewaretoken":
                data[name] = default
            elif kind in self.TEXT_KINDS or (everywhere and kind != "checkbox"):
                data[name] = value
            elif kind == "checkbox":
                continue
            else:
                data[name] = default
        return data


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            self.forms.append(Form(action=a.get("action") or self.page, method=method))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self.forms[-1].fields[a["name"]] = (a.get("type", "text").lower(), a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.forms[-1].fields[a["name"]] = ("textarea", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1].fields[a["name"]] = ("select", "")
        elif tag == "option" and self._select:
            kind, default = self.forms[-1].fields[self._select]
            if not default or "selected" in a:
                self.forms[-1].fields[self._select] = (kind, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] = ("textarea", data)


def forms_of(html: str, page: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms
