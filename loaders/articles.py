"""Read articles from files, directories and standard input into ``Article`` objects.

Formats, by file extension: ``.txt`` and ``.md`` (optional YAML front matter with title, url,
published, source, lang, id), ``.html``/``.htm`` (main text and metadata with trafilatura),
``.json`` (one article object, or a list of them) and ``.jsonl`` (one article object a line; extra
fields are ignored; read a line at a time, so the size limit applies to each article, not to the
file). Directories are read recursively in sorted order; ``-`` is standard input, whose format is
recognised from its first character (``{`` JSON Lines, ``[`` JSON, ``<`` HTML, else text).

Bad input never stops the batch: each problem becomes an ``InputError`` naming ``file:line``, passed
to the caller's ``errors`` list, and the other files and lines are still read. The article id is the
given ``id``, else a stable hash of the normalised text (``loaders.clean.article_id``).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import charset_normalizer
import yaml

from kg.claims import Article
from kg.errors import InputError
from loaders.clean import article_id, strip_markdown

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "decode",
    "normalise_date",
    "read_articles",
    "read_text_bytes",
]


DEFAULT_MAX_BYTES = 10_000_000
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
FIELDS = ("id", "title", "url", "published", "source", "lang")
_SNIFF = 8192
# JSON and YAML escapes can spell unpaired UTF-16 surrogates ("\\ud800"), which no UTF-8 output
# can encode; each becomes U+FFFD, one character for one, so evidence offsets stay true.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class _Sink:
    """Where readers put what does not stop them: errors and warnings."""

    errors: list[InputError]
    warnings: list[str]


def read_articles(
    inputs: Iterable[str | Path],
    *,
    errors: list[InputError],
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: IO[bytes] | None = None,
    skipped: list[Path] | None = None,
    warnings: list[str] | None = None,
) -> Iterator[Article]:
    """Yield the articles of every input in order; problems are appended to ``errors``.

    ``skipped`` receives files found in directories whose extension is not an article format;
    ``warnings`` receives notes that do not stop reading (a legacy encoding was detected).
    """
    sink = _Sink(errors, warnings if warnings is not None else [])
    for item in inputs:
        if str(item) == "-":
            yield from _guard("<stdin>", sink, lambda: _read_stdin(stdin, max_bytes, sink))
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES:
                    yield from _guard(
                        str(child), sink, lambda c=child: _read_path(c, max_bytes, sink)
                    )
                elif skipped is not None:
                    skipped.append(child)
        elif not path.exists():
            sink.errors.append(InputError(f"{path}: no such file or directory"))
        else:
            yield from _guard(str(path), sink, lambda p=path: _read_path(p, max_bytes, sink))


def _guard(name: str, sink: _Sink, read: Any) -> Iterator[Article]:
    """Run one reader; an InputError or OS error ends that input only."""
    try:
        yield from read()
    except InputError as err:
        sink.errors.append(err)
    except OSError as err:
        sink.errors.append(InputError(f"{name}: cannot read: {err.strerror or err}"))


def _read_path(path: Path, max_bytes: int, sink: _Sink) -> Iterator[Article]:
    if path.suffix.lower() == ".jsonl":
        with path.open("rb") as handle:
            yield from _stream_jsonl(handle, name=str(path), max_bytes=max_bytes, sink=sink)
        return
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path}: {size:,} bytes is over the limit of {max_bytes:,}; raise it with --max-bytes"
        )
    data = path.read_bytes()
    yield from _parse(data, name=str(path), suffix=path.suffix.lower(), sink=sink)


def _read_stdin(stdin: IO[bytes] | None, max_bytes: int, sink: _Sink) -> Iterator[Article]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    head = stream.read(_SNIFF)
    if head.lstrip()[:1] == b"{":
        joined = io.BufferedReader(_Chain(head, stream))
        yield from _stream_jsonl(joined, name="<stdin>", max_bytes=max_bytes, sink=sink)
        return
    data = head + stream.read(max(0, max_bytes + 1 - len(head)))
    if len(data) > max_bytes:
        raise InputError(
            f"<stdin>: more than {max_bytes:,} bytes; raise the limit with --max-bytes"
        )
    head = data.lstrip()[:1]
    suffix = {b"{": ".jsonl", b"[": ".json", b"<": ".html"}.get(head, ".txt")
    yield from _parse(data, name="<stdin>", suffix=suffix, sink=sink)


class _Chain(io.RawIOBase):
    """A readable stream of ``head`` followed by the rest of ``stream`` (stdin after sniffing)."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(view))
        view[: len(data)] = data
        return len(data)


def _stream_jsonl(
    handle: IO[bytes], *, name: str, max_bytes: int, sink: _Sink
) -> Iterator[Article]:
    """Read JSON Lines one line at a time: any file size, each article within ``max_bytes``."""
    is_empty = True
    number = 0
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            break
        number += 1
        where = f"{name}:{number}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := handle.readline(1 << 16)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line without holding it
            sink.errors.append(
                InputError(
                    f"{where}: over the limit of {max_bytes:,} bytes; raise it with --max-bytes"
                )
            )
            is_empty = False
            continue
        if number == 1 and b"\x00" in raw[:_SNIFF]:
            raise InputError(
                f"{name}: binary file, not text; pass .txt, .md, .html, .json or .jsonl"
            )
        if not raw.strip():
            continue
        is_empty = False
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
        except UnicodeDecodeError as err:
            sink.errors.append(
                InputError(f"{where}: not UTF-8 ({err.reason}); JSON Lines must be UTF-8")
            )
            continue
        yield from _read_jsonl_line(line, where=where, sink=sink)
    if is_empty:
        raise InputError(f"{name}: empty file; nothing to extract")


def _parse(data: bytes, *, name: str, suffix: str, sink: _Sink) -> Iterator[Article]:
    text = read_text_bytes(data, name=name, warnings=sink.warnings)
    if suffix == ".json":
        yield from _read_json(text, name=name, sink=sink)
    elif suffix in (".html", ".htm"):
        yield _read_html(text, name=name)
    else:
        yield _read_text(text, name=name, is_markdown=suffix in (".md", ".markdown"))


def read_text_bytes(data: bytes, *, name: str, warnings: list[str] | None = None) -> str:
    """Decode a file's bytes as text; refuse empty and binary files with a one-line error."""
    if not data.strip():
        raise InputError(f"{name}: empty file; nothing to extract")
    text = decode(data, name=name, warnings=warnings)
    if not text.strip():
        raise InputError(f"{name}: empty file; nothing to extract")
    return text


def decode(data: bytes, *, name: str, warnings: list[str] | None = None) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with a BOM, or a detected legacy encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(
                f"{name}: bad UTF-16 text ({err.reason}); convert it to UTF-8"
            ) from err
    if b"\x00" in data[:_SNIFF]:
        raise InputError(f"{name}: binary file, not text; pass .txt, .md, .html, .json or .jsonl")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        best = charset_normalizer.from_bytes(data).best()
        if best is None or best.encoding is None:
            raise InputError(
                f"{name}: not UTF-8 and the encoding cannot be detected; convert it to UTF-8"
            ) from err
        if warnings is not None:
            warnings.append(f"{name}: not UTF-8; read as {best.encoding}")
        return str(best)


def _read_text(text: str, *, name: str, is_markdown: bool) -> Article:
    meta: dict[str, Any] = {}
    body = text
    if text.startswith("---"):
        meta, body = _front_matter(text, name=name)
    if is_markdown:
        body = strip_markdown(body)
    return _article(meta, body, name=name)


def _front_matter(text: str, *, name: str) -> tuple[dict[str, Any], str]:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:index]))
            except yaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                line = mark.line + 2 if mark is not None else 1
                problem = getattr(err, "problem", None) or "malformed YAML"
                raise InputError(f"{name}:{line}: front matter: {problem}; fix the YAML") from err
            except RecursionError as err:
                raise InputError(f"{name}:2: front matter nested too deeply; fix the YAML") from err
            except (ValueError, KeyError, AttributeError, TypeError) as err:
                # PyYAML's constructors fail this way, not with YAMLError, on an integer of more
                # than 4,300 digits and on explicit tags with values they cannot hold
                # (`!!float abc`, `!!bool maybe`, `!!timestamp not-a-date`): still the user's YAML.
                if isinstance(err, ValueError) and "digits" in str(err):
                    problem = "a number has too many digits; quote it"
                else:
                    problem = "a tagged value YAML cannot read; remove the tag or quote the value"
                raise InputError(f"{name}:2: front matter: {problem}") from err
            if meta is None:
                meta = {}
            if not isinstance(meta, dict):
                raise InputError(f"{name}:2: front matter must be a mapping of key: value")
            # Keep the body's offsets simple: blank lines replace the front matter.
            return meta, "\n".join(lines[index + 1 :])
    raise InputError(f"{name}:1: front matter has no closing '---'; add one after the metadata")


def _read_html(text: str, *, name: str) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    # trafilatura logs ERROR lines of its own for HTML it cannot parse; the InputError below says
    # it once, naming the file. Its lines still show when debug logging is on (kg --debug).
    noisy = logging.getLogger("trafilatura")
    level = noisy.level
    if not noisy.isEnabledFor(logging.DEBUG):
        noisy.setLevel(logging.CRITICAL)
    try:
        extracted = trafilatura.extract(
            text,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
        )
    finally:
        noisy.setLevel(level)
    if extracted is None:
        raise InputError(f"{name}: no article text found in the HTML")
    record = json.loads(extracted)
    body = "\n\n".join(line for line in str(record.get("text") or "").split("\n") if line.strip())
    if not body:
        raise InputError(f"{name}: no article text found in the HTML")
    meta = {
        "title": record.get("title"),
        "url": record.get("source"),
        "published": record.get("date"),
        "source": record.get("source-hostname") or record.get("hostname"),
        "lang": record.get("language"),
    }
    return _article(meta, body, name=name)


def _read_json(text: str, *, name: str, sink: _Sink) -> Iterator[Article]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{name}:{err.lineno}: not JSON: {err.msg}") from err
    except (ValueError, RecursionError) as err:
        raise InputError(f"{name}: not usable JSON: {_json_problem(err)}") from err
    records = document if isinstance(document, list) else [document]
    for index, record in enumerate(records):
        where = name if len(records) == 1 else f"{name}[{index}]"
        try:
            yield _record(record, name=where)
        except InputError as err:
            sink.errors.append(err)


def _read_jsonl_line(line: str, *, where: str, sink: _Sink) -> Iterator[Article]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        sink.errors.append(InputError(f"{where}: not JSON: {err.msg}; one article object a line"))
        return
    except (ValueError, RecursionError) as err:
        sink.errors.append(InputError(f"{where}: not usable JSON: {_json_problem(err)}"))
        return
    try:
        yield _record(record, name=where)
    except InputError as err:
        sink.errors.append(err)


def _json_problem(err: Exception) -> str:
    """Describe what json.loads refused beyond syntax: nesting too deep, or a huge integer."""
    # Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735) and
    # recurses once per nesting level; both raise outside JSONDecodeError.
    if isinstance(err, RecursionError):
        return 'nested too deeply; an article is a flat object with a "text" field'
    return "a number has too many digits; quote it as a string"


def _record(record: Any, *, name: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(f'{name}: an article must be a JSON object with a "text" field')
    body = record.get("text")
    if not isinstance(body, str):
        raise InputError(
            f'{name}: missing field "text"'
            if body is None
            else f'{name}: field "text" must be a string'
        )
    if not body.strip():
        raise InputError(f'{name}: field "text" is empty; nothing to extract')
    return _article(record, body, name=name)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
_SLASH_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_ENGLISH_DATES = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y")


def normalise_date(value: str) -> str:
    """Return a publication date as YYYY-MM-DD when it is a recognisable date, else unchanged.

    The date decides which office holder a name refers to, so "2024-03-07T10:00:00Z",
    "2024/3/7", "Thu, 07 Mar 2024 10:00:00 GMT" and "March 7, 2024" all become "2024-03-07".

    >>> normalise_date("March 7, 2024"), normalise_date("sometime in spring")
    ('2024-03-07', 'sometime in spring')
    """
    text = value.strip()
    if (match := _ISO_DATE.fullmatch(text)) or (match := _SLASH_DATE.fullmatch(text)):
        parts = match.groups()
    else:
        parsed = _parse_date(text)
        return parsed.isoformat() if parsed is not None else value
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return value


def _parse_date(text: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for layout in _ENGLISH_DATES:
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def _article(meta: dict[str, Any], body: str, *, name: str) -> Article:
    values: dict[str, str | None] = {}
    for key in FIELDS:
        value = meta.get(key)
        if value is None or value == "":
            values[key] = None
        elif isinstance(value, dt.date | dt.datetime):
            values[key] = value.isoformat()[:10] if key == "published" else value.isoformat()
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            values[key] = _SURROGATE.sub("\ufffd", str(value)).strip()
        else:
            raise InputError(f'{name}: field "{key}" must be a string, not {type(value).__name__}')
    if values["lang"] is not None:
        values["lang"] = values["lang"].lower()
    if values["published"] is not None:
        values["published"] = normalise_date(values["published"])
    body = _SURROGATE.sub("\ufffd", body)
    return Article(
        id=values["id"] or article_id(body),
        text=body,
        title=values["title"],
        url=values["url"],
        published=values["published"],
        source=values["source"],
        lang=values["lang"],
    )
