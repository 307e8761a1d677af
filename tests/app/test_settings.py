"""Settings derived from other settings: request threads and the rate-limit storage."""

from __future__ import annotations

from app.settings import Settings


def test_request_threads_follow_the_mode_unless_set() -> None:
    assert Settings(environment="test").request_threads == 2  # CPU-bound retrieval-only work
    assert Settings(environment="test", llm_base_url="http://llm:8080/v1").request_threads == 16
    assert Settings(environment="test", worker_threads=5).request_threads == 5


def test_rate_limits_use_redis_when_it_is_configured() -> None:
    assert Settings(environment="test").limiter_storage_uri == "memory://"
    assert Settings(environment="test", redis_url="redis://r:6379/0").limiter_storage_uri == "redis://r:6379/0"
    explicit = Settings(environment="test", redis_url="redis://r:6379/0", rate_limit_storage_uri="redis://other:6379/1")
    assert explicit.limiter_storage_uri == "redis://other:6379/1"
