"""The extraction stages called in order: clean, detect language, split, extract, sort, dedupe.

``Pipeline.load()`` loads every data file once (boilerplate rules, the language model,
abbreviations and ``loaders.resources.Resources``); ``extract_article`` runs one article through
the stages. Nothing here reads files or knows about formats: that is ``loaders.articles``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from typing import Any

from kg.claims import Article, Claim, Entity, claim_sort_key
from loaders.clean import Cleaner, clean_text
from loaders.language import LanguageDetector, Languages
from loaders.mentions import Named, find_mentions
from loaders.relations import extract_claims
from loaders.resources import Resources
from loaders.sentences import Abbreviations, Sentence, split_paragraphs, split_sentences

__all__ = ["ArticleResult", "Pipeline", "extract_article"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What extraction made of one article: its cleaned text, language, sentences and claims."""

    article: Article
    lang: str
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    entities: tuple[Entity, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the ``--format json`` document of the article."""
        languages = sorted({s.lang for s in self.sentences} - {self.lang})
        return {
            "article": {**self.article.to_dict(), "lang": self.lang},
            "lang": self.lang,
            "other_languages": languages,
            "sentences": len(self.sentences),
            "claims": [claim.to_dict() for claim in self.claims],
            "entities": [entity.to_dict() for entity in self.entities],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Pipeline:
    """Everything the stages need, loaded once (once per worker process with --jobs).

    ``lang`` forces one language for every article (``--lang CODE``); None detects it.
    ``with_entities`` also lists each article's distinct entities (``--format json``).
    """

    resources: Resources
    cleaner: Cleaner
    detector: LanguageDetector
    abbreviations: dict[str, Abbreviations]
    lang: str | None = None
    with_entities: bool = False

    @classmethod
    def load(
        cls,
        *,
        lang: str | None = None,
        with_entities: bool = False,
        resources: Resources | None = None,
    ) -> Pipeline:
        languages = Languages.load()
        langs = tuple(dict.fromkeys((*languages.supported, *([lang] if lang else []))))
        return cls(
            resources=resources or Resources.load(),
            cleaner=Cleaner.load(languages.supported),
            detector=LanguageDetector(languages),
            abbreviations={code: Abbreviations.load(code) for code in langs},
            lang=lang,
            with_entities=with_entities,
        )

    def abbreviations_for(self, lang: str) -> Abbreviations:
        """Return the splitter's rules for a language; an unsupported one is loaded once, here."""
        found = self.abbreviations.get(lang)
        if found is None:
            found = self.abbreviations[lang] = Abbreviations.load(lang)
        return found


def extract_article(article: Article, *, pipeline: Pipeline) -> ArticleResult:
    """Run one article through the stages; the result's article holds the cleaned text."""
    text = clean_text(article.text, cleaner=pipeline.cleaner)
    if not text:
        lang = pipeline.lang or article.lang or "und"
        warning = f"{article.id}: no text left after removing boilerplate"
        return ArticleResult(replace(article, text="", lang=lang), lang, (), (), (), (warning,))
    spans = split_paragraphs(text)
    blocks = [text[start:end] for start, end in spans]
    if pipeline.lang:
        lang, langs = pipeline.lang, [pipeline.lang] * len(blocks)
    else:
        lang, langs = pipeline.detector.detect_paragraphs(blocks, article_lang=article.lang)
    cleaned = replace(article, text=text, lang=lang)
    sentences = _split(spans, blocks, langs, pipeline=pipeline)
    claims = _dedupe(extract_claims(cleaned, list(sentences), pipeline.resources))
    warnings: list[str] = []
    entities: tuple[Entity, ...] = ()
    is_supported = pipeline.detector.is_supported(lang)
    if pipeline.with_entities or not is_supported:
        entities = _entities(sentences, pipeline=pipeline, date=article.published)
    if not is_supported:
        supported = ", ".join(pipeline.detector.languages.supported)
        warnings.append(
            f"{article.id}: language {lang!r} is not supported ({supported}); "
            f"entities only ({len(entities)} found)"
        )
    return ArticleResult(cleaned, lang, sentences, tuple(claims), entities, tuple(warnings))


def _split(
    spans: list[tuple[int, int]], blocks: list[str], langs: list[str], *, pipeline: Pipeline
) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for index, ((start, _end), block, block_lang) in enumerate(
        zip(spans, blocks, langs, strict=True)
    ):
        sentences.extend(
            split_sentences(
                block,
                lang=block_lang,
                paragraph=index,
                offset=start,
                abbreviations=pipeline.abbreviations_for(block_lang),
            )
        )
    return tuple(sentences)


def _entities(
    sentences: tuple[Sentence, ...], *, pipeline: Pipeline, date: str | None
) -> tuple[Entity, ...]:
    found: dict[str, Entity] = {}
    named = Named()
    for sentence in sentences:
        gazetteer = pipeline.resources.gazetteer
        for mention in find_mentions(sentence, gazetteer, date=date, named=named):
            found.setdefault(mention.entity.id, mention.entity)
    return tuple(found[key] for key in sorted(found))


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """Sort by position and triple; of claims with the same id keep the most confident one."""

    def order(claim: Claim) -> tuple[Any, ...]:
        return (
            *claim_sort_key(claim),
            -claim.confidence,
            json.dumps(claim.to_dict(), sort_keys=True),
        )

    result: list[Claim] = []
    seen: set[str] = set()
    for claim in sorted(claims, key=order):
        if claim.id not in seen:
            seen.add(claim.id)
            result.append(claim)
    return result
