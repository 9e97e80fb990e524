"""The conformance kit as a plugin author meets it: inert until asked, then passing good plugins and failing bad ones."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

INI = """
[pytest]
asyncio_mode = strict
asyncio_default_fixture_loop_scope = function
asyncio_default_test_loop_scope = function
"""

# A tiny plugin and its fake server (an httpx.MockTransport), as a third-party author would write them.
MEMO = """
import httpx
import pytest
import pytest_asyncio

from fabu.channels import (
    Bilingual, Capability, ChannelConfig, ChannelLimits, ChannelPlugin, PublicationState, Preview,
    PublishReceipt, Secret, StatusReport, check_limits, open_context,
)
from fabu.channels.testing import SAMPLE_TENANT_ID, ChannelConformance


class MemoConfig(ChannelConfig):
    base_url: str = "https://memo.example.test"
    token: Secret


class Memo(ChannelPlugin[MemoConfig]):
    name = "memo"
    display_name = Bilingual(zh="备忘录", en="Memo")
    capabilities = {capabilities}
    limits = ChannelLimits(title_max=30)
    config_model = MemoConfig

    def validate(self, release):
        return check_limits(release, self.limits)

    def render(self, release):
        return Preview(text=release.title)

    async def publish(self, ctx, release):
        response = await ctx.http.post(f"{{ctx.config.base_url}}/memos", json={{"release": str(release.release_id)}})
        return PublishReceipt(state=PublicationState.PUBLISHED, external_ids={{"id": response.json()["id"]}})

    async def status(self, ctx, ref):
        if "id" not in ref.external_ids:
            return StatusReport(state=PublicationState.UNKNOWN)
        response = await ctx.http.get(f"{{ctx.config.base_url}}/memos/{{ref.external_ids['id']}}")
        return StatusReport(state=PublicationState(response.json()["state"]), external_ids=ref.external_ids)
{extra}

def fake_memo_api(request: httpx.Request) -> httpx.Response:
    if request.method == "POST":
        return httpx.Response(201, json={{"id": "m1"}})
    return httpx.Response(200, json={{"id": "m1", "state": "published"}})


@pytest.fixture
def channel_plugin():
    return Memo()


@pytest.fixture
def channel_config():
    return MemoConfig(token="memo-token")


@pytest_asyncio.fixture
async def channel_context(channel_config, channel_media):
    transport = httpx.MockTransport(fake_memo_api)
    async with open_context(tenant_id=SAMPLE_TENANT_ID, config=channel_config, media=channel_media,
                            transport=transport) as ctx:
        yield ctx


class TestMemo(ChannelConformance):
    pass
"""


def memo(
    capabilities: str = "Capability.PUBLISH | Capability.STATUS", extra: str = ""
) -> str:
    return MEMO.format(
        capabilities=capabilities, extra=textwrap.indent(textwrap.dedent(extra), "    ")
    )


@pytest.fixture
def author(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    return pytester


def test_the_kit_does_nothing_in_a_suite_that_does_not_ask_for_it(
    author: pytest.Pytester,
) -> None:
    author.makepyfile(test_plain="def test_plain():\n    assert True\n")

    result = author.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1)


def test_the_kit_adds_its_option_to_pytest(author: pytest.Pytester) -> None:
    result = author.runpytest("--help")

    result.stdout.fnmatch_lines(["*--fabu-channel=NAME*"])


def test_a_conforming_plugin_passes_and_undeclared_capabilities_are_skipped(
    author: pytest.Pytester,
) -> None:
    author.makepyfile(test_memo=memo())

    result = author.runpytest("-p", "no:cacheprovider", "-rs")

    result.assert_outcomes(passed=11, skipped=7)
    result.stdout.fnmatch_lines(
        [
            "*does not declare: update*",
            "*does not declare: retract*",
            "*neither metrics*",
            "*does not declare: callback*",
        ]
    )


def test_a_declared_capability_without_its_method_fails_the_suite(
    author: pytest.Pytester,
) -> None:
    author.makepyfile(
        test_memo=memo("Capability.PUBLISH | Capability.STATUS | Capability.FEEDBACK")
    )

    result = author.runpytest("-p", "no:cacheprovider")

    result.stdout.fnmatch_lines(["FAILED *test_declared_capabilities_are_implemented*"])
    assert "FAILED test_memo.py::TestMemo::test_undeclared" not in result.stdout.str()


def test_an_implemented_but_undeclared_capability_must_still_raise_not_supported(
    author: pytest.Pytester,
) -> None:
    extra = """
    async def metrics(self, ctx, ref):
        return None
    """
    author.makepyfile(test_memo=memo(extra=extra))

    result = author.runpytest("-p", "no:cacheprovider")

    result.stdout.fnmatch_lines(
        ["FAILED *test_undeclared_capabilities_raise_not_supported*"]
    )


def test_a_callback_that_trusts_an_unsigned_request_fails_the_suite(
    author: pytest.Pytester,
) -> None:
    extra = """
    async def callback(self, ctx, request):
        return CallbackResult(body=b"success")
    """
    source = memo("Capability.PUBLISH | Capability.STATUS | Capability.CALLBACK", extra=extra)
    author.makepyfile(test_memo="from fabu.channels import CallbackResult\n" + source)

    result = author.runpytest("-p", "no:cacheprovider")

    result.stdout.fnmatch_lines(
        ["FAILED *test_callback_refuses_a_request_it_cannot_verify*"]
    )


def test_a_plugin_that_ignores_its_title_limit_fails_the_suite(
    author: pytest.Pytester,
) -> None:
    source = memo().replace("return check_limits(release, self.limits)", "return []")
    author.makepyfile(test_memo=source)

    result = author.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(passed=10, failed=1, skipped=7)
    result.stdout.fnmatch_lines(["FAILED *test_validate_flags_an_overlong_title*"])


def test_the_option_loads_an_installed_plugin_through_its_entry_point(
    author: pytest.Pytester,
) -> None:
    author.makepyfile(
        test_any="from fabu.channels.testing import ChannelConformance\n\n"
        "class TestInstalled(ChannelConformance):\n    pass\n"
    )

    result = author.runpytest(
        "-p", "no:cacheprovider", "--fabu-channel=loopback", "-rs"
    )

    # Without channel_config and channel_context fixtures the tests needing them skip and say how to enable them.
    result.assert_outcomes(passed=8, skipped=10)
    result.stdout.fnmatch_lines(
        [
            "*override the channel_config fixture*",
            "*override the channel_context fixture*",
        ]
    )


def test_a_conformance_class_without_a_named_plugin_says_how_to_name_one(
    author: pytest.Pytester,
) -> None:
    author.makepyfile(
        test_any="from fabu.channels.testing import ChannelConformance\n\n"
        "class TestNothing(ChannelConformance):\n    pass\n"
    )

    unnamed = author.runpytest("-p", "no:cacheprovider")
    unknown = author.runpytest("-p", "no:cacheprovider", "--fabu-channel=nowhere")

    unnamed.stdout.fnmatch_lines(["*--fabu-channel=<entry point name>*"])
    unknown.stdout.fnmatch_lines(["*no channel plugin named nowhere*"])
    assert unnamed.ret == unknown.ret == pytest.ExitCode.TESTS_FAILED


def test_a_redundant_pytest_plugins_line_is_harmless(author: pytest.Pytester) -> None:
    author.makeconftest('pytest_plugins = ["fabu.channels.testing"]\n')
    author.makepyfile(test_plain="def test_plain():\n    assert True\n")

    author.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
