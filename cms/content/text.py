"""Small text helpers for what editors type into plain text fields."""

BULLETS = " -•\t"


def bullet_lines(text: str) -> list[str]:
    """One entry per non-empty line, without leading or trailing dashes, bullets and blanks."""
    return [line.strip(BULLETS) for line in (text or "").splitlines() if line.strip(BULLETS)]
