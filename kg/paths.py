"""Where kg finds its ontology files: ``kg/ontology``, or the folder ``KG_ONTOLOGY`` names (tests).

In a source checkout ``kg/ontology`` is a link to the repository's ``ontology/`` folder, where the
data is edited; a wheel carries the files themselves there (package data), so an installed kg
reads them from the same place relative to the package.
"""
import os
from pathlib import Path

ONTOLOGY_DIR = Path(os.environ.get("KG_ONTOLOGY") or Path(__file__).resolve().parent / "ontology")
