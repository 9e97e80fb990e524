"""A template as a Mermaid flowchart (for Markdown docs and issue comments)."""

from __future__ import annotations

import re

from fabu.workflow.definition._diagram_model import EdgeKind, diagram_edges, stage_lines, withdrawal_note
from fabu.workflow.definition._kinds import StageKind
from fabu.workflow.definition._template import Stage, WorkflowTemplate

_ARROWS = {
    EdgeKind.APPROVE: "-->",
    EdgeKind.SKIP: "-->",
    EdgeKind.RETURN: "-.->",
    EdgeKind.REJECT: "--x",
    EdgeKind.EDIT: "-.->",
}
_SHAPES = {
    StageKind.DRAFT: ("([", "])"),
    StageKind.REVIEW: ("[", "]"),
    StageKind.COUNTERSIGN: ("[[", "]]"),
    StageKind.APPROVAL: ("{{", "}}"),
    StageKind.PROOFREAD: ("[/", "/]"),
    StageKind.READY: ("([", "])"),
    StageKind.REJECTED: ("([", "])"),
}


def node_id(key: str) -> str:
    """A Mermaid node id for a stage key (prefixed, so keys like ``end`` cannot clash with keywords)."""
    return "s_" + re.sub(r"[^A-Za-z0-9_]", "_", key)


def _text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("|", "#124;")


def _node(template: WorkflowTemplate, stage: Stage) -> str:
    opening, closing = _SHAPES[stage.kind]
    lines = [
        f"<b>{_text(stage.name)}</b>",
        _text(stage.name_en),
        *(_text(line) for line in stage_lines(template, stage)),
    ]
    return f'    {node_id(stage.key)}{opening}"{"<br/>".join(lines)}"{closing}'


def to_mermaid(template: WorkflowTemplate) -> str:
    """The template as a Mermaid ``flowchart TD``: solid arrows approve, dashed arrows return, ``--x`` rejects."""
    out = [
        "flowchart TD",
        f"    %% {template.name} / {template.name_en} ({template.key} v{template.version})",
    ]
    out.extend(_node(template, stage) for stage in template.stages)
    for index, edge in enumerate(diagram_edges(template)):
        label = _text(f"{edge.label_zh} {edge.label_en}")
        out.append(f"    {node_id(edge.source)} {_ARROWS[edge.kind]}|{label}| {node_id(edge.target)}")
        if edge.kind is EdgeKind.SKIP:
            out.append(f"    linkStyle {index} stroke:#999999")
    note = withdrawal_note(template)
    if note:
        out.append(f"    %% {note}")
    out.append("    classDef terminal fill:#eef6ee,stroke:#3a7d44")
    out.append("    classDef rejected fill:#fbeeee,stroke:#b03a2e")
    out.append("    classDef conditional stroke-dasharray: 5 3")
    for stage in template.stages:
        if stage.kind is StageKind.READY:
            out.append(f"    class {node_id(stage.key)} terminal")
        elif stage.kind is StageKind.REJECTED:
            out.append(f"    class {node_id(stage.key)} rejected")
        elif getattr(stage, "when", None) is not None:
            out.append(f"    class {node_id(stage.key)} conditional")
    return "\n".join(out) + "\n"
