"""What `make image-test` needs besides the test itself: Docker, a base image and a wheelhouse made offline.

No base image can be pulled on the development and CI machines (only package registries are reachable) and
pip inside a container cannot reach the registry. So, as a user without internet would, the test builds:

- its base image from Debian bookworm (Python 3.11) with `debootstrap` and `docker import`;
- a wheelhouse on the host (`pip wheel -r requirements.txt`: the host is Python 3.11 on x86_64, as the image),
  given to `docker build` as the folder of wheels the Dockerfile installs from with `pip --no-index`.

Both are cached under `.cache/image-test/` (git-ignored), so a rerun only builds the image and runs it.
The Dockerfile stays the one a user builds on the internet: only its build arguments differ.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "image-test"
WHEELS = CACHE / "wheels"                       # inside the build context: .dockerignore lets this folder through
BASE_TAR = CACHE / "bookworm-python3.tar"
BASE_TAG = "acp-test-base:bookworm"
IMAGE_TAG = "acp-dashboard:image-test"
MIRROR = os.environ.get("ACP_DEBIAN_MIRROR", "http://deb.debian.org/debian")
BASE_PACKAGES = "python3,python3-venv"


def docker_cli() -> str:
    """Debian's docker.io client (what .ci/run installs), else whatever `docker` is on PATH."""
    explicit = os.environ.get("ACP_DOCKER")
    if explicit:
        return explicit
    if Path("/usr/bin/docker").exists():
        return "/usr/bin/docker"
    found = shutil.which("docker")
    if not found:
        raise RuntimeError("docker introuvable : apt-get install docker.io (.ci/run le fait), puis lancez dockerd.")
    return found


def docker(*args: str, check: bool = True, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([docker_cli(), *args], capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args)} a échoué ({result.returncode}) :\n{result.stdout}\n{result.stderr}")
    return result


def require_docker() -> None:
    """Raise (the test fails, never skips) when the Docker daemon cannot be reached."""
    result = docker("info", "--format", "{{.ServerVersion}}", check=False, timeout=60)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError("Docker ne répond pas (installez docker.io et lancez dockerd ; .ci/run le fait) :\n"
                           + result.stderr)


def _run(cmd: list[str], timeout: float = 1800, **kwargs) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} a échoué ({result.returncode}) :\n{result.stdout[-4000:]}\n"
                           f"{result.stderr[-4000:]}")


def base_image() -> str:
    """A Debian bookworm image with python3 and venv, from debootstrap (the tarball cached), imported once."""
    if docker("image", "inspect", BASE_TAG, check=False).returncode == 0:
        return BASE_TAG
    if not BASE_TAR.exists():
        if not shutil.which("debootstrap"):
            raise RuntimeError("debootstrap introuvable : apt-get install debootstrap (.ci/run le fait).")
        CACHE.mkdir(parents=True, exist_ok=True)
        rootfs = CACHE / "rootfs"
        if rootfs.exists():
            _run(["rm", "-rf", "--one-file-system", str(rootfs)])
        _run(["debootstrap", "--variant=minbase", f"--include={BASE_PACKAGES}", "bookworm", str(rootfs), MIRROR])
        for leftover in ("var/cache/apt/archives", "var/lib/apt/lists"):
            for item in (rootfs / leftover).glob("*"):
                if item.is_file():
                    item.unlink()
        partial = BASE_TAR.with_suffix(".partial")
        _run(["tar", "-C", str(rootfs), "--numeric-owner", "-cf", str(partial), "."])
        partial.rename(BASE_TAR)
        _run(["rm", "-rf", "--one-file-system", str(rootfs)])
    docker("import", "--change", "CMD [\"/bin/bash\"]", str(BASE_TAR), BASE_TAG)
    return BASE_TAG


def wheelhouse() -> Path:
    """Every wheel requirements.txt needs, for the host's Python (3.11, x86_64 like the image), made once per
    version of requirements.txt."""
    stamp = WHEELS / ".requirements.sha256"
    wanted = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return WHEELS
    if WHEELS.exists():
        shutil.rmtree(WHEELS)
    WHEELS.mkdir(parents=True)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "-r",
          str(ROOT / "requirements.txt"), "-w", str(WHEELS)])
    stamp.write_text(wanted)
    return WHEELS


def build_image(tag: str = IMAGE_TAG) -> str:
    """`docker build` of the repository's Dockerfile on the Debian base, offline from the wheelhouse."""
    base, wheels = base_image(), wheelhouse()
    docker("build", "--build-arg", f"BASE_IMAGE={base}", "--build-arg", f"WHEELS={wheels.relative_to(ROOT)}",
           "--build-arg", "INSTALL_GIT=no",  # no package mirror from a container here; the data repository untested
           "-t", tag, str(ROOT), timeout=1800)
    return tag


def wait_healthy(container: str, timeout: float = 180) -> float:
    """Seconds until Docker reports the container healthy (its HEALTHCHECK on /_stcore/health)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        state = docker("inspect", "--format", "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}",
                       container).stdout.split()
        if state and state[0] != "running":
            logs = docker("logs", container, check=False)
            raise RuntimeError(f"le conteneur s'est arrêté ({state}) :\n{logs.stdout}\n{logs.stderr}")
        if state[1:] == ["healthy"]:
            return time.monotonic() - start
        time.sleep(0.2)
    logs = docker("logs", container, check=False)
    raise RuntimeError(f"le conteneur n'est pas devenu sain en {timeout} s :\n{logs.stdout}\n{logs.stderr}")


def host_port(container: str, port: int = 8501) -> int:
    return int(docker("port", container, f"{port}/tcp").stdout.splitlines()[0].rsplit(":", 1)[1])


def http_ok(url: str, timeout: float = 60) -> float:
    """Seconds until `url` answers "ok" (a server's health check), polled every 50 ms."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read() == b"ok":
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} n'a pas répondu en {timeout} s")
