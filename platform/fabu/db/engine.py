"""The Piccolo engine Fabu's tables run on.

Strawberry resolves sibling fields concurrently, and an asyncpg connection runs one statement
at a time. Every query inside a request runs on that request's transaction connection, so the
engine serializes statements per transaction with a lock instead of letting two resolvers
collide on the connection ("another operation is in progress").
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.querystring import QueryString


class LockedTransaction(PostgresTransaction):
    """A transaction whose connection is shared by concurrent resolvers, one statement at a time."""

    __slots__ = ("statement_lock",)

    def __init__(self, engine: PostgresEngine, allow_nested: bool = True) -> None:
        super().__init__(engine, allow_nested)
        self.statement_lock = asyncio.Lock()


class FabuEngine(PostgresEngine):
    """PostgresEngine whose transactions serialize their statements and count them."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config=config)
        self.statement_count = 0

    async def check_version(self) -> None:
        """Skipped at construction: the engine is configured later; `fabu migrate` checks the server."""

    async def prep_database(self) -> None:
        """Extensions are created by migrations, as the owner."""

    def transaction(self, allow_nested: bool = True) -> LockedTransaction:
        return LockedTransaction(engine=self, allow_nested=allow_nested)

    def _locked_current(self) -> LockedTransaction | None:
        current = self.current_transaction.get()
        if current is None:
            return None
        # A nested transaction returns its parent; the parent owns the lock.
        while current is not None and current._parent is not None:
            current = current._parent
        assert isinstance(current, LockedTransaction)
        return current

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        self.statement_count += 1
        current = self._locked_current()
        if current is None:
            return await super().run_querystring(querystring, in_pool)
        async with current.statement_lock:
            return await super().run_querystring(querystring, in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        self.statement_count += 1
        current = self._locked_current()
        if current is None:
            return await super().run_ddl(ddl, in_pool)
        async with current.statement_lock:
            return await super().run_ddl(ddl, in_pool)

    async def fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        """Run parameterised SQL ($1, $2, ...) on the current transaction, or a pooled connection."""
        self.statement_count += 1
        current = self._locked_current()
        if current is not None:
            async with current.statement_lock:
                rows = await current.connection.fetch(sql, *args)
        elif self.pool is not None:
            async with self.pool.acquire() as connection:
                rows = await connection.fetch(sql, *args)
        else:
            connection = await self.get_new_connection()
            try:
                rows = await connection.fetch(sql, *args)
            finally:
                await connection.close()
        return [dict(row) for row in rows]

    async def fetchrow(self, sql: str, *args: Any) -> dict[str, Any] | None:
        rows = await self.fetch(sql, *args)
        return rows[0] if rows else None

    async def execute_script(self, sql: str) -> None:
        """Run several SQL statements (simple protocol) inside the current transaction."""
        current = self._locked_current()
        if current is None:
            raise RuntimeError("execute_script needs a transaction")
        self.statement_count += 1
        async with current.statement_lock:
            await current.connection.execute(sql)

    async def execute_many(self, sql: str, args: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many argument tuples inside the current transaction."""
        current = self._locked_current()
        if current is None:
            raise RuntimeError("execute_many needs a transaction")
        self.statement_count += 1
        async with current.statement_lock:
            await current.connection.executemany(sql, args)


def asyncpg_config(url: str) -> dict[str, Any]:
    """Turn a postgresql:// URL (host may be a socket directory in ``?host=``) into asyncpg kwargs."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"数据库地址必须以 postgresql:// 开头 / database URL must start with postgresql://: {url!r}")
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    config: dict[str, Any] = {
        "host": query.get("host") or parsed.hostname or "localhost",
        "port": parsed.port or int(query.get("port", 5432)),
        "user": unquote(parsed.username or "postgres"),
        "database": unquote(parsed.path.lstrip("/") or "postgres"),
    }
    if parsed.password:
        config["password"] = unquote(parsed.password)
    return config


DB = FabuEngine(config={})


def configure_engine(url: str, **extra: Any) -> None:
    """Point the shared engine at ``url``; call before the pool starts or after it closes."""
    if DB.pool is not None:
        raise RuntimeError("close the connection pool before reconfiguring the engine")
    DB.config = {**asyncpg_config(url), **extra}
