"""Local development: DEBUG on, the demo admin may exist."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SEED_DEMO_ADMIN = True
SERVE_MEDIA = True
