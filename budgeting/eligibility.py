"""Who may vote: a Helsinki resident who has reached the round's voting age on the voting day.

The voting day is the day the ballot is cast (in Europe/Helsinki), and it
must fall within the round's voting period.

Age is counted in whole years and grows on the birthday itself: someone born
on 2013-05-10 is 12 from 2025-05-10 (inclusive). A person born on 29 February
grows a year older on 1 March in years without a 29 February: the birthday has
passed when (month, day) of the day is not before (2, 29), and 1 March is the
first such day in a common year. This is the rule of Finnish law (a period
counted in years ends on the corresponding day, or on the last day of the month
when there is none — a 29 February birthday's year of age is complete at the
end of 28 February, so the new age holds from 1 March).
"""

from __future__ import annotations

from datetime import date


def age_on(*, birth_date: date, day: date) -> int:
    """Whole years of age on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def voter_is_eligible(*, birth_date: date, is_resident: bool, day: date, voting_age: int) -> bool:
    return is_resident and age_on(birth_date=birth_date, day=day) >= voting_age
