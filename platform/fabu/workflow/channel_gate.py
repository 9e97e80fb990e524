"""The target channels' own validation as a workflow gate: what a channel refuses is never scheduled.

Each installed, enabled target channel's plugin validates the release's current version as it
would publish it (with that channel's variant); a target channel the unit has not installed or
has disabled gets a warning, since the outbox will skip it. A release with an ERROR finding on any of them
cannot be submitted, and cannot enter the proofread or ready stage, so the outbox never gets a
row that the channel would refuse. Warnings are shown (``channel_findings``), never blocking.
A channel whose plugin this server lacks, or whose validation fails (raises, or returns anything but
findings), blocks too: publishing to it would fail as well.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from fabu.channels.api import Bilingual, Finding, Severity
from fabu.db.engine import DB
from fabu.errors import FabuError, FabuErrors, not_found
from fabu.publishing.plugins import plugin
from fabu.publishing.snapshot import build_snapshot
from fabu.workflow.errors import WorkflowErrorCode

log = logging.getLogger(__name__)

_VARIANT_PREFIX = "variant."


@dataclass(frozen=True)
class ChannelFindings:
    """What one target channel's plugin says about a release's current version."""

    channel: str
    display_name: Bilingual
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.severity is Severity.ERROR)


def input_field(channel: str, finding: Finding) -> str:
    """The release input a finding is about: a plugin's ``variant.x`` is ``variants.<channel>.x``."""
    if finding.field.startswith(_VARIANT_PREFIX):
        return f"variants.{channel}.{finding.field.removeprefix(_VARIANT_PREFIX)}"
    return finding.field


def _problem(code: str, zh: str, en: str) -> Finding:
    return Finding(field="channels", code=code, message=Bilingual(zh=zh, en=en))


def _name(channel: str) -> Bilingual:
    try:
        return plugin(channel).display_name
    except FabuError:
        return Bilingual(zh=channel, en=channel)


def _not_installed(channel: str) -> Finding:
    return Finding(
        field="channels", code="channel_not_installed", severity=Severity.WARNING,
        message=Bilingual(
            zh=f"本单位未安装或已停用渠道 {channel}，稿件不会发布到该渠道",
            en=f"the unit has not installed channel {channel}, or has disabled it; the release will not be published there",
        ),
    )  # fmt: skip


async def channel_findings(tenant_id: UUID, release_id: UUID) -> list[ChannelFindings]:
    """Each target channel's findings on the current version, in target order; a channel the unit has
    not installed or has disabled gets one warning saying so."""
    release = await DB.fetchrow("select channels, current_version_number from releases where id = $1", release_id)
    if release is None:
        raise not_found("信息稿件", "release", field="releaseId")
    rows = await DB.fetch(
        "select channel from channel_installations where enabled and channel = any($1::text[])",
        list(release["channels"]),
    )
    enabled = {row["channel"] for row in rows}
    found = []
    for channel in release["channels"]:
        if channel not in enabled:
            # Not blocking (the unit may install or enable it later), but never silent: the outbox
            # skips such a channel, and the editor who chose it should know before submitting.
            found.append(ChannelFindings(channel, _name(channel), (_not_installed(channel),)))
            continue
        try:
            channel_plugin = plugin(channel)
        except FabuError:
            name = Bilingual(zh=channel, en=channel)
            problem = _problem(
                "plugin_unavailable", f"渠道插件不可用：{channel}", f"the channel plugin is not available: {channel}"
            )
            found.append(ChannelFindings(channel, name, (problem,)))
            continue
        snapshot = await build_snapshot(tenant_id, release_id, release["current_version_number"], channel)
        try:
            findings = tuple(channel_plugin.validate(snapshot))
            if not all(isinstance(finding, Finding) for finding in findings):
                raise TypeError(f"validate returned something other than findings: {findings!r:.200}")
        except Exception:  # a plugin's bug must not break the workflow, nor let the release through
            log.exception("channel plugin %s failed to validate release %s", channel, release_id)
            findings = (
                _problem(
                    "validation_failed",
                    "渠道插件校验出错，请联系管理员",
                    "the channel plugin failed to validate the release; ask an administrator",
                ),
            )
        found.append(ChannelFindings(channel, channel_plugin.display_name, findings))
    return found


async def require_publishable(tenant_id: UUID, release_id: UUID, stage_name: str, stage_name_en: str) -> None:
    """Raise ``CHANNEL_FINDINGS`` (one error per blocking finding, naming its field) if a channel refuses the release."""
    errors = [
        FabuError(
            WorkflowErrorCode.CHANNEL_FINDINGS,
            f"{report.display_name.zh}不接受本稿件，不能进入“{stage_name}”：{finding.message.zh}",
            f"{report.display_name.en} refuses the release, so it cannot enter “{stage_name_en}”: {finding.message.en}",
            field=input_field(report.channel, finding),
        )
        for report in await channel_findings(tenant_id, release_id)
        for finding in report.blocking
    ]
    if errors:
        raise FabuErrors(errors)
