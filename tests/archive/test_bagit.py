"""BagIt bags as ZIP files: written to RFC 8493, and every way a bag can be damaged is found."""

from __future__ import annotations

import hashlib
import io
import zipfile

from fabu.archive.bagit import DECLARATION, check_bag, read_info, write_bag

PAYLOAD = {"release.json": '{"title": "关于停水的通知"}'.encode(), "originals/通知.pdf": b"%PDF-1.7 ...", "odd%name.txt": b"x"}


def bag() -> bytes:
    return write_bag("bag-1", PAYLOAD, {"Source-Organization": "某市住房和城乡建设局", "External-Identifier": "r-1"})


def files_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_bag_holds_the_declaration_metadata_manifests_and_payload() -> None:
    files = files_of(bag())

    assert files["bag-1/bagit.txt"] == DECLARATION
    assert sorted(files) == [
        "bag-1/bag-info.txt", "bag-1/bagit.txt", "bag-1/data/odd%name.txt", "bag-1/data/originals/通知.pdf",
        "bag-1/data/release.json", "bag-1/manifest-sha256.txt", "bag-1/tagmanifest-sha256.txt",
    ]  # fmt: skip
    manifest = files["bag-1/manifest-sha256.txt"].decode()
    assert f"{hashlib.sha256(b'%PDF-1.7 ...').hexdigest()}  data/originals/通知.pdf" in manifest.splitlines()
    assert "data/odd%25name.txt" in manifest  # percent-encoded as RFC 8493 asks
    octets = sum(len(content) for content in PAYLOAD.values())
    assert read_info(bag()) == {
        "Source-Organization": "某市住房和城乡建设局", "External-Identifier": "r-1", "Payload-Oxum": f"{octets}.3",
    }  # fmt: skip
    assert check_bag(bag()) == []


def test_the_same_bag_gives_the_same_bytes() -> None:
    assert bag() == bag()


def test_an_altered_payload_file_is_found() -> None:
    files = files_of(bag())
    files["bag-1/data/release.json"] = '{"title": "关于停电的通知"}'.encode()

    [problem] = [p for p in check_bag(rezip(files)) if "checksum" in p.en]

    assert problem.path == "bag-1/data/release.json"
    assert problem.zh == "校验值不符，内容被改动"


def test_a_missing_an_extra_and_a_miscounted_file_are_found() -> None:
    files = files_of(bag())
    del files["bag-1/data/originals/通知.pdf"]
    files["bag-1/data/smuggled.txt"] = b"?"

    problems = {(p.path, p.en) for p in check_bag(rezip(files))}

    assert ("bag-1/data/originals/通知.pdf", "listed in manifest-sha256.txt but missing") in problems
    assert ("bag-1/data/smuggled.txt", "a payload file the manifest does not list") in problems
    assert any(path == "bag-1/bag-info.txt" and "Payload-Oxum" in en for path, en in problems)


def test_altered_metadata_breaks_the_tag_manifest() -> None:
    files = files_of(bag())
    files["bag-1/bag-info.txt"] = files["bag-1/bag-info.txt"].replace(b"r-1", b"r-2")

    assert [(p.path, p.en) for p in check_bag(rezip(files))] == [
        ("bag-1/bag-info.txt", "checksum mismatch: the content was altered")
    ]


def test_what_is_not_a_bag_says_why() -> None:
    assert next(p.en for p in check_bag(b"not a zip")).startswith("not a readable ZIP file")
    files = files_of(bag())
    files["bag-1/bagit.txt"] = b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n"
    assert "the declaration is not BagIt 1.0 in UTF-8" in [p.en for p in check_bag(rezip(files))]
    files["other/x.txt"] = b""
    assert [p.en for p in check_bag(rezip(files))] == ["a bag has exactly one base directory"]
