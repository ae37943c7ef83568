"""Phone numbers and resident ID numbers 居民身份证号码 as people give them on the phone.

Pure functions: each answers the problem with a value (a sentence to show next to the field) or
None when the value is acceptable, and `clean_*` gives the form to store. Full-width characters
(what a Chinese input method types: "０１０－１２３４５６７８") are read as their ASCII forms.

Phone numbers 电话号码:
- a mainland mobile: 1[3-9] and nine more digits (138 1234 5678, 138-1234-5678);
- a landline with its area code: 010 and 02x have eight-digit local numbers, 0xxx seven or
  eight; local numbers never start with 0. "010-12345678", "01012345678", "(010)12345678",
  "0571 8888 8888", optionally an extension after "-", "转", "分机", "ext", "x" or "#";
- a 400/800 business number: 400-123-4567;
- +86 or 0086 before a mobile, or before a landline without its leading 0 (+86 10 12345678);
- any other country in its international form: "+", a country code and more digits, 7 to 15
  digits in all (E.164), spaces, hyphens, dots or brackets between groups;
- only where `service` is given (an organisation's number, never a caller's): a short service
  number such as 95588, 12315 or 10086 (1xxxx, 95xxx/96xxx up to eight digits) — a complainant
  cannot be called back on one.

ID numbers (GB 11643-1999):
- 18 characters: a six-digit region code, the date of birth YYYYMMDD, a three-digit sequence and
  the ISO 7064 MOD 11-2 check digit (0-9 or X; a lower-case x is accepted and stored as X);
- 15 digits, the legacy form before 1999: region, birth date YYMMDD (19YY), sequence, no check
  digit.
The region code is not checked against a list: codes change with the administrative divisions,
and the residence permits of Hong Kong, Macao and Taiwan residents (81/82/83) and foreigners'
permanent residence cards (9…) use the same structure.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.utils.translation import gettext

_SEP = r"[\s\-]?"
_EXTENSION = r"(?:\s*(?:-|转|分机|ext\.?|x|#)\s*\d{1,6})?"
_MOBILE = rf"1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}"
# The area code without its leading 0 (after +86) and with it, each with its local number.
_AREA_AND_LOCAL = (
    rf"(?:(?:10|2\d){_SEP}[1-9]\d{{3}}{_SEP}\d{{4}}"
    rf"|[3-9]\d{{2}}{_SEP}[1-9]\d{{2,3}}{_SEP}\d{{4}})"
)
_LANDLINE = (
    rf"(?:0(?:10|2\d)|\(0(?:10|2\d)\)){_SEP}[1-9]\d{{3}}{_SEP}\d{{4}}{_EXTENSION}"
    rf"|(?:0[3-9]\d{{2}}|\(0[3-9]\d{{2}}\)){_SEP}[1-9]\d{{2,3}}{_SEP}\d{{4}}{_EXTENSION}"
)
_BUSINESS = rf"[48]00{_SEP}\d{{3}}{_SEP}\d{{4}}"
_CHINA = rf"(?:\+86|0086){_SEP}(?:{_MOBILE}|{_AREA_AND_LOCAL}{_EXTENSION}|{_BUSINESS})"
# Country codes start 1-9; +86 is held to the mainland's rules above.
_INTERNATIONAL = r"(?=(?:\D*\d){7,15}$)\+(?!86)[1-9]\d{0,2}(?:[\s\-.()]{0,2}\d){6,14}"
_SERVICE = r"(?:1\d{4}|9[56]\d{3,6})"

_PHONE = re.compile(
    rf"(?:{_MOBILE}|{_LANDLINE}|{_BUSINESS}|{_CHINA}|{_INTERNATIONAL})", re.IGNORECASE
)
_SERVICE_PHONE = re.compile(_SERVICE)

_ID_18 = re.compile(r"[1-9]\d{5}(\d{8})\d{3}[\dX]")
_ID_15 = re.compile(r"[1-9]\d{5}(\d{6})\d{3}")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"
EARLIEST_BIRTH = date(1880, 1, 1)
# A passport, a Hong Kong identity card, a Home Return Permit: letters, digits and brackets.
_DOCUMENT = re.compile(r"(?=.*\d)[A-Z0-9()\-]{5,20}")


def _ascii(value: str) -> str:
    """Full-width digits, letters, brackets and hyphens as ASCII; the ends trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


def clean_phone(value: str) -> str:
    """The phone number to store: as given, in ASCII, trimmed."""
    return _ascii(value)


def phone_problem(value: str, *, service: bool = False) -> str | None:
    """Why `value` is not a phone number, or None. An empty value is no problem here."""
    phone = clean_phone(value)
    if not phone:
        return None
    if _PHONE.fullmatch(phone) or (service and _SERVICE_PHONE.fullmatch(phone)):
        return None
    if service:
        return gettext(
            "is not a phone number: give a mobile (13812345678), a landline with its area code "
            "(010-12345678), a 400/800 number, a service number (95588) or an international "
            "number starting with +"
        )
    return gettext(
        "is not a phone number: give a mobile (13812345678), a landline with its area code "
        "(010-12345678), a 400/800 number or an international number starting with +"
    )


def clean_id_number(value: str) -> str:
    """The ID number to store: ASCII, without spaces, the check character X in upper case."""
    return "".join(_ascii(value).split()).upper()


def check_digit(first_17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first_17, _WEIGHTS, strict=True))
    return _CHECK_DIGITS[total % 11]


def _birth_problem(text: str, today: date) -> str | None:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return gettext("has no valid date of birth in it")
    if not EARLIEST_BIRTH <= born <= today:
        return gettext("has no valid date of birth in it")
    return None


def id_number_problem(value: str, *, today: date, other_documents: bool = False) -> str | None:
    """Why `value` is not a resident ID number, or None. `other_documents` also accepts another
    document's number (a foreigner's passport, a Hong Kong identity card) for the complainants
    who may have no resident ID. An empty value is no problem here."""
    number = clean_id_number(value)
    if not number:
        return None
    if match := _ID_18.fullmatch(number):
        if problem := _birth_problem(match.group(1), today):
            return problem
        if number[-1] != check_digit(number[:17]):
            return gettext("has a wrong check digit: a digit is mistyped")
        return None
    if match := _ID_15.fullmatch(number):
        return _birth_problem("19" + match.group(1), today)
    if other_documents and _DOCUMENT.fullmatch(number):
        return None
    return gettext("must be 18 characters (digits, the last may be X) or a 15-digit old number")
