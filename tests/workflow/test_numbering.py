"""Case numbers people read out on the phone (TOUSU_CASE_NUMBER_PATTERN, by Shanghai date) and
tracking codes nobody can guess or misread."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest
from pytest_django.fixtures import Settings

from tests.workflow.helpers import shanghai
from tousu.cases.models import Case
from tousu.cases.numbering import new_tracking_code

MakeCase = Callable[..., Case]
# 31 symbols: the digits 2–9 and the letters without I, L and O.
TRACKING_CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def test_the_default_pattern_numbers_the_first_case_of_march_2026_260300001(
    make_case: MakeCase,
) -> None:
    first = make_case(now=shanghai(2026, 3, 2, 9))
    second = make_case(now=shanghai(2026, 3, 2, 9, 5))
    third = make_case(now=shanghai(2026, 3, 31, 17))
    assert [first.number, second.number, third.number] == ["260300001", "260300002", "260300003"]
    assert Case.objects.get(pk=first.pk).number == "260300001"


def test_the_sequence_restarts_each_month(make_case: MakeCase) -> None:
    march = [make_case(now=shanghai(2026, 3, 20, 9)).number for _ in range(2)]
    april = [make_case(now=shanghai(2026, 4, 1, 9)).number for _ in range(2)]
    assert (march, april) == (["260300001", "260300002"], ["260400001", "260400002"])


def test_the_month_is_the_month_in_shanghai(make_case: MakeCase) -> None:
    # 00:30 on April 1st in Shanghai is still March 31st in UTC.
    assert make_case(now=shanghai(2026, 3, 31, 23, 30)).number == "260300001"
    assert make_case(now=shanghai(2026, 4, 1, 0, 30)).number == "260400001"


def test_a_new_year_starts_a_new_sequence(make_case: MakeCase) -> None:
    assert make_case(now=shanghai(2025, 12, 31, 16)).number == "251200001"
    assert make_case(now=shanghai(2026, 1, 5, 9)).number == "260100001"


def test_a_daily_pattern_restarts_every_day(make_case: MakeCase, settings: Settings) -> None:
    settings.TOUSU_CASE_NUMBER_PATTERN = "{yyyy}{mm}{dd}-{seq:04d}"
    numbers = [
        make_case(now=shanghai(2026, 3, 2, 9)).number,
        make_case(now=shanghai(2026, 3, 2, 23, 59)).number,
        make_case(now=shanghai(2026, 3, 3, 0, 1)).number,
        make_case(now=shanghai(2026, 3, 3, 12)).number,
    ]
    assert numbers == ["20260302-0001", "20260302-0002", "20260303-0001", "20260303-0002"]


def test_a_pattern_without_dates_counts_on_for_ever(
    make_case: MakeCase, settings: Settings
) -> None:
    settings.TOUSU_CASE_NUMBER_PATTERN = "TS{seq:06d}"
    numbers = [
        make_case(now=shanghai(2026, 3, 2, 9)).number,
        make_case(now=shanghai(2027, 1, 4, 9)).number,
    ]
    assert numbers == ["TS000001", "TS000002"]


def test_tracking_codes_have_the_readable_format_and_are_unique(make_case: MakeCase) -> None:
    codes = [make_case().tracking_code for _ in range(25)]
    assert [code for code in codes if not TRACKING_CODE.match(code)] == []
    assert len(set(codes)) == 25
    assert Case.objects.values("tracking_code").distinct().count() == 25


def test_tracking_codes_never_contain_easily_confused_symbols() -> None:
    codes = [new_tracking_code() for _ in range(3000)]
    symbols = set("".join(codes).replace("-", ""))
    assert symbols & set("01OIL") == set()
    # Over 36,000 draws every one of the 31 symbols shows up.
    assert symbols == set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    assert [code for code in codes if not TRACKING_CODE.match(code)] == []
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("when", [shanghai(2026, 3, 2, 9), shanghai(2026, 11, 30, 18)])
def test_case_numbers_are_unique_across_many_registrations(
    make_case: MakeCase, when: datetime
) -> None:
    numbers = [make_case(now=when).number for _ in range(12)]
    assert len(set(numbers)) == 12
    assert numbers == sorted(numbers)
