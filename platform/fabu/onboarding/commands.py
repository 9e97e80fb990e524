"""What ``fabu tenants ...`` runs: the onboarding services against the owner's database URL."""

from __future__ import annotations

from typing import Literal

from fabu.db.engine import configure_engine
from fabu.onboarding._apply import AccountPolicy, ApplyResult, apply_manifest
from fabu.onboarding._export import export_manifest, export_yaml
from fabu.onboarding._graph import unit_diagram
from fabu.onboarding._loading import load_manifest
from fabu.settings import Settings


async def run_apply(settings: Settings, text: str, *, dry_run: bool, initial_passwords: bool) -> ApplyResult:
    assert settings.database_url is not None
    valid = load_manifest(text)
    configure_engine(settings.database_url)
    return await apply_manifest(valid, settings, dry_run=dry_run, accounts=AccountPolicy(initial_passwords=initial_passwords))


async def run_export(settings: Settings, code: str) -> str:
    assert settings.database_url is not None
    configure_engine(settings.database_url)
    return export_yaml(await export_manifest(code))


async def run_graph(settings: Settings, code: str, kind: Literal["svg", "mermaid"]) -> str:
    assert settings.database_url is not None
    configure_engine(settings.database_url)
    return await unit_diagram(code, kind)


def render_result(result: ApplyResult) -> str:
    """The diff ``fabu tenants apply`` prints, then any one-time initial passwords."""
    if result.diff.empty:
        return "无变更 / no changes"
    head = "将变更 / would change:" if result.dry_run else "已变更 / changed:"
    lines = [head, *result.diff.lines]
    if result.initial_passwords:
        lines += ["", "初始密码（只显示这一次，请当面交给本人并要求首次登录后修改）/ initial passwords (shown once):"]
        lines += [f"  {username}: {password}" for username, password in result.initial_passwords]
    return "\n".join(lines)
