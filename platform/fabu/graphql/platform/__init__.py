"""The platform administrators' GraphQL: their login, and units onboarded from manifests."""

from fabu.graphql.platform.mutations import PlatformMutation as Mutation
from fabu.graphql.platform.queries import PlatformQuery as Query

__all__ = ["Mutation", "Query"]
