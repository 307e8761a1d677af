"""Texts for the no-crash sweeps: every sentence of the public Wikipedia NER set, and generated
"surname + joiner + word" business phrases (the shape that once crashed the name scorer)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
WIKIPEDIA = SHARED / "pii" / "ner_wikipedia_dev.jsonl"

SURNAMES = ("田中", "佐藤", "鈴木", "高橋", "小林", "渡辺", "伊藤", "山本", "中村", "大橋", "長崎", "森", "林",
            "サトウ", "たなか", "Tanaka")
JOINERS = ("・", "･", "＝", "=", "／", "/", "、", "，", " ", "　", "･･", "")
WORDS = ("人事部", "総務課", "工場長", "本社", "営業", "茂里町", "課長", "ハローワーク", "担当", "求人票", "山田",
         "090-1234-5678", "です")
FRAMES = ("{s}{j}{w}", "担当者は{s}{j}{w}です")  # every surname, joiner and word
MORE_FRAMES = ("{s}{j}{w}に連絡しました", "前職の上司の{s}{j}{w}が離職票を出してくれません", "{w}{j}{s}")  # fewer words


def wikipedia_sentences() -> list[str]:
    lines = WIKIPEDIA.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def joiner_texts() -> list[str]:
    texts = [frame.format(s=s, j=j, w=w) for frame, s, j, w in itertools.product(FRAMES, SURNAMES, JOINERS, WORDS)]
    texts += [frame.format(s=s, j=j, w=w)
              for frame, s, j, w in itertools.product(MORE_FRAMES, SURNAMES, JOINERS, WORDS[:4])]
    return texts
