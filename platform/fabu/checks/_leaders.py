"""Leaders' names and titles, checked against a roster given as data.

A roster maps each leader's name to their current title(s), and optionally to former ones.
Wherever a roster name appears in a text, the titles written right next to it are read:

* before the name, the longest known title ending at the name, and further titles chained to
  it with ``、`` (``市委副书记、市长张三``); one space between title and name is allowed;
* after the name, one known title, counted only when it ends the phrase (punctuation, a space,
  the end of the text) or is followed by a word such as 同志, 出席, 主持, 指出, 强调, 表示, so
  that in ``市长张三副市长李四`` the 副市长 is read as 李四's, not 张三's.

A written title is right when it equals a current title or is a shorter or longer form of one
that does not change the rank (``市委书记`` for ``书记``, ``副市长`` for ``常务副市长``); it is
wrong when the difference is a rank word (``市长`` for ``副市长``, ``书记`` for ``市委副书记``).
Known titles are a built-in list of common Chinese official titles plus every title in the
roster. A person in the text who merely shares a leader's name cannot be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from fabu.checks._normalize import normalize, normalize_term

GENERIC_TITLES: tuple[str, ...] = (
    "书记", "副书记", "省委书记", "市委书记", "县委书记", "区委书记", "党委书记", "党组书记",
    "市委副书记", "县委副书记", "区委副书记", "省委副书记", "党组副书记", "常委", "委员",
    "省长", "副省长", "常务副省长", "市长", "副市长", "常务副市长", "县长", "副县长",
    "常务副县长", "区长", "副区长", "常务副区长", "镇长", "副镇长", "乡长", "副乡长",
    "主席", "副主席", "主任", "副主任", "常务副主任", "局长", "副局长", "厅长", "副厅长",
    "部长", "副部长", "司长", "副司长", "处长", "副处长", "科长", "副科长", "秘书长",
    "副秘书长", "院长", "副院长", "检察长", "副检察长", "庭长", "署长", "总理", "副总理",
    "委员长", "副委员长", "组长", "副组长", "队长", "所长", "站长", "校长", "副校长",
    "主任委员", "巡视员", "调研员", "一级巡视员", "二级巡视员", "董事长", "总经理",
)  # fmt: skip

# Words that change a rank when they stand before a title.
_RANK_WORDS = ("副", "代", "代理", "原", "前")
# Words that may follow "name + title" when the title belongs to that name.
_FOLLOWERS = (
    "同志", "在", "出席", "主持", "指出", "强调", "表示", "要求", "讲话", "致辞", "一行",
    "等", "对", "带队", "调研", "参加", "说", "会见", "听取", "批示", "和", "与", "及",
)  # fmt: skip
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Leader:
    """A leader as the roster knows them: current titles first, the primary one leading."""

    name: str
    titles: tuple[str, ...]
    former_titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LeaderTitleIssue:
    """A title written next to a leader's name that the roster does not give them."""

    start: int
    end: int
    leader: Leader
    written: str
    suggestion: str | None
    former: bool


@dataclass(frozen=True)
class Roster:
    """The leaders a tenant's releases name, with their titles; build once, check many."""

    leaders: tuple[Leader, ...]
    extra_titles: tuple[str, ...] = ()
    _by_name: dict[str, Leader] = field(init=False, repr=False, compare=False)
    _titles: frozenset[str] = field(init=False, repr=False, compare=False)
    _longest_title: int = field(init=False, repr=False, compare=False)
    _names: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {
            normalize_term(leader.name): leader
            for leader in self.leaders
            if leader.name.strip()
        }
        titles = {normalize_term(t) for t in GENERIC_TITLES + self.extra_titles}
        for leader in self.leaders:
            titles.update(
                normalize_term(t) for t in (*leader.titles, *leader.former_titles)
            )
        titles.discard("")
        names = sorted(by_name, key=len, reverse=True)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_titles", frozenset(titles))
        object.__setattr__(self, "_longest_title", max(map(len, titles), default=0))
        pattern = re.compile("|".join(map(re.escape, names))) if names else None
        object.__setattr__(self, "_names", pattern)

    @classmethod
    def from_mapping(
        cls,
        current: Mapping[str, str | Sequence[str]],
        former: Mapping[str, str | Sequence[str]] | None = None,
    ) -> Roster:
        """Build a roster from ``{name: title or [titles]}`` (and the same for former titles)."""
        former = former or {}
        return cls(
            tuple(
                Leader(name, _titles(titles), _titles(former.get(name, ())))
                for name, titles in current.items()
            )
        )

    def __len__(self) -> int:
        return len(self.leaders)

    def find_issues(self, text: str) -> list[LeaderTitleIssue]:
        """Wrong titles next to leaders' names in ``text``, offsets into ``text``."""
        normalized = normalize(text)
        issues = []
        for issue in self.scan(normalized.text):
            start, end = normalized.to_original(issue.start, issue.end)
            issues.append(
                LeaderTitleIssue(
                    start,
                    end,
                    issue.leader,
                    text[start:end],
                    issue.suggestion,
                    issue.former,
                )
            )
        return issues

    def scan(self, text: str) -> list[LeaderTitleIssue]:
        """Wrong titles in already-normalised text."""
        if self._names is None:
            return []
        issues = []
        for m in self._names.finditer(text):
            leader = self._by_name[m.group()]
            for start, end in [
                *self._titles_before(text, m.start()),
                *self._title_after(text, m.end()),
            ]:
                issue = _judge(leader, text[start:end], start, end)
                if issue is not None:
                    issues.append(issue)
        return sorted(issues, key=lambda i: (i.start, i.end))

    def _longest_title_ending(self, text: str, end: int) -> int | None:
        for length in range(min(self._longest_title, end), 0, -1):
            if text[end - length : end] in self._titles:
                return end - length
        return None

    def _titles_before(self, text: str, name_start: int) -> Iterable[tuple[int, int]]:
        end = (
            name_start - 1 if name_start and text[name_start - 1] == " " else name_start
        )
        while True:
            start = self._longest_title_ending(text, end)
            if start is None:
                return
            yield start, end
            if start == 0 or text[start - 1] != "、":
                return
            end = start - 1

    def _title_after(self, text: str, name_end: int) -> Iterable[tuple[int, int]]:
        start = name_end + 1 if text.startswith(" ", name_end) else name_end
        limit = min(len(text), start + self._longest_title)
        for end in range(limit, start, -1):
            if text[start:end] in self._titles:
                if _ends_phrase(text, end):
                    yield start, end
                return


def _ends_phrase(text: str, position: int) -> bool:
    if position >= len(text) or not _CJK.match(text[position]):
        return True
    return text.startswith(_FOLLOWERS, position)


def _judge(
    leader: Leader, written: str, start: int, end: int
) -> LeaderTitleIssue | None:
    current = [normalize_term(t) for t in leader.titles]
    if any(_same_rank(written, title) for title in current):
        return None
    former = any(_same_rank(written, normalize_term(t)) for t in leader.former_titles)
    suggestion = _closest(written, leader.titles)
    return LeaderTitleIssue(start, end, leader, written, suggestion, former)


def _same_rank(written: str, title: str) -> bool:
    if written == title:
        return True
    longer, shorter = (
        (title, written) if len(title) > len(written) else (written, title)
    )
    return longer.endswith(shorter) and not longer[: -len(shorter)].endswith(
        _RANK_WORDS
    )


def _closest(written: str, titles: Sequence[str]) -> str | None:
    def shared_suffix(title: str) -> int:
        count = 0
        for a, b in zip(
            reversed(written), reversed(normalize_term(title)), strict=False
        ):
            if a != b:
                break
            count += 1
        return count

    return max(titles, key=shared_suffix) if titles else None


def _titles(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)
