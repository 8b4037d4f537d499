from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo club (`teamcoach demo`): composes each app's demo data, owns no models."""

    name = "demo"
