"""Checks against what the unit has already published: near-duplicates and contradictions."""

from __future__ import annotations

from fabu.checks._codes import CheckCode, Severity
from fabu.checks._corpus import DuplicateMatch, PublishedIndex
from fabu.checks._finding import Finding, Passage
from fabu.checks._unit import TextUnit


def check_near_duplicates(
    unit: TextUnit, index: PublishedIndex
) -> tuple[list[Finding], list[DuplicateMatch]]:
    """One warning per published release similar to the field, pointing at the first shared passage."""
    matches = index.near_duplicates(unit.text)
    findings = []
    for match in matches:
        first = match.passages[0] if match.passages else None
        span = (first.start, first.end) if first else (0, 0)
        percent = round(match.similarity * 100)
        message = (
            (
                f"与已发布信息“{match.title}”（{match.release_id}）高度相似（相似度约{percent}%），"
                f"共有{len(match.passages)}处相同段落，请确认是否重复发布，或应更新原信息。"
            ),
            (
                f"Very similar to the published release “{match.title}” ({match.release_id}), about "
                f"{percent}% similar with {len(match.passages)} shared passage(s): check this is not a "
                "duplicate, or whether the earlier release should be updated instead."
            ),
        )
        findings.append(
            unit.finding(
                CheckCode.NEAR_DUPLICATE, Severity.WARNING, span, message,
                release_id=match.release_id, passages=match.passages, original=True,
            )
        )  # fmt: skip
    return findings, matches


def check_contradictions(unit: TextUnit, index: PublishedIndex) -> list[Finding]:
    """A warning per sentence whose figures differ from the same sentence already published."""
    findings = []
    for found in index.contradictions(unit.text):
        ours = "、".join(found.figures)
        theirs = "、".join(found.other_figures)
        message = (
            (
                f"与已发布信息“{found.title}”（{found.release_id}）中的同一表述数字不一致："
                f"本文为“{ours}”，已发布为“{theirs}”（“{found.other_text}”）。请核实；如系数据更新，可忽略。"
            ),
            (
                f"The same statement in the published release “{found.title}” ({found.release_id}) has "
                f"different figures: {ours} here, {theirs} there. Check them; ignore if this is an update."
            ),
        )
        passage = Passage(
            found.start,
            found.end,
            found.other_start,
            found.other_end,
            unit.text[found.start : found.end],
        )
        findings.append(
            unit.finding(
                CheckCode.CONTRADICTION, Severity.WARNING, (found.start, found.end), message,
                release_id=found.release_id, passages=(passage,), original=True,
            )
        )  # fmt: skip
    return findings
