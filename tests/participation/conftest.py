from tests.feedback.conftest import sectors, services  # noqa: F401 - shared fixtures
