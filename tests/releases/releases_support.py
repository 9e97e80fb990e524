"""What the release tests share: GraphQL documents, a drafter's client, Word files and images built here."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from typing import Any
from uuid import UUID

import docx
from docx.shared import Inches
from strawberry.relay import to_base64

from factories import GraphQLClient, Unit

RELEASE_FIELDS = """
fragment ReleaseFields on Release {
  id title summary bodyHtml importance importanceLabel sensitivity sensitivityLabel channels scheduledAt
  workflowState lockVersion currentVersionNumber
  category { id code name }
  leadDepartment { id code }
  coDepartments { code }
  sources { claim sourceTitle sourceUrl documentReference }
  attachments { id name contentType size sha256 downloadUrl }
  bodyMedia { sha256 src url }
  createdBy { name }
  lastEditedBy { name }
  currentVersion { number sha256 kind }
}
"""

CREATE = (
    "mutation($input: CreateReleaseInput!) { createRelease(input: $input) "
    "{ release { ...ReleaseFields } errors { field code message messageZh messageEn } } }" + RELEASE_FIELDS
)
UPDATE = (
    "mutation($input: UpdateReleaseInput!) { updateRelease(input: $input) "
    "{ release { ...ReleaseFields } errors { field code message messageZh messageEn } } }" + RELEASE_FIELDS
)
IMPORT_DOCX = (
    "mutation($input: ImportDocxInput!) { importDocx(input: $input) "
    "{ release { ...ReleaseFields } messages errors { field code message } } }" + RELEASE_FIELDS
)
ADD_ATTACHMENT = (
    "mutation($input: AddAttachmentInput!) { addAttachment(input: $input) "
    "{ release { ...ReleaseFields } attachment { id name size sha256 contentType } errors { field code message } } }"
    + RELEASE_FIELDS
)
REMOVE_ATTACHMENT = (
    "mutation($input: RemoveAttachmentInput!) { removeAttachment(input: $input) "
    "{ release { ...ReleaseFields } errors { field code message } } }" + RELEASE_FIELDS
)
CREATE_CATEGORY = (
    "mutation($input: CreateDisclosureCategoryInput!) { createDisclosureCategory(input: $input) "
    "{ category { id code name parent { code } } errors { field code message } } }"
)
NODE = "query($id: ID!) { node(id: $id) { id ... on Release { ...ReleaseFields } } }" + RELEASE_FIELDS
RELEASES = "query($state: String, $departmentId: ID) { releases(first: 100, state: $state, departmentId: $departmentId) { nodes { id title } } }"


def gid(type_name: str, value: UUID | str) -> str:
    return to_base64(type_name, str(value))


def department(unit: Unit, code: str = "policy") -> str:
    return gid("Department", unit.departments[code])


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class Drafting:
    """One person's calls on releases, as a front end makes them."""

    def __init__(self, gql: GraphQLClient, unit: Unit, token: str) -> None:
        self.gql = gql
        self.unit = unit
        self.token = token

    async def call(self, document: str, name: str, payload_input: dict[str, Any]) -> dict[str, Any]:
        data = await self.gql.data(document, {"input": payload_input}, token=self.token)
        result: dict[str, Any] = data[name]
        return result

    async def create(self, **fields: Any) -> dict[str, Any]:
        payload_input = {"title": "关于做好春季防汛工作的通知", "leadDepartmentId": department(self.unit), **fields}
        return await self.call(CREATE, "createRelease", payload_input)

    async def created(self, **fields: Any) -> dict[str, Any]:
        """A release that must be created without errors."""
        payload = await self.create(**fields)
        assert payload["errors"] == [], payload
        release: dict[str, Any] = payload["release"]
        return release

    async def update(self, release: dict[str, Any], **fields: Any) -> dict[str, Any]:
        payload_input = {"id": release["id"], "expectedVersion": release["lockVersion"], **fields}
        return await self.call(UPDATE, "updateRelease", payload_input)

    async def updated(self, release: dict[str, Any], **fields: Any) -> dict[str, Any]:
        payload = await self.update(release, **fields)
        assert payload["errors"] == [], payload
        updated: dict[str, Any] = payload["release"]
        return updated

    async def node(self, global_id: str) -> dict[str, Any] | None:
        data = await self.gql.data(NODE, {"id": global_id}, token=self.token)
        node: dict[str, Any] | None = data["node"]
        return node

    async def attach(self, release: dict[str, Any], name: str, data: bytes, **extra: Any) -> dict[str, Any]:
        payload_input = {
            "releaseId": release["id"], "expectedVersion": release["lockVersion"], "fileName": name,
            "contentBase64": b64(data), **extra,
        }  # fmt: skip
        return await self.call(ADD_ATTACHMENT, "addAttachment", payload_input)

    async def import_docx(self, data: bytes, name: str = "草稿.docx", **extra: Any) -> dict[str, Any]:
        payload_input = {"fileName": name, "contentBase64": b64(data), **extra}
        return await self.call(IMPORT_DOCX, "importDocx", payload_input)


def png_bytes(red: int = 255) -> bytes:
    """A valid 1x1 PNG; different ``red`` values give different bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 0, 0]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def build_docx(
    *, heading: str | None = None, paragraphs: tuple[str, ...] = (), image: bytes | None = None, core_title: str = ""
) -> bytes:
    """A Word file made with python-docx, as a unit's drafter would write one."""
    document = docx.Document()
    document.core_properties.title = core_title
    if heading is not None:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if image is not None:
        document.add_picture(io.BytesIO(image), width=Inches(1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
