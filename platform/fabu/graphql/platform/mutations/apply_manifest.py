"""applyManifest: create or update a unit from its manifest, as ``fabu tenants apply`` does."""

from __future__ import annotations

import strawberry

from fabu import audit
from fabu.audit.platform_trail import record_platform
from fabu.graphql.context import Info
from fabu.graphql.errors import UserError, mutate
from fabu.graphql.permissions import requires_platform_admin
from fabu.graphql.platform.types import InitialPassword, ManifestProblemType
from fabu.onboarding import (
    AccountPolicy,
    ApplyResult,
    ManifestError,
    ManifestProblem,
    apply_in_transaction,
    load_manifest,
)


@strawberry.input
class ApplyManifestInput:
    yaml: str = strawberry.field(description="清单 YAML 文本 / the manifest's YAML text")
    dry_run: bool = strawberry.field(default=False, description="只列出将要的变更，不写入 / list the changes, write nothing")
    initial_passwords: bool = strawberry.field(
        default=False, description="新账号给一次性初始密码（只返回这一次）/ give new accounts a one-time password, returned once"
    )


@strawberry.type
class ApplyManifestPayload:
    unit_code: str | None
    dry_run: bool
    changed: bool = strawberry.field(description="是否有（或将有）变更 / whether anything changed (would change)")
    changes: list[str] = strawberry.field(description="变更清单，与 fabu tenants apply 输出一致 / the diff, as the CLI prints it")
    initial_passwords: list[InitialPassword]
    problems: list[ManifestProblemType] = strawberry.field(description="清单问题（含行号）/ manifest problems, with lines")
    errors: list[UserError]


def _refused(problems: tuple[ManifestProblem, ...], errors: list[UserError], dry_run: bool) -> ApplyManifestPayload:
    return ApplyManifestPayload(
        unit_code=None,
        dry_run=dry_run,
        changed=False,
        changes=[],
        initial_passwords=[],
        problems=[ManifestProblemType.from_problem(found) for found in problems],
        errors=errors,
    )


@strawberry.mutation(
    description="按清单创建或更新单位（一个事务，可重复执行）/ create or update a unit from its manifest, in one transaction, idempotently",
    extensions=requires_platform_admin(),
)
async def apply_manifest(info: Info, input: ApplyManifestInput) -> ApplyManifestPayload:
    admin = info.context.platform_admin
    assert admin is not None
    try:
        valid = load_manifest(input.yaml)
    except ManifestError as error:
        return _refused(error.problems, [UserError.from_error(found) for found in error.errors], input.dry_run)
    refusals: list[ManifestError] = []

    async def work() -> ApplyResult:
        try:
            return await apply_in_transaction(
                valid,
                info.context.settings,
                dry_run=input.dry_run,
                accounts=AccountPolicy(initial_passwords=input.initial_passwords),
                actor=audit.Actor(None, admin.label),
            )
        except ManifestError as error:
            refusals.append(error)  # e.g. people with work in flight: listed as problems too
            raise

    async with info.context.unit_scope_lock:
        outcome = await mutate(info, "onboarding.apply", None, work)
        if outcome.value is not None and not outcome.value.dry_run:
            # The unit's chain records the changes too; the platform's says which administrator applied what.
            changes = {"changes": list(outcome.value.diff.lines)}
            await record_platform(audit.Actor(admin.id, admin.label), "platform.manifest_applied", "Unit", valid.manifest.unit.code, changes)
    if outcome.value is None:
        problems = refusals[0].problems if refusals else ()
        return _refused(problems, outcome.errors, input.dry_run)
    result = outcome.value
    return ApplyManifestPayload(
        unit_code=valid.manifest.unit.code,
        dry_run=result.dry_run,
        changed=not result.diff.empty,
        changes=list(result.diff.lines),
        initial_passwords=[InitialPassword(username=u, password=p) for u, p in result.initial_passwords],
        problems=[ManifestProblemType.from_problem(found) for found in valid.warnings],
        errors=[],
    )
