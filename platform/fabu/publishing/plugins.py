"""The process's channel plugins and key ring, loaded once."""

from __future__ import annotations

from functools import cache
from typing import Any

from fabu.channels.api import ChannelPlugin
from fabu.channels.registry import Registry, UnknownChannelError, discover
from fabu.channels.secrets import KeyRing
from fabu.errors import FabuError
from fabu.publishing.errors import PublishingErrorCode
from fabu.settings import Settings


@cache
def registry() -> Registry:
    """Every usable plugin of this process (a broken plugin is logged and skipped by ``discover``)."""
    return discover()


def plugin(name: str, field: str | None = "channel") -> ChannelPlugin[Any]:
    """The plugin called ``name``, or a user error saying it is not available."""
    try:
        return registry().get(name)
    except UnknownChannelError as error:
        raise FabuError(
            PublishingErrorCode.UNKNOWN_CHANNEL, f"渠道插件不可用：{name}", f"channel plugin not available: {error}", field=field
        ) from None


_RINGS: dict[tuple[str, str, bool], KeyRing] = {}


def key_ring(settings: Settings) -> KeyRing:
    """The key ring configs are sealed with (``FABU_SECRETS_KEYS``), built once per key setting."""
    # Production refuses the development key: a ring built under other settings must not be reused.
    key = (settings.secrets_keys, settings.jwt_secret.get_secret_value(), settings.is_production)
    if key not in _RINGS:
        _RINGS[key] = KeyRing.from_settings(settings)
    return _RINGS[key]
