"""The document handed to the checks: a release's title, summary, HTML body and attachments."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from fabu.checks._attachment_types import Attachment


@dataclass(frozen=True, slots=True)
class CheckedDocument:
    """A release version as the checks see it.

    ``body_html`` is the sanitised HTML body; its visible text is what gets checked (see
    ``html_to_text``). The title and summary are plain text.
    """

    title: str = ""
    summary: str = ""
    body_html: str = ""
    attachments: tuple[Attachment, ...] = ()

    @classmethod
    def from_plain_text(
        cls,
        title: str,
        body: str,
        *,
        summary: str = "",
        attachments: Sequence[Attachment] = (),
    ) -> CheckedDocument:
        """A document whose body is plain text: each line becomes a paragraph."""
        paragraphs = "".join(
            f"<p>{html.escape(line)}</p>" for line in body.splitlines()
        )
        return cls(
            title=title,
            summary=summary,
            body_html=paragraphs,
            attachments=tuple(attachments),
        )
