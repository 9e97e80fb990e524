"""The outcome of a check run, and how overrides decide whether a gated stage may pass."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fabu.checks._codes import Severity
from fabu.checks._corpus import DuplicateMatch
from fabu.checks._finding import Finding
from fabu.checks._html import PlainText


@dataclass(frozen=True, slots=True)
class CheckedText:
    """The plain text of one checked field, which findings' offsets index.

    For the HTML body, ``html`` maps plain-text offsets back to the HTML source.
    """

    field: str
    text: str
    attachment: str | None = None
    html: PlainText | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original source (the HTML for the body) behind ``text[start:end]``."""
        return (
            self.html.source_span(start, end) if self.html is not None else (start, end)
        )


@dataclass(frozen=True, slots=True)
class Override:
    """A reviewer's decision to let a blocking finding pass, with the reason recorded."""

    fingerprint: str
    reason: str
    reviewer: str = ""


@dataclass(frozen=True, slots=True)
class GateDecision:
    """Whether a gated stage may pass given the report and the reviewers' overrides.

    Attributes:
        passed: no fatal finding and every blocking finding overridden with a reason.
        fatal: fatal findings (never overridable).
        unresolved: blocking findings without a valid override.
        overridden: blocking findings with the override that lets them pass.
        rejected: overrides that cannot apply: aimed at a fatal finding, or without a reason.
        unmatched: overrides whose finding is no longer reported.
    """

    passed: bool
    fatal: tuple[Finding, ...]
    unresolved: tuple[Finding, ...]
    overridden: tuple[tuple[Finding, Override], ...]
    rejected: tuple[Override, ...]
    unmatched: tuple[Override, ...]


@dataclass(frozen=True)
class CheckReport:
    """Findings of one run, the plain texts they index, and the near-duplicate matches."""

    findings: tuple[Finding, ...]
    texts: Mapping[str, CheckedText] = field(default_factory=dict)
    duplicates: tuple[DuplicateMatch, ...] = ()

    def fatal(self) -> tuple[Finding, ...]:
        """Findings that can never be overridden."""
        return self.with_severity(Severity.FATAL)

    def blocking(self) -> tuple[Finding, ...]:
        """Findings that stop a gated stage unless a reviewer overrides them with a reason."""
        return self.with_severity(Severity.BLOCKING)

    def warnings(self) -> tuple[Finding, ...]:
        """Findings that ask a person to look but stop nothing."""
        return self.with_severity(Severity.WARNING)

    def infos(self) -> tuple[Finding, ...]:
        """Findings given for information."""
        return self.with_severity(Severity.INFO)

    def with_severity(self, severity: Severity) -> tuple[Finding, ...]:
        """Findings of exactly ``severity``."""
        return tuple(f for f in self.findings if f.severity is severity)

    def for_field(self, field_name: str) -> tuple[Finding, ...]:
        """Findings in one field (``title``, ``body``, ``attachment:<name>``...)."""
        return tuple(f for f in self.findings if f.field == field_name)

    def counts(self) -> dict[Severity, int]:
        """Number of findings per severity, every severity present."""
        counted = Counter(f.severity for f in self.findings)
        return {severity: counted.get(severity, 0) for severity in Severity}

    @property
    def passed(self) -> bool:
        """True when nothing is fatal or blocking (before any override)."""
        return not any(f.severity.stops_gate for f in self.findings)

    def gate(self, overrides: Iterable[Override] = ()) -> GateDecision:
        """Decide a gated stage: fatal findings always stop it; blocking ones unless overridden."""
        by_fingerprint: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_fingerprint.setdefault(finding.fingerprint, []).append(finding)
        accepted: dict[str, Override] = {}
        rejected: list[Override] = []
        unmatched: list[Override] = []
        for override in overrides:
            targets = by_fingerprint.get(override.fingerprint)
            if not targets:
                unmatched.append(override)
            elif not override.reason.strip() or any(not f.overridable for f in targets):
                rejected.append(override)
            else:
                accepted[override.fingerprint] = override
        fatal = self.fatal()
        unresolved = tuple(f for f in self.blocking() if f.fingerprint not in accepted)
        overridden = tuple(
            (f, accepted[f.fingerprint])
            for f in self.blocking()
            if f.fingerprint in accepted
        )
        return GateDecision(
            passed=not fatal and not unresolved,
            fatal=fatal,
            unresolved=unresolved,
            overridden=overridden,
            rejected=tuple(rejected),
            unmatched=tuple(unmatched),
        )
