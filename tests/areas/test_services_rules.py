"""The mass-delete guard of an area import at its limit: exactly the allowed share
removed passes, one area more is refused with the whole message, unless allowed."""

import pytest

from areas.importing.readers import ImportFileError
from areas.models import Area, DivisionType
from areas.services import mass_delete_check

DIVISION = DivisionType(slug="osa-alue")


def areas(*codes):
    return [Area(code=code) for code in codes]


def refusal(vanished, existing, share):
    return (
        f"The file lacks {len(vanished)} of the {existing} existing osa-alue areas "
        f"({', '.join(sorted(a.code for a in vanished)[:10])}); removing more than {share:.0%} needs "
        "--allow-mass-delete. Nothing was changed."
    )


@pytest.mark.parametrize(("existing", "share", "allowed"), [(10, 0.2, 2), (5, 0.2, 1), (4, 0.5, 2), (3, 0.0, 0)])
def test_the_share_itself_passes_and_one_more_is_refused(existing, share, allowed):
    # `allowed` = the largest count not over share × existing, worked out by hand.
    mass_delete_check(division=DIVISION, vanished=areas(*map(str, range(allowed))), existing=existing, share=share, allow=False)
    over = areas(*map(str, range(allowed + 1)))
    with pytest.raises(ImportFileError) as exc:
        mass_delete_check(division=DIVISION, vanished=over, existing=existing, share=share, allow=False)
    assert str(exc.value) == refusal(over, existing, share)


def test_allow_mass_delete_lets_everything_go():
    mass_delete_check(division=DIVISION, vanished=areas("1", "2", "3"), existing=3, share=0.2, allow=True)


def test_nothing_vanished_passes_even_with_no_share():
    mass_delete_check(division=DIVISION, vanished=[], existing=0, share=0.0, allow=False)


def test_the_message_names_the_first_ten_codes_sorted():
    vanished = areas(*(f"{n:02d}" for n in range(12, 0, -1)))  # 12 … 01
    with pytest.raises(ImportFileError) as exc:
        mass_delete_check(division=DIVISION, vanished=vanished, existing=12, share=0.2, allow=False)
    assert "(01, 02, 03, 04, 05, 06, 07, 08, 09, 10);" in str(exc.value)
    assert str(exc.value) == refusal(vanished, 12, 0.2)
