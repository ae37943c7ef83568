"""Phone numbers and resident ID numbers: what a clerk may type, and what is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import translation

from tousu.lib.validators import (
    check_digit,
    clean_id_number,
    clean_phone,
    id_number_problem,
    phone_problem,
)

TODAY = date(2026, 3, 2)
WRONG_FORM = "must be 18 characters (digits, the last may be X) or a 15-digit old number"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The messages in their source language (the product's default is Chinese)."""
    with translation.override("en"):
        yield


GOOD_PHONES = [
    "13812345678",
    "19912345678",
    "138 1234 5678",
    "138-1234-5678",
    " 13812345678 ",
    "１３８１２３４５６７８",  # full-width, as a Chinese input method types it
    "010-12345678",
    "01012345678",
    "010 1234 5678",
    "(010)12345678",
    "(010) 12345678",
    "（０１０）１２３４５６７８",
    "020-87654321",
    "0571-88888888",
    "057188888888",
    "0571-8888888",
    "0571 8888 8888",
    "010-12345678-123",
    "010-12345678转123",
    "010-12345678 分机 8001",
    "010-12345678 ext. 12",
    "010-12345678 x12",
    "010-12345678#12",
    "400-123-4567",
    "4001234567",
    "800-810-8888",
    "+86 13812345678",
    "+8613812345678",
    "+86-138-1234-5678",
    "008613812345678",
    "+86 10 12345678",
    "+86 571 8888 8888",
    "+86-10-12345678-123",
    "+852 9123 4567",
    "+1 (415) 555-2671",
    "+44 20 7946 0958",
    "+49 30 901820",
    "+886 912 345 678",
]

BAD_PHONES = [
    "abc",
    "1",
    "139",
    "12345678901",  # 12x is no mobile prefix
    "1381234567",  # ten digits
    "138123456789",  # twelve digits
    "23812345678",
    "12345678",  # a local number without its area code
    "010-1234567",  # 010 has eight-digit local numbers
    "010-02345678",  # local numbers never start with 0
    "013812345678",  # a mobile dialled with a 0 from another city
    "0571-123456",
    "001-12345678",
    "400-123-456",
    "+86 12345678901",
    "+86 123",
    "+1 234",  # too short for any country
    "+1 2345678901234567",  # more than 15 digits
    "+0 1234567",
    "138-1234-5678 ext 1",  # a mobile has no extension
    "13812345678abc",
    "tel:13812345678",
    "12345",  # a service number is no caller's number
    "95588",
]


@pytest.mark.parametrize("value", GOOD_PHONES)
def test_a_real_phone_number_is_accepted(value: str) -> None:
    assert phone_problem(value) is None


@pytest.mark.parametrize("value", BAD_PHONES)
def test_what_is_not_a_phone_number_is_refused_with_a_hint(value: str) -> None:
    assert phone_problem(value) == (
        "is not a phone number: give a mobile (13812345678), a landline with its area code "
        "(010-12345678), a 400/800 number or an international number starting with +"
    )


@pytest.mark.parametrize("value", ["12345", "12315", "10086", "95588", "96777", "95105888"])
def test_an_organisations_service_number_is_accepted_where_service_numbers_are(value: str) -> None:
    assert phone_problem(value, service=True) is None
    assert phone_problem(value) is not None


@pytest.mark.parametrize("value", ["abc", "1234", "123456", "9", "94588"])
def test_a_service_number_must_look_like_one(value: str) -> None:
    assert phone_problem(value, service=True) == (
        "is not a phone number: give a mobile (13812345678), a landline with its area code "
        "(010-12345678), a 400/800 number, a service number (95588) or an international "
        "number starting with +"
    )


@pytest.mark.parametrize("value", ["", "   "])
def test_no_phone_number_is_no_problem_here(value: str) -> None:
    assert phone_problem(value) is None


def test_a_phone_number_is_stored_in_ascii_and_trimmed() -> None:
    assert clean_phone(" （０１０）１２３４５６７８ ") == "(010)12345678"
    assert clean_phone("138 1234 5678") == "138 1234 5678"


# --- ID numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_17", "check"),
    [
        ("11010119900101123", "7"),
        ("11010519491231002", "X"),
        ("44030819990101123", "4"),
        ("11010119900101001", "5"),
    ],
)
def test_the_check_digit_is_iso_7064_mod_11_2(first_17: str, check: str) -> None:
    assert check_digit(first_17) == check


@pytest.mark.parametrize(
    "value",
    [
        "110101199001011237",
        "11010519491231002X",
        "11010519491231002x",  # the lower-case x a clerk types
        "440308199901011234",
        "110101 19900101 1237",
        "１１０１０１１９９００１０１１２３７",
        "810000199408230021",  # a Hong Kong resident's residence permit
        "11010120000229123X",  # 29 February of a leap year
        "110101202603025673",  # born today
        "110101900101123",  # a 15-digit number of 1990
        "110101880229123",  # 29 February 1888 in the legacy form
    ],
)
def test_a_valid_resident_id_number_is_accepted(value: str) -> None:
    assert id_number_problem(value, today=TODAY) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("110101199001011234", "has a wrong check digit: a digit is mistyped"),
        ("110101199001011236", "has a wrong check digit: a digit is mistyped"),
        ("11010119900101123Y", WRONG_FORM),
        ("1101011990010112X7", WRONG_FORM),
        ("11010119900101123", WRONG_FORM),
        ("1101011990010112370", WRONG_FORM),
        ("010101199001011237", WRONG_FORM),
        ("abc", WRONG_FORM),
        ("11010119901301123X", "has no valid date of birth in it"),
        ("110101199002301234", "has no valid date of birth in it"),
        ("110101190002291234", "has no valid date of birth in it"),  # 1900 was no leap year
        ("110101202603031234", "has no valid date of birth in it"),  # born tomorrow
        ("110101187001011234", "has no valid date of birth in it"),  # 156 years old
        ("110101901301123", "has no valid date of birth in it"),
        ("110101900230123", "has no valid date of birth in it"),
        ("11010190010112X", WRONG_FORM),
    ],
)
def test_a_wrong_id_number_is_refused_saying_what_is_wrong(value: str, problem: str) -> None:
    assert id_number_problem(value, today=TODAY) == problem


@pytest.mark.parametrize("value", ["E12345678", "A123456(7)", "H01234567", "g1234567"])
def test_another_documents_number_is_accepted_only_where_allowed(value: str) -> None:
    assert id_number_problem(value, today=TODAY, other_documents=True) is None
    assert id_number_problem(value, today=TODAY) is not None


@pytest.mark.parametrize("value", ["ABCDEFG", "1234", "E1234567890123456789X", "张三12345"])
def test_another_document_still_needs_letters_and_digits(value: str) -> None:
    assert id_number_problem(value, today=TODAY, other_documents=True) is not None


def test_a_wrong_resident_id_is_not_let_through_as_another_document() -> None:
    assert id_number_problem("110101199001011234", today=TODAY, other_documents=True) == (
        "has a wrong check digit: a digit is mistyped"
    )


def test_an_id_number_is_stored_without_spaces_with_a_capital_x() -> None:
    assert clean_id_number(" 110105 19491231 002x ") == "11010519491231002X"
    assert clean_id_number("") == ""
