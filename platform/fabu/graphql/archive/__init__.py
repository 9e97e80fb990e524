"""The archive domain's GraphQL: packaging a release now. A release's packages are ``Release.archives``."""

from fabu.graphql.archive.mutations import ArchiveMutation as Mutation

__all__ = ["Mutation"]
