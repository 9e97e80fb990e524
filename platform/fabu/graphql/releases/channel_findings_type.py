"""What each target channel's plugin says about a release, for editors before they submit."""

from __future__ import annotations

import strawberry

from fabu.channels.api import Finding
from fabu.workflow.channel_gate import ChannelFindings, input_field


@strawberry.type(description="渠道插件的一条校验发现 / one finding of a channel plugin's validation")
class ChannelFinding:
    field: str = strawberry.field(description="稿件字段，渠道专属字段写作 variants.<渠道>.<字段> / the release field")
    code: str
    severity: str = strawberry.field(description="error 阻止发布；warning 仅提示 / error blocks publication, warning does not")
    message: str

    @classmethod
    def from_finding(cls, channel: str, finding: Finding) -> ChannelFinding:
        return cls(field=input_field(channel, finding), code=finding.code, severity=finding.severity.value, message=str(finding.message))


@strawberry.type(name="ChannelFindings", description="一个目标渠道对稿件当前版本的校验结果 / one target channel's findings on the current version")
class ChannelFindingsType:
    channel: str
    display_name: str
    blocking: bool = strawberry.field(description="有阻止发布的问题时，不能提交或排期 / whether it keeps the release from being submitted or scheduled")
    findings: list[ChannelFinding]

    @classmethod
    def from_report(cls, report: ChannelFindings) -> ChannelFindingsType:
        return cls(
            channel=report.channel, display_name=str(report.display_name), blocking=bool(report.blocking),
            findings=[ChannelFinding.from_finding(report.channel, finding) for finding in report.findings],
        )  # fmt: skip
