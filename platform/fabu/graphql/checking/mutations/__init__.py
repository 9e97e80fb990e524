"""Checking mutations: the unit's own lexicon."""

import strawberry

from fabu.graphql.checking.mutations.add_lexicon_entry import add_lexicon_entry
from fabu.graphql.checking.mutations.remove_lexicon_entry import remove_lexicon_entry


@strawberry.type
class CheckingMutation:
    add_lexicon_entry = add_lexicon_entry
    remove_lexicon_entry = remove_lexicon_entry


__all__ = ["CheckingMutation"]
