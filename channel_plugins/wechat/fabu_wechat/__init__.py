"""Fabu's WeChat Official Account (微信公众号) channel plugin."""

from fabu_wechat.callback import (
    InvalidMessageError,
    SignatureError,
    parse_publish_event,
    publish_update,
    read_push,
)
from fabu_wechat.config import WeChatConfig
from fabu_wechat.plugin import WeChatChannel
from fabu_wechat.states import PublishJob, report_for

__all__ = [
    "InvalidMessageError",
    "PublishJob",
    "SignatureError",
    "WeChatChannel",
    "WeChatConfig",
    "parse_publish_event",
    "publish_update",
    "read_push",
    "report_for",
]
