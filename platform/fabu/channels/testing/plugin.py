"""The pytest side of the kit: the ``--fabu-channel`` option and the fixtures the conformance suite uses.

Nothing here runs unless a test asks for these fixtures: the option and the fixtures are inert
in a test run that has no :class:`~fabu.channels.testing.ChannelConformance` subclass.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from fabu.channels.api import (
    ChannelConfig,
    ChannelContext,
    ChannelPlugin,
    ReleaseSnapshot,
)
from fabu.channels.cache import InMemoryCache
from fabu.channels.registry import UnknownChannelError, load_plugin
from fabu.channels.testing._fakes import (
    SAMPLE_IMAGE,
    SAMPLE_IMAGE_KEY,
    InMemoryMedia,
    sample_release,
)
from fabu.channels.validation import check_limits

__all__ = [
    "channel_cache",
    "channel_config",
    "channel_context",
    "channel_media",
    "channel_plugin",
    "channel_release",
    "pytest_addhooks",
    "pytest_addoption",
]

_HOW = (
    "用 --fabu-channel=<入口点名> 或 ini 项 fabu_channel 指定插件，或覆盖 channel_plugin 夹具"
    " / name the plugin with --fabu-channel=<entry point name> or the ini option fabu_channel,"
    " or override the channel_plugin fixture"
)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Make ``pytest_plugins = ["fabu.channels.testing"]`` harmless once the entry point loaded the kit.

    pytest registered the kit under its entry-point name, and registering the same module again
    under its import name would fail; blocking that name turns the redundant request into a no-op.
    """
    if pluginmanager.get_plugin("fabu.channels.testing") is None:
        pluginmanager.set_blocked("fabu.channels.testing")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--fabu-channel`` and the ini option ``fabu_channel``."""
    group = parser.getgroup("fabu-channels", "Fabu channel-plugin conformance kit")
    group.addoption(
        "--fabu-channel",
        dest="fabu_channel",
        default=None,
        metavar="NAME",
        help="entry-point name (group fabu.channels) of the plugin the conformance suite tests",
    )
    parser.addini(
        "fabu_channel",
        "entry-point name of the plugin the conformance suite tests",
        default="",
    )


@pytest.fixture
def channel_plugin(request: pytest.FixtureRequest) -> ChannelPlugin[Any]:
    """The plugin under test, loaded through its entry point as the platform loads it."""
    name = request.config.getoption("fabu_channel") or request.config.getini(
        "fabu_channel"
    )
    if not name:
        pytest.fail(_HOW, pytrace=False)
    try:
        return load_plugin(str(name))
    except UnknownChannelError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def channel_config(channel_plugin: ChannelPlugin[Any]) -> ChannelConfig:
    """A valid config instance; the default uses the model's defaults, override it otherwise."""
    model: type[ChannelConfig] = channel_plugin.config_model
    try:
        return model()
    except ValidationError:
        pytest.skip(
            "配置模型没有默认值，请覆盖 channel_config 夹具 / override the channel_config fixture"
        )


@pytest.fixture
def channel_media() -> InMemoryMedia:
    """Media holding the sample release's attachment."""
    return InMemoryMedia({SAMPLE_IMAGE_KEY: SAMPLE_IMAGE})


@pytest.fixture
def channel_cache() -> InMemoryCache:
    """A fresh cache store for the test; pass it to ``open_context(cache=...)`` in ``channel_context``."""
    return InMemoryCache()


@pytest.fixture
def channel_release(channel_plugin: ChannelPlugin[Any]) -> ReleaseSnapshot:
    """The sample release, without its attachment if the channel's limits refuse it."""
    release = sample_release()
    if any(
        finding.field.startswith("attachments")
        for finding in check_limits(release, channel_plugin.limits)
    ):
        release = release.model_copy(update={"attachments": ()})
    return release


@pytest.fixture
def channel_context() -> ChannelContext[Any]:
    """A context pointed at the author's fake server; the default skips the tests that call the channel."""
    pytest.skip(
        "请覆盖 channel_context 夹具，指向你的模拟服务 / override the channel_context fixture to point at your fake server"
    )
