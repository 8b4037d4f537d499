"""Who may see and change what: the one place every view and the API ask.

Keep the rules here, as plain functions of (user, object), so the HTML views,
the JSON API and the tests all share them, and the lookups built on them
(``team_for``, ``game_for``, ``player_for``, ``club_for``): a view fetches
through one of these and gets the object, a 404, or a :class:`Refusal` (403)
whose sentence the page — or the API's problem+json — shows.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from web.refusals import Refusal

from .models import Availability, Club, Coach, Game, Player, Team, Visibility
from .stamps import game_of, team_called

User = object  # any user object Django hands us, anonymous included


def coached_team_ids(user: User) -> set[int]:
    """The teams the user holds a coaching role on."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return set()
    return set(Coach.objects.filter(user=user).values_list("team_id", flat=True))


def is_club_admin(user: User, club: Club) -> bool:
    """Club admins manage every team of their club."""
    if not getattr(user, "is_authenticated", False):
        return False
    return club.admins.filter(pk=user.pk).exists()


def can_edit_team(user: User, team: Team) -> bool:
    """Head and assistant coaches of the team, its club's admins (and site superusers)."""
    if getattr(user, "is_superuser", False):
        return True
    return team.pk in coached_team_ids(user) or is_club_admin(user, team.club)


def editable_team_ids(user: User) -> set[int] | None:
    """The teams ``user`` may change (``can_edit_team``), for lists; ``None`` means all."""
    if getattr(user, "is_superuser", False):
        return None
    if not getattr(user, "is_authenticated", False):
        return set()
    administered = Team.objects.filter(club__admins=user).values_list("pk", flat=True)
    return coached_team_ids(user) | set(administered)


def member_club_ids(user: User) -> set[int]:
    """Clubs the user belongs to: as a coach of any of its teams, or as an admin."""
    if not getattr(user, "is_authenticated", False):
        return set()
    coached = Coach.objects.filter(user=user).values_list("team__club_id", flat=True)
    administered = Club.objects.filter(admins=user).values_list("pk", flat=True)
    return set(coached) | set(administered)


def can_view_team(user: User, team: Team) -> bool:
    """Public teams: everyone. Club-only teams: the club's coaches and admins."""
    if team.is_public or getattr(user, "is_superuser", False):
        return True
    return team.club_id in member_club_ids(user)


def can_view_history(user: User, team: Team) -> bool:
    """The audit trail is for the club's coaches and admins, whatever the team's visibility."""
    if getattr(user, "is_superuser", False):
        return True
    return team.club_id in member_club_ids(user)


def visible_teams(user: User) -> QuerySet[Team]:
    """The teams the user may see, for lists and the /best/ form."""
    if getattr(user, "is_superuser", False):
        return Team.objects.all()
    return Team.objects.filter(
        Q(visibility=Visibility.PUBLIC) | Q(club_id__in=member_club_ids(user))
    )


def can_create_team(user: User, club: Club) -> bool:
    """Only a club's admins add teams to it."""
    return getattr(user, "is_superuser", False) or is_club_admin(user, club)


def clubs_for_new_team(user: User) -> QuerySet[Club]:
    if getattr(user, "is_superuser", False):
        return Club.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Club.objects.none()
    return Club.objects.filter(admins=user)


def team_for(
    user: User, slug: str, *, edit: bool = False, history: bool = False, admin: bool = False
) -> Team:
    """The team called ``slug`` as ``user`` may use it: the one lookup every view and endpoint
    makes.

    Raises ``Http404`` for an unknown team and :class:`web.refusals.Refusal` (403, with a
    sentence the page shows) when the user may not see it, or — with ``edit`` — change it,
    or — with ``history`` — read its audit trail, or — with ``admin`` — delete it (its
    club's admins only).
    """
    try:
        team = team_called(slug)
    except Team.DoesNotExist:
        raise Http404(_("There is no team called “%(slug)s”.") % {"slug": slug}) from None
    check_team(user, team, edit=edit, history=history, admin=admin)
    return team


def use_clock(club: Club) -> None:
    """Show times on the clock of ``club`` for the rest of this request: every lookup of
    one of its teams (or of the club) sets it, and web.middleware.SiteClockMiddleware puts
    the site's back for the next request."""
    timezone.activate(club.zone)


def check_team(
    user: User, team: Team, *, edit: bool = False, history: bool = False, admin: bool = False
) -> None:
    """Refuse (403) unless ``user`` may see — or with ``edit`` change — ``team``."""
    use_clock(team.club)
    if admin and not can_create_team(user, team.club):
        raise Refusal(
            _("Only the admins of %(club)s may delete or restore its teams.")
            % {"club": team.club.name}
        )
    if edit and not can_edit_team(user, team):
        raise Refusal(
            _("Only the coaches of %(team)s and the admins of %(club)s may change this team.")
            % {"team": team.name, "club": team.club.name}
        )
    if history and not can_view_history(user, team):
        raise Refusal(
            _("The history of %(team)s is for the coaches and admins of %(club)s.")
            % {"team": team.name, "club": team.club.name}
        )
    if not can_view_team(user, team):
        raise Refusal(
            _("%(team)s shares its pages with the coaches and admins of %(club)s only.")
            % {"team": team.name, "club": team.club.name}
        )


def game_for(user: User, slug: str, game_id: int, *, edit: bool = False) -> Game:
    """A game of the team called ``slug``, with ``team_for``'s 404 and refusals."""
    team = team_for(user, slug, edit=edit)
    try:
        game = game_of(team, game_id)
    except Game.DoesNotExist:
        raise Http404(
            _("%(team)s has no game number %(id)s.") % {"team": team.name, "id": game_id}
        ) from None
    game.team = team  # already fetched, with its club
    return game


def player_for(user: User, slug: str, player_id: int, *, edit: bool = False) -> Player:
    """A player of the team called ``slug`` (retired ones included)."""
    team = team_for(user, slug, edit=edit)
    try:
        player = team.players.get(pk=player_id)
    except Player.DoesNotExist:
        raise Http404(
            _("%(team)s has no player number %(id)s.") % {"team": team.name, "id": player_id}
        ) from None
    player.team = team
    return player


def player_by_id(user: User, pk: int, *, edit: bool = False) -> Player:
    """A player by id alone (the API's addresses), with ``team_for``'s refusals."""
    live = Player.objects.filter(team__in=Team.objects.all())  # not of a deleted team
    player = live.select_related("team__club").filter(pk=pk).first()
    if player is None:
        raise Http404(_("There is no player %(id)s.") % {"id": pk})
    check_team(user, player.team, edit=edit)
    return player


def game_by_id(user: User, pk: int, *, edit: bool = False) -> Game:
    """A game by id alone (the API's addresses), with ``team_for``'s refusals."""
    live = Game.objects.filter(team__in=Team.objects.all())
    game = live.select_related("team__club").filter(pk=pk).first()
    if game is None:
        raise Http404(_("There is no game %(id)s.") % {"id": pk})
    check_team(user, game.team, edit=edit)
    return game


def availability_by_id(user: User, pk: int, *, edit: bool = False) -> Availability:
    """One availability answer by id (the API's addresses), with ``team_for``'s refusals."""
    live = Availability.objects.filter(game__team__in=Team.objects.all())
    row = live.select_related("game__team__club", "player").filter(pk=pk).first()
    if row is None:
        raise Http404(_("There is no availability answer %(id)s.") % {"id": pk})
    check_team(user, row.game.team, edit=edit)
    return row


def club_for_new_team(user: User, slug: str) -> Club:
    """The club called ``slug``, where ``user`` wants to add a team (``can_create_team``)."""
    club = club_for(user, slug)
    if not can_create_team(user, club):
        raise Refusal(_("Only the admins of %(club)s add teams to it.") % {"club": club.name})
    return club


def deleted_club_for(user: User, slug: str) -> Club:
    """A deleted club its admin may restore (within the restore window): 404 or Refusal."""
    club = Club.all_objects.deleted().filter(slug=slug).first()
    if club is None:
        raise Http404(_("There is no deleted club called “%(slug)s” to restore.") % {"slug": slug})
    if not can_create_team(user, club):
        raise Refusal(_("Only the admins of %(club)s may restore it.") % {"club": club.name})
    return club


def deleted_team_for(user: User, slug: str) -> Team:
    """A deleted team of a club that is not deleted itself, for the club's admins to restore."""
    team = Team.all_objects.deleted().filter(slug=slug, club__deleted_at__isnull=True).first()
    if team is None:
        raise Http404(_("There is no deleted team called “%(slug)s” to restore.") % {"slug": slug})
    check_team(user, team, admin=True)
    return team


def restorable(user: User) -> tuple[list[Club], list[Team]]:
    """The deleted clubs and teams ``user`` may restore (a club admin's, or a superuser's)."""
    clubs = Club.all_objects.deleted()
    teams = Team.all_objects.deleted().filter(club__deleted_at__isnull=True)
    if not getattr(user, "is_superuser", False):
        clubs, teams = clubs.filter(admins=user), teams.filter(club__admins=user)
    return list(clubs.order_by("name")), list(teams.select_related("club").order_by("name"))


def club_for(user: User, slug: str, *, admin: bool = False, member: bool = False) -> Club:
    """The club called ``slug``; with ``admin``, refused unless ``user`` administers it;
    with ``member``, unless they administer it or coach one of its teams."""
    try:
        club = Club.objects.get(slug=slug)
    except Club.DoesNotExist:
        raise Http404(_("There is no club called “%(slug)s”.") % {"slug": slug}) from None
    use_clock(club)
    if getattr(user, "is_superuser", False):
        return club
    if admin and not is_club_admin(user, club):
        raise Refusal(_("Only the admins of %(club)s may do this.") % {"club": club.name})
    if member and club.pk not in member_club_ids(user):
        raise Refusal(
            _("The page of %(club)s is for its admins and coaches only.") % {"club": club.name}
        )
    return club
