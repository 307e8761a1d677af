"""The Presidio AnalyzerEngine for Japanese, built once per process; and the stock one to compare with."""

from __future__ import annotations

import threading
from functools import lru_cache

import tldextract
import tldextract.tldextract
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry

from guardrails.pii.cued_names import CuedNameRecognizer
from guardrails.pii.names import JapaneseNameRecognizer
from guardrails.pii.nlp_engine import GinzaNlpEngine
from guardrails.pii.recognizers.address import JaAddressRecognizer, JaPostalCodeRecognizer
from guardrails.pii.recognizers.contact import JaEmailRecognizer, JaPhoneRecognizer, offline_tld_extractor
from guardrails.pii.recognizers.documents import PassportNumberRecognizer, ResidenceCardNumberRecognizer
from guardrails.pii.recognizers.identifiers import (
    BasicPensionNumberRecognizer,
    EmploymentInsuranceNumberRecognizer,
    JobSeekerNumberRecognizer,
    MyNumberContextRecognizer,
    MyNumberRecognizer,
)
from guardrails.pii.recognizers.personal import DateOfBirthRecognizer, JaBankAccountRecognizer, JaCreditCardRecognizer

_LOCK = threading.Lock()


def japanese_recognizers() -> list[EntityRecognizer]:
    """One instance of every Japanese recognizer (pattern recognizers and the name recognizer)."""
    return [
        JaPhoneRecognizer(),
        JaEmailRecognizer(),
        MyNumberRecognizer(),
        MyNumberContextRecognizer(),
        EmploymentInsuranceNumberRecognizer(),
        BasicPensionNumberRecognizer(),
        JobSeekerNumberRecognizer(),
        JaAddressRecognizer(),
        JaPostalCodeRecognizer(),
        DateOfBirthRecognizer(),
        JaBankAccountRecognizer(),
        JaCreditCardRecognizer(),
        PassportNumberRecognizer(),
        ResidenceCardNumberRecognizer(),
        JapaneseNameRecognizer(),
        CuedNameRecognizer(),
    ]


def make_tldextract_offline() -> None:
    """Point tldextract's module-level extractor (used by Presidio's stock EmailRecognizer) at the bundled list.

    Its default extractor downloads the public suffix list on first use; this
    process must not reach the network.
    """
    tldextract.tldextract.TLD_EXTRACTOR = offline_tld_extractor()


@lru_cache(maxsize=2)
def japanese_analyzer(use_ner: bool = True) -> AnalyzerEngine:
    """The project's analyzer: GiNZA (windowed NER) + Japanese recognizers; loaded once per process."""
    with _LOCK:
        make_tldextract_offline()
        nlp_engine = GinzaNlpEngine(use_ner=use_ner)
        nlp_engine.load()
        registry = RecognizerRegistry(supported_languages=["ja"])
        for recognizer in japanese_recognizers():
            registry.add_recognizer(recognizer)
        return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["ja"])


@lru_cache(maxsize=1)
def stock_presidio_analyzer() -> AnalyzerEngine:
    """Presidio as shipped, with the spaCy engine on ja_ginza and its predefined recognizers (the baseline)."""
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    with _LOCK:
        make_tldextract_offline()
        provider = NlpEngineProvider(
            nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "ja", "model_name": "ja_ginza"}]}
        )
        return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["ja"])
