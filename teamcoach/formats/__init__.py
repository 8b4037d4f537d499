"""Date and time formats per language (FORMAT_MODULE_PATH), over Django's own.

Templates use the names, never a fixed pattern: ``|date:"DATETIME_FORMAT"`` (a
game's kick-off in full: "Sunday 29 November 2026, 14:30"),
``|date:"SHORT_DATETIME_FORMAT"`` (compact: "Sun 29 Nov 2026, 14:30"),
``|date:"DATE_FORMAT"``, ``|date:"MONTH_DAY_FORMAT"`` and ``|date:"TIME_FORMAT"``.
What a module leaves out comes from ``django/conf/locale/<lang>/formats.py``.
"""
