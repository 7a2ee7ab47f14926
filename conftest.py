# Tests run with the test settings even when pytest is called directly.
import os

os.environ.setdefault("GEO_ENV", "test")


def pytest_sessionstart(session):
    """Messages a test module builds while being collected (say, in parametrize)
    are English, like the answers the tests ask for (tests/conftest.py)."""
    from django.utils import translation

    translation.activate("en")
