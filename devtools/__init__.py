"""Tools for developers, shared by tests/, bench/ and scripts/: never imported by the site."""
