"""Request bodies of the public API (responses are documented by their dicts)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Hard cap on what the API accepts at all; the orchestrator applies the (smaller)
# HWIS_MAX_TEXT_CHARS with a friendlier message.
HARD_TEXT_LIMIT = 4000


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms_version: str = Field(min_length=1, max_length=64)


class MessageIn(BaseModel):
    """Either `text` (a question, optionally scoped to `menu`) or `menu` alone (a menu step)."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, max_length=HARD_TEXT_LIMIT)
    menu: str | None = Field(default=None, min_length=1, max_length=128)

    @model_validator(mode="after")
    def _one_of(self) -> MessageIn:
        if self.text is None and self.menu is None:
            raise ValueError("text or menu is required")
        return self


class FeedbackIn(BaseModel):
    """解決した / 解決しなかった, and optionally why not. After a clarify step, 「どれにも当てはまらない」
    is `{"helpful": false, "reason": "none_of_these"}` on that clarify turn."""

    model_config = ConfigDict(extra="forbid")
    helpful: bool
    reason: Literal["none_of_these", "wrong_answer", "not_enough", "unclear"] | None = None
