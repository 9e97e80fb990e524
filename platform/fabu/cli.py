"""The `fabu` command line: thin wrappers over the same services the API and jobs use."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeVar

import click

from fabu.settings import Settings


def _settings(**overrides: object) -> Settings:
    return Settings(**{key: value for key, value in overrides.items() if value is not None})  # type: ignore[arg-type]


@click.group()
def main() -> None:
    """Fabu (发布): the information-release platform for government units."""


@main.command()
@click.option("--data-dir", type=click.Path(path_type=Path), default=Path(".fabu"), show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Also seed the demo unit (see README for its logins).")
def dev(data_dir: Path, host: str, port: int, demo: bool) -> None:
    """Start everything on embedded servers: PostgreSQL, Redis, local object store, API and worker."""
    from fabu.devrun import run_dev

    run_dev(data_dir.resolve(), host, port, demo)


@main.command()
@click.option("--host", default=None)
@click.option("--port", default=None, type=int)
def serve(host: str | None, port: int | None) -> None:
    """Serve the API against external servers (FABU_DATABASE_URL, FABU_REDIS_URL, FABU_S3_*)."""
    from fabu.runner import serve as serve_api

    asyncio.run(serve_api(_settings(host=host, port=port), with_worker=False))


@main.command()
def worker() -> None:
    """Run a job worker against external servers."""
    from fabu.runner import run_worker

    asyncio.run(run_worker(_settings()))


@main.command()
def migrate() -> None:
    """Apply migrations as the owner (FABU_DATABASE_URL) and create the app role."""
    from fabu.db.migrate import migrate as run_migrations

    settings = _settings()
    if not settings.database_url:
        raise click.UsageError("FABU_DATABASE_URL 未设置 / FABU_DATABASE_URL is not set")
    asyncio.run(run_migrations(settings.database_url, settings.app_db_role, settings.app_db_password.get_secret_value()))
    click.echo("迁移完成 / migrations applied")


@main.group()
def schema() -> None:
    """The GraphQL schema contract."""


@schema.command("export")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
def schema_export(output: Path | None) -> None:
    """Print or write the SDL (committed as graphql/schema.graphql)."""
    from fabu.graphql.schema import export_sdl

    sdl = export_sdl()
    if output is None:
        sys.stdout.write(sdl)
    else:
        output.write_text(sdl, encoding="utf-8")
        click.echo(f"已写入 / written: {output}")


@main.group()
def plugins() -> None:
    """Channel plugins."""


@plugins.command("list")
def plugins_list() -> None:
    """Show the channel plugins found through the `fabu.channels` entry points, and why any was skipped."""
    from fabu.channels.registry import discover, format_plugin_table

    click.echo(format_plugin_table(discover()))


@main.command("settings-doc")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
def settings_doc(output: Path | None) -> None:
    """Print or write the settings reference (committed as docs/settings.md)."""
    from fabu.settings_docs import render_settings_reference

    text = render_settings_reference()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@main.group()
def audit() -> None:
    """The tamper-evident audit log."""


@audit.command("verify")
@click.option("--tenant", "tenant_code", default=None, help="Unit code; all units when omitted.")
def audit_verify(tenant_code: str | None) -> None:
    """Recompute each unit's audit chain and report the first broken link. Exits 1 if any is broken."""
    from fabu.audit.verify_all import verify_all

    settings = _settings()
    if not settings.database_url:
        raise click.UsageError("FABU_DATABASE_URL 未设置 / FABU_DATABASE_URL is not set")
    reports = asyncio.run(verify_all(settings.database_url, tenant_code))
    broken = 0
    for code, report in reports:
        if report.intact:
            click.echo(f"{code}: 完好 / intact ({report.entries} entries)")
        else:
            broken += 1
            click.echo(f"{code}: 第 {report.first_broken_seq} 条断开 / broken at entry {report.first_broken_seq}: {report.reason}")
    if tenant_code and not reports:
        raise click.ClickException(f"未找到单位 / unit not found: {tenant_code}")
    sys.exit(1 if broken else 0)


@main.group()
def tenants() -> None:
    """Units as manifests (tenants/README.md): validate, apply, export, diagram, schema."""


_T = TypeVar("_T")


def _manifest_errors(action: Callable[[], _T]) -> _T:
    """Run ``action``, printing a refused manifest's problems (each with its path), or any user error, and exiting 1."""
    from fabu.errors import FabuError, FabuErrors
    from fabu.onboarding import ManifestError

    try:
        return action()
    except ManifestError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    except FabuErrors as error:
        click.echo("\n".join(f"  - {item.field or ''}: {item.message}" for item in error.errors), err=True)
        sys.exit(1)
    except FabuError as error:
        click.echo(f"{error.field or ''}: {error.message}", err=True)
        sys.exit(1)


@tenants.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def tenants_validate(file: Path) -> None:
    """Check a manifest and list every problem with its path; exits 1 if any."""
    from fabu.onboarding import load_manifest

    text = file.read_text(encoding="utf-8")
    _manifest_errors(lambda: load_manifest(text))
    click.echo(f"清单有效 / the manifest is valid: {file}")


@tenants.command("apply")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--initial-passwords", is_flag=True, help="Give new accounts a one-time initial password, printed once.")
def tenants_apply(file: Path, dry_run: bool, initial_passwords: bool) -> None:
    """Create or update the unit in one transaction (as the owner, FABU_DATABASE_URL) and print the diff."""
    from fabu.onboarding.commands import render_result, run_apply

    settings = _settings()
    if not settings.database_url:
        raise click.UsageError("FABU_DATABASE_URL 未设置 / FABU_DATABASE_URL is not set")
    text = file.read_text(encoding="utf-8")
    result = _manifest_errors(
        lambda: asyncio.run(run_apply(settings, text, dry_run=dry_run, initial_passwords=initial_passwords))
    )
    click.echo(render_result(result))


@tenants.command("export")
@click.argument("code")
def tenants_export(code: str) -> None:
    """Print the unit's manifest; applying it back changes nothing."""
    from fabu.onboarding.commands import run_export

    settings = _settings()
    if not settings.database_url:
        raise click.UsageError("FABU_DATABASE_URL 未设置 / FABU_DATABASE_URL is not set")
    sys.stdout.write(_manifest_errors(lambda: asyncio.run(run_export(settings, code))))


@tenants.command("graph")
@click.argument("code")
@click.option("--format", "kind", type=click.Choice(["svg", "mermaid"]), default="mermaid", show_default=True)
def tenants_graph(code: str, kind: Literal["svg", "mermaid"]) -> None:
    """Print the unit's active workflow template as a diagram."""
    from fabu.onboarding.commands import run_graph

    settings = _settings()
    if not settings.database_url:
        raise click.UsageError("FABU_DATABASE_URL 未设置 / FABU_DATABASE_URL is not set")
    sys.stdout.write(_manifest_errors(lambda: asyncio.run(run_graph(settings, code, kind))) + "\n")


@tenants.command("schema")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
def tenants_schema(output: Path | None) -> None:
    """Print or write the manifest's JSON Schema (committed as tenants/schema.json)."""
    from fabu.onboarding import manifest_json_schema_text

    text = manifest_json_schema_text()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@main.group("platform-admins")
def platform_admins() -> None:
    """Platform administrators (平台管理员): they apply manifests through GraphQL; created here, as the owner."""


def _owner_settings() -> Settings:
    settings = _settings()
    if not settings.database_url:
        raise click.UsageError("FABU_DATABASE_URL 未设置 / FABU_DATABASE_URL is not set")
    return settings


@platform_admins.command("create")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def platform_admins_create(username: str, password_stdin: bool) -> None:
    """Create a platform administrator (the password is prompted for, or read from stdin)."""
    from fabu.identity.commands import run_create

    settings = _owner_settings()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    admin_id = _manifest_errors(lambda: asyncio.run(run_create(settings, username, password)))
    click.echo(f"平台管理员已创建 / platform admin created: {username.strip().lower()} ({admin_id})")


@platform_admins.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Re-enable instead.")
def platform_admins_disable(username: str, enable: bool) -> None:
    """Disable a platform administrator; their tokens stop working at once."""
    from fabu.identity.commands import run_set_disabled

    settings = _owner_settings()
    _manifest_errors(lambda: asyncio.run(run_set_disabled(settings, username, not enable)))
    click.echo(f"已{'启用' if enable else '停用'} / {'enabled' if enable else 'disabled'}: {username}")
