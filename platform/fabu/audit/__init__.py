"""The tamper-evident audit log: append in the mutation's transaction, verify on demand."""

from fabu.audit.chain import SYSTEM, Actor, ChainReport, record, verify
from fabu.audit.hashing import register_algorithm

__all__ = ["SYSTEM", "Actor", "ChainReport", "record", "register_algorithm", "verify"]
