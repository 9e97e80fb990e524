"""Publishing: channel installations, the outbox written when a release becomes READY, its relay and
delivery through the channel plugins, and the append-only publication ledger (发布台账).

Around the delivery: pausing a channel whose credentials were refused (``pausing``), the channels'
rate limits (``throttle``, with the ``status`` reads they count in ``reads``), polling receipts left
pending (``polling``, ``polling_rules``), the channels linking to the portal when it gives up
(``linked``), and correction and takedown (``actions``, ``readiness``, ``corrections``, ``retraction``).

See ``docs/publishing.md``, ``docs/channel-plugins.md`` ("For the publishing pipeline") and
decision 4 of the architecture.
"""

from fabu.publishing.installations import (
    Installation,
    configure_channel,
    install_channel,
    list_installations,
    set_channel_enabled,
)
from fabu.publishing.outbox import schedule_release

__all__ = [
    "Installation",
    "configure_channel",
    "install_channel",
    "list_installations",
    "schedule_release",
    "set_channel_enabled",
]
