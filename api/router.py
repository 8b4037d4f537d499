"""The JSON API's frame: the NinjaAPI object, who is asking, and errors as problem+json.

The resources register their endpoints on ``api``: ``api/clubs.py``, ``teams.py``,
``players.py``, ``games.py``, ``availability.py``, ``lineups.py``, all through the one
item path of ``api/items.py`` (GET/PUT/PATCH/DELETE with ETags and preconditions).
What happens around every request (OPTIONS, HEAD, 405, 406, 413, 415, 304, the
trailing slash) is in ``api/protocol.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from clubs.audit import StaleEdit
from web.ratelimit import OverLimit, too_many_requests
from web.refusals import Refusal
from web.representation import html_safe_json, problem_response

from .models import ApiToken

PROBLEM = "application/problem+json"


# --- Authentication ----------------------------------------------------------------


class BearerToken(HttpBearer):
    """``Authorization: Bearer <personal API token>`` (created on /api/tokens/)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user").matching(token).first()
        if row is None or not row.user.is_active:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


#: Unsafe methods: a token, or the browser session with its CSRF token.
WRITERS = [BearerToken(), SessionAuth(csrf=True)]


def reader(request: HttpRequest) -> Any:
    """Who reads: the bearer token's user if one is sent (a bad one is 401), else the session."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    # Other schemes (e.g. Basic from a proxy in front) are not ours to judge.
    if scheme.lower() == "bearer":
        user = BearerToken().authenticate(request, token.strip())
        if user is None:
            raise AuthenticationError(401, _("The API token is not valid (revoked or mistyped)."))
        return user
    return getattr(request, "user", AnonymousUser())


# --- Errors as RFC 9457 problem details ---------------------------------------------------

TITLES = {
    308: gettext_lazy("Permanent redirect"),
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Authentication needed"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    412: gettext_lazy("Precondition failed"),
    413: gettext_lazy("Request body too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Invalid data"),
    428: gettext_lazy("Precondition required"),
}


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self, status: int, detail: str = "", errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


def precondition_failed() -> Problem:
    """412: the client's If-Match / If-Unmodified-Since names an older version."""
    return Problem(
        412,
        _(
            "This item changed since you read it (its ETag differs). "
            "GET it again, re-apply your change, and send the new ETag in If-Match."
        ),
    )


def problem(status: int, detail: str = "", errors: Any = None, **headers: str) -> HttpResponse:
    return problem_response(
        status, TITLES.get(status, "Error"), detail=detail, errors=errors, **headers
    )


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ninja prefixes the parameter source and name: ("body", "payload", "name").
        if loc[:1] == ["body"] and len(loc) > 1:
            loc = loc[2:] or loc[1:]
        elif loc[:1] in (["query"], ["path"]):
            loc = loc[1:]
        out.append({"field": ".".join(loc) or "body", "message": str(error.get("msg", ""))})
    return out


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Bad addresses (path, query) are 400; a well-formed body with bad values is 422.
    in_body = any(str(e.get("loc", ("",))[0]) == "body" for e in exc.errors)
    status = 422 if in_body else 400
    return problem(status, _("Some values are not valid; see errors."), _field_errors(exc.errors))


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    headers = {"WWW_Authenticate": 'Bearer realm="teamcoach"'} if exc.status_code == 401 else {}
    message = str(exc)
    if exc.status_code == 401 and message == "Unauthorized":
        message = _("Send a personal API token (Authorization: Bearer …) or sign in.")
    return problem(exc.status_code, message, **headers)


def _problem(request: HttpRequest, exc: Problem) -> HttpResponse:
    return problem(exc.status, exc.detail, exc.errors)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, str(exc) or _("There is nothing at this address."))


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A refusal's own sentence; any other PermissionDenied text may come from the request."""
    return problem(403, str(exc) if isinstance(exc, Refusal) else _("You may not do this."))


def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(409, _("This clashes with data that already exists."))


def _invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """The model's own rules, raised by ``full_clean()`` in clubs.services: 409 for a clash
    with existing data (a shirt number taken), else 422 — with the fields named either way."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    errors = [
        {"field": "body" if field == "__all__" else field, "message": message}
        for field, messages in by_field.items()
        for message in messages
    ]
    codes = (
        {e.code for e in exc.error_list}
        if not hasattr(exc, "error_dict")
        else {e.code for errs in exc.error_dict.values() for e in errs}
    )
    if codes <= {"unique", "unique_together"}:
        return problem(409, _("This clashes with data that already exists."), errors)
    return problem(422, _("Some values are not valid; see errors."), errors)


def _stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    if request.headers.get("If-Match") or request.headers.get("If-Unmodified-Since"):
        # A client that sent a precondition lost a race it asked to be told about: 412,
        # as if its ETag had been checked a moment later (issue 18).
        return _problem(request, precondition_failed())
    return problem(
        409,
        _(
            "%(who)s changed this meanwhile; nothing was saved. "
            "GET it again and re-apply your change."
        )
        % {"who": exc.changed_by},
    )


def _docs_csp(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Swagger UI (served from our own static files) sets inline styles."""
    from django.utils.csp import CSP

    return csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(view)


class HtmlSafeJSONRenderer(JSONRenderer):
    """Ninja's JSON, with ``<``, ``>`` and ``&`` escaped: stored names never arrive as markup."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return html_safe_json(super().render(request, data, response_status=response_status))


class TeamcoachAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """The endpoint function's own name (``get_team``, ``list_players``): each is unique."""
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        from .openapi import document_http_behaviour

        document_http_behaviour(schema)
        return schema


api = TeamcoachAPI(
    title="teamcoach API",
    version="1",
    description=(
        "Clubs, teams, players, games, availability and the computed best lineup. "
        "Reads are public where the pages are; writes need a personal API token "
        "(`Authorization: Bearer …`, from /api/tokens/) or the browser session with "
        "its CSRF token. Every GET of one item sends an ETag; send it back in "
        "`If-Match` on PUT, PATCH and DELETE to get 412 instead of overwriting a "
        "change made meanwhile. Errors are RFC 9457 problem documents."
    ),
    renderer=HtmlSafeJSONRenderer(),
    urls_namespace="api:api-v1",  # included inside the api app's namespace (api/urls.py)
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
    docs_decorator=_docs_csp,
)
api.add_exception_handler(ValidationError, _validation_error)
api.add_exception_handler(HttpError, _http_error)
api.add_exception_handler(Problem, _problem)
api.add_exception_handler(Http404, _not_found)
api.add_exception_handler(PermissionDenied, _forbidden)
api.add_exception_handler(IntegrityError, _conflict)
api.add_exception_handler(DjangoValidationError, _invalid)
api.add_exception_handler(StaleEdit, _stale)
# web.ratelimit.spend, where a counted_when_working read starts its work: 429.
api.add_exception_handler(OverLimit, lambda request, exc: too_many_requests(request, exc.wait))
