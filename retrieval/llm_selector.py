"""LLMSelector: an OpenAI-compatible model *chooses* one candidate id; it never writes text.

Any failure — timeout, connection error, 429/5xx, refusal, malformed output, an id
outside the list — falls back to the retrieval-only decision, with the reason kept.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from typing import Any

import openai

from retrieval.llm_prompt import NONE_ID, LLMQuery, build_messages, choice_schema
from retrieval.selectors import Candidate, Selection

logger = logging.getLogger(__name__)


class LLMSelector:
    """Chooses among retrieval candidates with a chat model under a hard deadline.

    Args:
        client: an `openai.OpenAI` or `openai.AzureOpenAI` client (any OpenAI-compatible endpoint).
        model: model (or Azure deployment) name.
        timeout: seconds; the reply comes back within this however the endpoint behaves.
        max_tokens: completion cap (the answer is one short JSON object).
    """

    name = "llm"

    def __init__(self, client: Any, model: str, timeout: float = 3.0, max_tokens: int = 40) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.client = client
        self.model = model
        self.timeout = timeout
        self.max_tokens = max_tokens
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="llm")

    def _call(self, query: LLMQuery, candidates: Sequence[Candidate]) -> Any:
        return self.client.chat.completions.create(
            model=self.model,
            messages=build_messages(query, candidates),
            response_format=choice_schema([c.faq_id for c in candidates]),
            temperature=0,
            max_tokens=self.max_tokens,
            store=False,
            timeout=self.timeout,
        )

    def select(self, query: LLMQuery, candidates: Sequence[Candidate], fallback: Selection) -> Selection:
        """The model's choice, or `fallback` (with the reason) if anything goes wrong."""
        if not candidates:
            return fallback
        future = self._pool.submit(self._call, query, candidates)
        try:
            response = future.result(timeout=self.timeout)
        except FutureTimeout:
            future.cancel()
            return self._fallback(fallback, "timeout")
        except openai.APITimeoutError:
            return self._fallback(fallback, "timeout")
        except openai.APIConnectionError:
            return self._fallback(fallback, "connection_error")
        except openai.RateLimitError:
            return self._fallback(fallback, "rate_limited")
        except openai.APIStatusError as exc:
            return self._fallback(fallback, f"http_{exc.status_code}")
        except Exception as exc:  # anything else from the client library
            logger.warning("llm call failed", extra={"error": type(exc).__name__})
            return self._fallback(fallback, "client_error")
        return self._read(response, candidates, fallback)

    def _read(self, response: Any, candidates: Sequence[Candidate], fallback: Selection) -> Selection:
        usage = getattr(response, "usage", None)
        tokens = {
            "prompt_tokens": int(getattr(usage, "prompt_tokens", 0) or 0),
            "completion_tokens": int(getattr(usage, "completion_tokens", 0) or 0),
        }
        try:
            message = response.choices[0].message
        except (AttributeError, IndexError, TypeError):
            return self._fallback(fallback, "malformed", tokens)
        if getattr(message, "refusal", None):
            return self._fallback(fallback, "refusal", tokens)
        try:
            chosen = json.loads(message.content or "")["faq_id"]
        except (ValueError, TypeError, KeyError):
            return self._fallback(fallback, "malformed", tokens)
        ids = {c.faq_id for c in candidates}
        if chosen == NONE_ID:
            return Selection("no_answer", None, 0.0, "llm chose none", usage=tokens, selector=self.name)
        if not isinstance(chosen, str) or chosen not in ids:
            return self._fallback(fallback, "unknown_id", tokens)
        confidence = next(c.dense for c in candidates if c.faq_id == chosen)
        return Selection("answer", chosen, confidence, "llm choice", usage=tokens, selector=self.name)

    def _fallback(self, fallback: Selection, why: str, usage: dict[str, int] | None = None) -> Selection:
        logger.info("llm fallback", extra={"reason": why})
        return replace(
            fallback,
            reason=f"llm_fallback:{why}; {fallback.reason}",
            usage=usage or {},
            selector=f"retrieval(fallback:{why})",
        )
