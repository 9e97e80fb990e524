"""A template as a self-contained SVG, laid out here: one column of stages, lanes for the paths back.

Stages stand in template order, top to bottom. Approval arrows run straight down between stages;
arrows past a conditional stage (and forward jumps) take lanes on the right; return arrows
(dashed) and the edit-after-approval arrow take lanes on the left, one lane each; rejection arrows
(dotted) run along a bus to the rejected stage on the far right.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from fabu.workflow.definition._diagram_model import Edge, EdgeKind, diagram_edges, stage_lines, withdrawal_note
from fabu.workflow.definition._kinds import StageKind
from fabu.workflow.definition._template import Stage, WorkflowTemplate

FONT_FAMILY = (
    "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', "
    "'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif"
)
SVG_NS = "http://www.w3.org/2000/svg"

_SIZE, _NAME_SIZE, _LINE, _PAD = 12, 14, 17, 10
_GAP, _LANE, _MARGIN, _TOP = 54, 18, 24, 64
_MIN_WIDTH, _MAX_WIDTH = 300, 440

_COLORS = {
    EdgeKind.APPROVE: "#2f5597",
    EdgeKind.SKIP: "#9a9a9a",
    EdgeKind.RETURN: "#c55a11",
    EdgeKind.REJECT: "#b03a2e",
    EdgeKind.EDIT: "#7030a0",
}
_DASHES = {EdgeKind.RETURN: "6 4", EdgeKind.EDIT: "6 4", EdgeKind.REJECT: "2 3"}
_FILLS = {StageKind.READY: "#eef6ee", StageKind.REJECTED: "#fbeeee", StageKind.DRAFT: "#f3f6fb"}


def text_width(text: str, size: float = _SIZE) -> float:
    """Estimated rendered width: CJK and full-width characters one em, others about half."""
    return sum(size if unicodedata.east_asian_width(char) in "WF" else size * 0.58 for char in text)


def wrap(text: str, width: float, size: float = _SIZE) -> list[str]:
    """Greedy wrapping by estimated width; breaks between CJK characters or at spaces, not inside words."""
    tokens: list[str] = []
    for char in text:
        if (
            tokens
            and char.isascii()
            and not char.isspace()
            and tokens[-1][-1:].isascii()
            and not tokens[-1][-1:].isspace()
        ):
            tokens[-1] += char
        else:
            tokens.append(char)
    lines, current = [], ""
    for token in tokens:
        if current and text_width(current + token, size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


@dataclass
class _Box:
    stage: Stage
    x: float
    y: float
    width: float
    lines: list[str]

    @property
    def height(self) -> float:
        return 2 * _PAD + _NAME_SIZE + 4 + _LINE * len(self.lines)

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


class _Layout:
    def __init__(self, template: WorkflowTemplate) -> None:
        self.template = template
        self.edges = diagram_edges(template)
        main = [stage for stage in template.stages if stage.kind is not StageKind.REJECTED]
        self.index = {stage.key: position for position, stage in enumerate(main)}
        self.left = [edge for edge in self.edges if edge.kind in (EdgeKind.RETURN, EdgeKind.EDIT)]
        self.left.sort(key=lambda edge: abs(self.index[edge.source] - self.index[edge.target]))
        self.right = [
            edge
            for edge in self.edges
            if edge.kind is EdgeKind.SKIP
            or (edge.kind is EdgeKind.APPROVE and self.index[edge.target] != self.index[edge.source] + 1)
        ]
        self.rejects = [edge for edge in self.edges if edge.kind is EdgeKind.REJECT]
        texts = [line for stage in template.stages for line in stage_lines(template, stage)]
        widest = max(
            [text_width(line) for line in texts] + [text_width(f"{s.name} {s.name_en}", _NAME_SIZE) for s in main]
        )
        self.width = min(max(widest + 2 * _PAD, _MIN_WIDTH), _MAX_WIDTH)
        self.x = _MARGIN + _LANE * (len(self.left) + 1) + 8
        self.boxes: dict[str, _Box] = {}
        y = float(_TOP)
        for stage in main:
            lines = [part for line in stage_lines(template, stage) for part in wrap(line, self.width - 2 * _PAD)]
            box = _Box(stage, self.x, y, self.width, lines)
            self.boxes[stage.key] = box
            y = box.bottom + _GAP
        self.bus = self.x + self.width + _LANE * (len(self.right) + 1) + 52
        rejected = template.rejected_stage
        if rejected is not None:
            ready = self.boxes[template.ready_stage.key]
            width = max(text_width(rejected.name_en, _NAME_SIZE) + 2 * _PAD + 40, 160)
            self.boxes[rejected.key] = _Box(rejected, self.bus + 28, ready.y, width, stage_lines(template, rejected))
        self.bottom = max(box.bottom for box in self.boxes.values())
        self.canvas_width = max(
            max(box.right for box in self.boxes.values()) + _MARGIN, text_width(template.name, 18) + 2 * _MARGIN
        )

    def anchor(self, key: str, side: str, edge: Edge) -> float:
        """The y where ``edge`` meets the ``side`` of stage ``key``, spread evenly over the box's height."""
        box = self.boxes[key]
        touching = [
            candidate
            for candidate in (self.left if side == "left" else [*self.right, *self.rejects])
            if key in (candidate.source, candidate.target)
        ]
        slot = touching.index(edge) + 1
        return box.y + box.height * slot / (len(touching) + 1)


def to_svg(template: WorkflowTemplate) -> str:
    """The template as a standalone SVG document (UTF-8 text, Chinese first, no external resources)."""
    layout = _Layout(template)
    height = layout.bottom + 110
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": _num(layout.canvas_width),
            "height": _num(height),
            "viewBox": f"0 0 {_num(layout.canvas_width)} {_num(height)}",
            "font-family": FONT_FAMILY,
            "font-size": str(_SIZE),
        },
    )
    ET.SubElement(svg, "title").text = f"{template.name} / {template.name_en}"
    _markers(svg)
    ET.SubElement(svg, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    _text(svg, _MARGIN, 28, f"{template.name}（{template.key} 第 {template.version} 版）", size=18, weight="bold")
    _text(svg, _MARGIN, 48, f"{template.name_en} ({template.key} v{template.version})", size=12, fill="#555555")
    for box in layout.boxes.values():
        _box(svg, box)
    for edge in layout.edges:
        _edge(svg, layout, edge)
    _legend(svg, template, layout.bottom + 30)
    ET.indent(svg, space="  ")
    return ET.tostring(svg, encoding="unicode", xml_declaration=False) + "\n"


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _text(
    parent: ET.Element,
    x: float,
    y: float,
    text: str,
    *,
    size: int = _SIZE,
    weight: str = "normal",
    fill: str = "#222222",
    anchor: str = "start",
) -> ET.Element:
    element = ET.SubElement(
        parent,
        "text",
        {
            "x": _num(x),
            "y": _num(y),
            "font-size": str(size),
            "font-weight": weight,
            "fill": fill,
            "text-anchor": anchor,
        },
    )
    element.text = text
    return element


def _markers(svg: ET.Element) -> None:
    defs = ET.SubElement(svg, "defs")
    for kind, color in _COLORS.items():
        marker = ET.SubElement(
            defs,
            "marker",
            {
                "id": f"arrow-{kind}",
                "viewBox": "0 0 10 10",
                "refX": "10",
                "refY": "5",
                "markerWidth": "7",
                "markerHeight": "7",
                "orient": "auto",
            },
        )
        ET.SubElement(marker, "path", {"d": "M0,0 L10,5 L0,10 z", "fill": color})


def _box(svg: ET.Element, box: _Box) -> None:
    stage = box.stage
    group = ET.SubElement(svg, "g", {"class": f"stage {stage.kind}", "data-key": stage.key})
    conditional = getattr(stage, "when", None) is not None
    attributes = {
        "x": _num(box.x),
        "y": _num(box.y),
        "width": _num(box.width),
        "height": _num(box.height),
        "rx": "8" if stage.kind.terminal or stage.kind is StageKind.DRAFT else "3",
        "fill": _FILLS.get(stage.kind, "#ffffff"),
        "stroke": "#444444",
        "stroke-width": "1.4",
    }
    if conditional:
        attributes["stroke-dasharray"] = "5 3"
    ET.SubElement(group, "rect", attributes)
    baseline = box.y + _PAD + _NAME_SIZE
    name = _text(group, box.x + _PAD, baseline, stage.name, size=_NAME_SIZE, weight="bold")
    name.set("class", "stage-name")
    _text(
        group, box.x + _PAD + text_width(stage.name, _NAME_SIZE) + 8, baseline, stage.name_en, size=11, fill="#555555"
    )
    for number, line in enumerate(box.lines):
        _text(group, box.x + _PAD, baseline + 4 + _LINE * (number + 1) - 3, line, fill="#333333")


def _edge(svg: ET.Element, layout: _Layout, edge: Edge) -> None:
    source, target = layout.boxes[edge.source], layout.boxes[edge.target]
    color = _COLORS[edge.kind]
    if edge.kind in (EdgeKind.RETURN, EdgeKind.EDIT):
        lane = source.x - 8 - _LANE * (layout.left.index(edge) + 1)
        y1, y2 = layout.anchor(edge.source, "left", edge), layout.anchor(edge.target, "left", edge)
        d = f"M{_num(source.x)},{_num(y1)} H{_num(lane)} V{_num(y2)} H{_num(target.x)}"
        label_x, label_y, rotate = lane - 4, (y1 + y2) / 2, True
    elif edge.kind is EdgeKind.REJECT:
        y1 = layout.anchor(edge.source, "right", edge)
        y2 = target.y + target.height / 2
        d = f"M{_num(source.right)},{_num(y1)} H{_num(layout.bus)} V{_num(y2)} H{_num(target.x)}"
        label_x, label_y, rotate = layout.bus - 46, y1 - 3, False
    elif edge in layout.right:
        lane = source.right + _LANE * (layout.right.index(edge) + 1)
        y1, y2 = layout.anchor(edge.source, "right", edge), layout.anchor(edge.target, "right", edge)
        d = f"M{_num(source.right)},{_num(y1)} H{_num(lane)} V{_num(y2)} H{_num(target.right)}"
        label_x, label_y, rotate = lane + 12, (y1 + y2) / 2, True
    else:
        middle = source.x + source.width / 2
        d = f"M{_num(middle)},{_num(source.bottom)} V{_num(target.y)}"
        label_x, label_y, rotate = middle + 6, (source.bottom + target.y) / 2 + 4, False
    attributes = {
        "class": f"edge {edge.kind}",
        "data-from": edge.source,
        "data-to": edge.target,
        "d": d,
        "fill": "none",
        "stroke": color,
        "stroke-width": "1.4",
        "marker-end": f"url(#arrow-{edge.kind})",
    }
    if edge.kind in _DASHES:
        attributes["stroke-dasharray"] = _DASHES[edge.kind]
    ET.SubElement(svg, "path", attributes)
    label = _text(svg, label_x, label_y, edge.label_zh, size=10, fill=color, anchor="middle" if rotate else "start")
    label.set("class", f"edge-label {edge.kind}")
    if rotate:
        label.set("transform", f"rotate(-90 {_num(label_x)} {_num(label_y)})")


def _legend(svg: ET.Element, template: WorkflowTemplate, y: float) -> None:
    legend = ET.SubElement(svg, "g", {"class": "legend"})
    x = float(_MARGIN)
    entries = (
        (EdgeKind.APPROVE, "提交 / 同意"),
        (EdgeKind.SKIP, "不适用时跳过"),
        (EdgeKind.RETURN, "退回"),
        (EdgeKind.REJECT, "不予发布"),
        (EdgeKind.EDIT, "审定后修改"),
    )
    for kind, text in entries:
        line = {
            "x1": _num(x),
            "y1": _num(y - 4),
            "x2": _num(x + 28),
            "y2": _num(y - 4),
            "stroke": _COLORS[kind],
            "stroke-width": "1.6",
        }
        if kind in _DASHES:
            line["stroke-dasharray"] = _DASHES[kind]
        ET.SubElement(legend, "line", line)
        _text(legend, x + 34, y, text, size=11)
        x += 34 + text_width(text, 11) + 18
    notes = ["虚线框：按条件适用的环节"]
    if template.authority_matrix:
        notes.append(f"审定环节的审定人由审定权限矩阵 {template.authority_matrix} 决定")
    note = withdrawal_note(template)
    if note:
        notes.append(note)
    for number, text in enumerate(notes):
        _text(legend, _MARGIN, y + 22 + 17 * number, text, size=11, fill="#555555")
