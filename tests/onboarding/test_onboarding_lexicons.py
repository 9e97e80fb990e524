"""Lexicon terms in a manifest become the unit's own lexicon, which the checks use; they export back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import pytest

from fabu.checking.lexicon import NewLexiconEntry, add_entry, unit_lexicon
from fabu.checks import EntryKind
from fabu.db.engine import DB
from fabu.db.session import tenant_transaction
from fabu.onboarding import ManifestError
from onboarding.conftest import Apply
from onboarding.onboarding_support import CITY, COUNTY, example, valid

Export = Callable[[str], Awaitable[dict[str, Any]]]


async def _terms(tenant_id: UUID) -> dict[str, dict[str, Any]]:
    async with tenant_transaction(tenant_id):
        rows = await DB.fetch("select term, kind, severity, correction, note from lexicon_entries")
    return {row["term"]: row for row in rows}


def _ndrc_terms(data: dict[str, Any]) -> list[dict[str, Any]]:
    terms: list[dict[str, Any]] = data["lexicons"][1]["terms"]
    return terms


async def test_the_manifests_terms_become_the_units_lexicon_used_by_the_checks(apply: Apply) -> None:
    data = example(CITY)

    result = await apply(data)

    assert result.tenant_id is not None
    assert "+ 词条 term 发展计划委员会" in result.diff.lines
    terms = await _terms(result.tenant_id)
    assert terms["发展计划委员会"]["kind"] == "wrong_expression"
    assert terms["发展计划委员会"]["correction"] == "发展和改革委员会"
    assert terms["内部讨论稿"]["severity"] == "blocking"
    async with tenant_transaction(result.tenant_id):
        lexicon = await unit_lexicon(result.tenant_id)
    assert len(lexicon.compiled) == 2  # the platform's and the unit's own


async def test_changed_and_removed_terms_are_replaced_and_removed_and_reapplying_changes_nothing(apply: Apply) -> None:
    data = example(CITY)
    first = await apply(data)
    assert first.tenant_id is not None
    _ndrc_terms(data)[1]["severity"] = "warning"
    del _ndrc_terms(data)[0]

    changed = await apply(data)

    assert "~ 词条 term 内部讨论稿" in changed.diff.lines
    assert "- 词条 term 发展计划委员会" in changed.diff.lines
    assert set(await _terms(first.tenant_id)) == {"内部讨论稿"}
    assert (await _terms(first.tenant_id))["内部讨论稿"]["severity"] == "warning"
    assert (await apply(data)).diff.empty


async def test_a_manifest_without_terms_leaves_the_units_lexicon_alone(apply: Apply) -> None:
    data = example(COUNTY)
    first = await apply(data)
    assert first.tenant_id is not None
    async with tenant_transaction(first.tenant_id):
        person = await DB.fetchrow("select id from people limit 1")
        assert person is not None
        await add_entry(first.tenant_id, person["id"], NewLexiconEntry("本单位自定词", EntryKind.SENSITIVE_WORD))

    again = await apply(data)

    assert again.diff.empty, again.diff.lines
    assert set(await _terms(first.tenant_id)) == {"本单位自定词"}


async def test_export_writes_the_terms_back_and_terms_entered_since_into_the_unit_lexicon(
    apply: Apply, export: Export
) -> None:
    data = example(CITY)
    first = await apply(data)
    assert first.tenant_id is not None
    assert (await export(data["unit"]["code"]))["lexicons"] == data["lexicons"]
    async with tenant_transaction(first.tenant_id):
        person = await DB.fetchrow("select id from people limit 1")
        assert person is not None
        await add_entry(first.tenant_id, person["id"], NewLexiconEntry("新增词", EntryKind.SENSITIVE_WORD))

    exported = await export(data["unit"]["code"])

    assert exported["lexicons"][-1] == {"name": "本单位词库", "terms": [{"term": "新增词"}]}
    reapplied = await apply(exported)
    assert not any("词条" in line for line in reapplied.diff.lines)
    assert (await apply(exported)).diff.empty


@pytest.mark.parametrize(
    ("change", "path", "code"),
    [
        (lambda terms: terms[0].pop("correction"), "lexicons[1].terms[0].correction", "INVALID_TERM"),
        (lambda terms: terms.append({"term": " 内部讨论稿 "}), "lexicons[1].terms[2].term", "DUPLICATE_TERM"),
        (lambda terms: terms.append({"term": "某词", "severity": "fatal"}), "lexicons[1].terms[2].severity", "INVALID_VALUE"),
    ],
)
def test_bad_terms_are_problems_naming_the_term(change: Callable[[list[dict[str, Any]]], object], path: str, code: str) -> None:
    data = example(CITY)
    change(_ndrc_terms(data))

    with pytest.raises(ManifestError) as refused:
        valid(data)

    assert (path, code) in {(found.path, found.code) for found in refused.value.problems}


def test_terms_need_a_unit_administrator_to_record_them() -> None:
    data = example(CITY)
    for person in data["people"]:
        for membership in person["memberships"]:
            membership["roles"] = [role for role in membership["roles"] if role != "tenant_admin"] or ["drafter"]

    with pytest.raises(ManifestError) as refused:
        valid(data)

    [found] = [found for found in refused.value.problems if found.code == "LEXICON_WITHOUT_ADMIN"]
    assert found.path == "lexicons"
    assert "tenant_admin" in found.message_en
