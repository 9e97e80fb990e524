"""Fabu's Weibo (微博) channel plugin."""

from fabu_weibo.config import WeiboConfig
from fabu_weibo.plugin import WeiboChannel
from fabu_weibo.text import compose

__all__ = ["WeiboChannel", "WeiboConfig", "compose"]
