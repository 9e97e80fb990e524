"""Checking channel installations: the plugin is installed, its config fits, and secrets are env references."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from fabu.channels.api import secret_fields
from fabu.channels.registry import Registry, UnknownChannelError
from fabu.onboarding._manifest import ENV_REFERENCE, ChannelEntry
from fabu.onboarding._problems import ManifestCode, ManifestProblem, problem
from fabu.workflow.definition import problems_from_validation_error

_REFERENCE = re.compile(ENV_REFERENCE)
_PLACEHOLDER = "env-reference-placeholder"


def channel_problems(channels: tuple[ChannelEntry, ...], registry: Registry) -> Iterator[ManifestProblem]:
    seen: set[str] = set()
    for index, channel in enumerate(channels):
        path = f"channels[{index}]"
        if channel.plugin in seen:
            yield problem(
                f"{path}.plugin", ManifestCode.DUPLICATE_CHANNEL, f"渠道「{channel.plugin}」重复", f"channel {channel.plugin!r} appears twice"
            )
        seen.add(channel.plugin)
        try:
            plugin = registry.get(channel.plugin)
        except UnknownChannelError as error:
            installed = ", ".join(sorted(registry.plugins)) or "-"
            yield problem(
                f"{path}.plugin",
                ManifestCode.UNKNOWN_PLUGIN,
                f"未安装渠道插件「{channel.plugin}」，已安装：{installed}",
                f"{error}; installed: {installed}",
            )
            continue
        yield from _config_problems(channel.config, plugin.config_model, f"{path}.config")


def _config_problems(config: dict[str, Any], model: Any, path: str) -> Iterator[ManifestProblem]:
    secrets = {model.model_fields[name].alias or name for name in secret_fields(model)}
    checked = dict(config)
    for name in sorted(secrets & set(config)):
        value = config[name]
        if value is None:
            continue
        if not (isinstance(value, str) and _REFERENCE.match(value)):
            yield problem(
                f"{path}.{name}",
                ManifestCode.INLINE_SECRET,
                f"密钥字段「{name}」不能直接写值，请写成环境变量引用，如 ${{env:{name.upper()}}}",
                f"secret field {name!r} must not hold a value; write an environment reference such as ${{env:{name.upper()}}}",
            )
        checked[name] = _PLACEHOLDER
    try:
        model.model_validate(checked)
    except ValidationError as error:
        for found in problems_from_validation_error(error):
            yield ManifestProblem.embedded(found, path)
