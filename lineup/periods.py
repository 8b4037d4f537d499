"""How long a game usually is: its periods and their minutes, by sport and format."""


def default_periods(sport: str, size: int, junior: bool) -> tuple[int, int]:
    """(periods, minutes each): the usual game split for a sport and format."""
    if sport == "football":
        if size <= 5:
            return 4, 10
        if size <= 7:
            return 8, 6
        if size <= 9:
            return 4, 15
        return (4, 20) if junior else (2, 45)
    if sport == "futsal":
        return 4, 10
    if sport == "basketball":
        return (8, 5) if junior else (4, 10)
    if sport == "ice_hockey":
        return 3, 15 if junior else 20
    if sport == "volleyball":
        return 3, 20
    return 2, 30
