"""The releases domain (信息稿件): a release's content, its immutable versions, attachments and catalogue.

What the workflow engine needs: ``save_new_version`` (saving in states it allows, with an
explicit ``allowed_states``), ``current_fields`` (start from what is there), ``lock_release``
and the canonical content hashing in ``fabu.releases.content``. The engine owns the
``releases.workflow_state`` column (default 'draft'); drafters edit only in ``DRAFTING_STATES``.
"""

from fabu.releases.content import (
    AttachmentRef,
    ChannelVariant,
    ReleaseContent,
    ReleaseFields,
    Source,
    canonical_json,
    content_sha256,
)
from fabu.releases.kinds import DRAFTING_STATES, Importance, Sensitivity, VersionKind
from fabu.releases.versions import SavedVersion, create_release, current_fields, lock_release, save_new_version

__all__ = [
    "DRAFTING_STATES",
    "AttachmentRef",
    "ChannelVariant",
    "Importance",
    "ReleaseContent",
    "ReleaseFields",
    "SavedVersion",
    "Sensitivity",
    "Source",
    "VersionKind",
    "canonical_json",
    "content_sha256",
    "create_release",
    "current_fields",
    "lock_release",
    "save_new_version",
]
