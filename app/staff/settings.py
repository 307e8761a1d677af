"""Settings of the staff console (HWIS_ prefix; to be merged into app.settings.Settings)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class StaffSettings(BaseSettings):
    """Every field reads `HWIS_<NAME>` from the environment."""

    model_config = SettingsConfigDict(env_prefix="HWIS_", env_file=".env", extra="ignore")

    retention_days: int = Field(180, ge=1)  # turns older than this are deleted by the purge
    staff_lockout_attempts: int = Field(5, ge=1)  # failed log-ins in a row before a lock-out
    staff_lockout_minutes: int = Field(15, ge=1)
    staff_session_hours: int = Field(8, ge=1)  # absolute lifetime of a staff session
    staff_idle_minutes: int = Field(60, ge=5)  # a session unused this long ends
    staff_cookie: str = "hwis_staff"
    cluster_threshold: float = Field(0.72, gt=0.0, lt=1.0)  # cosine similarity to join a cluster
    cluster_max_questions: int = Field(2000, ge=10)  # most recent unanswered questions clustered
