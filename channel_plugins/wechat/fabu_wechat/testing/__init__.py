"""A fake WeChat Official Account API for tests: the plugin's own and integrators' alike.

``FakeWeChat`` (in :mod:`fabu_wechat.testing.fake`) is a real HTTP server on 127.0.0.1 speaking the
documented API; point ``WeChatConfig.base_url`` at ``FakeWeChat.base_url``.
"""
