# British order and the 24-hour clock (Django's "en" is American: "Nov. 29, 2026, 2:30 p.m.").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATETIME_FORMAT = "D j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
SHORT_DATE_FORMAT = "d/m/Y"
