"""Fixtures for the checks' tests; helper functions live in checks_support.py."""

from __future__ import annotations

import pytest

from fabu.checks import (
    CheckContext,
    CompiledLexicon,
    compile_lexicon,
    load_platform_lexicon,
)

from .checks_support import TODAY


@pytest.fixture(scope="session")
def platform_lexicon() -> CompiledLexicon:
    """The shipped lexicon, compiled once for the whole session."""
    return compile_lexicon(load_platform_lexicon())


@pytest.fixture
def context(platform_lexicon: CompiledLexicon) -> CheckContext:
    """A context with the platform lexicon and a fixed date."""
    return CheckContext(lexicons=(platform_lexicon,), today=TODAY)
