"""Workflow definitions: templates and authority matrices as validated, versioned documents. Pure Python.

A *workflow template* says which stages a release passes, who acts at each (relative to the
release), when a stage applies, where it may be returned, deadlines and escalation. An *authority
matrix* says who approves, by importance × sensitivity × category (× channel). Both are data,
never code: conditions are a closed grammar (see ``Condition``) and nothing is ever evaluated.

Load, check, resolve::

    from fabu.workflow.definition import (
        ReleaseFacts, ensure_matrix_complete, explain, load_builtin_matrix, load_builtin_template,
        load_template, resolve_route,
    )

    template = load_builtin_template("standard")         # or load_template(yaml_text)
    matrix = load_builtin_matrix("standard-matrix")
    ensure_matrix_complete(matrix, categories=unit_catalogue)  # on apply: lists every gap
    facts = ReleaseFacts(importance="important", sensitivity="sensitive", category="政策解读",
                         lead_department="policy", co_departments=("finance", "legal"))
    route = resolve_route(template, facts, matrix)
    route.keys        # ('drafting', 'department_review', 'countersign', 'office_review', ...)
    route.stage("leadership_approval").approval.steps    # ActorSpecs, in order
    explain(matrix, facts).text_zh()                     # which rule, and why

Every loader raises one ``DefinitionError`` carrying every ``DefinitionProblem`` (path, code,
Chinese and English message, line when from YAML); it is a ``FabuErrors``, so the GraphQL layer
turns it into ``UserError`` entries unchanged. A larger pydantic document that embeds a template
or matrix (a unit's manifest) gets the same problems, prefixed with its own paths, from
``problems_from_validation_error``. Any ``WorkflowTemplate`` or ``AuthorityMatrix``
instance has passed every check; completeness over a unit's catalogue is checked on apply.

Built-in documents live in ``tenants/templates/`` and, identical, in this package's ``builtin/``
folder (see ``_builtin``); the package copy is what is loaded.
"""

from fabu.workflow.definition._actors import WORKFLOW_ROLES, ActorKind, ActorSpec, ApproverLevel, DepartmentRef
from fabu.workflow.definition._builtin import (
    builtin_folder,
    builtin_matrix_names,
    builtin_template_names,
    builtin_text,
    load_builtin_matrix,
    load_builtin_template,
)
from fabu.workflow.definition._condition_checks import check_condition, is_satisfiable
from fabu.workflow.definition._conditions import MAX_CONDITION_DEPTH, Condition, Operator
from fabu.workflow.definition._documents import (
    dump_matrix,
    dump_template,
    load_matrix,
    load_template,
    matrix_from_data,
    matrix_json_schema,
    matrix_to_data,
    template_from_data,
    template_json_schema,
    template_to_data,
)
from fabu.workflow.definition._durations import Duration, describe_duration, format_iso, parse_duration
from fabu.workflow.definition._explain import DimensionCheck, Explanation, RuleCheck, explain
from fabu.workflow.definition._facts import FactField, Importance, ReleaseFacts, Sensitivity
from fabu.workflow.definition._kinds import StageKind
from fabu.workflow.definition._matrix import ANY, AuthorityMatrix, MatrixDimension, MatrixRule
from fabu.workflow.definition._matrix_checks import (
    OTHER_CHANNELS,
    MatrixCoverage,
    MatrixGap,
    check_matrix,
    check_matrix_coverage,
    ensure_matrix_complete,
)
from fabu.workflow.definition._mermaid import to_mermaid
from fabu.workflow.definition._problems import DefinitionError, DefinitionProblem, ProblemCode, Severity
from fabu.workflow.definition._pydantic_errors import problems_from_validation_error
from fabu.workflow.definition._route import (
    ActingMode,
    ApprovalPlan,
    CountersignPlan,
    Route,
    RouteError,
    RouteStage,
    SkippedStage,
    resolve_route,
)
from fabu.workflow.definition._svg import to_svg
from fabu.workflow.definition._template import (
    NEXT,
    ApprovalStage,
    CountersignStage,
    Deadline,
    DraftStage,
    EditAfterApproval,
    Outcomes,
    OverdueAction,
    ProofreadStage,
    ReadyStage,
    RejectedStage,
    ReviewStage,
    Stage,
    Withdrawal,
    WorkflowTemplate,
    WorkingStage,
)
from fabu.workflow.definition._template_checks import check_template

__all__ = [
    "ANY",
    "MAX_CONDITION_DEPTH",
    "NEXT",
    "OTHER_CHANNELS",
    "WORKFLOW_ROLES",
    "ActingMode",
    "ActorKind",
    "ActorSpec",
    "ApprovalPlan",
    "ApprovalStage",
    "ApproverLevel",
    "AuthorityMatrix",
    "Condition",
    "CountersignPlan",
    "CountersignStage",
    "Deadline",
    "DefinitionError",
    "DefinitionProblem",
    "DepartmentRef",
    "DimensionCheck",
    "DraftStage",
    "Duration",
    "EditAfterApproval",
    "Explanation",
    "FactField",
    "Importance",
    "MatrixCoverage",
    "MatrixDimension",
    "MatrixGap",
    "MatrixRule",
    "Operator",
    "Outcomes",
    "OverdueAction",
    "ProblemCode",
    "ProofreadStage",
    "ReadyStage",
    "RejectedStage",
    "ReleaseFacts",
    "ReviewStage",
    "Route",
    "RouteError",
    "RouteStage",
    "RuleCheck",
    "Sensitivity",
    "Severity",
    "SkippedStage",
    "Stage",
    "StageKind",
    "Withdrawal",
    "WorkflowTemplate",
    "WorkingStage",
    "builtin_folder",
    "builtin_matrix_names",
    "builtin_template_names",
    "builtin_text",
    "check_condition",
    "check_matrix",
    "check_matrix_coverage",
    "check_template",
    "describe_duration",
    "dump_matrix",
    "dump_template",
    "ensure_matrix_complete",
    "explain",
    "format_iso",
    "is_satisfiable",
    "load_builtin_matrix",
    "load_builtin_template",
    "load_matrix",
    "load_template",
    "matrix_from_data",
    "matrix_json_schema",
    "matrix_to_data",
    "parse_duration",
    "problems_from_validation_error",
    "resolve_route",
    "template_from_data",
    "template_json_schema",
    "template_to_data",
    "to_mermaid",
    "to_svg",
]
