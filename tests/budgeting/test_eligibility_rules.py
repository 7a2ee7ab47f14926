"""Who may vote, at each edge: the birthday itself, the day before, 29 February, residence."""

from datetime import date

import pytest

from budgeting.eligibility import age_on, voter_is_eligible

BORN = date(2013, 5, 10)


class TestAgeOn:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2025, 5, 9), 11),  # the day before the 12th birthday
            (date(2025, 5, 10), 12),  # the birthday itself
            (date(2025, 5, 11), 12),
            (date(2025, 4, 30), 11),  # an earlier month, a later day of month
            (date(2025, 6, 1), 12),  # a later month, an earlier day of month
            (date(2013, 5, 10), 0),  # the day of birth
        ],
    )
    def test_whole_years_growing_on_the_birthday(self, day, expected):
        assert age_on(birth_date=BORN, day=day) == expected

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2025, 2, 28), 12),  # a common year: not yet 13 on 28 February
            (date(2025, 3, 1), 13),  # ... but on 1 March
            (date(2024, 2, 28), 11),  # a leap year: the day before the birthday
            (date(2024, 2, 29), 12),  # ... and the birthday itself
        ],
    )
    def test_born_on_29_february(self, day, expected):
        assert age_on(birth_date=date(2012, 2, 29), day=day) == expected


class TestEligible:
    # The voting age is a parameter of the round; the edges are worked out from BORN.
    AGE = 12
    BIRTHDAY = date(BORN.year + AGE, BORN.month, BORN.day)

    def test_a_resident_is_eligible_from_the_birthday_on(self):
        assert voter_is_eligible(birth_date=BORN, is_resident=True, day=self.BIRTHDAY, voting_age=self.AGE) is True
        later = date(self.BIRTHDAY.year + 1, 1, 1)
        assert voter_is_eligible(birth_date=BORN, is_resident=True, day=later, voting_age=self.AGE) is True

    def test_not_the_day_before(self):
        day = date(self.BIRTHDAY.year, self.BIRTHDAY.month, self.BIRTHDAY.day - 1)
        assert voter_is_eligible(birth_date=BORN, is_resident=True, day=day, voting_age=self.AGE) is False

    def test_a_non_resident_never(self):
        later = date(self.BIRTHDAY.year + 30, 1, 1)
        assert voter_is_eligible(birth_date=BORN, is_resident=False, day=later, voting_age=self.AGE) is False
        assert voter_is_eligible(birth_date=BORN, is_resident=False, day=self.BIRTHDAY, voting_age=self.AGE) is False

    def test_the_age_is_the_rounds(self):
        assert voter_is_eligible(birth_date=BORN, is_resident=True, day=self.BIRTHDAY, voting_age=self.AGE + 1) is False
