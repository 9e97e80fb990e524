"""A text to check (one field), normalised once and shared by every text check."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from fabu.checks._codes import CheckCode, Severity
from fabu.checks._finding import Finding, Passage
from fabu.checks._normalize import NormalizedText, normalize


@dataclass(frozen=True, slots=True)
class TextUnit:
    """One field's plain text; checks work on ``normalized`` and report in ``text`` offsets."""

    field: str
    text: str
    attachment: str | None = None
    normalized: NormalizedText = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normalized", normalize(self.text))

    def finding(
        self,
        code: CheckCode,
        severity: Severity,
        span: tuple[int, int],
        message: tuple[str, str],
        *,
        suggestion: str | None = None,
        release_id: str | None = None,
        passages: tuple[Passage, ...] = (),
        original: bool = False,
    ) -> Finding:
        """A finding for ``span`` (normalised offsets unless ``original``), text filled in."""
        start, end = span if original else self.normalized.to_original(*span)
        return Finding(
            code=code,
            severity=severity,
            field=self.field,
            start=start,
            end=end,
            matched=self.text[start:end],
            message_zh=message[0],
            message_en=message[1],
            suggestion=suggestion,
            attachment=self.attachment,
            release_id=release_id,
            passages=passages,
        )
