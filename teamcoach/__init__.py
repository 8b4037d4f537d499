"""teamcoach: the project package — settings, URL map, WSGI entry point and the CLI."""
