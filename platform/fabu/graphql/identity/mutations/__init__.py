"""Identity mutations, one per module."""

import strawberry

from fabu.graphql.identity.mutations.api_tokens import create_api_token, revoke_api_token
from fabu.graphql.identity.mutations.login import login
from fabu.graphql.identity.mutations.logout import logout
from fabu.graphql.identity.mutations.refresh_token import refresh_token


@strawberry.type
class IdentityMutation:
    login = login
    refresh_token = refresh_token
    logout = logout
    create_api_token = create_api_token
    revoke_api_token = revoke_api_token


__all__ = ["IdentityMutation"]
