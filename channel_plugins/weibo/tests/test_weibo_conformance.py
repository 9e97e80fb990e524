"""Fabu's conformance kit, run against the Weibo plugin loaded through its entry point."""

from fabu.channels.testing import ChannelConformance


class TestWeiboConformance(ChannelConformance):
    """Every contract test passes against the fake Weibo."""
