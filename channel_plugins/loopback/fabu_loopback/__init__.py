"""Fabu's loopback channel: a plugin and the small local service it publishes to, for tests and demos."""

from fabu_loopback.plugin import LoopbackChannel, LoopbackConfig
from fabu_loopback.server import Fault, Injection, LoopbackServer

__all__ = ["Fault", "Injection", "LoopbackChannel", "LoopbackConfig", "LoopbackServer"]
