"""Diagrams: Mermaid and a self-laid-out SVG show every stage, every path forward and every path back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from fabu.workflow.definition import (
    WorkflowTemplate,
    builtin_template_names,
    load_builtin_template,
    template_from_data,
    to_mermaid,
    to_svg,
)
from workflow_definition.definition_factories import stage, template_data

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> ET.Element:
    """Parse an SVG this code produced (our own output, so the stdlib parser is safe here)."""
    return ET.fromstring(text)  # noqa: S314


def return_paths(template: WorkflowTemplate) -> set[tuple[str, str]]:
    return {
        (working.key, target)
        for working in template.stages
        for target in getattr(getattr(working, "outcomes", None), "return_to", ())
    }


@pytest.mark.parametrize("name", builtin_template_names())
def test_mermaid_shows_every_stage_and_every_return_path(name: str) -> None:
    template = load_builtin_template(name)

    text = to_mermaid(template)

    assert text.startswith("flowchart TD\n")
    for item in template.stages:
        assert f"s_{item.key}" in text
        assert item.name in text
    for source, target in return_paths(template):
        assert f"s_{source} -.->|退回 return| s_{target}" in text
    assert "s_department_review --x|不予发布 reject| s_rejected" in text or name != "standard"


def test_mermaid_labels_conditional_stages_and_their_bypass() -> None:
    text = to_mermaid(load_builtin_template("standard"))

    assert "适用条件：有会签部门 或 敏感程度为「敏感」" in text
    assert "s_department_review -->|「部门会签」不适用时 if Countersign does not apply| s_office_review" in text
    assert "class s_countersign conditional" in text
    assert "s_ready -.->|审定后修改内容 edited after approval| s_department_review" in text


def test_mermaid_node_ids_cannot_clash_with_keywords_or_break_on_quotes() -> None:
    template = template_from_data(
        template_data(
            stage("drafting", "draft", name='起草"稿"'),
            stage("end", "review"),
            stage("approval", "approval"),
            stage("ready", "ready"),
            edit_after_approval={"return_to": "end"},
        )
    )

    text = to_mermaid(template)

    assert "s_end[" in text
    assert '"稿"' not in text
    assert "#quot;稿#quot;" in text


@pytest.mark.parametrize("name", builtin_template_names())
def test_svg_is_well_formed_and_shows_every_stage_and_return_path(name: str) -> None:
    template = load_builtin_template(name)

    root = parse_svg(to_svg(template))

    assert root.tag == f"{SVG}svg"
    stages = {
        group.get("data-key") for group in root.iter(f"{SVG}g") if (group.get("class") or "").startswith("stage ")
    }
    assert stages == {item.key for item in template.stages}
    texts = " ".join(element.text or "" for element in root.iter(f"{SVG}text"))
    assert all(item.name in texts for item in template.stages)
    returns = {
        (path.get("data-from"), path.get("data-to"))
        for path in root.iter(f"{SVG}path")
        if path.get("class") == "edge return"
    }
    assert returns == return_paths(template)
    for path in root.iter(f"{SVG}path"):
        if path.get("class") == "edge return":
            assert path.get("stroke-dasharray")


def test_svg_shows_conditions_deadlines_escalation_and_bypass() -> None:
    root = parse_svg(to_svg(load_builtin_template("standard")))

    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    joined = "".join(texts)
    assert "适用条件：有会签部门 或 敏感程度为「敏感」" in joined
    assert "时限2天，提前4小时提醒；超时升级至主办部门的分管领导" in joined
    assert "须通过发布前检查" in texts
    kinds = {path.get("class") for path in root.iter(f"{SVG}path")}
    assert {"edge approve", "edge skip", "edge return", "edge reject", "edge edit"} <= kinds


def test_svg_is_self_contained_with_chinese_fonts() -> None:
    text = to_svg(load_builtin_template("standard"))

    root = parse_svg(text)
    assert "Noto Sans CJK SC" in (root.get("font-family") or "")
    assert "Microsoft YaHei" in (root.get("font-family") or "")
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "<title>标准信息发布流程 / Standard information-release workflow</title>" in text


def test_a_forward_jump_is_drawn_beside_the_column() -> None:
    template = template_from_data(
        template_data(
            stage("drafting", "draft"),
            stage(
                "fast_track",
                "review",
                when={"field": "importance", "equals": "routine"},
                outcomes={"approve": "approval", "reject": True},
            ),
            stage("review", "review"),
            stage("approval", "approval"),
            stage("ready", "ready"),
            stage("rejected", "rejected"),
            edit_after_approval={"return_to": "drafting"},
        )
    )

    root = parse_svg(to_svg(template))

    jump = [
        path
        for path in root.iter(f"{SVG}path")
        if path.get("data-from") == "fast_track" and path.get("data-to") == "approval"
    ]
    assert len(jump) == 1
    assert "H" in (jump[0].get("d") or "")
