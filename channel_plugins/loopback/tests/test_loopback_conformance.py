"""The conformance kit, run against the loopback plugin as any plugin author would run it."""

from fabu.channels.testing import ChannelConformance


class TestLoopbackConformance(ChannelConformance):
    """Every contract test passes for the loopback channel."""
