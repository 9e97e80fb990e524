"""Cross-checks of a manifest's structure: departments, people, leaders, the catalogue and lexicon terms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fabu.onboarding._lexicon_checks import lexicon_problems
from fabu.onboarding._manifest import CategoryEntry, DepartmentEntry, Manifest
from fabu.onboarding._problems import ManifestCode, ManifestProblem, problem
from fabu.tenancy.roles import Role


def structure_problems(manifest: Manifest) -> list[ManifestProblem]:
    """Every structural problem of ``manifest``, in document order."""
    return [
        *_department_problems(manifest.departments),
        *_people_problems(manifest),
        *_leader_problems(manifest),
        *_category_problems(manifest.catalogue.categories),
        *lexicon_problems(manifest),
    ]


def _tree_problems(
    section: str, entries: Sequence[DepartmentEntry | CategoryEntry], what: tuple[str, str], codes: tuple[ManifestCode, ...]
) -> Iterator[ManifestProblem]:
    duplicate, unknown, cycle = codes
    parents: dict[str, str | None] = {}
    for index, entry in enumerate(entries):
        if entry.code in parents:
            yield problem(f"{section}[{index}].code", duplicate, f"{what[0]}代码「{entry.code}」重复", f"{what[1]} code {entry.code!r} appears twice")
        parents.setdefault(entry.code, entry.parent)
    for index, entry in enumerate(entries):
        if entry.parent is not None and entry.parent not in parents:
            yield problem(
                f"{section}[{index}].parent",
                unknown,
                f"上级{what[0]}「{entry.parent}」不存在",
                f"parent {what[1]} {entry.parent!r} is not defined",
            )
    reported: set[str] = set()
    for index, entry in enumerate(entries):
        seen = [entry.code]
        parent = parents.get(entry.code)
        while parent is not None and parent in parents and parent not in seen:
            seen.append(parent)
            parent = parents[parent]
        if parent == entry.code and entry.code not in reported:
            reported.update(seen)
            loop = " → ".join([*seen, entry.code])
            yield problem(
                f"{section}[{index}].parent",
                cycle,
                f"{what[0]}树出现循环：{loop}",
                f"the {what[1]} tree has a cycle: {loop}",
            )


def _department_problems(departments: Sequence[DepartmentEntry]) -> Iterator[ManifestProblem]:
    yield from _tree_problems(
        "departments",
        departments,
        ("部门", "department"),
        (ManifestCode.DUPLICATE_DEPARTMENT, ManifestCode.UNKNOWN_DEPARTMENT, ManifestCode.DEPARTMENT_CYCLE),
    )
    offices = [index for index, entry in enumerate(departments) if entry.office]
    if len(offices) != 1:
        yield problem(
            "departments",
            ManifestCode.OFFICE_COUNT,
            f"须有且只有一个部门标记为办公室（office: true），现有 {len(offices)} 个",
            f"exactly one department must be marked office: true; found {len(offices)}",
        )


def _people_problems(manifest: Manifest) -> Iterator[ManifestProblem]:
    departments = {entry.code for entry in manifest.departments}
    keys: set[str] = set()
    usernames: set[str] = set()
    for index, person in enumerate(manifest.people):
        path = f"people[{index}]"
        if not person.identity:
            yield problem(
                f"{path}.key", ManifestCode.PERSON_WITHOUT_KEY, "人员须有 key 或 username", "a person needs a key or a username"
            )
        elif person.identity in keys:
            yield problem(
                f"{path}.key" if person.key else f"{path}.username",
                ManifestCode.DUPLICATE_PERSON,
                f"人员「{person.identity}」重复",
                f"person {person.identity!r} appears twice",
            )
        keys.add(person.identity)
        if person.username is not None:
            if person.username in usernames:
                yield problem(
                    f"{path}.username",
                    ManifestCode.DUPLICATE_USERNAME,
                    f"用户名「{person.username}」重复",
                    f"username {person.username!r} appears twice",
                )
            usernames.add(person.username)
        for position, membership in enumerate(person.memberships):
            if membership.department not in departments:
                yield problem(
                    f"{path}.memberships[{position}].department",
                    ManifestCode.UNKNOWN_DEPARTMENT,
                    f"部门「{membership.department}」未在 departments 中定义",
                    f"department {membership.department!r} is not defined in departments",
                )


def _leader_problems(manifest: Manifest) -> Iterator[ManifestProblem]:
    people = {person.identity: person for person in manifest.people}
    departments = {entry.code for entry in manifest.departments}
    named: list[tuple[str, str | None]] = [("leaders.principal", manifest.leaders.principal)]
    for department, key in manifest.leaders.supervising.items():
        path = f"leaders.supervising.{department}"
        if department not in departments:
            yield problem(
                path,
                ManifestCode.UNKNOWN_DEPARTMENT,
                f"部门「{department}」未在 departments 中定义",
                f"department {department!r} is not defined in departments",
            )
        named.append((path, key))
    for path, leader in named:
        if leader is None:
            continue
        key = leader
        person = people.get(key)
        if person is None:
            yield problem(
                path,
                ManifestCode.LEADER_NOT_MEMBER,
                f"领导「{key}」不是本单位 people 中的人员",
                f"leader {key!r} is not one of the unit's people",
            )
        elif not any(Role.LEADER in membership.roles for membership in person.memberships):
            yield problem(
                path,
                ManifestCode.LEADER_WITHOUT_ROLE,
                f"「{key}」没有领导角色（leader），不能担任领导",
                f"{key!r} does not hold the leader role and cannot be a leader",
            )


def _category_problems(categories: Sequence[CategoryEntry]) -> Iterator[ManifestProblem]:
    yield from _tree_problems(
        "catalogue.categories",
        categories,
        ("目录", "category"),
        (ManifestCode.DUPLICATE_CATEGORY, ManifestCode.UNKNOWN_CATEGORY, ManifestCode.CATEGORY_CYCLE),
    )
