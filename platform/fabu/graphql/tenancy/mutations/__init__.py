"""Tenancy mutations, one per module, merged into ``TenancyMutation``."""

import strawberry

from fabu.graphql.tenancy.mutations.add_membership import add_membership
from fabu.graphql.tenancy.mutations.create_department import create_department
from fabu.graphql.tenancy.mutations.create_person import create_person
from fabu.graphql.tenancy.mutations.set_leader import set_leader


@strawberry.type
class TenancyMutation:
    create_department = create_department
    create_person = create_person
    add_membership = add_membership
    set_leader = set_leader


__all__ = ["TenancyMutation"]
