"""The contract's own rules: versions, capabilities, secrets in configs, the data and the errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import ClassVar

import pytest
from pydantic import Field, SecretStr, ValidationError

from fabu.channels import (
    API_VERSION,
    Bilingual,
    Capability,
    ChannelConfig,
    ChannelPlugin,
    Finding,
    NotSupportedError,
    Preview,
    PublicationRef,
    PublicationState,
    PublishReceipt,
    ReleaseSnapshot,
    Secret,
    StatusReport,
    TerminalChannelError,
    is_compatible_api,
    secret_fields,
)
from fabu.channels.contract import (
    capability_problems,
    config_problems,
    contract_problems,
    metadata_problems,
)
from fabu.channels.testing import sample_release


class NoticeConfig(ChannelConfig):
    endpoint: str = "https://notice.example.test"
    """接口地址 / API endpoint."""
    token: Secret
    """访问令牌 / Access token."""


class NoticeBoard(ChannelPlugin[NoticeConfig]):
    name: ClassVar[str] = "notice"
    display_name: ClassVar[Bilingual] = Bilingual(zh="公告栏", en="Notice board")
    capabilities: ClassVar[Capability] = Capability.PUBLISH
    config_model = NoticeConfig

    def validate(self, release: ReleaseSnapshot) -> list[Finding]:
        return []

    def render(self, release: ReleaseSnapshot) -> Preview:
        return Preview(text=release.title)

    async def publish(self, ctx: object, release: ReleaseSnapshot) -> PublishReceipt:
        return PublishReceipt(state=PublicationState.PUBLISHED)


def test_api_version_is_major_dot_minor() -> None:
    assert API_VERSION == "1.2"


@pytest.mark.parametrize(
    ("version", "compatible"),
    [
        ("1.0", True),
        ("1.1", True),
        ("1.2", True),
        ("0.9", False),
        ("2.0", False),
        ("1.3", False),
        ("1", False),
        ("v1.0", False),
        ("", False),
    ],
)
def test_a_plugin_runs_with_the_same_major_and_a_minor_not_newer(
    version: str, compatible: bool
) -> None:
    assert is_compatible_api(version) is compatible


def test_each_capability_names_the_method_that_serves_it() -> None:
    assert [capability.method for capability in Capability] == [
        "publish",
        "update",
        "retract",
        "status",
        "metrics",
        "feedback",
        "callback",
        "proof",
        "upkeep",
    ]
    assert all(
        callable(getattr(ChannelPlugin, capability.method)) for capability in Capability
    )


async def test_an_undeclared_capability_raises_not_supported_in_both_languages() -> (
    None
):
    ref = PublicationRef.for_release(sample_release())

    with pytest.raises(NotSupportedError) as caught:
        await NoticeBoard().metrics(None, ref)  # type: ignore[arg-type]

    assert caught.value.capability is Capability.METRICS
    assert "不支持 metrics" in str(caught.value)
    assert "does not support metrics" in str(caught.value)


def test_secret_fields_are_found_by_type_or_by_mark() -> None:
    class Mixed(ChannelConfig):
        plain: str = ""
        token: Secret
        optional: SecretStr | None = None
        marked: str = Field("", json_schema_extra={"secret": True})

    assert secret_fields(Mixed) == ("token", "optional", "marked")


def test_the_config_schema_marks_secrets_write_only_and_keeps_field_docs() -> None:
    schema = NoticeBoard().config_schema()

    assert (
        schema["properties"]["token"] | {"secret": True, "writeOnly": True}
        == schema["properties"]["token"]
    )
    assert "secret" not in schema["properties"]["endpoint"]
    assert schema["properties"]["endpoint"]["description"] == "接口地址 / API endpoint."
    json.dumps(schema)


def test_a_secret_never_shows_in_a_configs_repr_or_json() -> None:
    config = NoticeConfig(token="very-secret")  # type: ignore[arg-type]

    assert "very-secret" not in repr(config)
    assert "very-secret" not in config.model_dump_json()


def test_a_release_snapshot_round_trips_through_json_for_job_queues() -> None:
    release = sample_release(variant={"cover_key": "k", "short_title": "通知"})

    assert ReleaseSnapshot.model_validate_json(release.model_dump_json()) == release


def test_a_release_snapshot_needs_aware_datetimes() -> None:
    with pytest.raises(ValidationError):
        sample_release(published_at=datetime(2025, 3, 1, 9, 0))


def test_a_receipt_is_published_or_pending_only() -> None:
    assert (
        PublishReceipt(state=PublicationState.PENDING).state is PublicationState.PENDING
    )
    with pytest.raises(ValidationError, match="published or pending"):
        PublishReceipt(state=PublicationState.FAILED)


def test_a_preview_is_never_empty() -> None:
    with pytest.raises(ValidationError):
        Preview()


def test_a_finding_code_is_snake_case_and_its_message_bilingual() -> None:
    message = Bilingual(zh="标题过长", en="Title too long")
    assert (
        str(Finding(field="title", code="title_too_long", message=message).message)
        == "标题过长 / Title too long"
    )
    with pytest.raises(ValidationError):
        Finding(field="title", code="Title Too Long", message=message)


def test_a_reference_learns_the_channel_ids_from_a_receipt_or_a_status_report() -> None:
    ref = PublicationRef.for_release(
        sample_release(), attempted_at=datetime(2025, 3, 1, tzinfo=UTC)
    )

    with_receipt = ref.with_ids(
        PublishReceipt(
            state=PublicationState.PUBLISHED, external_ids={"id": "1"}, url="u"
        )
    )
    with_report = ref.with_ids(
        StatusReport(state=PublicationState.PUBLISHED, external_ids={"id": "2"})
    )

    assert (ref.external_ids, with_receipt.external_ids, with_receipt.url) == (
        {},
        {"id": "1"},
        "u",
    )
    assert with_report.external_ids == {"id": "2"}
    assert with_report.with_ids(
        StatusReport(state=PublicationState.UNKNOWN)
    ).external_ids == {"id": "2"}


def test_a_terminal_error_carries_the_channels_code_and_message() -> None:
    error = TerminalChannelError("45009", "接口调用超过限额")

    assert (error.code, error.message, str(error)) == (
        "45009",
        "接口调用超过限额",
        "45009: 接口调用超过限额",
    )


def test_a_well_declared_plugin_has_no_contract_problems() -> None:
    assert contract_problems(NoticeBoard()) == []


def test_contract_problems_name_the_member_and_the_rule() -> None:
    class Sloppy(NoticeBoard):
        name = "Sloppy Board"
        display_name = Bilingual(zh="Board", en="公告栏")
        capabilities = Capability.PUBLISH | Capability.FEEDBACK

    problems = [
        str(problem)
        for problem in metadata_problems(Sloppy()) + capability_problems(Sloppy())
    ]

    assert any("'Sloppy Board'" in problem for problem in problems)
    assert any("display_name.zh" in problem for problem in problems)
    assert any("display_name.en" in problem for problem in problems)
    assert any(
        "declares feedback but does not implement it" in problem for problem in problems
    )


def test_a_secret_hidden_from_the_schema_is_a_contract_problem() -> None:
    class Leaky(ChannelConfig):
        token: SecretStr

        @classmethod
        def model_json_schema(
            cls, *args: object, **kwargs: object
        ) -> dict[str, object]:
            return {"type": "object", "properties": {"token": {"type": "string"}}}

    class LeakyBoard(NoticeBoard):
        config_model = Leaky  # type: ignore[assignment]

    (problem,) = config_problems(LeakyBoard())

    assert "token" in problem.en
    assert "secret" in problem.en
