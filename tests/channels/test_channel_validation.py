"""``check_limits``: a release against a channel's declared limits, one bilingual finding per broken rule."""

from __future__ import annotations

import pytest

from fabu.channels import Attachment, ChannelLimits, MediaRule, Severity, check_limits
from fabu.channels.testing import sample_release

PDF = Attachment(
    name="年报.pdf",
    key="k/1",
    content_type="application/pdf",
    size=3_000,
    sha256="0" * 64,
)
IMAGE = Attachment(
    name="图.jpg", key="k/2", content_type="image/jpeg", size=500, sha256="1" * 64
)


def codes(limits: ChannelLimits, **fields: object) -> list[tuple[str, str]]:
    return [
        (finding.field, finding.code)
        for finding in check_limits(sample_release(**fields), limits)
    ]


def test_a_release_within_every_limit_has_no_findings() -> None:
    limits = ChannelLimits(
        title_max=64,
        summary_max=120,
        body_max=5000,
        attachments_max=3,
        media=(MediaRule(("image/*",), 2_000_000),),
    )

    assert check_limits(sample_release(), limits) == []


def test_no_declared_limits_means_only_a_title_is_required() -> None:
    assert codes(ChannelLimits(), title="  ", attachments=(PDF,) * 50) == [
        ("title", "title_required")
    ]


@pytest.mark.parametrize(
    ("field", "source"),
    [("title", "title"), ("summary", "summary"), ("body", "body_text")],
)
def test_text_one_character_over_the_limit_is_an_error(field: str, source: str) -> None:
    limits = ChannelLimits(**{f"{field}_max": 10})

    (finding,) = check_limits(sample_release(**{source: "字" * 11}), limits)

    assert (finding.field, finding.code, finding.severity) == (
        field,
        f"{field}_too_long",
        Severity.ERROR,
    )
    assert "11" in finding.message.zh
    assert "at most 10" in finding.message.en
    assert check_limits(sample_release(**{source: "字" * 10}), limits) == []


def test_too_many_attachments() -> None:
    assert codes(ChannelLimits(attachments_max=1), attachments=(PDF, IMAGE)) == [
        ("attachments", "attachments_too_many")
    ]


def test_a_channel_declaring_no_media_rules_accepts_no_attachments() -> None:
    assert codes(ChannelLimits(media=()), attachments=(IMAGE,)) == [
        ("attachments", "attachments_not_accepted")
    ]
    assert codes(ChannelLimits(media=()), attachments=()) == []


def test_each_attachment_is_checked_against_the_rule_for_its_type() -> None:
    limits = ChannelLimits(
        media=(MediaRule(("image/*",), 400), MediaRule(("application/zip",), 10))
    )

    assert codes(limits, attachments=(PDF, IMAGE)) == [
        ("attachments[0]", "attachment_type_not_allowed"),
        ("attachments[1]", "attachment_too_large"),
    ]


def test_a_media_rule_matches_exact_types_and_families() -> None:
    rule = MediaRule(("image/*", "application/pdf"), 1)

    assert rule.matches("image/webp")
    assert rule.matches("application/pdf")
    assert not rule.matches("application/zip")
