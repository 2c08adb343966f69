"""Models of qualifizierung (built by a later issue)."""
