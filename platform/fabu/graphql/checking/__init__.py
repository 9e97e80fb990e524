"""The checking domain's GraphQL: check reports, and the unit's own lexicon."""

from fabu.graphql.checking.mutations import CheckingMutation as Mutation
from fabu.graphql.checking.queries import CheckingQuery as Query

__all__ = ["Mutation", "Query"]
