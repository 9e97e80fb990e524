"""Problems found in a manifest: path in the file, code, Chinese and English, like workflow definitions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fabu.errors import FabuError, FabuErrors
from fabu.workflow.definition import DefinitionProblem, Severity


class ManifestCode(StrEnum):
    """Codes of manifest cross-check problems (embedded templates keep their ``ProblemCode``)."""

    YAML_SYNTAX = "YAML_SYNTAX"
    DUPLICATE_KEY = "DUPLICATE_KEY"
    UNKNOWN_DEPARTMENT = "UNKNOWN_DEPARTMENT"
    DEPARTMENT_CYCLE = "DEPARTMENT_CYCLE"
    OFFICE_COUNT = "OFFICE_COUNT"
    DUPLICATE_DEPARTMENT = "DUPLICATE_DEPARTMENT"
    DUPLICATE_PERSON = "DUPLICATE_PERSON"
    DUPLICATE_USERNAME = "DUPLICATE_USERNAME"
    PERSON_WITHOUT_KEY = "PERSON_WITHOUT_KEY"
    UNKNOWN_PERSON = "UNKNOWN_PERSON"
    LEADER_NOT_MEMBER = "LEADER_NOT_MEMBER"
    LEADER_WITHOUT_ROLE = "LEADER_WITHOUT_ROLE"
    DUPLICATE_CATEGORY = "DUPLICATE_CATEGORY"
    UNKNOWN_CATEGORY = "UNKNOWN_CATEGORY"
    CATEGORY_CYCLE = "CATEGORY_CYCLE"
    UNKNOWN_PLUGIN = "UNKNOWN_PLUGIN"
    INLINE_SECRET = "INLINE_SECRET"
    MISSING_ENV = "MISSING_ENV"
    DUPLICATE_TERM = "DUPLICATE_TERM"
    INVALID_TERM = "INVALID_TERM"
    LEXICON_WITHOUT_ADMIN = "LEXICON_WITHOUT_ADMIN"
    INVALID_ENV_VALUE = "INVALID_ENV_VALUE"
    DUPLICATE_CHANNEL = "DUPLICATE_CHANNEL"
    WORK_IN_FLIGHT = "WORK_IN_FLIGHT"
    DEPARTMENT_IN_USE = "DEPARTMENT_IN_USE"
    CATEGORY_IN_USE = "CATEGORY_IN_USE"
    UNIT_CODE_MISMATCH = "UNIT_CODE_MISMATCH"


@dataclass(frozen=True, slots=True)
class ManifestProblem:
    """One problem: where in the manifest (``people[3].memberships[0].department``), what, in both languages."""

    path: str
    code: str
    message_zh: str
    message_en: str
    severity: Severity = Severity.ERROR
    line: int | None = None
    """The 1-based line in the manifest's text, when it came from YAML."""

    @property
    def message(self) -> str:
        return f"{self.message_zh} / {self.message_en}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        line = f" (第 {self.line} 行 line {self.line})" if self.line else ""
        return f"{self.path or '(清单 manifest)'}{line}: [{self.code}] {self.message}"

    @classmethod
    def embedded(cls, found: DefinitionProblem, prefix: str) -> ManifestProblem:
        """A workflow-definition problem found at ``prefix`` in the manifest."""
        moved = found.under(prefix)
        return cls(moved.path, str(moved.code), moved.message_zh, moved.message_en, moved.severity)


class ManifestError(FabuErrors):
    """A manifest refused, carrying every problem found."""

    def __init__(self, problems: Iterable[ManifestProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            FabuError(found.code, found.message_zh, found.message_en, field=found.path or None)
            for found in self.problems
            if found.is_error
        )

    @property
    def codes(self) -> set[str]:
        return {found.code for found in self.problems if found.is_error}

    def __str__(self) -> str:
        count = sum(1 for found in self.problems if found.is_error)
        lines = [f"清单有 {count} 处错误 / the manifest has {count} error(s):"]
        lines.extend(f"  - {found}" for found in self.problems)
        return "\n".join(lines)


def problem(path: str, code: ManifestCode, message_zh: str, message_en: str) -> ManifestProblem:
    return ManifestProblem(path, str(code), message_zh, message_en)
