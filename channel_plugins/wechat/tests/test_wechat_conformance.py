"""Fabu's conformance kit, run against the WeChat plugin loaded through its entry point."""

from fabu.channels.testing import ChannelConformance


class TestWeChatConformance(ChannelConformance):
    """Every contract test passes against the fake WeChat."""
