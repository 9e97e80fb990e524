"""What a unit's checks need besides the document: its lexicons, its leaders' roster, its published corpus."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from uuid import UUID

from fabu.checking.lexicon import unit_lexicon
from fabu.checks import CheckContext, PublishedIndex, PublishedRelease, Roster, html_to_text
from fabu.db.engine import DB

PUBLISHED_STATES = ("ready", "published")
"""Workflow states whose releases count as the unit's published word (ready: approved for publication)."""

_CORPUS_CACHE_SIZE = 64


@dataclass(frozen=True)
class UnitContext:
    """A unit's check context, the content hash of its lexicon entries, and the lock of its corpus."""

    context: CheckContext
    lexicon_sha256: str
    corpus_lock: threading.Lock


@dataclass
class _Corpus:
    versions: dict[UUID, UUID]  # release id -> the current version id it was indexed at
    index: PublishedIndex
    # The index grows in place while checks read it in worker threads: both hold this lock.
    lock: threading.Lock = field(default_factory=threading.Lock)


_corpora: dict[UUID, _Corpus] = {}


async def leaders_roster() -> Roster:
    """The unit's leaders (principal, supervising, or holding the leader role) with their titles."""
    rows = await DB.fetch(
        """select p.name, p.title from people p
           where p.active and p.title <> ''
             and (exists (select 1 from leadership l where l.tenant_id = p.tenant_id and l.person_id = p.id)
                  or exists (select 1 from memberships m where m.tenant_id = p.tenant_id and m.person_id = p.id
                             and m.role = 'leader'))
           order by p.name, p.title"""
    )
    titles: dict[str, list[str]] = {}
    for row in rows:
        for title in str(row["title"]).replace("，", "、").split("、"):
            if title.strip() and title.strip() not in titles.setdefault(row["name"], []):
                titles[row["name"]].append(title.strip())
    return Roster.from_mapping({name: found for name, found in titles.items() if found})


async def _published(release_ids: list[UUID]) -> list[PublishedRelease]:
    rows = await DB.fetch(
        "select id, title, body_html, updated_at from releases where id = any($1::uuid[]) order by id", release_ids
    )
    return [
        PublishedRelease(str(row["id"]), row["title"], html_to_text(row["body_html"]).text, row["updated_at"].date())
        for row in rows
    ]


def _grow(corpus: _Corpus, releases: list[PublishedRelease]) -> None:
    with corpus.lock:
        for release in releases:
            corpus.index.add(release)


async def published_index(tenant_id: UUID) -> tuple[PublishedIndex, threading.Lock]:
    """The unit's ready and published releases as plain text, kept per process and grown as releases are approved.

    Indexing costs about 10 ms per release, so the index is rebuilt only when a release in it
    changed or left it; releases that joined it since are added to it.
    """
    rows = await DB.fetch(
        "select id, current_version_id from releases where workflow_state = any($1::text[])", list(PUBLISHED_STATES)
    )
    versions = {row["id"]: row["current_version_id"] for row in rows}
    cached = _corpora.get(tenant_id)
    if cached is not None and all(versions.get(k) == v for k, v in cached.versions.items()):
        added = sorted(k for k in versions if k not in cached.versions)
        if added:
            cached.versions.update({k: versions[k] for k in added})
            await asyncio.to_thread(_grow, cached, await _published(added))
        return cached.index, cached.lock
    releases = await _published(sorted(versions))
    index = await asyncio.to_thread(PublishedIndex, releases)
    if tenant_id not in _corpora and len(_corpora) >= _CORPUS_CACHE_SIZE:
        del _corpora[next(iter(_corpora))]
    corpus = _Corpus(versions, index)
    _corpora[tenant_id] = corpus
    return index, corpus.lock


async def unit_context(tenant_id: UUID) -> UnitContext:
    """The check context of the unit, in the tenant's transaction.

    A release in the corpus (a ready release being edited) meets itself there: the caller drops
    findings naming the checked release (see ``fabu.checking.reports``).
    """
    lexicon = await unit_lexicon(tenant_id)
    published, lock = await published_index(tenant_id)
    context = CheckContext(lexicons=lexicon.compiled, roster=await leaders_roster(), published=published)
    return UnitContext(context, lexicon.sha256, lock)
