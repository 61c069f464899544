"""Issue 16, deliverable 1: the Docker image as a user runs it, and the data it keeps.

Builds the image (on a Debian bookworm base made with debootstrap, offline from a wheelhouse made on the host:
tests/image/imagelib.py), starts it on a new volume, waits until Docker reports it healthy, loads a page in
Chromium, imports a file with the command line inside the running container, logs in with the password given
in the environment, restarts the container and sees the import kept, then starts a new container on the same
volume (the password now from a mounted secrets.toml) and sees it again. Then issue 16's deliverable 4 through
the whole stack: behind a trusted proxy, a stranger's failures do not delay a coordinator from another address;
without one, X-Forwarded-For is not believed.
"""
import functools
import re
import secrets
import time
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

import imagelib
from e2e_support import APP_IDLE, CHROMIUM, CHROMIUM_ARGS

FIXTURE = imagelib.ROOT / "tests" / "fixtures" / "examples" / "assemblies_excel_fr.csv"  # 6 assemblies
SLOW = 60_000


@functools.cache
def build() -> str:
    """The image, built; the test fails (never skips, nor errors in a fixture) where Docker cannot run."""
    try:
        imagelib.require_docker()
    except (RuntimeError, OSError) as exc:
        pytest.fail(str(exc), pytrace=False)
    start = time.monotonic()
    tag = imagelib.build_image()
    size = int(imagelib.docker("image", "inspect", "--format", "{{.Size}}", tag).stdout)
    print(f"\nimage {tag}: {size / 1e6:.0f} MB (docker image inspect --format '{{{{.Size}}}}'), "
          f"built in {time.monotonic() - start:.0f} s")
    return tag


@pytest.fixture
def docker_names():
    """Unique container and volume names; whatever the test made is removed afterwards."""
    suffix = secrets.token_hex(4)
    names = {"volume": f"acp-image-test-{suffix}", "containers": []}
    yield names
    for container in names["containers"]:
        imagelib.docker("rm", "-f", "-v", container, check=False)
    imagelib.docker("volume", "rm", "-f", names["volume"], check=False)


@pytest.fixture(scope="module")
def browser():
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required and was not found at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def run_container(image: str, names: dict, *extra: str) -> tuple[str, str]:
    """A detached container of `image` on the test's volume, port 8501 published on a free local port;
    healthy (Docker's HEALTHCHECK, checked every second here). Its name and base URL."""
    name = f"{names['volume']}-{len(names['containers'])}"
    names["containers"].append(name)
    imagelib.docker("run", "-d", "--name", name, "-p", "127.0.0.1::8501", "-v", f"{names['volume']}:/data",
                    "--health-interval", "1s", *extra, image)
    seconds = imagelib.wait_healthy(name)
    print(f"{name}: healthy in {seconds:.1f} s")
    return name, f"http://127.0.0.1:{imagelib.host_port(name)}"


def count_line(browser, url: str) -> str:
    """The count line of /assemblees ('N assemblées sur M') as Chromium shows it."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(url + "/assemblees")
        page.wait_for_selector(APP_IDLE, timeout=SLOW)
        line = page.locator("[data-testid=stMain] strong", has_text=re.compile("assemblées? sur"))
        expect(line.first).to_be_visible(timeout=SLOW)
        return line.first.inner_text()
    finally:
        context.close()


def log_in(browser, url: str, password: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(url + "/coordination")
        page.wait_for_selector(APP_IDLE, timeout=SLOW)
        page.get_by_label("Votre nom", exact=True).fill("Camille")
        page.get_by_label("Mot de passe de coordination", exact=True).fill(password)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_text("Connecté·e : Camille")).to_be_visible(timeout=SLOW)
    finally:
        context.close()


def test_image_serves_and_keeps_the_data(docker_names, browser, tmp_path):
    image = build()
    config = imagelib.docker("image", "inspect", "--format", "{{.Config.User}} {{json .Config.Env}}", image).stdout
    assert config.startswith("acp ") and "ACP_DB=/data/acp.duckdb" in config
    assert "PASSWORD" not in config  # no secret baked in
    password = "mot-de-passe-" + secrets.token_hex(4)
    first, url = run_container(image, docker_names, "-e", f"ACP_COORDINATOR_PASSWORD={password}")
    assert imagelib.docker("exec", first, "id", "-u").stdout.strip() != "0"
    assert imagelib.docker("exec", first, "test", "-e", "/app/.streamlit/secrets.toml", check=False).returncode == 1

    # The command line inside the running container, before any page has opened the base (then the app holds
    # DuckDB's lock, and the command line says the base is busy: see below).
    imagelib.docker("cp", str(FIXTURE), f"{first}:/tmp/assemblies.csv")
    # The fixture holds 6 assemblies: an import that would leave the embedded editions of the others without their
    # assembly is refused (tests/test_editions.py), so this base starts without them.
    emptied = imagelib.docker("exec", first, "python", "-c",
                              "import duckdb; duckdb.connect('/data/acp.duckdb').execute('DELETE FROM editions')",
                              check=False)
    assert emptied.returncode == 0, emptied.stderr
    imported = imagelib.docker("exec", first, "python", "-m", "acp", "import", "assemblies", "/tmp/assemblies.csv",
                               "--by", "image-test", check=False)
    assert imported.returncode == 0, imported.stderr
    listing = imagelib.docker("exec", first, "ls", "/data", "/data/acp.duckdb.exports").stdout
    assert "acp.duckdb" in listing and "assemblies.csv" in listing  # the base and its CSV copies in the volume
    copy = imagelib.docker("exec", first, "cat", "/data/acp.duckdb.exports/assemblies.csv").stdout
    assert "Bürgerdialog Ostbelgien" in copy and len(copy.strip().splitlines()) == 7  # header + the 6 imported

    assert count_line(browser, url) == "6 assemblées sur 6"
    with urllib.request.urlopen(url + "/calendrier.ics", timeout=30) as feed:  # serve.py's route is mounted
        assert feed.headers["Content-Type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in feed.read()
    log_in(browser, url, password)  # the password from the environment
    busy = imagelib.docker("exec", first, "python", "-m", "acp", "history", check=False)
    assert busy.returncode == 1 and "ouverte par un autre programme" in busy.stderr

    imagelib.docker("restart", first)
    imagelib.wait_healthy(first)
    url = f"http://127.0.0.1:{imagelib.host_port(first)}"
    assert count_line(browser, url) == "6 assemblées sur 6"
    imagelib.docker("rm", "-f", first)

    # A new container on the same volume, the password now from a mounted secrets.toml.
    other = "autre-mot-de-passe-" + secrets.token_hex(4)
    secrets_toml = tmp_path / "secrets.toml"
    secrets_toml.write_text(f'coordinator_password = "{other}"\n', encoding="utf-8")
    secrets_toml.chmod(0o644)
    second, url = run_container(image, docker_names, "-v", f"{secrets_toml}:/app/.streamlit/secrets.toml:ro")
    assert count_line(browser, url) == "6 assemblées sur 6"
    log_in(browser, url, other)
    imagelib.docker("stop", second)
    history = imagelib.docker("run", "--rm", "-v", f"{docker_names['volume']}:/data", image,
                              "python", "-m", "acp", "history").stdout
    assert "image-test" in history and "assemblies.csv" in history


def login_result(browser, url: str, forwarded_for: str, password: str) -> str:
    """One login from a new session, as a proxy would forward it for `forwarded_for`: "ok", "wrong", or
    "wait N" (refused unchecked, N seconds to wait)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR",
                                  extra_http_headers={"X-Forwarded-For": forwarded_for})
    try:
        page = context.new_page()
        page.goto(url + "/coordination")
        page.wait_for_selector(APP_IDLE, timeout=SLOW)
        page.get_by_label("Votre nom", exact=True).fill("Camille")
        page.get_by_label("Mot de passe de coordination", exact=True).fill(password)
        page.get_by_role("button", name="Se connecter").click()
        answer = page.get_by_text(re.compile("Connecté·e : Camille|Mot de passe incorrect|réessayez dans"))
        expect(answer.first).to_be_visible(timeout=SLOW)
        text = answer.first.inner_text()
    finally:
        context.close()
    waiting = re.search(r"réessayez dans (\d+)", text)
    return f"wait {waiting.group(1)}" if waiting else ("ok" if "Connecté" in text else "wrong")


def stranger_until_a_long_wait(browser, url: str) -> list[str]:
    """Wrong passwords from 203.0.113.7, a new session each time, until it must wait 16 s or more."""
    results = []
    while not (results and results[-1].startswith("wait") and int(results[-1].split()[1]) >= 16):
        assert len(results) < 40, results
        results.append(login_result(browser, url, "203.0.113.7", "faux"))
    return results


def test_login_slowdown_per_address_behind_a_proxy(docker_names, browser):
    """The connections come from Docker's bridge gateway (172.17.0.1 or another 172.16.0.0/12 address), as from
    a reverse proxy on the host; the browser sends the X-Forwarded-For a proxy would."""
    image, password = build(), "mot-de-passe-" + secrets.token_hex(4)
    behind, url = run_container(image, docker_names, "-e", f"ACP_COORDINATOR_PASSWORD={password}",
                                "-e", "ACP_TRUSTED_PROXIES=172.16.0.0/12")
    stranger = stranger_until_a_long_wait(browser, url)
    assert login_result(browser, url, "198.51.100.20", password) == "ok", stranger
    imagelib.docker("rm", "-f", "-v", behind)

    plain, url = run_container(image, docker_names, "-e", f"ACP_COORDINATOR_PASSWORD={password}")
    stranger = stranger_until_a_long_wait(browser, url)
    # no trusted proxy: X-Forwarded-For is not believed, every try comes from the gateway, one address
    assert login_result(browser, url, "198.51.100.20", password).startswith("wait"), stranger
