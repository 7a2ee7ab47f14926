import pytest

from areas.importing.mapping import resolve_mapping
from areas.importing.readers import open_layer
from areas.models import DivisionType
from areas.services import division_import


@pytest.fixture
def run_import(db):
    """Import `path` into the division `slug` through the service, as the command does."""

    def _run(path, slug="kaupunginosa", **kwargs):
        open_kwargs = {k: kwargs.pop(k) for k in ("layer", "srid") if k in kwargs}
        layer = open_layer(path, **open_kwargs)
        mapping = resolve_mapping(layer.fields, kwargs.pop("fields", None))
        return division_import(
            layer=layer,
            division=DivisionType.objects.get(slug=slug),
            mapping=mapping,
            source=str(path),
            **kwargs,
        )

    return _run
