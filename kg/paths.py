"""Where kg finds its ontology files (overridable with ``KG_ONTOLOGY`` for tests and installs)."""
import os
from pathlib import Path

ONTOLOGY_DIR = Path(os.environ.get("KG_ONTOLOGY") or Path(__file__).resolve().parent.parent / "ontology")
