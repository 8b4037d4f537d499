from django.apps import AppConfig


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = "Clubs and teams"

    def ready(self) -> None:
        from . import stamps

        stamps.connect()  # every write bumps its team's stamp (web.validators)
