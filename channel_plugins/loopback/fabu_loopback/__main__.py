"""Serve the loopback channel service until interrupted: ``python -m fabu_loopback --port 8765 --api-key KEY``."""

from __future__ import annotations

import argparse

from fabu_loopback.server import LoopbackServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fabu loopback channel service")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--api-key", default="loopback-key")
    parser.add_argument("--review", action="store_true", help="new posts wait in review")
    args = parser.parse_args(argv)
    server = LoopbackServer(api_key=args.api_key, host=args.host, port=args.port)
    server.review = args.review
    print(f"loopback channel service on {server.base_url}")
    server.serve_forever()


if __name__ == "__main__":
    main()
