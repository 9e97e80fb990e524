"""Problems found in a definition document: where, what, and why, in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from fabu.errors import FabuError, FabuErrors


class Severity(StrEnum):
    """An ``error`` refuses the document; a ``warning`` (e.g. a rule that can never match) only flags it."""

    ERROR = "error"
    WARNING = "warning"


class ProblemCode(StrEnum):
    """Stable codes of definition problems; safe to persist, compare and show in an API."""

    # Reading the document
    YAML_SYNTAX = "YAML_SYNTAX"
    YAML_ALIAS = "YAML_ALIAS"
    DUPLICATE_KEY = "DUPLICATE_KEY"
    DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"
    DOCUMENT_TOO_DEEP = "DOCUMENT_TOO_DEEP"
    # Structure (from the pydantic models)
    MISSING_FIELD = "MISSING_FIELD"
    UNKNOWN_KEY = "UNKNOWN_KEY"
    WRONG_TYPE = "WRONG_TYPE"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_FEW_ITEMS = "TOO_FEW_ITEMS"
    TOO_LONG = "TOO_LONG"
    BAD_KEY_FORMAT = "BAD_KEY_FORMAT"
    UNKNOWN_STAGE_KIND = "UNKNOWN_STAGE_KIND"
    BAD_DURATION = "BAD_DURATION"
    CLASSIFIED_NOT_ALLOWED = "CLASSIFIED_NOT_ALLOWED"
    ACTOR_SHAPE = "ACTOR_SHAPE"
    # Conditions
    CONDITION_SHAPE = "CONDITION_SHAPE"
    UNKNOWN_CONDITION_FIELD = "UNKNOWN_CONDITION_FIELD"
    UNKNOWN_CONDITION_OPERATOR = "UNKNOWN_CONDITION_OPERATOR"
    CONDITION_VALUE_TYPE = "CONDITION_VALUE_TYPE"
    CONDITION_OPERATOR_NOT_FOR_FIELD = "CONDITION_OPERATOR_NOT_FOR_FIELD"
    CONDITION_VALUE_NOT_ALLOWED = "CONDITION_VALUE_NOT_ALLOWED"
    CONDITION_TOO_DEEP = "CONDITION_TOO_DEEP"
    CONDITION_NEVER_TRUE = "CONDITION_NEVER_TRUE"
    # Templates
    DUPLICATE_STAGE_KEY = "DUPLICATE_STAGE_KEY"
    RESERVED_STAGE_KEY = "RESERVED_STAGE_KEY"
    UNKNOWN_STAGE = "UNKNOWN_STAGE"
    DRAFT_NOT_FIRST = "DRAFT_NOT_FIRST"
    MULTIPLE_DRAFT_STAGES = "MULTIPLE_DRAFT_STAGES"
    NO_READY_STAGE = "NO_READY_STAGE"
    MULTIPLE_READY_STAGES = "MULTIPLE_READY_STAGES"
    MULTIPLE_REJECTED_STAGES = "MULTIPLE_REJECTED_STAGES"
    TERMINAL_STAGE_NOT_LAST = "TERMINAL_STAGE_NOT_LAST"
    MULTIPLE_PROOFREAD_STAGES = "MULTIPLE_PROOFREAD_STAGES"
    PROOFREAD_NOT_LAST = "PROOFREAD_NOT_LAST"
    APPROVE_NOT_FORWARD = "APPROVE_NOT_FORWARD"
    APPROVE_TO_REJECTED = "APPROVE_TO_REJECTED"
    RETURN_NOT_EARLIER = "RETURN_NOT_EARLIER"
    RETURN_TO_TERMINAL = "RETURN_TO_TERMINAL"
    DUPLICATE_VALUE = "DUPLICATE_VALUE"
    REJECT_WITHOUT_REJECTED_STAGE = "REJECT_WITHOUT_REJECTED_STAGE"
    UNREACHABLE_STAGE = "UNREACHABLE_STAGE"
    APPROVAL_WITHOUT_MATRIX = "APPROVAL_WITHOUT_MATRIX"
    ACTOR_NOT_ALLOWED = "ACTOR_NOT_ALLOWED"
    ROLE_NOT_FOR_WORKFLOW = "ROLE_NOT_FOR_WORKFLOW"
    COUNTERSIGN_PARTICIPANTS = "COUNTERSIGN_PARTICIPANTS"
    ESCALATION_TARGET_MISSING = "ESCALATION_TARGET_MISSING"
    ESCALATION_TARGET_UNUSED = "ESCALATION_TARGET_UNUSED"
    REMINDER_NOT_BEFORE_DEADLINE = "REMINDER_NOT_BEFORE_DEADLINE"
    EDIT_RETURN_INVALID = "EDIT_RETURN_INVALID"
    WITHDRAWAL_INVALID = "WITHDRAWAL_INVALID"
    # Authority matrices
    DUPLICATE_RULE_KEY = "DUPLICATE_RULE_KEY"
    APPROVERS_OUT_OF_ORDER = "APPROVERS_OUT_OF_ORDER"
    MATRIX_GAP = "MATRIX_GAP"
    SHADOWED_RULE = "SHADOWED_RULE"
    UNKNOWN_CATEGORY = "UNKNOWN_CATEGORY"
    MATRIX_MISMATCH = "MATRIX_MISMATCH"
    # Resolution and loading
    MATRIX_REQUIRED = "MATRIX_REQUIRED"
    NO_MATRIX_RULE = "NO_MATRIX_RULE"
    UNKNOWN_BUILTIN = "UNKNOWN_BUILTIN"


@dataclass(frozen=True, slots=True)
class DefinitionProblem:
    """One problem in a definition document.

    Attributes:
        path: where in the document, e.g. ``stages[3].outcomes.return_to[0]``; ``""`` is the
            document itself.
        code: what kind of problem (a ``ProblemCode`` value).
        message_zh: the explanation in Chinese, shown first.
        message_en: the same in English.
        severity: ``error`` refuses the document, ``warning`` only flags it.
        line: the 1-based line in the YAML text, when the document came from YAML.
    """

    path: str
    code: ProblemCode
    message_zh: str
    message_en: str
    severity: Severity = Severity.ERROR
    line: int | None = None

    @property
    def message(self) -> str:
        """Chinese first, then English, as every user-facing message in Fabu."""
        return f"{self.message_zh} / {self.message_en}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def under(self, prefix: str) -> DefinitionProblem:
        """The same problem with its path inside ``prefix`` (the place the document was embedded)."""
        return replace(self, path=join_path(prefix, self.path))

    def to_error(self) -> FabuError:
        """As the ``FabuError`` the GraphQL layer turns into a ``UserError`` (the path is the field)."""
        return FabuError(self.code, self.message_zh, self.message_en, field=self.path or None)

    def __str__(self) -> str:
        where = self.path or "(文档 document)"
        line = f" (第 {self.line} 行 line {self.line})" if self.line else ""
        return f"{where}{line}: [{self.code}] {self.message}"


class DefinitionError(FabuErrors):
    """A definition refused, carrying every problem found (errors, and any warnings seen with them)."""

    def __init__(self, problems: Iterable[DefinitionProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(problem.to_error() for problem in self.problems if problem.is_error)

    @property
    def codes(self) -> set[ProblemCode]:
        return {problem.code for problem in self.problems}

    @property
    def paths(self) -> set[str]:
        return {problem.path for problem in self.problems}

    def __str__(self) -> str:
        count = sum(1 for problem in self.problems if problem.is_error)
        lines = [f"定义有 {count} 处错误 / the definition has {count} error(s):"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


def problem(
    path: str, code: ProblemCode, message_zh: str, message_en: str, severity: Severity = Severity.ERROR
) -> DefinitionProblem:
    """Shorthand for building a problem."""
    return DefinitionProblem(path=path, code=code, message_zh=message_zh, message_en=message_en, severity=severity)


def join_path(prefix: str, path: str) -> str:
    """``join_path("stages[1]", "outcomes")`` is ``stages[1].outcomes``; indexes attach without a dot."""
    if not prefix:
        return path
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def raise_if_errors(problems: Iterable[DefinitionProblem]) -> None:
    """Raise one ``DefinitionError`` carrying all problems when any of them is an error."""
    found = tuple(problems)
    if any(found_problem.is_error for found_problem in found):
        raise DefinitionError(found)
