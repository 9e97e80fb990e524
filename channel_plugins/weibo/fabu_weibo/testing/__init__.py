"""A fake Weibo API for tests: the plugin's own and integrators' alike.

``FakeWeibo`` (in :mod:`fabu_weibo.testing.fake`) is a real HTTP server on 127.0.0.1 speaking the
documented API; point ``WeiboConfig.base_url`` at ``FakeWeibo.base_url``.
"""
