"""Check a loaded plugin against the declarative part of the contract.

The registry skips a plugin with problems; the conformance kit asserts there are none. Each
problem is a :class:`Bilingual` text naming the member and the rule.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from pydantic import BaseModel

from fabu.channels.api import (
    API_VERSION,
    Bilingual,
    Capability,
    ChannelConfig,
    ChannelLimits,
    ChannelPlugin,
    is_compatible_api,
    secret_fields,
)

__all__ = [
    "api_version_problems",
    "bilingual_problems",
    "capability_problems",
    "config_problems",
    "contract_problems",
    "metadata_problems",
]

NAME_RE: Final = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
_CJK: Final = re.compile(r"[\u3400-\u9fff]")


def contract_problems(plugin: ChannelPlugin[Any]) -> list[Bilingual]:
    """Every problem below, API version first."""
    return [
        *api_version_problems(plugin),
        *metadata_problems(plugin),
        *config_problems(plugin),
        *capability_problems(plugin),
    ]


def api_version_problems(plugin: ChannelPlugin[Any]) -> list[Bilingual]:
    """Whether the plugin's ``api_version`` is one this SDK runs."""
    version = getattr(plugin, "api_version", None)
    if isinstance(version, str) and is_compatible_api(version):
        return []
    return [
        Bilingual(
            zh=f"插件面向接口版本 {version!r}，本平台为 {API_VERSION}，主版本须相同且次版本不高于平台",
            en=f"plugin targets API {version!r}; this platform runs {API_VERSION} (same major, minor not newer)",
        )
    ]


def bilingual_problems(member: str, text: object) -> list[Bilingual]:
    """Whether ``text`` is a :class:`Bilingual` with Chinese in ``zh`` and none in ``en``."""
    if not isinstance(text, Bilingual):
        return [
            Bilingual(
                zh=f"{member} 须为 Bilingual（中英文）",
                en=f"{member} must be a Bilingual (zh, en)",
            )
        ]
    problems = []
    if not _CJK.search(text.zh):
        problems.append(
            Bilingual(zh=f"{member}.zh 须含中文", en=f"{member}.zh must be Chinese")
        )
    if _CJK.search(text.en):
        problems.append(
            Bilingual(zh=f"{member}.en 须为英文", en=f"{member}.en must be English")
        )
    return problems


def metadata_problems(plugin: ChannelPlugin[Any]) -> list[Bilingual]:
    """Whether ``name``, ``display_name``, ``capabilities`` and ``limits`` are declared well."""
    problems = []
    name = getattr(plugin, "name", None)
    if not isinstance(name, str) or not NAME_RE.match(name):
        problems.append(
            Bilingual(
                zh=f"name {name!r} 须为小写字母开头的短名，如 wechat",
                en=f"name {name!r} must be a short lowercase identifier such as wechat",
            )
        )
    problems.extend(
        bilingual_problems("display_name", getattr(plugin, "display_name", None))
    )
    if not isinstance(getattr(plugin, "capabilities", None), Capability):
        problems.append(
            Bilingual(
                zh="capabilities 须为 Capability",
                en="capabilities must be a Capability",
            )
        )
    if not isinstance(getattr(plugin, "limits", None), ChannelLimits):
        problems.append(
            Bilingual(
                zh="limits 须为 ChannelLimits", en="limits must be a ChannelLimits"
            )
        )
    return problems


def config_problems(plugin: ChannelPlugin[Any]) -> list[Bilingual]:
    """Whether ``config_model`` is a :class:`ChannelConfig` whose JSON Schema marks every secret."""
    model = getattr(plugin, "config_model", None)
    if not (isinstance(model, type) and issubclass(model, ChannelConfig)):
        return [
            Bilingual(
                zh="config_model 须为 ChannelConfig 的子类",
                en="config_model must subclass ChannelConfig",
            )
        ]
    try:
        schema = json.loads(json.dumps(plugin.config_schema()))
    except Exception as exc:
        return [
            Bilingual(
                zh=f"配置模型无法生成 JSON Schema：{exc}",
                en=f"config JSON Schema fails: {exc}",
            )
        ]
    return _unmarked_secrets(model, schema)


def _unmarked_secrets(
    model: type[BaseModel], schema: dict[str, Any]
) -> list[Bilingual]:
    properties = schema.get("properties", {})
    problems = []
    for name in secret_fields(model):
        prop = properties.get(model.model_fields[name].alias or name, {})
        if prop.get("secret") is not True or prop.get("writeOnly") is not True:
            problems.append(
                Bilingual(
                    zh=f"配置字段 {name} 是密钥，JSON Schema 须标注 secret 与 writeOnly",
                    en=f"config field {name} is secret; its JSON Schema must say secret and writeOnly",
                )
            )
    return problems


def capability_problems(plugin: ChannelPlugin[Any]) -> list[Bilingual]:
    """Whether every declared capability's method is implemented (overridden)."""
    declared = getattr(plugin, "capabilities", Capability(0))
    if not isinstance(declared, Capability):
        return []
    return [
        Bilingual(
            zh=f"声明了 {capability.method} 能力却未实现该方法",
            en=f"declares {capability.method} but does not implement it",
        )
        for capability in Capability
        if capability in declared
        and getattr(type(plugin), capability.method)
        is getattr(ChannelPlugin, capability.method)
    ]
