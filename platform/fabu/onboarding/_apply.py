"""Applying a validated manifest: create or update the unit in the caller's engine, in one transaction."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from fabu import audit
from fabu.db.engine import DB
from fabu.db.session import switch_tenant
from fabu.identity.passwords import hash_password
from fabu.onboarding import _writes as writes
from fabu.onboarding._channels import DesiredChannel, read_channels, resolve_channels, write_channels
from fabu.onboarding._diff import Diff, diff_states
from fabu.onboarding._guards import refuse_unsafe_removals
from fabu.onboarding._lexicon_checks import recorder_key
from fabu.onboarding._lexicons import write_lexicon
from fabu.onboarding._lines import with_lines
from fabu.onboarding._loading import ValidManifest
from fabu.onboarding._problems import ManifestError
from fabu.onboarding._session import onboarding_transaction, restoring_tenant
from fabu.onboarding._state import StoredIds, UnitState, desired_state, read_state
from fabu.publishing.plugins import key_ring
from fabu.settings import Settings
from fabu.workflow.definition import dump_matrix, dump_template
from fabu.workflow.documents import apply_matrix, apply_template


@dataclass(frozen=True)
class AccountPolicy:
    """How new local accounts get a password: none usable (default), one printed once, or a fixed one (demo)."""

    initial_passwords: bool = False
    fixed_password: str | None = None


@dataclass
class ApplyResult:
    """What applying did (or, for a dry run, would do)."""

    tenant_id: UUID | None
    diff: Diff
    dry_run: bool
    initial_passwords: list[tuple[str, str]] = field(default_factory=list)
    """(username, password) of accounts created with a one-time initial password; shown once, never stored."""


async def apply_manifest(
    valid: ValidManifest,
    settings: Settings,
    *,
    dry_run: bool = False,
    accounts: AccountPolicy | None = None,
    environ: Mapping[str, str] | None = None,
) -> ApplyResult:
    """Create or update the unit ``valid`` describes, in a transaction of its own; re-applying changes nothing.

    Channel secrets written as ``${env:NAME}`` are read from ``environ`` (this process's environment by default).
    """
    async with onboarding_transaction():
        return await apply_in_transaction(valid, settings, dry_run=dry_run, accounts=accounts, environ=environ)


async def apply_in_transaction(
    valid: ValidManifest,
    settings: Settings,
    *,
    dry_run: bool = False,
    accounts: AccountPolicy | None = None,
    actor: audit.Actor = audit.SYSTEM,
    environ: Mapping[str, str] | None = None,
) -> ApplyResult:
    """Like :func:`apply_manifest`, in the caller's transaction (a platform administrator's request).

    The transaction's tenant is the same afterwards as before; ``actor`` signs the audit entry.
    """
    try:
        channels = resolve_channels(valid.manifest.channels, os.environ if environ is None else environ)
    except ManifestError as error:
        raise ManifestError(with_lines(valid.source, error.problems) if valid.source else error.problems) from None
    async with restoring_tenant():
        return await _apply(valid, settings, channels, dry_run=dry_run, policy=accounts or AccountPolicy(), actor=actor)


async def _apply(
    valid: ValidManifest,
    settings: Settings,
    channels: dict[str, DesiredChannel],
    *,
    dry_run: bool,
    policy: AccountPolicy,
    actor: audit.Actor,
) -> ApplyResult:
    code = valid.manifest.unit.code
    # Sealing needs the key ring; a manifest without channels can only disable some, which needs none.
    ring = key_ring(settings) if channels else None
    desired = desired_state(valid)
    desired.channels = {name: channel.state for name, channel in channels.items()}
    row = await DB.fetchrow("select tenant_id_by_code($1) as id", code)
    tenant_id: UUID | None = row["id"] if row else None
    if tenant_id is None:
        current, ids = UnitState(code=code), None
    else:
        await switch_tenant(tenant_id)
        current, ids = await read_state(tenant_id, code)
        current.channels = await read_channels(tenant_id, ring)
    diff = diff_states(current, desired, new_unit=tenant_id is None)
    if ids is not None:
        await refuse_unsafe_removals(diff, ids)
    result = ApplyResult(tenant_id, diff, dry_run)
    if dry_run or diff.empty:
        return result
    if ids is None:
        tenant_id = await _create_unit(code, desired.name, desired.name_en)
        ids = StoredIds(tenant_id)
    elif diff.unit:
        await DB.fetch("update tenants set name = $2, name_en = $3 where id = $1", ids.tenant_id, desired.name, desired.name_en)
    result.tenant_id = ids.tenant_id
    await _write(valid, diff, desired, ids, settings, policy, result)
    await write_channels(diff.channels, channels, ids.tenant_id, ring)
    await audit.record(ids.tenant_id, actor, "onboarding.apply", "Unit", str(ids.tenant_id), {"changes": list(diff.lines)})
    return result


async def _create_unit(code: str, name: str, name_en: str) -> UUID:
    """Create the unit through the owner's narrow function, then scope the transaction to it."""
    row = await DB.fetchrow("select platform_create_tenant($1, $2, $3) as id", code, name, name_en)
    assert row is not None
    tenant_id: UUID = row["id"]
    await switch_tenant(tenant_id)
    return tenant_id


async def _write(
    valid: ValidManifest, diff: Diff, desired: UnitState, ids: StoredIds, settings: Settings, policy: AccountPolicy, result: ApplyResult
) -> None:
    await writes.write_departments(diff, desired, ids)
    need_accounts = await writes.write_people(diff, desired, ids)
    await writes.write_memberships(diff, ids)
    if diff.leaders:
        await writes.write_leaders(desired, ids)
    await writes.remove_departments(diff, ids)
    rows = []
    for key, person_id in need_accounts:
        username = desired.people[key].username
        assert username is not None
        password = policy.fixed_password or (secrets.token_urlsafe(12) if policy.initial_passwords else None)
        if password is None:
            rows.append((person_id, username, writes.UNUSABLE_PASSWORD))
            continue
        if policy.initial_passwords:
            result.initial_passwords.append((username, password))
        hashed = await hash_password(password, time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
        rows.append((person_id, username, hashed))
    await writes.create_accounts(ids.tenant_id, rows)
    if diff.categories:
        await writes.write_categories(diff, desired, ids)
    if diff.matrix:
        await apply_matrix(ids.tenant_id, dump_matrix(valid.matrix), None)
    if diff.template:
        await apply_template(ids.tenant_id, dump_template(valid.template), None)
    if diff.settings:
        await writes.write_settings(ids.tenant_id, desired.settings)
    if diff.lexicon and desired.lexicon is not None:
        recorder = recorder_key(valid.manifest)
        assert recorder is not None  # validation refuses terms without a unit administrator
        await write_lexicon(diff, desired.lexicon, ids.tenant_id, ids.people[recorder])
