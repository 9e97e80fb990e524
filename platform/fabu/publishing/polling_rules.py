"""How often a receipt a channel left ``pending`` is polled, and for how long (operator settings).

A channel's review may take minutes (Weibo) or a working day (a WeChat article over a weekend), so
the unit's operator sets the first wait, the longest wait and the age after which a person is asked
to look (``FABU_PUBLISHING_POLL_FIRST_MINUTES``, ``FABU_PUBLISHING_POLL_MAX_MINUTES``,
``FABU_PUBLISHING_PENDING_MAX_DAYS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fabu.settings import Settings


@dataclass(frozen=True)
class PollingRules:
    """The waits between polls of a pending receipt, and when it is flagged instead."""

    first: timedelta = timedelta(minutes=1)
    """How long after a pending receipt the channel is first asked again; doubled after each poll."""
    longest: timedelta = timedelta(hours=1)
    """The longest wait between two polls."""
    max_age: timedelta = timedelta(days=3)
    """A publication pending longer than this is flagged for a person instead of polled on."""

    @classmethod
    def from_settings(cls, settings: Settings) -> PollingRules:
        """The rules the operator set."""
        return cls(
            first=timedelta(minutes=settings.publishing_poll_first_minutes),
            longest=timedelta(minutes=settings.publishing_poll_max_minutes),
            max_age=timedelta(days=settings.publishing_pending_max_days),
        )

    def interval(self, polls: int) -> timedelta:
        """The wait after the ``polls``-th poll: ``first``, doubling, at most ``longest``."""
        doublings = min(max(polls, 0), 16)  # bounded: a timedelta overflows long before 2 ** polls does
        return min(self.first * (1 << doublings), max(self.longest, self.first))


DEFAULT_POLLING = PollingRules()
"""The rules of the settings' defaults."""
