"""Builds the optional LLM selector from settings (OpenAI, Azure OpenAI, vLLM, llama.cpp, Ollama)."""

from __future__ import annotations

import openai

from app.settings import Settings
from retrieval.llm_selector import LLMSelector


def build_llm_selector(settings: Settings) -> LLMSelector | None:
    """None when no endpoint is configured: the service stays retrieval-only."""
    if not settings.llm_base_url or not settings.llm_model:
        return None
    api_key = settings.llm_api_key or "not-needed"  # local servers ignore the key
    client: openai.OpenAI
    if settings.llm_azure_api_version:
        client = openai.AzureOpenAI(
            azure_endpoint=settings.llm_base_url,
            api_key=api_key,
            api_version=settings.llm_azure_api_version,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )
    else:
        client = openai.OpenAI(
            base_url=settings.llm_base_url,
            api_key=api_key,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )
    return LLMSelector(client, settings.llm_model, timeout=settings.llm_timeout, max_tokens=settings.llm_max_tokens)
