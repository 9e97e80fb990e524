"""Fixtures: a fake of the Example API (an httpx.MockTransport), and the conformance kit pointed at it.

The conformance kit (``fabu.channels.testing``) is loaded by pytest automatically once Fabu is
installed; these fixtures tell it which plugin to test and how to reach a fake channel.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fabu_channel_example import ExampleChannel, ExampleConfig
from fake_api import TOKEN, FakeExampleApi

from fabu.channels import ChannelContext, ChannelPlugin, open_context
from fabu.channels.testing import SAMPLE_TENANT_ID, FixedClock, InMemoryMedia


@pytest.fixture
def fake_api() -> FakeExampleApi:
    return FakeExampleApi()


@pytest.fixture
def channel_plugin() -> ChannelPlugin[Any]:
    """The plugin under test (or ``load_plugin("example")`` to go through the entry point)."""
    return ExampleChannel()


@pytest.fixture
def channel_config() -> ExampleConfig:
    return ExampleConfig(token=TOKEN)  # type: ignore[arg-type]


@pytest.fixture
async def channel_context(
    channel_config: ExampleConfig,
    channel_media: InMemoryMedia,
    fake_api: FakeExampleApi,
) -> AsyncIterator[ChannelContext[ExampleConfig]]:
    async with open_context(
        tenant_id=SAMPLE_TENANT_ID,
        config=channel_config,
        media=channel_media,
        channel="example",
        clock=FixedClock(),
        transport=httpx.MockTransport(fake_api),
    ) as ctx:
        yield ctx
