"""Sources backing a release's figures and policy citations, as output and as input."""

from __future__ import annotations

import strawberry

from fabu.releases.content import Source


@strawberry.type(description="数据与政策引用的出处 / what backs a figure or a policy citation")
class ReleaseSource:
    claim: str = strawberry.field(description="稿件中的表述 / the statement in the release")
    source_title: str = strawberry.field(description="来源名称 / the source's title")
    source_url: str = strawberry.field(description="来源网址 / the source's URL (may be empty)")
    document_reference: str = strawberry.field(description="文件文号或出处 / document number or reference (may be empty)")

    @classmethod
    def from_source(cls, source: Source) -> ReleaseSource:
        return cls(
            claim=source.claim, source_title=source.source_title, source_url=source.source_url,
            document_reference=source.document_reference,
        )  # fmt: skip


@strawberry.input(description="出处：须给出网址或文件文号/出处之一 / a source: give a URL or a document reference")
class ReleaseSourceInput:
    claim: str
    source_title: str
    source_url: str = ""
    document_reference: str = ""

    def to_source(self) -> Source:
        return Source(
            claim=self.claim, source_title=self.source_title, source_url=self.source_url,
            document_reference=self.document_reference,
        )  # fmt: skip
