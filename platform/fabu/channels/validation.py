"""The checks every channel shares: a release against the channel's declared :class:`ChannelLimits`.

A plugin's ``validate`` usually returns ``check_limits(release, self.limits)`` plus its own rules.
The codes are stable: ``title_required``, ``title_too_long``, ``summary_too_long``, ``body_too_long``,
``attachments_too_many``, ``attachments_not_accepted``, ``attachment_type_not_allowed`` and
``attachment_too_large``.
"""

from __future__ import annotations

from fabu.channels.api import (
    Bilingual,
    ChannelLimits,
    Finding,
    MediaRule,
    ReleaseSnapshot,
)

__all__ = ["check_limits"]

_FIELD_NAMES = {
    "title": ("标题", "Title"),
    "summary": ("摘要", "Summary"),
    "body": ("正文", "Body"),
}


def check_limits(release: ReleaseSnapshot, limits: ChannelLimits) -> list[Finding]:
    """Findings for every declared limit that ``release`` breaks, in field order."""
    findings = []
    if not release.title.strip():
        findings.append(
            Finding(
                field="title",
                code="title_required",
                message=Bilingual(zh="标题不能为空", en="Title is required"),
            )
        )
    for field, text, maximum in (
        ("title", release.title, limits.title_max),
        ("summary", release.summary, limits.summary_max),
        ("body", release.body_text, limits.body_max),
    ):
        if maximum is not None and len(text) > maximum:
            findings.append(_too_long(field, len(text), maximum))
    findings.extend(_attachment_findings(release, limits))
    return findings


def _too_long(field: str, length: int, maximum: int) -> Finding:
    zh, en = _FIELD_NAMES[field]
    return Finding(
        field=field,
        code=f"{field}_too_long",
        message=Bilingual(
            zh=f"{zh}共 {length} 字，超过本渠道上限 {maximum} 字",
            en=f"{en} has {length} characters; this channel allows at most {maximum}",
        ),
    )


def _attachment_findings(
    release: ReleaseSnapshot, limits: ChannelLimits
) -> list[Finding]:
    attachments = release.attachments
    findings = []
    if limits.attachments_max is not None and len(attachments) > limits.attachments_max:
        findings.append(
            Finding(
                field="attachments",
                code="attachments_too_many",
                message=Bilingual(
                    zh=f"附件共 {len(attachments)} 个，超过本渠道上限 {limits.attachments_max} 个",
                    en=f"{len(attachments)} attachments; this channel allows at most {limits.attachments_max}",
                ),
            )
        )
    if limits.media is None:
        return findings
    if attachments and not limits.media:
        findings.append(
            Finding(
                field="attachments",
                code="attachments_not_accepted",
                message=Bilingual(
                    zh="本渠道不接受附件", en="This channel accepts no attachments"
                ),
            )
        )
        return findings
    for index, attachment in enumerate(attachments):
        rule = _rule_for(limits.media, attachment.content_type)
        field = f"attachments[{index}]"
        if rule is None:
            findings.append(
                Finding(
                    field=field,
                    code="attachment_type_not_allowed",
                    message=Bilingual(
                        zh=f"附件“{attachment.name}”的类型 {attachment.content_type} 不被本渠道接受",
                        en=f"Attachment '{attachment.name}': type {attachment.content_type} is not accepted here",
                    ),
                )
            )
        elif attachment.size > rule.max_bytes:
            findings.append(
                Finding(
                    field=field,
                    code="attachment_too_large",
                    message=Bilingual(
                        zh=f"附件“{attachment.name}”大小 {attachment.size} 字节，超过上限 {rule.max_bytes} 字节",
                        en=f"Attachment '{attachment.name}' has {attachment.size} bytes; the limit is {rule.max_bytes}",
                    ),
                )
            )
    return findings


def _rule_for(rules: tuple[MediaRule, ...], content_type: str) -> MediaRule | None:
    return next((rule for rule in rules if rule.matches(content_type)), None)
