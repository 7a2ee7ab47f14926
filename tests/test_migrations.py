"""Every model change has its migration (make test runs the same check before the suite)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(capsys):
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    except SystemExit:
        pytest.fail(f"makemigrations --check found changes without a migration:\n{capsys.readouterr().out}")
    assert "No changes detected" in capsys.readouterr().out
