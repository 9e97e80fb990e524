"""The conformance kit, run against the bulletin plugin as any plugin author would run it."""

from fabu.channels.testing import ChannelConformance


class TestBulletinConformance(ChannelConformance):
    """Every contract test passes for the bulletin channel (metrics and feedback are not declared)."""
