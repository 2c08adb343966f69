"""Models of netzwerk (built by a later issue)."""
