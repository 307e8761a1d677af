"""FAQ content checks beyond the schema: duplicates, link domains, required links and keywords.

Checks that need the menu tree as well (reachability, empty leaves) are in `menus.validator`,
which imports this module: the FAQ knows nothing of menus.
"""

from __future__ import annotations

from urllib.parse import urlparse

from faq.loader import FaqStore
from retrieval.analyzer import normalize_text

# Official domains: the ministry and its subdomains (hellowork.mhlw.go.jp, jsite.mhlw.go.jp, ...),
# e-Gov for electronic applications, and — for referral entries that send users to another
# office — the pension service, the tax agency, the immigration agency (moj.go.jp), the police,
# the consumer affairs agency, the national health insurance association and the ministry of
# internal affairs (local taxes).
OFFICIAL_DOMAINS = ("mhlw.go.jp", "e-gov.go.jp", "nenkin.go.jp", "nta.go.jp", "moj.go.jp", "isa.go.jp",
                    "npa.go.jp", "caa.go.jp", "kyoukaikenpo.or.jp", "soumu.go.jp")


def is_official(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return urlparse(url).scheme == "https" and any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def validate(store: FaqStore) -> list[str]:
    """Every problem of the entries as 'file: field: message' (empty list: the entries are clean)."""
    problems: list[str] = []
    seen_questions: dict[str, str] = {}
    for entry in sorted(store, key=lambda e: e.id):
        where = f"{store.sources.get(entry.id, '?')}: entries[{entry.id}]"
        key = normalize_text(entry.question)
        if key in seen_questions:
            problems.append(f"{where}.question: same question as {seen_questions[key]}")
        else:
            seen_questions[key] = entry.id
        alternates = [normalize_text(a) for a in entry.alternates]
        if len(set(alternates)) != len(alternates) or key in alternates:
            problems.append(f"{where}.alternates: repeats the question or another alternate")
        for position, link in enumerate(entry.links):
            if not is_official(str(link.url)):
                problems.append(f"{where}.links[{position}].url: not an official domain ({link.url})")
        if not is_official(str(entry.source)):
            problems.append(f"{where}.source: not an official domain ({entry.source})")
        if not entry.links:
            problems.append(f"{where}.links: at least one official link is required")
        if not entry.keywords:
            problems.append(f"{where}.keywords: at least one keyword is required")
    return problems


def stats(store: FaqStore) -> dict[str, int | str]:
    entries = list(store)
    return {
        "entries": len(entries),
        "job_seeker": sum(1 for e in entries if e.audience == "job_seeker"),
        "employer": sum(1 for e in entries if e.audience == "employer"),
        "both": sum(1 for e in entries if e.audience == "both"),
        "alternates_min": min((len(e.alternates) for e in entries), default=0),
        "synonyms": len(store.synonyms),
        "faq_version": store.version,
    }
