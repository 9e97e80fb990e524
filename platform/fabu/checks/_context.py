"""Everything the checks need besides the document, prepared once and reused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from fabu.checks._attachments import DEFAULT_MAX_CHARS
from fabu.checks._automaton import CompiledLexicon
from fabu.checks._codes import FATAL_CODES, CheckCode, Severity
from fabu.checks._corpus import PublishedIndex
from fabu.checks._leaders import Roster


@dataclass(frozen=True)
class CheckContext:
    """Compiled lexicons, the leaders' roster, the published corpus and a tenant's settings.

    Attributes:
        lexicons: compiled lexicons, platform first and tenant after (a tenant's entry replaces
            the platform's where both match the same text).
        roster: the tenant's leaders and their titles; no leader check without it.
        published: the unit's published releases; no near-duplicate or contradiction check
            without it.
        today: the date identity numbers' birth dates must not pass (the real date if None).
        severities: a tenant's severity per check code. Confidentiality markings stay fatal
            and nothing can be raised to fatal.
        disabled: check codes whose findings are dropped; the confidentiality marking check
            cannot be disabled.
        max_attachment_chars: characters of an attachment's text that are checked.
    """

    lexicons: tuple[CompiledLexicon, ...] = ()
    roster: Roster | None = None
    published: PublishedIndex | None = None
    today: date | None = None
    severities: Mapping[CheckCode, Severity] = field(default_factory=dict)
    disabled: frozenset[CheckCode] = frozenset()
    max_attachment_chars: int = DEFAULT_MAX_CHARS

    def __post_init__(self) -> None:
        for code, severity in self.severities.items():
            if code in FATAL_CODES:
                raise ValueError(
                    f"“{code}”始终为 fatal，不可调整 / {code} is always fatal"
                )
            if severity is Severity.FATAL:
                raise ValueError(
                    f"“{code}”不能设为 fatal / {code} cannot be made fatal"
                )
        if self.disabled & FATAL_CODES:
            raise ValueError(
                "密级标识检查不可停用 / the confidentiality marking check cannot be disabled"
            )

    def severity_for(self, code: CheckCode, default: Severity) -> Severity:
        """The severity a finding of ``code`` gets in this context."""
        if code in FATAL_CODES:
            return default
        return self.severities.get(code, default)
