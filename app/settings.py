"""All settings in one place (environment variables prefixed HWIS_)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev-secret-change-me"}


class Settings(BaseSettings):
    """Service configuration. Every field reads `HWIS_<NAME>` from the environment."""

    model_config = SettingsConfigDict(env_prefix="HWIS_", env_file=".env", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    secret_key: str = "dev-secret-change-me"
    database_url: str = ""  # empty: SQLite file under var_dir; production: postgresql+psycopg://…
    db_pool_size: int = Field(10, ge=1, le=100)  # PostgreSQL connections per worker (as many again on overflow)
    auto_migrate: bool = True  # bring the schema to head at start-up (production runs `db upgrade` first)
    redis_url: str = ""  # e.g. redis://redis:6379/0: daily caps and rate limits shared by every worker
    redis_prefix: str = "hwis"  # namespace of this service's Redis keys
    var_dir: Path = PROJECT_ROOT / "var"
    faq_dir: Path = PROJECT_ROOT / "faq" / "data"
    menu_file: Path = PROJECT_ROOT / "menus" / "data" / "menu.yaml"
    encoder: str = "ginza-static"
    host: str = "127.0.0.1"
    port: int = 8000

    # Retrieval and selection
    retrieval_top_k: int = Field(10, ge=1, le=50)
    # Request threads per worker; empty: 2 retrieval-only (CPU-bound work: more threads only contend for
    # the GIL and stretch the tail), 16 with an LLM (threads then mostly wait on the endpoint).
    worker_threads: int | None = Field(None, ge=1, le=200)
    answer_cache_size: int = Field(4096, ge=0)  # answers kept per worker for repeated questions (0: off)
    confidence_file: Path | None = None  # calibrated answer-confidence model (default: the shipped one)
    answer_precision_target: float = Field(0.97, ge=0.5, le=1.0)  # threshold from the CV curve (0.97: margin)
    answer_threshold: float | None = Field(None, ge=0.0, le=1.0)  # explicit override of that threshold
    clarify_threshold: float | None = Field(None, ge=0.0, le=1.0)
    # How often each worker looks for an FAQ version that staff published (0: never; it then serves
    # the version it started with until restarted). The check is one indexed row.
    faq_refresh_seconds: float = Field(5.0, ge=0.0, le=3600.0)

    # LLM selection (empty base URL: retrieval-only)
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_azure_api_version: str = ""  # set for Azure OpenAI (base URL = the resource endpoint, model = deployment)
    llm_timeout: float = Field(3.0, gt=0, le=60)
    llm_max_retries: int = Field(0, ge=0, le=3)
    llm_max_tokens: int = Field(40, ge=8, le=512)
    llm_input: Literal["keywords", "masked_text"] = "keywords"
    llm_candidates: int = Field(8, ge=2, le=20)
    llm_skip_confidence: float = Field(0.85, ge=0.0, le=1.0)  # retrieval answers at or above this skip the model
    llm_daily_token_budget: int = Field(2_000_000, ge=0)

    # Guardrails
    pii_mode: Literal["mask", "reject"] = "mask"
    pii_use_ner: bool = True

    # Limits
    max_text_chars: int = Field(400, ge=10, le=5000)
    max_body_bytes: int = Field(16_384, ge=1024)
    daily_question_limit: int = Field(20, ge=0)
    global_daily_limit: int = Field(100_000, ge=0)
    injection_strike_threshold: int = Field(3, ge=1)
    # only blocks at least this sure count as strikes towards flagging an account (an honest question
    # that one pattern happens to match is refused, but never held against the person who asked it)
    injection_strike_score: float = Field(0.95, ge=0.0, le=1.0)
    # Menu steps are free of the daily caps, but each is stored: bounded per client IP (whatever
    # account it claims) and per account and day, far above what a person clicking menus needs.
    menu_rate_limit_ip: str = "120/minute"
    menu_rate_limit_account: str = "600/day"

    anonymous_ip_daily_limit: int = Field(200, ge=0)  # anonymous accounts per client IP, per JST day
    suspend_on_flag: bool = False  # an account flagged for injection strikes is suspended until JST midnight

    session_cookie: str = "hwis_session"
    session_max_age_days: int = Field(30, ge=1)

    # HWIS-issued tokens (Authorization: Bearer): HS256 shared secret or RS256 public key (PEM)
    jwt_secret: str = ""
    jwt_public_key: str = ""
    jwt_audience: str = ""
    jwt_issuer: str = ""

    # Rate limits (slowapi syntax); per account, else per client IP
    rate_limit_default: str = "120/minute"
    rate_limit_messages: str = "30/minute"
    rate_limit_suggest: str = "60/minute"  # suggestions while typing (GET /api/v1/suggest), own window
    rate_limit_storage_uri: str = "memory://"
    trusted_proxies: list[str] = Field(default_factory=list)  # peers whose X-Forwarded-For is believed
    cors_origins: list[str] = Field(default_factory=list)  # JSON list of CORS origins; empty: no CORS headers

    # Staff console and API: a shared token in the X-Staff-Token header for automation (empty disables it)
    staff_api_token: str = ""
    retention_days: int = Field(180, ge=1)  # turns older than this are deleted by the purge
    staff_lockout_attempts: int = Field(5, ge=1)  # failed log-ins in a row before a lock-out
    staff_lockout_minutes: int = Field(15, ge=1)
    staff_session_hours: int = Field(8, ge=1)  # absolute lifetime of a staff session
    staff_idle_minutes: int = Field(60, ge=5)  # a session unused this long ends
    staff_cookie: str = "hwis_staff"
    cluster_threshold: float = Field(0.72, gt=0.0, lt=1.0)  # cosine similarity to join a cluster
    cluster_max_questions: int = Field(2000, ge=10)  # most recent unanswered questions clustered

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, values: list[str]) -> list[str]:
        for value in values:
            ipaddress.ip_network(value, strict=False)  # raises ValueError on anything else
        return values

    @model_validator(mode="after")
    def _database_in_var_dir(self) -> Settings:
        """An empty HWIS_DATABASE_URL means the embedded default: a SQLite file under HWIS_VAR_DIR."""
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'hwis.sqlite3'}"
        return self

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        """Outside development and tests, every secret must be real: the session key always, the JWT
        secret and the staff automation token whenever they are set (empty turns those features off)."""
        if self.environment != "production":
            return self
        secrets = {"HWIS_SECRET_KEY": self.secret_key}
        secrets.update({name: value for name, value in (("HWIS_JWT_SECRET", self.jwt_secret),
                                                        ("HWIS_STAFF_API_TOKEN", self.staff_api_token)) if value})
        for name, value in secrets.items():
            if value.strip().lower() in _PLACEHOLDER_SECRETS:
                raise ValueError(f"{name} must be set to a real secret in production")
            if len(value) < 32:
                raise ValueError(f"{name} must be at least 32 characters in production")
        return self

    @property
    def request_threads(self) -> int:
        if self.worker_threads is not None:
            return self.worker_threads
        return 16 if self.llm_base_url else 2

    @property
    def limiter_storage_uri(self) -> str:
        """Where slowapi keeps its windows: Redis when configured, unless a storage URI is set explicitly."""
        if self.redis_url and self.rate_limit_storage_uri == "memory://":
            return self.redis_url
        return self.rate_limit_storage_uri

    @property
    def index_dir(self) -> Path:
        return self.var_dir / "index"

    @property
    def models_dir(self) -> Path:
        return self.var_dir / "models"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests build their own `Settings` instead)."""
    return Settings()
