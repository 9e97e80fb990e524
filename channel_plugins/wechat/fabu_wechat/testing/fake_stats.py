"""The fake WeChat's comment and statistics endpoints: ``comment/list`` and three ``datacube`` reports."""

from __future__ import annotations

from datetime import date, timedelta

from .fake_api import WeChatError, json_body, ok
from .fake_state import Json, Published, State

SPANS = {"getarticlesummary": 1, "getarticletotal": 1, "getusershare": 7}
"""Each report's longest date range, in days."""

def comment_list(state: State, body: bytes) -> Json:
    data = json_body(body)
    if not isinstance(data.get("msg_data_id"), int):
        raise WeChatError(47001)
    count, kind = int(data.get("count", 0)), int(data.get("type", 0))
    if count >= 50 or count < 1 or kind not in (0, 1, 2):
        raise WeChatError(40097)
    published = state.article_of(str(data["msg_data_id"]))
    if published is None:
        raise WeChatError(88001)
    if not published.article.get("need_open_comment"):
        raise WeChatError(88000)
    wanted = [c for c in state.comments.get(published.msg_data_id, []) if kind == 0 or c["comment_type"] == kind - 1]
    begin = int(data.get("begin", 0))
    return ok(comment=wanted[begin : begin + count], total=len(wanted))


def datacube(state: State, api: str, body: bytes) -> Json:
    data = json_body(body)
    try:
        begin, end = date.fromisoformat(data["begin_date"]), date.fromisoformat(data["end_date"])
    except (KeyError, TypeError, ValueError):
        raise WeChatError(61500) from None
    if begin > end or end >= state.today() or (end - begin).days + 1 > SPANS[api]:
        raise WeChatError(61501)
    days = [begin + timedelta(days=n) for n in range((end - begin).days + 1)]
    if api == "getusershare":
        return {"list": [_shares(state, day) for day in days]}
    if api == "getarticlesummary":
        return {"list": [_summary(state, key, day) for day in days for key in state.reads if key[1] == day]}
    return {"list": [_total(state, a, day) for day in days for a in state.articles.values() if _sent(state, a) == day]}


def _sent(state: State, article: Published) -> date:
    return state.jobs[article.publish_id].submitted_on


def _summary(state: State, key: tuple[str, date], day: date) -> Json:
    article = state.article_of(key[0])
    return {
        "ref_date": day.isoformat(),
        "msgid": f"{key[0]}_1",
        "title": article.article["title"] if article else "",
        **state.reads[key],
    }


def _total(state: State, article: Published, sent: date) -> Json:
    # Totals per day from the send date up to yesterday, for at most seven days after sending.
    details, running = [], dict.fromkeys(COUNTERS, 0)
    last = min(sent + timedelta(days=6), state.today() - timedelta(days=1))
    day = sent
    while day <= last:
        for name, value in state.reads.get((article.msg_data_id, day), {}).items():
            running[name] = running.get(name, 0) + value
        details.append({"stat_date": day.isoformat(), "target_user": 1000, **running})
        day += timedelta(days=1)
    return {
        "ref_date": sent.isoformat(),
        "msgid": f"{article.msg_data_id}_1",
        "title": article.article["title"],
        "details": details,
    }


def _shares(state: State, day: date) -> Json:
    total = sum(r.get("share_count", 0) for (_, d), r in state.reads.items() if d == day)
    return {"ref_date": day.isoformat(), "share_scene": 1, "share_count": total, "share_user": total}


COUNTERS = (
    "int_page_read_user",
    "int_page_read_count",
    "ori_page_read_user",
    "ori_page_read_count",
    "share_user",
    "share_count",
    "add_to_fav_user",
    "add_to_fav_count",
)
