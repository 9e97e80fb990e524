"""Personal data: what is reported, with which masked form, and the near misses that are not."""

from __future__ import annotations

import pytest

from fabu.checks import PersonalDataKind, find_personal_data, is_valid_resident_id

from .checks_support import TODAY, luhn_complete, valid_resident_id

ID_NUMBER = valid_resident_id("11010519491231002")  # ends in X
ID_NUMBER_DIGIT = valid_resident_id("44030419850612341")
CARD = luhn_complete("622202123456789012")  # 19 digits, UnionPay prefix


def kinds(text: str) -> list[tuple[PersonalDataKind, str]]:
    return [
        (m.kind, text[m.start : m.end]) for m in find_personal_data(text, today=TODAY)
    ]


def test_valid_resident_id_is_reported_with_masked_suggestion() -> None:
    text = f"申请人王某某，身份证号码{ID_NUMBER_DIGIT}，现居住于本市。"
    [match] = find_personal_data(text, today=TODAY)
    assert match.kind is PersonalDataKind.RESIDENT_ID
    assert text[match.start : match.end] == ID_NUMBER_DIGIT
    assert match.masked == f"440304********{ID_NUMBER_DIGIT[-4:]}"


def test_resident_id_with_lowercase_x_check_character_is_reported() -> None:
    assert ID_NUMBER.endswith("X")
    lowered = ID_NUMBER[:-1] + "x"
    assert kinds(f"证件号：{lowered}。") == [(PersonalDataKind.RESIDENT_ID, lowered)]


def test_id_number_with_wrong_check_digit_is_not_reported() -> None:
    wrong = ID_NUMBER_DIGIT[:-1] + ("0" if ID_NUMBER_DIGIT[-1] != "0" else "1")
    assert not is_valid_resident_id(wrong, today=TODAY)
    assert kinds(f"身份证号码{wrong}") == []


def test_id_number_with_impossible_birth_date_is_not_reported() -> None:
    impossible = valid_resident_id("11010519900230123")  # 30 February
    assert kinds(f"身份证号码{impossible}") == []


def test_id_number_born_after_today_is_not_reported() -> None:
    future = valid_resident_id("11010520300101123")
    assert kinds(f"身份证号码{future}") == []


def test_id_number_with_unknown_province_code_is_not_reported() -> None:
    unknown = valid_resident_id("99010519900101123")
    assert kinds(f"身份证号码{unknown}") == []


def test_seventeen_digit_number_is_not_reported() -> None:
    assert kinds(f"编号{ID_NUMBER_DIGIT[:17]}") == []


def test_id_number_inside_a_longer_digit_run_is_not_reported() -> None:
    assert kinds(f"流水号9{ID_NUMBER_DIGIT}7") == []


def test_id_number_in_full_width_digits_is_reported_at_original_offsets() -> None:
    wide = ID_NUMBER.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    text = f"身份证：{wide}（已核验）"
    [match] = find_personal_data(text, today=TODAY)
    assert (match.kind, text[match.start : match.end]) == (
        PersonalDataKind.RESIDENT_ID,
        wide,
    )
    assert match.value == ID_NUMBER


def test_id_number_grouped_as_region_birth_date_sequence_is_reported() -> None:
    grouped = f"{ID_NUMBER[:6]} {ID_NUMBER[6:14]} {ID_NUMBER[14:]}"
    assert kinds(f"身份证 {grouped} 。") == [(PersonalDataKind.RESIDENT_ID, grouped)]


def test_eighteen_digit_number_failing_id_check_but_luhn_valid_is_a_bank_card() -> None:
    card18 = luhn_complete("62170012345678901")
    assert not is_valid_resident_id(card18, today=TODAY)
    assert kinds(f"账号{card18}") == [(PersonalDataKind.BANK_CARD, card18)]


@pytest.mark.parametrize(
    "written",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "１３８００１３８０００",
        "１３８　００１３　８０００",
        "138－0013－8000",
    ],
)
def test_mobile_number_written_in_common_ways_is_reported(written: str) -> None:
    text = f"联系人：李先生，电话{written}。"
    [match] = find_personal_data(text, today=TODAY)
    assert (match.kind, text[match.start : match.end]) == (
        PersonalDataKind.MOBILE,
        written,
    )
    assert match.masked == "138****8000"


def test_mobile_number_with_country_code_includes_the_plus_sign() -> None:
    assert kinds("热线 +86 139 1234 5678，") == [
        (PersonalDataKind.MOBILE, "+86 139 1234 5678")
    ]


def test_mobile_number_inside_a_longer_digit_run_is_not_reported() -> None:
    assert kinds("订单号2013800138000123已受理") == []


def test_eleven_digits_with_invalid_mobile_prefix_are_not_reported() -> None:
    assert kinds("编号12345678901") == []


def test_number_glued_to_latin_letters_is_not_reported() -> None:
    assert kinds("设备型号AB13800138000C") == []


def test_decimal_number_is_not_reported() -> None:
    assert kinds("圆周率约为3.13800138000，仅为示例") == []


@pytest.mark.parametrize(
    "text",
    [
        "会议定于2024-03-15 14:30召开",
        "2024年3月15日，全市新增就业12580人",
        "投资总额1,234,567.89元",
        "文号20240315号",
        "2023-2024学年第一学期",
        "统一社会信用代码11440300MB2C12345X",
    ],
)
def test_dates_amounts_and_codes_are_not_personal_data(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("010-12345678", "010-****5678"),
        ("0755-1234567", "0755-***4567"),
        ("0755-8888 6666", "0755-****6666"),
    ],
)
def test_landline_with_area_code_is_reported_with_masked_form(
    written: str, masked: str
) -> None:
    text = f"咨询电话：{written}"
    [match] = find_personal_data(text, today=TODAY)
    assert (match.kind, text[match.start : match.end], match.masked) == (
        PersonalDataKind.LANDLINE,
        written,
        masked,
    )


def test_landline_with_parenthesised_area_code_is_reported() -> None:
    assert kinds("电话（０２０）８３３３６６６６转") == [
        (PersonalDataKind.LANDLINE, "（０２０）８３３３６６６６")
    ]


def test_bank_card_grouped_by_four_is_reported_with_masked_form() -> None:
    grouped = " ".join(CARD[i : i + 4] for i in range(0, len(CARD), 4))
    text = f"补助资金已发放至银行卡{grouped}。"
    [match] = find_personal_data(text, today=TODAY)
    assert (match.kind, text[match.start : match.end]) == (
        PersonalDataKind.BANK_CARD,
        grouped,
    )
    assert match.masked == f"622202*********{CARD[-4:]}"


def test_bank_card_failing_luhn_is_not_reported() -> None:
    broken = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert kinds(f"卡号{broken}") == []


def test_email_is_reported_with_masked_suggestion() -> None:
    text = "来信请发送至 zhangsan.wang@example.gov.cn，我们将及时答复。"
    [match] = find_personal_data(text, today=TODAY)
    assert match.kind is PersonalDataKind.EMAIL
    assert text[match.start : match.end] == "zhangsan.wang@example.gov.cn"
    assert match.masked == "z***@example.gov.cn"


def test_email_with_full_width_at_sign_is_reported() -> None:
    assert (
        kinds("邮箱：ｘｘｇｋ＠ｅｘａｍｐｌｅ．ｃｏｍ")[0][0] is PersonalDataKind.EMAIL
    )


def test_mobile_number_used_as_mailbox_is_reported_once_as_email() -> None:
    assert kinds("邮箱13800138000@163.com") == [
        (PersonalDataKind.EMAIL, "13800138000@163.com")
    ]


def test_several_numbers_in_one_line_are_each_reported() -> None:
    text = f"张某 {ID_NUMBER} 13800138000 010-62345678"
    assert [k for k, _ in kinds(text)] == [
        PersonalDataKind.RESIDENT_ID,
        PersonalDataKind.MOBILE,
        PersonalDataKind.LANDLINE,
    ]
