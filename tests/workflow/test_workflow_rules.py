"""The rules that must hold around transitions: roles, four eyes, concurrency, retries, other units."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from strawberry.relay import to_base64

from fabu.tenancy.roles import Role
from factories import GraphQLClient, UnitFactory
from workflow.workflow_support import DECIDE, STAFF, Desk, make_workflow_unit


async def test_deciding_on_a_release_that_was_never_submitted_is_an_illegal_transition(desk: Desk) -> None:
    release = await desk.create()
    payload = await desk.decide("reviewer", release["id"], "APPROVE")
    assert payload["errors"][0]["code"] == "ILLEGAL_TRANSITION"


async def test_acting_without_the_role_changes_nothing(desk: Desk) -> None:
    release = await desk.create()
    await desk.submit(release["id"])

    by_drafter = await desk.decide("drafter", release["id"], "APPROVE")
    by_office_too_early = await desk.decide("office", release["id"], "APPROVE")
    state = await desk.ok("reviewer", release["id"])

    assert by_drafter["errors"][0]["code"] == "NOT_AN_ACTOR"
    assert by_office_too_early["errors"][0]["code"] == "NOT_AN_ACTOR"
    assert [o["decidedBy"]["name"] for o in state["opinions"]] == ["reviewer-姓名"]


async def test_an_opinion_is_required_and_returns_go_only_where_the_template_allows(desk: Desk) -> None:
    release = await desk.create()
    await desk.submit(release["id"])

    empty = await desk.decide("reviewer", release["id"], "APPROVE", opinion="   ")
    bad_target = await desk.decide("reviewer", release["id"], "RETURN", opinion="退回", returnTo="office_review")
    wrong_kind = await desk.decide("reviewer", release["id"], "AGREE", opinion="会签同意")

    assert (empty["errors"][0]["field"], empty["errors"][0]["code"]) == ("opinion", "OPINION_REQUIRED")
    assert (bad_target["errors"][0]["field"], bad_target["errors"][0]["code"]) == ("returnTo", "INVALID_RETURN_TARGET")
    assert wrong_kind["errors"][0]["field"] == "decision"


async def test_nobody_approves_a_release_they_drafted(gql: GraphQLClient, units: UnitFactory) -> None:
    staff = {**STAFF, "reviewer": ("policy", [Role.DEPARTMENT_REVIEWER, Role.DRAFTER])}
    desk = Desk(gql, units, await make_workflow_unit(units, staff))
    release = await desk.create("reviewer")
    await desk.submit(release["id"], "reviewer")

    payload = await desk.decide("reviewer", release["id"], "APPROVE")

    assert payload["errors"][0]["code"] == "FOUR_EYES"


async def test_two_people_deciding_the_same_stage_at_once_give_exactly_one_transition(gql: GraphQLClient, units: UnitFactory) -> None:
    staff = {**STAFF, "reviewer2": ("policy", [Role.DEPARTMENT_REVIEWER])}
    desk = Desk(gql, units, await make_workflow_unit(units, staff))
    release = await desk.create()
    await desk.submit(release["id"])
    tokens = [await desk.token("reviewer"), await desk.token("reviewer2")]

    results = await asyncio.gather(*(
        gql.data(DECIDE, {"input": {"releaseId": release["id"], "decision": "APPROVE", "opinion": "同意。", "stage": "department_review"}}, token=token)
        for token in tokens
    ))

    outcomes = sorted(tuple(e["code"] for e in r["decide"]["errors"]) for r in results)
    assert outcomes == [(), ("ALREADY_DECIDED",)]
    state = next(r["decide"]["workflow"] for r in results if r["decide"]["workflow"])
    assert [o["stage"] for o in state["opinions"]] == ["department_review"]


async def test_retrying_a_mutation_with_the_same_client_mutation_id_does_not_act_twice(desk: Desk) -> None:
    release = await desk.create()
    first = await desk.submit(release["id"], clientMutationId="submit-1")
    retry = await desk.submit(release["id"], clientMutationId="submit-1")
    decided = await desk.decide("reviewer", release["id"], "APPROVE", clientMutationId="approve-1")
    decided_again = await desk.decide("reviewer", release["id"], "APPROVE", clientMutationId="approve-1")

    assert (first["replayed"], retry["replayed"]) == (False, True)
    assert retry["errors"] == []
    assert (decided["replayed"], decided_again["replayed"]) == (False, True)
    assert len(decided_again["workflow"]["opinions"]) == 1
    assert decided_again["workflow"]["stage"] == "office_review"


async def test_acting_on_another_units_release_is_not_found_and_changes_nothing(gql: GraphQLClient, units: UnitFactory) -> None:
    mine = Desk(gql, units, await make_workflow_unit(units))
    theirs = Desk(gql, units, await make_workflow_unit(units))
    release = await theirs.create()
    await theirs.submit(release["id"])

    attempt = await mine.decide("reviewer", release["id"], "APPROVE")
    peek = await gql.data("query($id: ID!) { workflow(releaseId: $id) { stage } }", {"id": release["id"]}, token=await mine.token("reviewer"))
    state = await theirs.ok("reviewer", release["id"])

    assert attempt["errors"][0]["code"] == "NOT_FOUND"
    assert peek["workflow"] is None
    assert [o["decidedBy"]["name"] for o in state["opinions"]] == ["reviewer-姓名"]


async def test_a_deputy_decides_on_behalf_of_the_principal_during_the_delegation(desk: Desk) -> None:
    release = await desk.create(importance="MAJOR")
    await desk.submit(release["id"])
    await desk.ok("reviewer", release["id"])
    await desk.ok("office", release["id"])
    await desk.ok("deputy", release["id"])
    now = datetime.now(UTC)
    delegated = await desk.gql.data(
        "mutation($input: SetDelegationInput!) { setDelegation(input: $input) { ok errors { field code } } }",
        {"input": {
            "deputyId": to_base64("Person", str(desk.wu.unit.people["office"])),
            "startsAt": (now - timedelta(minutes=1)).isoformat(), "endsAt": (now + timedelta(days=3)).isoformat(),
        }},
        token=await desk.token("director"),
    )
    assert delegated["setDelegation"]["ok"] is True

    done = await desk.ok("office", release["id"], opinion="受主要领导委托：同意发布。")

    assert done["stage"] == "proofread"
    last = done["opinions"][-1]
    assert (last["decidedBy"]["name"], last["onBehalfOf"]["name"]) == ("office-姓名", "director-姓名")
