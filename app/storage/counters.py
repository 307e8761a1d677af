"""Daily counters (question caps, LLM tokens): in the database, or in Redis for several workers.

Both backends keep one promise: `take` adds one to every key or to none, and never
lets a key pass its limit, however many workers race for the last slot.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

import redis
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app.storage.models import DailyCounter

# One statement: create the row at 1, or add 1 only while under the limit.
# RETURNING yields no row when the limit is already reached, so two racing
# requests can never both take the last slot (works on SQLite >= 3.35 and PostgreSQL).
_INCREMENT = text(
    "INSERT INTO daily_counters (key, day, count) VALUES (:key, :day, 1) "
    "ON CONFLICT (key, day) DO UPDATE SET count = daily_counters.count + 1 "
    "WHERE daily_counters.count < :limit RETURNING count"
)

_ADD = text(
    "INSERT INTO daily_counters (key, day, count) VALUES (:key, :day, :amount) "
    "ON CONFLICT (key, day) DO UPDATE SET count = daily_counters.count + :amount"
)

_GIVE_BACK = text("UPDATE daily_counters SET count = count - 1 WHERE key = :key AND day = :day AND count > 0")

# Redis runs a script atomically: check every limit first, then add one to every key.
# Returns the new counts, or -(position + 1) of the first key at its limit.
_TAKE_SCRIPT = """
for i, key in ipairs(KEYS) do
  local current = tonumber(redis.call('GET', key) or '0')
  if current >= tonumber(ARGV[i + 1]) then return -i end
end
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[1])
end
return counts
"""
_TTL_SECONDS = 2 * 24 * 3600  # a day's counters outlive the day (JST) by at least one more


class Counters(Protocol):
    def take(self, keys_and_limits: list[tuple[str, int]], day: date) -> list[int] | int:
        """Add one to every key, or return the position of the first key at its limit (nothing added)."""

    def add(self, key: str, day: date, amount: int) -> None:
        """Add `amount` with no limit."""

    def used(self, key: str, day: date) -> int:
        """The count of `key` on `day` (0 if never counted)."""

    def give_back(self, keys: list[str], day: date) -> None:
        """Undo one `take` of these keys (a question that could not be stored)."""

    def ping(self) -> None:
        """Raise if the store cannot be reached."""


class DatabaseCounters:
    """Counters in the `daily_counters` table (the embedded default)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def take(self, keys_and_limits: list[tuple[str, int]], day: date) -> list[int] | int:
        session = self.sessions()
        try:
            counts: list[int] = []
            for position, (key, limit) in enumerate(keys_and_limits):
                row = session.execute(_INCREMENT, {"key": key, "day": day, "limit": limit}).first()
                if row is None:
                    session.rollback()
                    return position
                counts.append(int(row[0]))
            session.commit()
            return counts
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    def add(self, key: str, day: date, amount: int) -> None:
        with self.sessions.begin() as session:
            session.execute(_ADD, {"key": key, "day": day, "amount": amount})

    def used(self, key: str, day: date) -> int:
        with self.sessions.begin() as session:
            count = session.scalar(select(DailyCounter.count).where(DailyCounter.key == key, DailyCounter.day == day))
            return int(count or 0)

    def give_back(self, keys: list[str], day: date) -> None:
        with self.sessions.begin() as session:
            for key in keys:
                session.execute(_GIVE_BACK, {"key": key, "day": day})

    def ping(self) -> None:
        with self.sessions.begin() as session:
            session.execute(text("SELECT 1"))


class RedisCounters:
    """Counters in Redis (`HWIS_REDIS_URL`): one atomic script per take, keys expire after two days."""

    def __init__(self, client: redis.Redis, prefix: str = "hwis") -> None:
        self.client = client
        self.prefix = prefix
        self._take = client.register_script(_TAKE_SCRIPT)

    def _key(self, key: str, day: date) -> str:
        return f"{self.prefix}:count:{day.isoformat()}:{key}"

    def take(self, keys_and_limits: list[tuple[str, int]], day: date) -> list[int] | int:
        keys = [self._key(key, day) for key, _ in keys_and_limits]
        limits = [limit for _, limit in keys_and_limits]
        result = self._take(keys=keys, args=[_TTL_SECONDS, *limits])
        if isinstance(result, int):
            return -result - 1
        return [int(count) for count in result]

    def add(self, key: str, day: date, amount: int) -> None:
        name = self._key(key, day)
        with self.client.pipeline(transaction=True) as pipe:
            pipe.incrby(name, amount)
            pipe.expire(name, _TTL_SECONDS)
            pipe.execute()

    def used(self, key: str, day: date) -> int:
        value = self.client.get(self._key(key, day))
        return int(value) if value is not None else 0  # type: ignore[arg-type]

    def give_back(self, keys: list[str], day: date) -> None:
        with self.client.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.decr(self._key(key, day))
            pipe.execute()

    def ping(self) -> None:
        self.client.ping()


def redis_client(url: str) -> redis.Redis:
    """A client that gives up quickly, so a Redis outage becomes a 503 instead of a hang."""
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30)
