"""The tenancy domain's GraphQL: its Query and Mutation pieces."""

from fabu.graphql.tenancy.mutations import TenancyMutation as Mutation
from fabu.graphql.tenancy.queries import TenancyQuery as Query

__all__ = ["Mutation", "Query"]
