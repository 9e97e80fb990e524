"""Publishing mutations, one per module, merged into ``PublishingMutation``."""

import strawberry

from fabu.graphql.publishing.mutations.configure_channel import configure_channel
from fabu.graphql.publishing.mutations.install_channel import install_channel
from fabu.graphql.publishing.mutations.retract_release import retract_release
from fabu.graphql.publishing.mutations.set_channel_enabled import set_channel_enabled


@strawberry.type
class PublishingMutation:
    install_channel = install_channel
    configure_channel = configure_channel
    set_channel_enabled = set_channel_enabled
    retract_release = retract_release


__all__ = ["PublishingMutation"]
