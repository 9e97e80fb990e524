"""The conformance kit, run against the portal plugin as any plugin author would run it."""

from fabu.channels.testing import ChannelConformance


class TestPortalConformance(ChannelConformance):
    """Every contract test passes for the portal channel (metrics and feedback are not declared)."""
