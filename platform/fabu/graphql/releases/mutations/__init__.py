"""Release mutations, one per module, merged into ``ReleasesMutation``."""

import strawberry

from fabu.graphql.releases.mutations.add_attachment import add_attachment
from fabu.graphql.releases.mutations.create_disclosure_category import create_disclosure_category
from fabu.graphql.releases.mutations.create_release import create_release
from fabu.graphql.releases.mutations.import_docx import import_docx
from fabu.graphql.releases.mutations.remove_attachment import remove_attachment
from fabu.graphql.releases.mutations.update_release import update_release


@strawberry.type
class ReleasesMutation:
    create_release = create_release
    update_release = update_release
    import_docx = import_docx
    add_attachment = add_attachment
    remove_attachment = remove_attachment
    create_disclosure_category = create_disclosure_category


__all__ = ["ReleasesMutation"]
