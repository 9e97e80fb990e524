"""Archive tests use the publishing tests' unit on the standard workflow and their loopback channel service."""

from publishing.conftest import desk, loopback

__all__ = ["desk", "loopback"]
