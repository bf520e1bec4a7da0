"""The built wheel carries everything the product needs to run from an install."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEEDED = [
    "governors/templates/governors/base.html",
    "governors/static/governors.css",
    "governors/static/nhsuk/nhsuk-frontend.min.css",
    "governors/static/nhsuk/nhsuk-frontend.min.js",
    "governors/migrations/alembic.ini",
    "governors/migrations/env.py",
    "governors/migrations/script.py.mako",
    "governors/migrations/versions/0001_initial_schema.py",
]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    # Built from a copy, so the build leaves nothing behind in the working tree.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "MANIFEST.in"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "governors",
        source / "governors",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = out.glob("governors-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("path", NEEDED)
def test_wheel_carries(wheel_names: set[str], path: str) -> None:
    assert path in wheel_names


def test_wheel_carries_every_template_and_the_nhs_images(wheel_names: set[str]) -> None:
    templates = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "governors" / "templates").rglob("*")
        if path.is_file()
    }
    assert templates <= wheel_names
    assert any(name.startswith("governors/static/nhsuk/assets/") for name in wheel_names)


def test_wheel_leaves_out_tests_and_local_files(wheel_names: set[str]) -> None:
    assert not [name for name in wheel_names if name.startswith(("tests/", "instance/"))]
    assert not [name for name in wheel_names if "__pycache__" in name]
