DATETIME_FORMAT = r"l, j \d\e F \d\e Y, H:i"
SHORT_DATETIME_FORMAT = "D j b Y, H:i"
MONTH_DAY_FORMAT = "j b"
