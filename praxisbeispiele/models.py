"""Models of praxisbeispiele (built by a later issue)."""
