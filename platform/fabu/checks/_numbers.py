"""Validation of the numbers personal-data detection looks for.

Resident identity numbers follow GB 11643-1999: a six-digit administrative-division code,
an eight-digit birth date, a three-digit sequence and an ISO 7064 MOD 11-2 check character
(``0``-``9`` or ``X``). Bank card numbers carry a Luhn check digit.
"""

from __future__ import annotations

from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"

# First two digits of the administrative-division code: the provinces, autonomous regions and
# municipalities, plus 71/81/82/83 used for Taiwan, Hong Kong and Macao residents.
_PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)  # fmt: skip
_WHOLE_REGION_CODES = frozenset({"81", "82", "83"})


def resident_id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first seventeen digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("需要17位数字 / seventeen digits expected")
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True)
    )
    return _ID_CHECK_CHARS[total % 11]


def is_valid_resident_id(value: str, *, today: date | None = None) -> bool:
    """Whether ``value`` is a plausible 18-character resident identity number.

    It must have a known province code, a real birth date between 1900 and ``today`` and a
    matching check character (``x`` accepted for ``X``).
    """
    if len(value) != 18 or not value[:17].isdigit():
        return False
    if int(value[:2]) not in _PROVINCE_CODES:
        return False
    if value[2:6] == "0000" and value[:2] not in _WHOLE_REGION_CODES:
        return False  # a province code alone; only residence permits use 810000/820000/830000
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > (today or date.today()):
        return False
    return resident_id_check_char(value[:17]) == value[17].upper()


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn (mod 10) check."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0
