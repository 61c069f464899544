"""Running the git command line for the data repository: no shell, explicit arguments, a timeout, never a prompt.

Credentials come only from the environment: a token written in `ACP_DATA_REPO`'s URL
(`https://x-access-token:TOKEN@github.com/…`) or given apart in `ACP_DATA_TOKEN`, an SSH key through the user's
own ssh configuration (`GIT_SSH_COMMAND`), or `GIT_ASKPASS`. A token is never written into the clone's
configuration (the remote is stored without it) nor passed as an argument: it reaches git as an HTTP header through
`GIT_CONFIG_*` environment variables of the one command that needs it. Every text that leaves this module (an
error, a log line) goes through `scrub`, which hides a URL's user and password and the token itself.
"""
from __future__ import annotations

import base64
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

URL_ENV, BRANCH_ENV, TOKEN_ENV = "ACP_DATA_REPO", "ACP_DATA_BRANCH", "ACP_DATA_TOKEN"
DEFAULT_BRANCH = "main"
NETWORK_TIMEOUT = 120  # seconds for a fetch or a push
LOCAL_TIMEOUT = 60     # seconds for a local command (add, commit…)
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s]+@")


class GitError(Exception):
    """A git command failed; its text is already scrubbed of credentials."""


@dataclass(frozen=True)
class Remote:
    url: str            # as git stores it: without credentials
    branch: str
    secret: str | None  # "user:password" or a token, for an HTTP header; never shown

    def env(self) -> dict[str, str]:
        """The environment of a git command: never a prompt, the credentials as an HTTP header (not in argv)."""
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_MERGE_AUTOEDIT": "no"}
        if self.secret and self.url.lower().startswith(("https://", "http://")):
            pair = self.secret if ":" in self.secret else f"x-access-token:{self.secret}"
            header = "Authorization: Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
            count = int(env.get("GIT_CONFIG_COUNT", "0") or 0)
            env.update({"GIT_CONFIG_COUNT": str(count + 1), f"GIT_CONFIG_KEY_{count}": "http.extraHeader",
                        f"GIT_CONFIG_VALUE_{count}": header})
        return env


def configured(environ=None) -> Remote | None:
    """The data repository from the environment (`ACP_DATA_REPO`, `ACP_DATA_BRANCH`, `ACP_DATA_TOKEN`), or None."""
    environ = os.environ if environ is None else environ
    raw = (environ.get(URL_ENV) or "").strip()
    if not raw:
        return None
    branch = (environ.get(BRANCH_ENV) or "").strip() or DEFAULT_BRANCH
    secret = (environ.get(TOKEN_ENV) or "").strip() or None
    url = raw
    if "://" in raw:
        parts = urlsplit(raw)
        if "@" in parts.netloc and parts.scheme in ("http", "https"):
            userinfo, host = parts.netloc.rsplit("@", 1)
            secret = secret or userinfo
            url = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    elif not re.match(r"^[\w.\-]+@[\w.\-]+:", raw):  # not scp-like ssh (git@host:path): a local path
        url = str(Path(raw).expanduser().absolute())
    return Remote(url, branch, secret)


def scrub(text: str, remote: Remote | None = None) -> str:
    """`text` without credentials: a URL's user and password become ***, the token itself too."""
    text = _USERINFO.sub(r"\g<scheme>***@", str(text))
    secrets = set()
    for value in (remote.secret if remote else None, os.environ.get(TOKEN_ENV)):
        if value:
            secrets.update({value, *value.split(":", 1)})
    for value in sorted((s for s in secrets if len(s) >= 4), key=len, reverse=True):
        text = text.replace(value, "***")
    return text


def run(clone: Path, remote: Remote, *args: str, timeout: float = LOCAL_TIMEOUT, check: bool = True,
        binary: bool = False) -> subprocess.CompletedProcess:
    """`git -C clone args…`; GitError (scrubbed) when it fails or runs out of time."""
    command = ["git", "-C", str(clone), *args]
    try:
        done = subprocess.run(command, env=remote.env(), capture_output=True, timeout=timeout, check=False,
                              stdin=subprocess.DEVNULL, text=not binary)
    except subprocess.TimeoutExpired:
        raise GitError(scrub(f"git {args[0]}: no answer after {timeout:.0f} s", remote)) from None
    except OSError as exc:  # git is not installed
        raise GitError(scrub(f"git: {exc.strerror or exc}", remote)) from None
    if check and done.returncode != 0:
        err = done.stderr if isinstance(done.stderr, str) else done.stderr.decode("utf-8", "replace")
        raise GitError(scrub(f"git {args[0]}: {err.strip() or done.returncode}", remote))
    return done


def out(clone: Path, remote: Remote, *args: str, **kwargs) -> str:
    return run(clone, remote, *args, **kwargs).stdout.strip()
