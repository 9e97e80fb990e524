"""The bulletin's own rules for a release, beyond the declared limits."""

from __future__ import annotations

from datetime import UTC, datetime

from fabu.channels import Bilingual, Finding, ReleaseSnapshot, Severity
from fabu_bulletin._period import posting_period

__all__ = ["bulletin_findings"]


def bulletin_findings(release: ReleaseSnapshot) -> list[Finding]:
    """A body is required and the posting period must be sound; no portal link or attachments warn."""
    findings = []
    if not release.body_text.strip():
        findings.append(
            Finding(field="body", code="body_required", message=Bilingual(zh="正文不能为空", en="Body is required"))
        )
    try:
        posting_period(release, 1, release.published_at or datetime.now(UTC))
    except ValueError as error:
        zh, _, en = str(error).partition(" / ")
        findings.append(
            Finding(
                field="variant.posting_period", code="posting_period_invalid", message=Bilingual(zh=zh, en=en or zh)
            )
        )
    if "portal" not in release.links:
        findings.append(
            Finding(
                field="links.portal",
                code="portal_link_missing",
                message=Bilingual(
                    zh="没有门户网站链接，通知将不带二维码；请先发布到门户网站",
                    en="No portal link: the notice will have no QR code; publish to the portal first",
                ),
                severity=Severity.WARNING,
            )
        )
    if release.attachments:
        findings.append(
            Finding(
                field="attachments",
                code="attachments_not_posted",
                message=Bilingual(
                    zh="附件不随通知张贴，读者可扫码在门户网站查看",
                    en="Attachments are not posted; readers find them on the portal through the QR code",
                ),
                severity=Severity.WARNING,
            )
        )
    return findings
