import pytest

from areas.demo import demo_addresses_load


@pytest.fixture
def places(demo_areas):
    """The demo divisions and the demo address register."""
    demo_addresses_load()
