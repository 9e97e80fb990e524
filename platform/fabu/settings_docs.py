"""The settings reference (docs/settings.md), generated from ``Settings`` so it cannot drift."""

from __future__ import annotations

from pydantic import SecretStr

from fabu.settings import Settings


def render_settings_reference() -> str:
    lines = [
        "# Settings / 配置项",
        "",
        "Every setting is an environment variable prefixed `FABU_`. Generated from",
        "`platform/fabu/settings.py` by `uv run fabu settings-doc -o docs/settings.md`; a test keeps them equal.",
        "",
        "| variable | default | meaning |",
        "| --- | --- | --- |",
    ]
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, SecretStr):
            shown = "(secret)"
        elif default is None:
            shown = "(unset)"
        else:
            shown = f"`{getattr(default, 'value', default)}`"
        lines.append(f"| `FABU_{name.upper()}` | {shown} | {field.description or ''} |")
    return "\n".join(lines) + "\n"
