"""BagIt bags (RFC 8493, version 1.0) packed as ZIP files: written whole, and checked for fixity.

A bag is a base directory holding ``bagit.txt`` (the declaration), ``bag-info.txt`` (metadata),
``manifest-sha256.txt`` (a checksum line per payload file), ``tagmanifest-sha256.txt`` (the same
for the tag files) and the payload under ``data/``. Paths in the manifests are percent-encoded
where RFC 8493 asks (``%``, CR, LF). The ZIP is written in a fixed order with fixed timestamps, so
the same bag gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

DECLARATION: Final = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
_FIXED_TIME: Final = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say: the bag's dates live in bag-info.txt


@dataclass(frozen=True)
class BagProblem:
    """Why a bag fails its check, for people: the file and what is wrong with it."""

    path: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.zh} / {self.en}"


def write_bag(name: str, payload: Mapping[str, bytes], info: Mapping[str, str]) -> bytes:
    """The bag ``name`` holding ``payload`` (paths relative to ``data/``) and ``info``, as ZIP bytes.

    ``Payload-Oxum`` is added to the metadata from the payload itself.
    """
    files = {f"data/{path}": content for path, content in sorted(payload.items())}
    octets = sum(len(content) for content in files.values())
    tags = {
        "bagit.txt": DECLARATION,
        "bag-info.txt": _info_text({**info, "Payload-Oxum": f"{octets}.{len(files)}"}),
        "manifest-sha256.txt": _manifest(files),
    }
    tags["tagmanifest-sha256.txt"] = _manifest(tags)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bag:
        for path, content in [*tags.items(), *files.items()]:
            entry = zipfile.ZipInfo(f"{name}/{path}", date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            bag.writestr(entry, content)
    return buffer.getvalue()


def check_bag(data: bytes) -> list[BagProblem]:
    """Every reason the ZIP ``data`` is not a complete, valid bag; empty when it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as bag:
            names = [entry for entry in bag.namelist() if not entry.endswith("/")]
            bases = {entry.split("/", 1)[0] for entry in names}
            if len(bases) != 1 or any("/" not in entry for entry in names):
                return [BagProblem("/", "应有且只有一个基目录", "a bag has exactly one base directory")]
            base = bases.pop()
            files = {entry.split("/", 1)[1]: bag.read(entry) for entry in names}
    except (zipfile.BadZipFile, OSError) as error:
        return [BagProblem("/", f"不是可读的 ZIP 文件：{error}", f"not a readable ZIP file: {error}")]
    problems = _declaration_problems(files)
    for manifest, covers_payload in (("manifest-sha256.txt", True), ("tagmanifest-sha256.txt", False)):
        problems += _manifest_problems(files, manifest, covers_payload)
    problems += _oxum_problems(files)
    return [BagProblem(f"{base}/{p.path}", p.zh, p.en) for p in problems]


def read_info(data: bytes) -> dict[str, str]:
    """The ``bag-info.txt`` metadata of the bag ``data`` (the last value of a repeated label)."""
    with zipfile.ZipFile(io.BytesIO(data)) as bag:
        entry = next(name for name in bag.namelist() if name.endswith("/bag-info.txt") and name.count("/") == 1)
        text = bag.read(entry).decode("utf-8")
    return dict(_info_lines(text))


def _info_text(info: Mapping[str, str]) -> bytes:
    for label, value in info.items():
        if ":" in label or any(c in label + value for c in "\r\n"):
            raise ValueError(f"bag-info label or value not on one line: {label!r}")
    return "".join(f"{label}: {value}\n" for label, value in info.items()).encode("utf-8")


def _info_lines(text: str) -> list[tuple[str, str]]:
    return [(label.strip(), value.strip()) for label, _, value in (line.partition(":") for line in text.splitlines()) if label]


def _encode(path: str) -> str:
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _decode(path: str) -> str:
    return path.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _manifest(files: Mapping[str, bytes]) -> bytes:
    return "".join(f"{hashlib.sha256(content).hexdigest()}  {_encode(path)}\n" for path, content in files.items()).encode("utf-8")


def _declaration_problems(files: Mapping[str, bytes]) -> list[BagProblem]:
    declaration = files.get("bagit.txt")
    if declaration is None:
        return [BagProblem("bagit.txt", "缺少 BagIt 声明", "the BagIt declaration is missing")]
    if declaration.replace(b"\r\n", b"\n") != DECLARATION:
        return [BagProblem("bagit.txt", "BagIt 声明不是 1.0 / UTF-8", "the declaration is not BagIt 1.0 in UTF-8")]
    return []


def _manifest_problems(files: Mapping[str, bytes], manifest: str, covers_payload: bool) -> list[BagProblem]:
    if manifest not in files:
        return [BagProblem(manifest, "缺少清单", "the manifest is missing")]
    listed: dict[str, str] = {}
    for line in files[manifest].decode("utf-8").splitlines():
        digest, _, path = line.partition(" ")
        listed[_decode(path.lstrip(" *"))] = digest.lower()
    problems = []
    for path, digest in listed.items():
        if path not in files:
            problems.append(BagProblem(path, f"{manifest} 列出的文件不存在", f"listed in {manifest} but missing"))
        elif hashlib.sha256(files[path]).hexdigest() != digest:
            problems.append(BagProblem(path, "校验值不符，内容被改动", "checksum mismatch: the content was altered"))
    if covers_payload:
        for path in sorted(set(files) - set(listed)):
            if path.startswith("data/"):
                problems.append(BagProblem(path, "数据文件未列入清单", "a payload file the manifest does not list"))
    return problems


def _oxum_problems(files: Mapping[str, bytes]) -> list[BagProblem]:
    info = dict(_info_lines(files.get("bag-info.txt", b"").decode("utf-8")))
    payload = [content for path, content in files.items() if path.startswith("data/")]
    expected = f"{sum(len(content) for content in payload)}.{len(payload)}"
    if info.get("Payload-Oxum") not in (None, expected):
        return [BagProblem("bag-info.txt", f"Payload-Oxum 应为 {expected}", f"Payload-Oxum should be {expected}")]
    return []
