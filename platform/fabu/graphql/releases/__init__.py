"""The releases domain's GraphQL: its Query and Mutation pieces."""

from fabu.graphql.releases.mutations import ReleasesMutation as Mutation
from fabu.graphql.releases.queries import ReleasesQuery as Query

__all__ = ["Mutation", "Query"]
