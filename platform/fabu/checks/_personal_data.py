"""Finding personal data in text: identity numbers, phone numbers, bank cards, e-mail.

Digits are looked for in groups separated the way people write them: ``138 0013 8000``,
``138-0013-8000``, ``0755-8888 6666``, ``6222 0212 3456 7890 123``, ``(010)12345678``,
``+86 138 0013 8000``; full-width digits and spaces are folded first. A group is never split,
so a number inside a longer run of digits (or glued to Latin letters, or part of a decimal) is
never reported, and dates like ``2024-03-15`` never qualify. Landlines written without a
separator (``01012345678``) are not recognised: they cannot be told apart from other numbers.
Old 15-digit identity numbers are not recognised either.

Masked forms (the suggestion of each finding), following the usual disclosure practice:

========================  ==========================  ======================
kind                      rule                        example
========================  ==========================  ======================
resident identity number  first 6 and last 4 kept     ``110101********1234``
mobile number             first 3 and last 4 kept     ``138****8000``
landline number           area code and last 4 kept   ``0755-***4567``
bank card number          first 6 and last 4 kept     ``622202*********0123``
e-mail address            first character and domain  ``z***@example.gov.cn``
========================  ==========================  ======================
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from fabu.checks._normalize import normalize
from fabu.checks._numbers import is_valid_resident_id, luhn_valid


class PersonalDataKind(StrEnum):
    """The kinds of personal data recognised."""

    RESIDENT_ID = "resident_id"
    MOBILE = "mobile"
    LANDLINE = "landline"
    BANK_CARD = "bank_card"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class PersonalDataMatch:
    """Personal data at ``text[start:end]``; ``value`` is compact (digits only), ``masked`` its safe form."""

    kind: PersonalDataKind
    start: int
    end: int
    value: str
    masked: str


_GROUP = re.compile(r"[0-9]+(?:x(?![0-9a-z]))?")
_SEPARATOR = re.compile(r" ?- ?| {1,2}")
_PARENTHESISED_LANDLINE = re.compile(
    r"\((0[1-9][0-9]{1,2})\) ?([1-9][0-9]{2,3}(?:[ -]?[0-9]{4}))(?![0-9])"
)
_EMAIL = re.compile(
    r"(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]*@"
    r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}"
    r"(?![a-z0-9-])"
)
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_MOBILE_SHAPES = frozenset({(11,), (3, 4, 4), (3, 8), (7, 4)})
_ID_SHAPES = frozenset({(18,), (6, 8, 4), (6, 4, 4, 4)})
_LOCAL_SHAPES = frozenset({(7,), (8,), (3, 4), (4, 4), (4, 3)})
_COUNTRY_CODES = frozenset({"86", "0086"})
_LONGEST_SPAN = 23  # 0086 + an 18-digit number, with room for the X
_SHORTEST_SPAN = 10  # a three-digit area code and a seven-digit local number


@dataclass(frozen=True, slots=True)
class _Group:
    start: int
    end: int
    text: str
    before: str


def find_personal_data(
    text: str, *, today: date | None = None
) -> list[PersonalDataMatch]:
    """Personal data in ``text``, sorted by position, offsets into ``text``."""
    normalized = normalize(text)
    found = []
    for match in scan_personal_data(normalized.text, today=today):
        start, end = normalized.to_original(match.start, match.end)
        masked = (
            mask_email(text[start:end])
            if match.kind is PersonalDataKind.EMAIL
            else match.masked
        )
        found.append(PersonalDataMatch(match.kind, start, end, match.value, masked))
    return found


def scan_personal_data(
    text: str, *, today: date | None = None
) -> list[PersonalDataMatch]:
    """Personal data in already-normalised text (see ``fabu.checks._normalize``)."""
    emails = [
        PersonalDataMatch(
            PersonalDataKind.EMAIL, m.start(), m.end(), m.group(), mask_email(m.group())
        )
        for m in _EMAIL.finditer(text)
    ]
    numbers = [*_digit_matches(text, today), *_parenthesised_landlines(text)]
    # A number that is the local part of an e-mail address is reported with the address.
    numbers = [
        n
        for n in numbers
        if not any(e.start <= n.start and n.end <= e.end for e in emails)
    ]
    return sorted([*emails, *numbers], key=lambda m: (m.start, m.end))


def _digit_matches(text: str, today: date | None) -> Iterator[PersonalDataMatch]:
    for cluster in _clusters(text):
        if sum(len(g.text) for g in cluster) < _SHORTEST_SPAN:
            continue  # years, counts, amounts: the bulk of the digits in a release
        index = 0
        while index < len(cluster):
            match = _longest_match_from(cluster, index, today)
            if match is None:
                index += 1
                continue
            found, index = match
            yield found


def _longest_match_from(
    cluster: Sequence[_Group], first: int, today: date | None
) -> tuple[PersonalDataMatch, int] | None:
    for last in range(len(cluster) - 1, first - 1, -1):
        groups = cluster[first : last + 1]
        length = sum(len(g.text) for g in groups)
        if length > _LONGEST_SPAN:
            continue
        if length < _SHORTEST_SPAN:
            return None
        classified = _classify([g.text for g in groups], today)
        if classified is not None:
            kind, value, masked = classified
            start = groups[0].start
            if groups[0].text in _COUNTRY_CODES and groups[0].before == "+":
                start -= 1
            return PersonalDataMatch(
                kind, start, groups[-1].end, value, masked
            ), last + 1
    return None


def _clusters(text: str) -> Iterator[list[_Group]]:
    """Runs of digit groups joined only by separators; groups glued to letters or decimals break runs."""
    cluster: list[_Group] = []
    for m in _GROUP.finditer(text):
        group = _Group(
            m.start(), m.end(), m.group(), text[m.start() - 1] if m.start() else ""
        )
        if _tainted(text, group):
            if cluster:
                yield cluster
            cluster = []
            continue
        if cluster and _SEPARATOR.fullmatch(text, cluster[-1].end, group.start) is None:
            yield cluster
            cluster = []
        cluster.append(group)
    if cluster:
        yield cluster


def _tainted(text: str, group: _Group) -> bool:
    before = text[group.start - 1] if group.start else ""
    after = text[group.end] if group.end < len(text) else ""
    if _is_latin(before) or _is_latin(after):
        return True
    # Part of a decimal number such as 3.14159265358: neither side is an identifier.
    if before == "." and group.start >= 2 and text[group.start - 2].isdigit():
        return True
    return after == "." and group.end + 1 < len(text) and text[group.end + 1].isdigit()


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _classify(
    groups: list[str], today: date | None
) -> tuple[PersonalDataKind, str, str] | None:
    joined = "".join(groups).upper()
    shape = tuple(len(g) for g in groups)
    if joined.endswith("X"):
        if (
            len(joined) == 18
            and shape in _ID_SHAPES
            and is_valid_resident_id(joined, today=today)
        ):
            return PersonalDataKind.RESIDENT_ID, joined, mask_resident_id(joined)
        return None
    if (
        len(joined) == 18
        and shape in _ID_SHAPES
        and is_valid_resident_id(joined, today=today)
    ):
        return PersonalDataKind.RESIDENT_ID, joined, mask_resident_id(joined)
    if _is_card(groups, joined):
        return PersonalDataKind.BANK_CARD, joined, mask_bank_card(joined)
    mobile = _mobile(groups, joined)
    if mobile is not None:
        return PersonalDataKind.MOBILE, mobile, mask_mobile(mobile)
    if _is_landline(groups):
        value = f"{groups[0]}-{''.join(groups[1:])}"
        return (
            PersonalDataKind.LANDLINE,
            value,
            mask_landline(groups[0], "".join(groups[1:])),
        )
    return None


def _is_card(groups: list[str], joined: str) -> bool:
    if not 16 <= len(joined) <= 19 or joined[0] not in "3456":
        return False
    if len(groups) > 1 and (
        any(len(g) != 4 for g in groups[:-1]) or not 1 <= len(groups[-1]) <= 4
    ):
        return False
    return luhn_valid(joined)


def _mobile(groups: list[str], joined: str) -> str | None:
    if len(groups) > 1 and groups[0] in _COUNTRY_CODES:
        groups = groups[1:]
        joined = "".join(groups)
    elif len(groups) == 1 and len(joined) == 13 and joined.startswith("86"):
        groups = [joined[2:]]
        joined = joined[2:]
    shape = tuple(len(g) for g in groups)
    if shape in _MOBILE_SHAPES and _MOBILE.fullmatch(joined):
        return joined
    return None


def _is_landline(groups: list[str]) -> bool:
    if len(groups) < 2:
        return False
    area, local = groups[0], groups[1:]
    if not _is_area_code(area):
        return False
    digits = "".join(local)
    return tuple(len(g) for g in local) in _LOCAL_SHAPES and digits[0] != "0"


def _is_area_code(area: str) -> bool:
    # 010 and 020-029 are the three-digit codes; every other area code has four digits.
    if len(area) < 3 or area[0] != "0" or area[1] == "0":
        return False
    return len(area) == (3 if area[1] in "12" else 4)


def _parenthesised_landlines(text: str) -> Iterator[PersonalDataMatch]:
    for m in _PARENTHESISED_LANDLINE.finditer(text):
        area, local = m.group(1), re.sub(r"[ -]", "", m.group(2))
        if _is_area_code(area) and len(local) in (7, 8):
            yield PersonalDataMatch(
                PersonalDataKind.LANDLINE,
                m.start(),
                m.end(),
                f"{area}-{local}",
                mask_landline(area, local),
            )


def mask_resident_id(value: str) -> str:
    """``110101********1234``: the region code and the last four characters stay."""
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_mobile(value: str) -> str:
    """``138****8000``: the first three and the last four digits stay."""
    return f"{value[:3]}****{value[-4:]}"


def mask_landline(area: str, local: str) -> str:
    """``0755-***4567``: the area code and the last four digits stay."""
    return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"


def mask_bank_card(value: str) -> str:
    """``622202*********0123``: the issuer prefix (six digits) and the last four stay."""
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_email(value: str) -> str:
    """``z***@example.gov.cn``: the first character of the mailbox and the domain stay."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"
