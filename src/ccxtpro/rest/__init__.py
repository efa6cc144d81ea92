"""REST transport: the aiohttp-backed request path and its rate limiter."""

from .mixin import RestMixin, decode_json
from ..throttle import Throttler, TokenBucket

__all__ = ["RestMixin", "Throttler", "TokenBucket", "decode_json"]
