"""Pydantic schema of one vetted FAQ entry, its links, and the synonym table."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator


class Audience(StrEnum):
    """Who an entry is written for."""

    JOB_SEEKER = "job_seeker"
    EMPLOYER = "employer"
    BOTH = "both"


class Link(BaseModel):
    """A link to an official page shown under an answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1)
    url: HttpUrl


class FaqEntry(BaseModel):
    """One vetted question and answer. `answer` is shown to users verbatim."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,63}$")
    audience: Audience
    menu: str = Field(min_length=1)
    question: str = Field(min_length=4)
    alternates: list[str] = Field(default_factory=list)
    answer: str = Field(min_length=10)
    links: list[Link] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    source: HttpUrl
    reviewed: date

    @field_validator("question", "answer")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @field_validator("alternates", "keywords")
    @classmethod
    def _no_blank_items(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("must not contain blank items")
        return values

    @property
    def content_hash(self) -> str:
        """SHA-256 over the canonical JSON of the entry (first 16 hex digits)."""
        payload = json.dumps(self.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def search_texts(self) -> list[str]:
        """Question and alternates: the ways people ask for this entry."""
        return [self.question, *self.alternates]


class Synonym(BaseModel):
    """A canonical domain term and the variants users type for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    canonical: str = Field(min_length=1)
    variants: list[str] = Field(min_length=1)
