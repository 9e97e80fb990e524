"""The identity domain's GraphQL: its Query and Mutation pieces."""

from fabu.graphql.identity.mutations import IdentityMutation as Mutation
from fabu.graphql.identity.queries import IdentityQuery as Query

__all__ = ["Mutation", "Query"]
