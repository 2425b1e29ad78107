"""kg as users install it: a wheel built from the repository, in a fresh virtual environment, builds the seeds.

Nothing is downloaded: the wheel is built with the test environment's setuptools, and the fresh
environment finds kg's dependencies through a .pth line naming the test environment's site-packages
(a plain path entry, so that folder's own editable kg is not activated and the wheel's kg is imported).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "KG_ONTOLOGY")}
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of a copy of the repository's package files (building in place would leave build/ behind)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("kg", "ontology"):
        shutil.copytree(ROOT / folder, source / folder, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    built = _run(sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--no-build-isolation", "--no-index",
                 "--quiet", "--wheel-dir", base / "dist", cwd=base)
    assert built.returncode == 0, built.stderr
    (found,) = (base / "dist").glob("kg-*.whl")
    return found


def _runtime_files() -> set[str]:
    """Every file kg reads at run time, as its path inside the package."""
    ontology = {f"kg/ontology/{path.relative_to(ROOT / 'ontology').as_posix()}"
                for path in (ROOT / "ontology").rglob("*") if path.is_file()}
    queries = {f"kg/queries/{path.name}" for path in (ROOT / "kg" / "queries").glob("*.rq")}
    page = {f"kg/export/{path.name}" for path in (ROOT / "kg" / "export").glob("page.*")}
    return ontology | queries | page


def test_package_wheel_carries_every_runtime_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert _runtime_files() - names == set()
    assert {"kg/ontology/kg.ttl", "kg/ontology/shapes.ttl", "kg/queries/statements.rq"} <= names


def test_package_wheel_in_a_fresh_environment_builds_the_seeds(wheel, tmp_path):
    environment = tmp_path / "env"
    made = _run(sys.executable, "-m", "venv", "--without-pip", environment, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = environment / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                     cwd=tmp_path).stdout.strip())
    dependencies = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    (site / "kg-test-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n", encoding="utf-8")
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet",
                     wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    where = _run(python, "-c", "import kg, kg.paths; print(kg.__file__); print(kg.paths.ONTOLOGY_DIR)", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert all(Path(line).is_relative_to(site) for line in where.stdout.splitlines()), where.stdout

    out = tmp_path / "out"
    built = _run(environment / "bin" / "kg", "build", ROOT / "seeds", "--out", out, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (out / "graph.ttl").stat().st_size > 0 and (out / "graph.html").stat().st_size > 0
    answered = _run(environment / "bin" / "kg", "query", out / "graph.ttl", "--preset", "statements", "--format", "csv",
                    cwd=tmp_path)
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.startswith("speaker,text,document,date\n") and answered.stdout.count("\n") > 5
