"""The coordinator gate: the configured password, its salted hash, constant-time checks, slowdown.

Pure Python (no Streamlit): acp.ui.coordination_view draws the login form and keeps the result in
the session. The password is configured, never defaulted:

- `st.secrets["coordinator_password"]` (.streamlit/secrets.toml), else
- the environment variable `ACP_COORDINATOR_PASSWORD`.

Either holds the password itself or its salted hash, `pbkdf2_sha256$<iterations>$<salt>$<hash>`
(the format Django uses; `python -m acp hash-password` prints one). Every comparison goes through
`hmac.compare_digest`. Failed attempts are slowed down three times over: per session and per client
address (a few free tries, then a wait that doubles with each failure), and past a ceiling for the
whole process (many addresses spraying guesses), each attempt being refused without any check while
a wait runs. So a stranger failing from one address delays that address, not a coordinator logging
in from another; opening new sessions does not reset an address's count. An attempt is counted as
failed before its check (and withdrawn if right), so tries sent at the same moment from many
sessions cannot all slip in before the first failure is counted.

The client address is the connection's peer, or, only when that peer is a configured trusted proxy
(`ACP_TRUSTED_PROXIES` or `trusted_proxies` in the secrets: addresses or networks), the address the
proxies recorded in `X-Forwarded-For` (`client_address`). acp.ui.login reads both from Streamlit.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import secrets as _secrets
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from .messages import M_, Refusal

SECRET_KEY = "coordinator_password"
ENV_VAR = "ACP_COORDINATOR_PASSWORD"
HASH_ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 600_000
MIN_ITERATIONS = 1_000
FAILURE_PAUSE = 0.4  # seconds added to every failed attempt, before the answer


class BadConfiguration(Refusal, ValueError):
    """The configured value looks like a hash but cannot be read."""


def hash_password(password: str, iterations: int = DEFAULT_ITERATIONS, salt: str | None = None) -> str:
    """`pbkdf2_sha256$iterations$salt$base64(hash)` for `password`, with a random salt by default."""
    if not password:
        raise ValueError("empty password")
    if iterations < MIN_ITERATIONS:
        raise ValueError(f"at least {MIN_ITERATIONS} iterations")
    salt = salt or _secrets.token_urlsafe(16)
    if "$" in salt:
        raise ValueError("the salt cannot contain '$'")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), iterations)
    return f"{HASH_ALGORITHM}${iterations}${salt}${base64.b64encode(digest).decode('ascii')}"


def is_hash(configured: str) -> bool:
    return configured.startswith(HASH_ALGORITHM + "$")


def _parse_hash(configured: str) -> tuple[int, str, bytes]:
    parts = configured.split("$")
    try:
        if len(parts) != 4 or parts[0] != HASH_ALGORITHM:
            raise ValueError
        iterations = int(parts[1])
        expected = base64.b64decode(parts[3], validate=True)
        if iterations < MIN_ITERATIONS or not parts[2] or len(expected) != 32:
            raise ValueError
    except ValueError:
        raise BadConfiguration(M_(
            "le mot de passe de coordination configuré ressemble à une empreinte « pbkdf2_sha256$… » mais elle est "
            "illisible : produisez-la de nouveau avec « python -m acp hash-password ».")) from None
    return iterations, parts[2], expected


def check_configuration(configured: str) -> None:
    """Raise BadConfiguration when a configured hash cannot be read."""
    if is_hash(configured):
        _parse_hash(configured)


def verify(candidate: str, configured: str) -> bool:
    """Does `candidate` match the configured password (or hash)? Always in constant time."""
    candidate_bytes = (candidate or "").encode("utf-8")
    if is_hash(configured):
        iterations, salt, expected = _parse_hash(configured)
        computed = hashlib.pbkdf2_hmac("sha256", candidate_bytes, salt.encode("utf-8"), iterations)
        return hmac.compare_digest(computed, expected)
    # Digests of equal length: the comparison's time tells nothing, not even the password's length.
    return hmac.compare_digest(hashlib.sha256(candidate_bytes).digest(),
                               hashlib.sha256(configured.encode("utf-8")).digest()) and bool(candidate)


def _setting(key: str, env_var: str, secrets: Mapping | None, environ: Mapping | None):
    """A setting from the secrets first, then the environment; None when neither has it."""
    value = None
    if secrets is not None:
        try:
            value = secrets.get(key)
        except Exception:  # Streamlit raises when no secrets.toml exists
            value = None
    return value or (os.environ if environ is None else environ).get(env_var)


def configured_password(secrets: Mapping | None = None, environ: Mapping | None = None) -> str | None:
    """The configured password or hash: secrets first, then the environment; None when neither is set."""
    value = _setting(SECRET_KEY, ENV_VAR, secrets, environ)
    value = str(value).strip() if value is not None else ""
    return value or None


def fingerprint(configured: str) -> str:
    """A short digest of the configuration: a session logged in under another password is logged out."""
    return hashlib.sha256(("acp-coordination:" + configured).encode("utf-8")).hexdigest()[:16]


class Throttle:
    """Failed attempts per key, within a sliding window; past `free` failures each new attempt waits
    `base * 2 ** (failures - free)` seconds (at most `cap`) after the last failure."""

    def __init__(self, free: int, base: float = 1.0, cap: float = 300.0, window: float = 900.0, clock=time.monotonic,
                 max_keys: int = 10_000):
        self.free, self.base, self.cap, self.window, self.clock = free, base, cap, window, clock
        self.max_keys = max_keys  # bounded memory: past it, the keys failed longest ago are forgotten
        self._failures: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque:
        failures = self._failures.get(key, deque())
        horizon = self.clock() - self.window
        while failures and failures[0] < horizon:
            failures.popleft()
        return failures

    def failures(self, key: str) -> int:
        with self._lock:
            return len(self._recent(key))

    def wait(self, key: str) -> float:
        """Seconds before `key` may try again (0 when it may try now)."""
        with self._lock:
            failures = self._recent(key)
            if len(failures) < self.free:
                return 0.0
            delay = min(self.cap, self.base * 2 ** (len(failures) - self.free))
            return max(0.0, failures[-1] + delay - self.clock())

    def failed(self, key: str) -> float:
        """Count a failure now; returns its time, for `withdraw`."""
        with self._lock:
            failures = self._recent(key)
            now = self.clock()
            failures.append(now)
            self._failures.pop(key, None)
            self._failures[key] = failures  # last in the order: the keys are kept by their last failure
            if len(self._failures) > self.max_keys:  # forget the stalest keys rather than grow without end
                for old in list(self._failures)[:max(1, self.max_keys // 10)]:
                    self._failures.pop(old, None)
            return now

    def withdraw(self, key: str, when: float) -> None:
        """Uncount one failure counted at `when` (an attempt counted in advance that proved right)."""
        with self._lock:
            failures = self._failures.get(key)
            if failures is not None and when in failures:
                failures.remove(when)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def keys(self) -> int:
        with self._lock:
            return len(self._failures)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()


PROCESS_KEY = "*"
LOCAL = "local"  # the address of a connection from this machine (Streamlit gives none for localhost)
SESSION_THROTTLE = Throttle(free=3, base=1.0, cap=300.0)
ADDRESS_THROTTLE = Throttle(free=5, base=1.0, cap=300.0, max_keys=10_000)
# The ceiling: one address alone makes at most ~15 failures in 15 minutes (its own waits double up to 5 min),
# so only guesses sprayed from many addresses reach it; then every try waits, up to a minute.
PROCESS_THROTTLE = Throttle(free=100, base=1.0, cap=60.0)
TRUSTED_PROXIES_KEY = "trusted_proxies"
TRUSTED_PROXIES_ENV = "ACP_TRUSTED_PROXIES"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(secrets: Mapping | None = None, environ: Mapping | None = None) -> tuple[Network, ...]:
    """The reverse proxies whose `X-Forwarded-For` is believed: `trusted_proxies` in the secrets (a list or a
    comma-separated string), else ACP_TRUSTED_PROXIES (addresses or networks separated by commas or spaces);
    none by default. Raises BadConfiguration on an entry that is neither."""
    value = _setting(TRUSTED_PROXIES_KEY, TRUSTED_PROXIES_ENV, secrets, environ) or ""
    entries = value if isinstance(value, list | tuple) else str(value).replace(",", " ").split()
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            raise BadConfiguration(M_(
                "les mandataires de confiance configurés ({env} ou {key}) contiennent « {entry} », qui n'est ni une "
                "adresse IP ni un réseau (192.0.2.10, 172.16.0.0/12…).", env=TRUSTED_PROXIES_ENV,
                key=TRUSTED_PROXIES_KEY, entry=str(entry)[:60])) from None
    return tuple(networks)


def _ip(text: str | None):
    try:
        ip = ipaddress.ip_address((text or "").strip().strip("[]"))
    except ValueError:
        return None
    return ip.ipv4_mapped or ip if isinstance(ip, ipaddress.IPv6Address) else ip


def _key(ip) -> str:
    """An IPv6 client holds a whole /64: its failures count together."""
    if ip.is_loopback:
        return LOCAL
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def client_address(peer: str | None, forwarded_for: str | None = None, trusted: tuple[Network, ...] = ()) -> str:
    """The key a client's failures are counted under. `peer` is the connection's address (None: this machine);
    `forwarded_for` the X-Forwarded-For header, believed only when the peer is a trusted proxy: then the client
    is its rightmost address that is not itself a trusted proxy (what a client writes there itself lies to the
    left of what the proxies appended, and is never taken)."""
    peer_ip = _ip(peer) or ipaddress.ip_address("127.0.0.1")

    def is_trusted(ip) -> bool:
        return any(ip.version == net.version and ip in net for net in trusted)

    if not trusted or not is_trusted(peer_ip) or not forwarded_for:
        return _key(peer_ip)
    client = peer_ip
    for hop in reversed([h for h in forwarded_for.split(",") if h.strip()]):
        ip = _ip(hop)
        if ip is None:  # not an address: no proxy of ours wrote it; the last trusted hop is what we know
            break
        client = ip
        if not is_trusted(ip):
            break
    return _key(client)


@dataclass(frozen=True)
class Attempt:
    ok: bool
    wait: float = 0.0  # > 0: refused without checking; try again in this many seconds


_CLAIM = threading.Lock()  # the wait check and the counting, in one step for every session


def attempt(candidate: str, configured: str, session_key: str, address: str = LOCAL, sleep=time.sleep) -> Attempt:
    """One login attempt for a session from a client address (`client_address`): refused unchecked while a wait
    runs for the session, the address or the whole process, else counted, then checked."""
    with _CLAIM:
        wait = max(SESSION_THROTTLE.wait(session_key), ADDRESS_THROTTLE.wait(address),
                   PROCESS_THROTTLE.wait(PROCESS_KEY))
        if wait > 0:
            return Attempt(False, wait)
        SESSION_THROTTLE.failed(session_key)
        by_address = ADDRESS_THROTTLE.failed(address)
        counted = PROCESS_THROTTLE.failed(PROCESS_KEY)
    if verify(candidate, configured):
        SESSION_THROTTLE.succeeded(session_key)
        # only this attempt is withdrawn: a coordinator's success does not wipe a stranger's failures from a
        # shared address (an office behind one NAT)
        ADDRESS_THROTTLE.withdraw(address, by_address)
        PROCESS_THROTTLE.withdraw(PROCESS_KEY, counted)
        return Attempt(True)
    if FAILURE_PAUSE:
        sleep(FAILURE_PAUSE)
    return Attempt(False)


def reset_throttles() -> None:
    SESSION_THROTTLE.reset()
    ADDRESS_THROTTLE.reset()
    PROCESS_THROTTLE.reset()
