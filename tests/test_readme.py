"""Every command of the README runs as written in a fresh clone, after `make run`.

The repository is cloned (its last commit) into a scratch folder with `../shared` beside it
as the README assumes; the clone borrows this checkout's virtualenv and npm packages (so
that `make` finds them installed and the test takes a minute, not ten), and runs with
neither DATABASE_URL nor the test settings: the commands get the SQLite file of the clone,
as a newcomer's would. `make run` serves until it answers, then is stopped. `make test`
runs as written with pytest told only to collect (running the suite inside the suite would
take as long again); every other command runs whole.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BLOCK = re.compile(r"^([ \t]*)```sh\n(.*?)^\1```", re.MULTILINE | re.DOTALL)
TIMEOUT = 180

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists() or shutil.which("git") is None or shutil.which("make") is None,
    reason="needs a git checkout, git and make",
)


def readme_commands() -> list[str]:
    """The commands of the README's sh blocks, one a line, comments left to the shell."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for _indent, body in BLOCK.findall(text):
        for line in body.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def test_the_readme_lists_its_commands():
    commands = readme_commands()
    assert commands[0].startswith("make run")
    assert any("import_cables --bulk" in command for command in commands)
    assert all("python manage.py" not in c or ".venv/bin/python" in c for c in commands)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def clone(tmp_path):
    folder = tmp_path / "archive"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    if SHARED.exists():
        (tmp_path / "shared").symlink_to(SHARED)
    # Only what make installed (its marks there): anything else, make installs in the clone.
    for installed, mark in ((".venv", "bin/.installed"), ("node_modules", ".installed")):
        if (ROOT / installed / mark).exists():
            (folder / installed).symlink_to(ROOT / installed)
    # Older than the installed marks, so that make does not install again (into the
    # borrowed virtualenv, which must keep pointing at this checkout).
    for name in ("pyproject.toml", "package.json", "package-lock.json"):
        os.utime(folder / name, (0, 0))
    return folder


def environment(port: int) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "PYTEST_")) and name != "VIRTUAL_ENV"
    }
    return {**env, "PORT": str(port)}


def serve_until_it_answers(clone: Path, env: dict[str, str], port: int) -> None:
    server = subprocess.Popen(
        ["bash", "-c", readme_commands()[0]],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stdout.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                    assert b"Cable Case Archive" in page.read()
                    return
            except OSError:
                time.sleep(0.5)
        pytest.fail("make run did not serve the front page in time")
    finally:
        # The group is gone when make stopped on an error (the assertion above says which).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.mark.skipif(not SHARED.exists(), reason="the README's corpus commands need ../shared")
def test_every_readme_command_runs_on_a_fresh_clone(clone):
    port = free_port()
    env = environment(port)
    serve_until_it_answers(clone, env, port)
    for command in readme_commands()[1:]:
        run_env = env
        if command.startswith("make test"):
            run_env = {**env, "PYTEST_ADDOPTS": "--collect-only -q"}
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=clone,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert result.returncode == 0, (
            f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )
