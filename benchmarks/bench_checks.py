"""Benchmark of fabu.checks: throughput with a 100,000-entry lexicon, and one typical release.

Run with ``uv run python benchmarks/bench_checks.py``. It prints a short report and ``main()``
returns the figures as a dict. Everything is synthetic and seeded, so runs are comparable:

* a lexicon of 100,000 terms (3-7 characters) plus the platform lexicon, compiled once;
* about 1 MB (UTF-8) of release-like Chinese text with lexicon terms, phone numbers and
  dates planted in it;
* the baseline: a plain ``str.find`` loop over 100 of those terms, on the same text, in the
  same run. The headline figure is check throughput divided by baseline throughput;
* a typical 5,000-character release checked with everything a tenant would have: both
  lexicons, a 30-leader roster and an index of 300 published releases (each release mixes
  template sentences with its own, so releases resemble each other the way a unit's do).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date

from fabu.checks import (
    CheckContext,
    CheckedDocument,
    EntryKind,
    Lexicon,
    LexiconEntry,
    PublishedIndex,
    PublishedRelease,
    Roster,
    Severity,
    compile_lexicon,
    load_platform_lexicon,
    run_checks,
)

SEED = 20240601
LEXICON_SIZE = 100_000
BASELINE_TERMS = 100
TEXT_BYTES = 1_000_000
RELEASE_CHARS = 5_000
PUBLISHED_RELEASES = 300
TODAY = date(2025, 6, 1)

SENTENCES = (
    "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，激发市场主体活力",
    "{y}年{m}月{d}日，市人民政府召开常务会议，研究部署当前重点工作",
    "全市地区生产总值达到{n}亿元，同比增长{p}%，主要经济指标保持平稳增长",
    "各区县、各部门要切实提高政治站位，压实工作责任，确保各项任务落到实处",
    "市民政局联合市财政局对全市城乡低保对象开展年度核查，共核查{n}户",
    "咨询电话：0871-6412{k}，联系人手机13{k}{k}0，工作时间为周一至周五",
    "本通知自印发之日起施行，有效期{m}年，此前有关规定与本通知不一致的，以本通知为准",
    "各单位要加强宣传引导，及时回应社会关切，营造良好舆论氛围",
    "截至{y}年{m}月底，全市累计新增城镇就业{n}人，城镇调查失业率控制在{p}%以内",
    "检查组深入企业生产一线，重点检查安全生产责任制落实和隐患排查治理情况",
)


def synthetic_lexicon(rng: random.Random, alphabet: list[str]) -> Lexicon:
    """``LEXICON_SIZE`` distinct terms drawn from the alphabet of the text itself."""
    terms: set[str] = set()
    while len(terms) < LEXICON_SIZE:
        terms.add("".join(rng.choice(alphabet) for _ in range(rng.randint(3, 7))))
    entries = tuple(
        LexiconEntry(
            term,
            EntryKind.WRONG_EXPRESSION,
            Severity.WARNING,
            correction=f"{term}（正）",
        )
        for term in sorted(terms)
    )
    return Lexicon("synthetic", entries)


def synthetic_text(
    rng: random.Random,
    planted: list[str],
    size_bytes: int,
    *,
    alphabet: list[str] | None = None,
    unique_share: float = 0.0,
) -> str:
    """Release-like sentences with a planted lexicon term every twenty sentences or so.

    With an alphabet, ``unique_share`` of the sentences are random characters instead of a
    template: what makes one release differ from the unit's other releases.
    """
    parts: list[str] = []
    size = 0
    while size < size_bytes:
        if alphabet and rng.random() < unique_share:
            parts.append(
                "".join(rng.choice(alphabet) for _ in range(rng.randint(15, 40))) + "。"
            )
            size += len(parts[-1].encode("utf-8"))
            continue
        sentence = rng.choice(SENTENCES).format(
            y=rng.randint(2015, 2024),
            m=rng.randint(1, 12),
            d=rng.randint(1, 28),
            n=rng.randint(100, 99999),
            p=round(rng.uniform(0.5, 9.9), 1),
            k=rng.randint(1000, 9999),
        )
        if rng.random() < 0.05:
            sentence += rng.choice(planted)
        parts.append(sentence + "。")
        size += len(parts[-1].encode("utf-8"))
    return "".join(parts)


def as_html(text: str, paragraph: int = 200) -> str:
    return "".join(
        f"<p>{text[i : i + paragraph]}</p>" for i in range(0, len(text), paragraph)
    )


def find_loop(text: str, terms: list[str]) -> int:
    """The baseline: every occurrence of every term with ``str.find``."""
    count = 0
    for term in terms:
        position = text.find(term)
        while position != -1:
            count += 1
            position = text.find(term, position + 1)
    return count


def best_of(function: Callable[[], object], repeat: int = 3) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> dict[str, float]:
    """Run the benchmark, print a short report, return the figures."""
    rng = random.Random(SEED)
    alphabet = sorted({c for s in SENTENCES for c in s if "\u4e00" <= c <= "\u9fff"})
    alphabet += [chr(0x4E00 + i) for i in range(0, 20000, 7)]

    started = time.perf_counter()
    synthetic = synthetic_lexicon(rng, alphabet)
    built = time.perf_counter() - started
    started = time.perf_counter()
    big = compile_lexicon(synthetic)
    compile_seconds = time.perf_counter() - started
    platform = compile_lexicon(load_platform_lexicon())

    terms = [e.term for e in synthetic.entries]
    planted = rng.sample(terms, 500)
    text = synthetic_text(rng, planted, TEXT_BYTES)
    megabytes = len(text.encode("utf-8")) / 1e6
    baseline_terms = rng.sample(planted, BASELINE_TERMS // 2) + rng.sample(
        terms, BASELINE_TERMS // 2
    )

    find_seconds = best_of(lambda: find_loop(text, baseline_terms))
    lexicon_seconds = best_of(lambda: big.find(text))
    document = CheckedDocument(body_html=as_html(text))
    throughput_context = CheckContext(lexicons=(big,), today=TODAY)
    full_seconds = best_of(lambda: run_checks(document, throughput_context))
    matches = len(big.find(text))

    roster = Roster.from_mapping(
        {
            f"{rng.choice('王李张刘陈杨赵黄周吴')}{rng.choice(alphabet)}{rng.choice(alphabet)}": [
                "副市长"
            ]
            for _ in range(30)
        }
    )
    started = time.perf_counter()
    published = PublishedIndex(
        PublishedRelease(
            f"rel-{n}",
            f"发布{n}",
            synthetic_text(rng, planted, 4_500, alphabet=alphabet, unique_share=0.7),
        )
        for n in range(PUBLISHED_RELEASES)
    )
    index_seconds = time.perf_counter() - started
    release_text = synthetic_text(
        rng, planted, RELEASE_CHARS * 3, alphabet=alphabet, unique_share=0.7
    )
    release_text = release_text[:RELEASE_CHARS]
    release = CheckedDocument(
        title="关于进一步优化营商环境的通知", body_html=as_html(release_text)
    )
    context = CheckContext(
        lexicons=(platform, big), roster=roster, published=published, today=TODAY
    )
    run_checks(release, context)  # warm-up
    release_timings = []
    for _ in range(20):
        started = time.perf_counter()
        run_checks(release, context)
        release_timings.append(time.perf_counter() - started)

    results = {
        "text_megabytes": round(megabytes, 3),
        "lexicon_entries": float(len(big)),
        "lexicon_matches": float(matches),
        "lexicon_build_seconds": round(built, 3),
        "lexicon_compile_seconds": round(compile_seconds, 3),
        "baseline_find_mb_per_s": round(megabytes / find_seconds, 2),
        "lexicon_scan_mb_per_s": round(megabytes / lexicon_seconds, 2),
        "full_checks_mb_per_s": round(megabytes / full_seconds, 2),
        "ratio_lexicon_scan_to_find": round(find_seconds / lexicon_seconds, 3),
        "ratio_full_checks_to_find": round(find_seconds / full_seconds, 3),
        "published_index_seconds": round(index_seconds, 3),
        "release_5000_chars_ms_median": round(
            statistics.median(release_timings) * 1000, 2
        ),
        "release_5000_chars_ms_max": round(max(release_timings) * 1000, 2),
    }
    print(
        f"fabu.checks benchmark ({megabytes:.2f} MB of text, {len(big):,} lexicon entries, {matches} matches)"
    )
    print(f"  compile 100k-entry lexicon      {compile_seconds:8.2f} s")
    print(
        f"  str.find loop, 100 terms        {results['baseline_find_mb_per_s']:8.2f} MB/s"
    )
    print(
        f"  lexicon scan, 100k terms        {results['lexicon_scan_mb_per_s']:8.2f} MB/s"
    )
    print(
        f"  run_checks (all text checks)    {results['full_checks_mb_per_s']:8.2f} MB/s"
    )
    print(
        f"  ratio lexicon scan / find loop  {results['ratio_lexicon_scan_to_find']:8.3f}"
    )
    print(
        f"  ratio run_checks / find loop    {results['ratio_full_checks_to_find']:8.3f}"
    )
    print(f"  index {PUBLISHED_RELEASES} published releases   {index_seconds:8.2f} s")
    print(
        f"  typical {RELEASE_CHARS}-char release        {results['release_5000_chars_ms_median']:8.2f} ms median "
        f"({results['release_5000_chars_ms_max']:.2f} ms max of 20)"
    )
    return results


if __name__ == "__main__":
    main()
