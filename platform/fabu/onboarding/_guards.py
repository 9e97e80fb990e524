"""Refusals before anything is written: removing people with work in flight, or departments and categories in use."""

from __future__ import annotations

from fabu.db.engine import DB
from fabu.onboarding._diff import Diff
from fabu.onboarding._problems import ManifestCode, ManifestError, ManifestProblem, problem
from fabu.onboarding._state import StoredIds


async def refuse_unsafe_removals(diff: Diff, ids: StoredIds) -> None:
    """Raise ``ManifestError`` listing every piece of work or use that a removal would orphan."""
    problems = [*await _work_in_flight(diff, ids), *await _in_use(diff, ids)]
    if problems:
        raise ManifestError(problems)


async def _work_in_flight(diff: Diff, ids: StoredIds) -> list[ManifestProblem]:
    removed = {ids.people[key]: key for key in diff.people.removed}
    if not removed:
        return []
    found: list[ManifestProblem] = []
    tasks = await DB.fetch(
        """select t.assignee_person_id as person_id, t.stage_key, r.title from workflow_tasks t
           join releases r on r.id = t.release_id
           where t.status in ('open', 'waiting') and t.assignee_person_id = any($1::uuid[]) order by r.title""",
        list(removed),
    )
    for row in tasks:
        key = removed[row["person_id"]]
        found.append(
            problem(
                "people",
                ManifestCode.WORK_IN_FLIGHT,
                f"不能移除「{key}」：稿件《{row['title']}》的「{row['stage_key']}」环节待其办理；请先转办或委托",
                f"cannot remove {key!r}: the {row['stage_key']} task of release {row['title']!r} waits for them; reassign or delegate it first",
            )
        )
    releases = await DB.fetch(
        """select created_by_person_id as person_id, title from releases
           where created_by_person_id = any($1::uuid[]) and workflow_state = 'in_review' order by title""",
        list(removed),
    )
    for row in releases:
        key = removed[row["person_id"]]
        found.append(
            problem(
                "people",
                ManifestCode.WORK_IN_FLIGHT,
                f"不能移除「{key}」：其起草的稿件《{row['title']}》仍在审核中",
                f"cannot remove {key!r}: release {row['title']!r} they drafted is still in review",
            )
        )
    return found


async def _in_use(diff: Diff, ids: StoredIds) -> list[ManifestProblem]:
    found: list[ManifestProblem] = []
    if diff.departments.removed:
        rows = await DB.fetch(
            """select distinct d.code from departments d join releases r
                 on r.lead_department_id = d.id or d.id = any(r.co_department_ids)
               where d.id = any($1::uuid[]) order by d.code""",
            [ids.departments[code] for code in diff.departments.removed],
        )
        found += [
            problem(
                "departments",
                ManifestCode.DEPARTMENT_IN_USE,
                f"不能移除部门「{row['code']}」：已有稿件由其主办或会签",
                f"cannot remove department {row['code']!r}: releases name it as lead or co-department",
            )
            for row in rows
        ]
    if diff.categories.removed:
        rows = await DB.fetch(
            """select distinct c.code from disclosure_categories c join releases r on r.category_id = c.id
               where c.id = any($1::uuid[]) order by c.code""",
            [ids.categories[code] for code in diff.categories.removed],
        )
        found += [
            problem(
                "catalogue.categories",
                ManifestCode.CATEGORY_IN_USE,
                f"不能移除目录「{row['code']}」：已有稿件归入该目录",
                f"cannot remove category {row['code']!r}: releases are filed under it",
            )
            for row in rows
        ]
    return found
