"""Fixtures for posting tests: a unit on the standard workflow, a loopback channel service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fabu_loopback import LoopbackServer
from factories import GraphQLClient, UnitFactory
from publishing.publishing_support import API_KEY
from workflow.workflow_support import Desk, make_workflow_unit


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """The loopback channel's service (a channel without proofs) on a free port of 127.0.0.1."""
    with LoopbackServer(api_key=API_KEY) as server:
        yield server


@pytest.fixture
async def desk(gql: GraphQLClient, units: UnitFactory) -> Desk:
    return Desk(gql, units, await make_workflow_unit(units))
