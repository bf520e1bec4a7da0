"""The built wheel carries everything the product needs, and works installed on its own.

In a checkout, templates, static files and migrations stand at the top level; the wheel
carries them inside the package. The wheel is installed in a fresh virtual environment
with nothing but its own dependencies (at the locked versions), and a tiny host app run
from outside the checkout builds a new database with the migrations, serves pages and
static files, and makes PDFs from the installed package alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ("templates", "static", "migrations")
NEEDED = [
    "governors/__init__.py",
    "governors/resources.py",
    "governors/templates/governors/base.html",
    "governors/templates/governors/pdf/agenda.html",
    "governors/static/governors.css",
    "governors/static/nhsuk/nhsuk-frontend.min.css",
    "governors/static/nhsuk/nhsuk-frontend.min.js",
    "governors/migrations/alembic.ini",
    "governors/migrations/env.py",
    "governors/migrations/script.py.mako",
    "governors/migrations/versions/0001_initial_schema.py",
]
# Left to the extras: a host app need not install them.
EXTRAS_ONLY = ("psycopg", "redis", "gunicorn")


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
    )


def _shipped(folder: str) -> set[str]:
    """Every file of a top-level folder, as the wheel must name it (inside the package)."""
    return {
        f"governors/{path.relative_to(ROOT).as_posix()}"
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Hatchling builds in place and writes nothing into the working tree.
    out = tmp_path_factory.mktemp("wheel")
    build = _pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(out), str(ROOT))
    assert build.returncode == 0, build.stdout + build.stderr
    (built,) = out.glob("governors-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("path", NEEDED)
def test_wheel_carries(wheel_names: set[str], path: str) -> None:
    assert path in wheel_names


@pytest.mark.parametrize("folder", RESOURCES)
def test_wheel_carries_every_file_of_the_top_level_folder(
    wheel_names: set[str], folder: str
) -> None:
    shipped = _shipped(folder)

    assert shipped, f"{folder}/ is empty in the checkout"
    assert sorted(shipped - wheel_names) == []


def test_wheel_carries_the_nhs_frontend_copied_in_by_make_install(wheel_names: set[str]) -> None:
    # static/nhsuk is left out of git; the wheel must carry it all the same.
    assert (ROOT / "static" / "nhsuk" / "nhsuk-frontend.min.css").is_file()
    assert any(name.startswith("governors/static/nhsuk/assets/images/") for name in wheel_names)


def test_wheel_carries_every_module_and_nothing_else(wheel_names: set[str]) -> None:
    modules = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "governors").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    outside = {
        name
        for name in wheel_names
        if not name.startswith(("governors/", "governors-0.1.0.dist-info/"))
    }

    assert sorted(modules - wheel_names) == []
    # No tests, bench, wsgi.py, instance/ or node_modules: only the package.
    assert sorted(outside) == []
    assert not [name for name in wheel_names if "__pycache__" in name or name.endswith(".pyc")]


def test_wheel_asks_for_ranges_and_leaves_servers_and_drivers_to_extras(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = (name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        lines = archive.read(metadata).decode().splitlines()
    requirements = [
        Requirement(line.partition(":")[2].strip())
        for line in lines
        if line.startswith("Requires-Dist:")
    ]
    always = {req.name.lower(): req for req in requirements if req.marker is None}
    extras = {
        line.partition(":")[2].strip() for line in lines if line.startswith("Provides-Extra:")
    }

    assert {"flask", "sqlalchemy", "weasyprint"} <= set(always)
    flask = always["flask"].specifier
    assert "3.1.0" in flask and "3.9" in flask and "3.0.3" not in flask and "4.0" not in flask
    # No exact pins: those are the lock files' business.
    assert not [str(req) for req in always.values() if "==" in str(req.specifier)]
    assert not [name for name in EXTRAS_ONLY if name in always]
    assert {"postgresql", "redis", "server", "standalone", "test"} <= extras


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-test.lock"])
def test_the_lock_files_fit_the_ranges(lock: str) -> None:
    text = (ROOT / lock).read_text()
    pins = {
        _normal(name): pinned
        for name, pinned in re.findall(r"^([A-Za-z0-9][\w.-]*)==([^\s;]+)", text, re.MULTILINE)
    }
    extras = ("standalone",) if lock == "requirements.lock" else ("standalone", "test")
    declared = _declared_requirements(extras)

    assert {"flask", "weasyprint", "psycopg", "redis", "gunicorn"} <= set(pins)
    unfit = [
        f"{req} (locked: {pins.get(name, 'missing')})"
        for name, req in declared.items()
        if name not in pins or pins[name] not in req.specifier
    ]
    assert unfit == []


def test_make_install_installed_the_locked_versions() -> None:
    pins = dict(
        re.findall(
            r"^([a-z0-9][\w.-]*)==([^\s;]+)",
            (ROOT / "requirements-test.lock").read_text(),
            re.MULTILINE,
        )
    )

    assert pins["flask"] == installed_version("Flask")
    assert pins["weasyprint"] == installed_version("weasyprint")
    assert pins["hatchling"] == installed_version("hatchling")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_requirements(extras: tuple[str, ...]) -> dict[str, Requirement]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    declared = {}
    for line in wanted:
        req = Requirement(line)
        if req.name != "governors":
            declared[_normal(req.name)] = req
    return declared


# --- The wheel installed in a fresh virtual environment --------------------------------

HOST_APP = """\
from pathlib import Path

from flask import Flask

from governors import Governors

HERE = Path(__file__).resolve().parent
app = Flask("trust_site", root_path=str(HERE), instance_path=str(HERE / "instance"))
app.config.update(
    SECRET_KEY="a-host-secret",
    SQLALCHEMY_DATABASE_URI=f"sqlite:///{HERE / 'council.sqlite3'}",
    SESSION_COOKIE_SECURE=False,
)
Governors().init_app(app, url_prefix="/council")
"""

CHECK = """\
import json
import re
import sqlalchemy as sa
import governors
from governors.agendas.models import AgendaVersion
from governors.extensions import db
from governors.resources import resource_path
from trust_site import app

found = {"package": governors.__file__}
# The demo council, through its command (in this process: one start-up less).
demo = app.test_cli_runner().invoke(args=["governors", "demo"])
found["demo"] = [demo.exit_code, demo.output]
found["resources"] = {
    name: str(resource_path(name)) for name in ("templates", "static", "migrations")
}
client = app.test_client()
page = client.get("/council/account/sign-in")
found["sign_in"] = [page.status_code, page.text]
found["assets"] = {}
for href in re.findall(r'(?:href|src)="(/council/static/[^"?]+)', page.text):
    with client.get(href) as asset:
        found["assets"][href] = [asset.status_code, asset.mimetype, len(asset.get_data())]
with app.app_context():
    revision = sa.text("SELECT version_num FROM alembic_version")
    found["revision"] = db.session.execute(revision).scalar()
    found["tables"] = len(sa.inspect(db.engine).get_table_names())
    meetings = sorted(set(db.session.scalars(sa.select(AgendaVersion.meeting_id))))
found["pdfs"] = []
for meeting_id in meetings:
    with client.get(f"/council/agendas/{meeting_id}/agenda-public.pdf") as pdf:
        if pdf.status_code == 200:
            data = pdf.get_data()
            found["pdfs"].append([meeting_id, pdf.mimetype, data[:5].decode("latin-1"), len(data)])
print(json.dumps(found))
"""


@dataclass
class Installed:
    python: Path
    folder: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=self.folder, env=self.env, capture_output=True, text=True, timeout=300
        )

    def flask(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.python.parent / "flask"), "--app", "trust_site", *args)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel and its dependencies alone, at the locked versions, in a new environment."""
    venv = tmp_path_factory.mktemp("venv")
    # No pip of its own: this environment's pip installs into it, which is much quicker.
    made = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stdout + made.stderr
    python = venv / "bin" / "python"
    install = _pip(
        "--python",
        str(python),
        "install",
        "--quiet",
        "--no-compile",
        "--constraint",
        str(ROOT / "requirements.lock"),
        str(wheel),
    )
    assert install.returncode == 0, install.stdout + install.stderr

    folder = tmp_path_factory.mktemp("trust-site")
    (folder / "trust_site.py").write_text(HOST_APP)
    (folder / "check.py").write_text(CHECK)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "FLASK_", "GOVERNORS_", "PYTEST"))
        and key not in {"DATABASE_URL", "TEST_DATABASE_URL", "SECRET_KEY"}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return Installed(python=python, folder=folder, env=env)


@pytest.fixture(scope="module")
def site(installed: Installed) -> dict[str, Any]:
    """What the host app built, served and made, run from outside the checkout."""
    upgrade = installed.flask("db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    check = installed.run(str(installed.python), "check.py")
    assert check.returncode == 0, check.stdout + check.stderr
    found = json.loads(check.stdout.strip().splitlines()[-1])
    assert found["demo"][0] == 0, found["demo"][1]
    return found


def test_installed_package_is_the_wheel_not_the_checkout(
    installed: Installed, site: dict[str, Any]
) -> None:
    site_packages = str(installed.python.parent.parent)

    assert site["package"].startswith(site_packages)
    for name in RESOURCES:
        # Inside the installed package: governors/templates, governors/static, ...
        assert site["resources"][name] == str(Path(site["package"]).parent / name)
        assert not site["resources"][name].startswith(str(ROOT))


def test_installed_without_the_servers_and_drivers_a_host_may_not_want(
    installed: Installed,
) -> None:
    names = {
        _normal(path.name.split("-")[0])
        for path in installed.python.parent.parent.glob("lib/python*/site-packages/*.dist-info")
    }

    assert {"flask", "governors", "weasyprint"} <= names
    assert not [name for name in names if name.startswith(EXTRAS_ONLY)]


def test_installed_migrations_build_a_new_database(site: dict[str, Any]) -> None:
    revisions, parents = set(), set()
    for path in (ROOT / "migrations" / "versions").glob("*.py"):
        text = path.read_text()
        revisions |= set(re.findall(r'^revision = "([^"]+)"', text, re.MULTILINE))
        parents |= set(re.findall(r'^down_revision = "([^"]+)"', text, re.MULTILINE))

    assert site["revision"] in revisions - parents  # the newest migration
    assert site["tables"] > 10


def test_installed_package_serves_pages_and_their_styles(site: dict[str, Any]) -> None:
    status, html = site["sign_in"]
    css = "/council/static/nhsuk/nhsuk-frontend.min.css"

    assert status == 200 and "Sign in" in html
    assert css in site["assets"]
    assert site["assets"][css][:2] == [200, "text/css"] and site["assets"][css][2] > 10_000
    assert all(status == 200 for status, _type, _size in site["assets"].values())


def test_installed_package_makes_agenda_pdfs(site: dict[str, Any]) -> None:
    assert site["pdfs"], "no public agenda PDF could be fetched"
    _meeting, mimetype, start, size = site["pdfs"][0]

    assert (mimetype, start) == ("application/pdf", "%PDF-")
    assert size > 1_000
