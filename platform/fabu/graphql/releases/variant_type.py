"""A release's per-channel variants, as output and as input."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from fabu.releases.content import ChannelVariant


@strawberry.type(description="某一渠道的专属内容（如微信摘要、微博短文）/ one channel's own fields of a release")
class ReleaseVariant:
    channel: str = strawberry.field(description="渠道名，如 weibo / the channel, e.g. weibo")
    fields: JSON = strawberry.field(description="渠道插件读取的字段 / the fields the channel's plugin reads")

    @classmethod
    def from_variant(cls, variant: ChannelVariant) -> ReleaseVariant:
        fields: Any = variant.fields
        return cls(channel=variant.channel, fields=fields)


@strawberry.input(
    description="某一目标渠道的专属内容，由该渠道插件在排期发布前校验 / one target channel's own fields, checked by its plugin"
)
class ReleaseVariantInput:
    channel: str = strawberry.field(description="目标渠道之一 / one of the release's channels")
    fields: JSON = strawberry.field(description="JSON 对象；空对象表示删除 / a JSON object; an empty one removes the variant")

    def to_variant(self) -> ChannelVariant:
        fields: Any = self.fields
        return ChannelVariant(channel=self.channel.strip(), fields=fields)


def variants_from_input(inputs: list[ReleaseVariantInput]) -> tuple[ChannelVariant, ...]:
    return tuple(item.to_variant() for item in inputs)
