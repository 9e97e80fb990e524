"""The posting GraphQL: proofs of posting (a mutation) and the channel reminders still open (a query)."""

from fabu.graphql.posting.mutations import PostingMutation as Mutation
from fabu.graphql.posting.queries import PostingQuery as Query

__all__ = ["Mutation", "Query"]
