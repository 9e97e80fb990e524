"""The publishing domain's GraphQL: its Query and Mutation pieces."""

from fabu.graphql.publishing.mutations import PublishingMutation as Mutation
from fabu.graphql.publishing.queries import PublishingQuery as Query

__all__ = ["Mutation", "Query"]
