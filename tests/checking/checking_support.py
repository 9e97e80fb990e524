"""GraphQL documents and small helpers shared by the checking tests."""

from __future__ import annotations

from typing import Any

from workflow.workflow_support import Desk

CHECK_REPORT = """query($id: ID!, $version: Int) { checkReport(releaseId: $id, versionNumber: $version) {
    versionNumber versionSha256 passed fatalCount blockingCount warningCount
    findings { code severity field start end matched message messageZh suggestion fingerprint overridable }
    texts { field text } } }"""
ADD_ENTRY = """mutation($input: AddLexiconEntryInput!) { addLexiconEntry(input: $input) {
    entry { id term kind severity correction } errors { field code message } } }"""
REMOVE_ENTRY = "mutation($input: RemoveLexiconEntryInput!) { removeLexiconEntry(input: $input) { removedId errors { field code message } } }"
ENTRIES = "{ lexiconEntries(first: 50) { nodes { id term } } }"

LEAKED_MOBILE_BODY = (
    "<p>为进一步优化营商环境，我局定于2026年12月5日在市民中心举办政策宣讲会。</p>"
    "<p>报名联系人：王磊，手机13912345678。</p>"
)


async def check_report(desk: Desk, release_id: str, username: str = "reviewer", version: int | None = None) -> Any:
    data = await desk.gql.data(CHECK_REPORT, {"id": release_id, "version": version}, token=await desk.token(username))
    return data["checkReport"]


def finding(report: dict[str, Any], code: str) -> dict[str, Any]:
    [found] = [f for f in report["findings"] if f["code"] == code]
    result: dict[str, Any] = found
    return result
