"""One finding of a check: what, where, how severe, and what to write instead."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from fabu.checks._codes import CheckCode, Severity


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of the checked text that also occurs in a published release.

    ``start``/``end`` index the checked field's plain text, ``other_start``/``other_end`` the
    published release's text, so a UI can highlight both side by side.
    """

    start: int
    end: int
    other_start: int
    other_end: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A single problem found in a field of the checked document.

    Offsets are character offsets into the field's plain text (``CheckReport.texts``): for the
    title, summary and attachment parts that is the text as given, for an HTML body it is the
    visible text extracted from it. ``matched`` is ``text[start:end]``.
    """

    code: CheckCode
    severity: Severity
    field: str
    start: int
    end: int
    matched: str
    message_zh: str
    message_en: str
    suggestion: str | None = None
    attachment: str | None = None
    release_id: str | None = None
    passages: tuple[Passage, ...] = ()

    @property
    def fingerprint(self) -> str:
        """A key that survives edits elsewhere in the text, for recording a reviewer's override.

        It hashes the code, the field and the matched text, not the offsets: an override of a
        finding therefore covers every identical occurrence in the same field, and is lost as
        soon as the matched text itself changes.
        """
        raw = "\x1f".join(
            (self.code.value, self.field, self.matched, self.release_id or "")
        )
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    @property
    def overridable(self) -> bool:
        """Whether a reviewer may override this finding (never for fatal ones)."""
        return self.severity.overridable

    def with_severity(self, severity: Severity) -> Finding:
        """The same finding with another severity."""
        return dataclasses.replace(self, severity=severity)
