"""Fixtures for the checking tests: a unit on the built-in standard workflow, and a desk to act through."""

from __future__ import annotations

import pytest

from factories import GraphQLClient, UnitFactory
from workflow.workflow_support import Desk, make_workflow_unit


@pytest.fixture
async def desk(gql: GraphQLClient, units: UnitFactory) -> Desk:
    return Desk(gql, units, await make_workflow_unit(units))
