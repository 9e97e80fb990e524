"""Channel installations from a manifest: secrets resolved from the environment, installed, compared, exported.

A manifest names secrets as ``${env:NAME}`` references; they are resolved when the manifest is
applied, from the environment of the process applying it, and handed to the publishing domain,
which seals them. Installed and desired configs are compared field by field with the secrets
decrypted, so re-applying an unchanged manifest changes nothing, while a rotated secret (the
variable now holds another value) reconfigures the channel. A secret the manifest leaves out
keeps its installed value, as in the settings form. Installed channels the manifest does not
list are disabled, never uninstalled: their config and history stay.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pydantic import BaseModel, SecretStr, TypeAdapter, ValidationError

from fabu.channels.api import secret_fields
from fabu.channels.secrets import REDACTED, KeyRing, SecretsError
from fabu.errors import FabuError
from fabu.onboarding._diff import Keyed
from fabu.onboarding._manifest import ChannelEntry
from fabu.onboarding._problems import ManifestCode, ManifestError, ManifestProblem, problem
from fabu.onboarding._state import ChannelState
from fabu.publishing.installations import (
    channel_config,
    configure_channel,
    install_channel,
    list_installations,
    set_channel_enabled,
)
from fabu.publishing.plugins import plugin

_REFERENCE = re.compile(r"^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$")


@dataclass(frozen=True)
class DesiredChannel:
    state: ChannelState
    config: dict[str, Any]
    """The config to install: public fields and the secrets the manifest sets, resolved (plaintext)."""


def _secret_aliases(model: type[BaseModel]) -> dict[str, str]:
    return {name: model.model_fields[name].alias or name for name in secret_fields(model)}


def _digest(value: Any) -> str:
    plain = value.get_secret_value() if isinstance(value, SecretStr) else value
    return hashlib.sha256(repr(plain).encode()).hexdigest()


def _state(config: BaseModel, enabled: bool) -> tuple[ChannelState, dict[str, Any]]:
    aliases = _secret_aliases(type(config))
    public = config.model_dump(mode="json", by_alias=True, exclude=set(aliases))
    secrets = {alias: getattr(config, name) for name, alias in aliases.items() if getattr(config, name) is not None}
    plain = {alias: value.get_secret_value() if isinstance(value, SecretStr) else value for alias, value in secrets.items()}
    return ChannelState(enabled, public, {alias: _digest(value) for alias, value in secrets.items()}), {**public, **plain}


def resolve_channels(channels: tuple[ChannelEntry, ...], environ: Mapping[str, str]) -> dict[str, DesiredChannel]:
    """The channels a manifest asks for, secrets resolved; a variable that is not set is a problem naming the field."""
    problems: list[ManifestProblem] = []
    desired: dict[str, DesiredChannel] = {}
    for index, entry in enumerate(channels):
        config: dict[str, Any] = {}
        for name, value in entry.config.items():
            reference = _REFERENCE.match(value) if isinstance(value, str) else None
            if reference is None:
                config[name] = value
            elif reference.group(1) in environ:
                config[name] = environ[reference.group(1)]
            else:
                variable = reference.group(1)
                problems.append(
                    problem(
                        f"channels[{index}].config.{name}",
                        ManifestCode.MISSING_ENV,
                        f"环境变量 {variable} 未设置：应用清单的进程中没有这个变量",
                        f"environment variable {variable} is not set in the process applying the manifest",
                    )
                )
        if problems:
            continue
        try:
            model = plugin(entry.plugin, field=f"channels[{index}].plugin").config_model
            state, resolved = _state(model.model_validate(config), entry.enabled)
        except ValidationError as error:
            problems.extend(
                problem(
                    ".".join([f"channels[{index}].config", *(str(part) for part in issue["loc"])]),
                    ManifestCode.INVALID_ENV_VALUE,
                    f"环境变量中的值不符合渠道配置：{issue['msg']}",
                    f"a value from the environment does not fit the channel config: {issue['msg']}",
                )
                for issue in error.errors()
            )
            continue
        desired[entry.plugin] = DesiredChannel(state, resolved)
    if problems:
        raise ManifestError(problems)
    return desired


async def read_channels(tenant_id: UUID, ring: KeyRing | None) -> dict[str, ChannelState]:
    """The unit's installed channels, secrets decrypted only to be digested (without a ring: switches only)."""
    found: dict[str, ChannelState] = {}
    for installation in await list_installations():
        if ring is None:
            found[installation.channel] = ChannelState(installation.enabled)
            continue
        try:
            config = await channel_config(tenant_id, ring, installation.channel)
            state, _ = _state(config, installation.enabled)
        except (FabuError, SecretsError, ValidationError):
            # Plugin gone, or sealed under a key no longer in the ring: nothing matches it, so a
            # manifest listing the channel reconfigures it.
            state = ChannelState(installation.enabled, {"(unreadable)": True})
        found[installation.channel] = state
    return found


async def write_channels(changes: Keyed, desired: dict[str, DesiredChannel], tenant_id: UUID, ring: KeyRing | None) -> None:
    """Install, reconfigure and switch channels; ``ring`` may be None only when nothing is installed or configured."""
    for name in (*changes.added, *changes.changed):
        if ring is None:
            raise RuntimeError("installing or configuring a channel needs the key ring")
        if name in changes.added:
            await install_channel(tenant_id, ring, name, desired[name].config, enabled=desired[name].state.enabled)
        else:
            await configure_channel(tenant_id, ring, name, desired[name].config)
            await set_channel_enabled(name, desired[name].state.enabled)
    for name in changes.removed:
        await set_channel_enabled(name, False)


def reference_for(channel: str, alias: str) -> str:
    """The environment reference export writes for a secret no manifest named, e.g. ``${env:FABU_WECHAT_APP_SECRET}``."""
    return "${env:" + re.sub(r"[^A-Za-z0-9]+", "_", f"FABU_{channel}_{alias}").upper() + "}"


async def exported_channels(recorded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The installed channels as manifest entries: secrets as references, never values.

    Fields come from the installation (so a change made in the settings form since is kept),
    those left at their default omitted; fields the last manifest wrote as ``${env:NAME}`` are
    written so again. Channels the last manifest listed come first, in its order.
    """
    installations = {installation.channel: installation for installation in await list_installations()}
    references = {entry["plugin"]: entry.get("references") or {} for entry in recorded}
    order = [name for name in references if name in installations] + sorted(set(installations) - set(references))
    entries = []
    for name in order:
        installation = installations[name]
        entry: dict[str, Any] = {"plugin": name, "config": _exported_config(name, installation.config, references.get(name, {}))}
        if not installation.enabled:
            entry["enabled"] = False
        entries.append(entry)
    return entries


def _exported_config(name: str, installed: dict[str, Any], references: dict[str, str]) -> dict[str, Any]:
    try:
        model = plugin(name).config_model
    except FabuError:  # the plugin is gone: write what is known, secrets as their references only
        return {**{key: value for key, value in installed.items() if value != REDACTED}, **references}
    secrets = set(_secret_aliases(model).values())
    defaults = _defaults(model)
    written: dict[str, Any] = {}
    for key, value in installed.items():
        if key in secrets:
            if value is not None:
                written[key] = references.get(key) or reference_for(name, key)
        elif key in references:
            written[key] = references[key]
        elif key not in defaults or defaults[key] != value:
            written[key] = value
    return written


def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON form of each optional field's default, by alias."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not info.is_required():
            default = info.get_default(call_default_factory=True)
            found[info.alias or name] = TypeAdapter(Any).dump_python(default, mode="json")
    return found
