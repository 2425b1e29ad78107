"""A per-document extraction cache, so rebuilding a corpus re-extracts only what changed.

An entry is keyed by a hash of the document (everything extraction reads: id, text, metadata and
residue spans, not its path) and a fingerprint of everything else extraction depends on: kg's
version, its extraction code, the ontology and domain data, and the spaCy model. Change any of these
and every key changes, so a stale entry is never read.

Entries are pickles of the extracted records behind a SHA-256 of the pickle, written to a temporary
file and renamed into place: a torn or corrupt entry fails the check, is ignored and rewritten. The
cache folder is the user's own (``out/.cache`` by default), as trusted as the code that reads it.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import secrets
from importlib import metadata
from pathlib import Path

import kg.paths as paths
from kg.models import Document, Extraction

_PACKAGE = Path(__file__).parent
_CODE = ("models.py", "pipeline.py", "domain.py", "grammar.py", "jurisdictions.py", "extract")


def fingerprint(model: str | None = None) -> str:
    """A hash of everything besides the document that an extraction depends on."""
    digest = hashlib.sha256()
    digest.update(f"kg {metadata.version('kg')} model {model}".encode())
    files = [*sorted(paths.ONTOLOGY_DIR.rglob("*.ttl")), *sorted(paths.ONTOLOGY_DIR.rglob("*.yaml"))]
    for name in _CODE:
        target = _PACKAGE / name
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    for file in files:
        digest.update(str(file.relative_to(file.parent.parent)).encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def document_key(document: Document, fingerprint: str) -> str:
    """The cache key of one document: its content and metadata, under the given fingerprint."""
    content = json.dumps([document.id, document.text, document.title, document.date and document.date.isoformat(),
                          document.url, document.publisher, document.residue], ensure_ascii=False)
    return hashlib.sha256(f"{fingerprint}\0{content}".encode("utf-8", "surrogatepass")).hexdigest()


class ExtractionCache:
    """Extractions stored under ``folder`` by ``document_key``; safe to share between processes."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint

    def _path(self, document: Document) -> Path:
        key = document_key(document, self.fingerprint)
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, document: Document) -> Extraction | None:
        """The cached extraction of ``document``, or None when absent, torn or unreadable."""
        try:
            data = self._path(document).read_bytes()
        except OSError:
            return None
        checksum, payload = data[:32], data[32:]
        if hashlib.sha256(payload).digest() != checksum:
            return None
        try:
            return unpack(document, payload)
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss, and is rewritten
            return None

    def put(self, document: Document, payload: bytes) -> None:
        """Store the extraction of ``document``, packed (``pack``: a worker packs it once, for the cache
        and for sending it back), atomically; a failure to write only costs a later re-extraction."""
        target = self._path(document)
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        data = hashlib.sha256(payload).digest() + payload
        try:
            try:
                temporary.write_bytes(data)
            except FileNotFoundError:  # the entry's folder is made once, by the first entry in it
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(data)
            os.replace(temporary, target)
        except OSError:
            temporary.unlink(missing_ok=True)


def pack(extraction: Extraction) -> bytes:
    """An extraction's records without its document, pickled."""
    return pickle.dumps((extraction.actors, extraction.statements, extraction.provisions, extraction.objections,
                         extraction.stances), protocol=pickle.HIGHEST_PROTOCOL)


def unpack(document: Document, payload: bytes) -> Extraction:
    """The extraction ``pack`` packed, given back its document."""
    return Extraction(document, *pickle.loads(payload))
