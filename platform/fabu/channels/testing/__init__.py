"""The conformance kit for channel plugins: a pytest plugin plus helpers for a plugin's own tests.

Installing ``fabu`` registers this module with pytest (entry point ``pytest11: fabu_channels``), so
a plugin's test suite needs no ``pytest_plugins`` line. It does nothing until asked. To run the
contract against a plugin, subclass :class:`ChannelConformance` in a test module::

    from fabu.channels.testing import ChannelConformance

    class TestMyChannel(ChannelConformance):
        pass

and name the plugin, either with ``pytest --fabu-channel=<entry point name>`` (or the ini option
``fabu_channel``) or by overriding the ``channel_plugin`` fixture. The tests that call the channel
need a ``channel_context`` fixture pointed at a fake server; the others run without one. Fixtures:

``channel_plugin``
    The plugin, loaded through its entry point (from ``--fabu-channel``).
``channel_config``
    A config instance; defaults to the config model's defaults.
``channel_media``
    An :class:`InMemoryMedia` holding the sample attachment.
``channel_cache``
    A fresh :class:`~fabu.channels.InMemoryCache` to pass as ``open_context(cache=...)``.
``channel_release``
    :func:`sample_release`, minus its attachment if the channel refuses it.
``channel_context``
    Override it: e.g. ``async with open_context(..., transport=httpx.MockTransport(fake)) as ctx``.

The async tests are marked ``asyncio``, so the plugin's test environment needs pytest-asyncio.
"""

from fabu.channels.testing._fakes import (
    SAMPLE_IMAGE,
    SAMPLE_IMAGE_KEY,
    SAMPLE_TENANT_ID,
    FixedClock,
    InMemoryMedia,
    sample_release,
)
from fabu.channels.testing._server import FakeServer, StatefulHTTPServer
from fabu.channels.testing._suite import ChannelConformance

__all__ = [
    "SAMPLE_IMAGE",
    "SAMPLE_IMAGE_KEY",
    "SAMPLE_TENANT_ID",
    "ChannelConformance",
    "FakeServer",
    "FixedClock",
    "InMemoryMedia",
    "StatefulHTTPServer",
    "sample_release",
]

pytest_plugins = ["fabu.channels.testing.plugin"]
