"""Fabu's contract tests, run against this plugin."""

from fabu.channels.testing import ChannelConformance


class TestExampleConformance(ChannelConformance):
    """Every contract test of the SDK must pass (tests of undeclared capabilities skip)."""
