"""The coordinator gate: configured password or salted hash, constant-time checks, slowdown."""
import hmac
import ipaddress
import threading

import pytest

from acp import auth

from support import run_cli


@pytest.fixture(autouse=True)
def clean_throttles(monkeypatch):
    monkeypatch.setattr(auth, "FAILURE_PAUSE", 0)
    auth.reset_throttles()
    yield
    auth.reset_throttles()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_hash_round_trip_and_salt():
    first = auth.hash_password("correct horse", iterations=1000)
    second = auth.hash_password("correct horse", iterations=1000)
    assert first.startswith("pbkdf2_sha256$1000$") and len(first.split("$")) == 4
    assert first != second  # a random salt each time
    assert auth.verify("correct horse", first) and auth.verify("correct horse", second)
    assert not auth.verify("correct horsE", first)
    assert not auth.verify("", first)


def test_hash_is_django_compatible():
    # Django 1.8's own test vector (tests/auth_tests/test_hashers.py): password "lètmein", salt "seasalt", 20000 iterations.
    hashed = auth.hash_password("lètmein", iterations=20000, salt="seasalt")
    assert hashed == "pbkdf2_sha256$20000$seasalt$oBSd886ysm3AqYun62DOdin8YcfbU1z9cksZSuLP9r0="


def test_plain_password_verify():
    assert auth.verify("s3cret", "s3cret")
    assert not auth.verify("s3cre", "s3cret")
    assert not auth.verify("", "s3cret")
    assert not auth.verify("s3cret ", "s3cret")


def test_compare_digest_is_used(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    auth.verify("short", "a much longer configured password")
    auth.verify("x", auth.hash_password("y", iterations=1000))
    assert len(calls) == 2
    assert all(a == b for a, b in calls)  # equal lengths: the time says nothing about the password's length


@pytest.mark.parametrize("bad", ["pbkdf2_sha256$", "pbkdf2_sha256$abc$salt$AAAA", "pbkdf2_sha256$1000$$AAAA",
                                 "pbkdf2_sha256$1000$salt$not-base64!", "pbkdf2_sha256$10$salt$" + "A" * 44])
def test_unreadable_hash_is_a_configuration_error(bad):
    with pytest.raises(auth.BadConfiguration, match="hash-password"):
        auth.check_configuration(bad)
    with pytest.raises(auth.BadConfiguration):
        auth.verify("anything", bad)


def test_configured_password_sources():
    env = {auth.ENV_VAR: "from-env"}
    assert auth.configured_password({auth.SECRET_KEY: "from-secrets"}, env) == "from-secrets"
    assert auth.configured_password({}, env) == "from-env"
    assert auth.configured_password(None, env) == "from-env"
    assert auth.configured_password(None, {}) is None
    assert auth.configured_password({auth.SECRET_KEY: "  "}, {auth.ENV_VAR: ""}) is None  # blank: no password

    class Missing:  # Streamlit's secrets raise when there is no secrets.toml
        def get(self, key):
            raise FileNotFoundError

    assert auth.configured_password(Missing(), env) == "from-env"


def test_throttle_doubles_then_forgets():
    clock = Clock()
    t = auth.Throttle(free=3, base=1, cap=8, window=900, clock=clock)
    for _ in range(2):
        t.failed("s")
    assert t.wait("s") == 0
    t.failed("s")
    assert t.wait("s") == 1
    t.failed("s")
    assert t.wait("s") == 2
    t.failed("s"), t.failed("s"), t.failed("s")
    assert t.wait("s") == 8  # capped
    clock.now += 5
    assert t.wait("s") == 3
    assert t.wait("other") == 0  # per key
    clock.now += 1000  # outside the window: forgotten
    assert t.wait("s") == 0 and t.failures("s") == 0
    t.failed("s")
    t.succeeded("s")
    assert t.failures("s") == 0


def test_attempt_refuses_unchecked_while_waiting(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(auth, "SESSION_THROTTLE", auth.Throttle(free=3, clock=clock))
    monkeypatch.setattr(auth, "PROCESS_THROTTLE", auth.Throttle(free=10, cap=60, clock=clock))
    checked = []
    real_verify = auth.verify
    monkeypatch.setattr(auth, "verify", lambda c, p: checked.append(c) or real_verify(c, p))
    for _ in range(3):
        assert auth.attempt("wrong", "right", "session-a") == auth.Attempt(False)
    result = auth.attempt("right", "right", "session-a")
    assert not result.ok and result.wait == 1
    assert checked == ["wrong"] * 3  # the right password, tried while waiting, was not even checked
    clock.now += 1.5
    assert auth.attempt("right", "right", "session-a").ok


def test_new_sessions_do_not_reset_an_address(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(auth, "SESSION_THROTTLE", auth.Throttle(free=3, clock=clock))
    monkeypatch.setattr(auth, "ADDRESS_THROTTLE", auth.Throttle(free=5, clock=clock))
    monkeypatch.setattr(auth, "PROCESS_THROTTLE", auth.Throttle(free=100, cap=60, clock=clock))
    for i in range(5):  # a new session for every try: the per-session count never grows
        assert not auth.attempt("guess", "right", f"session-{i}", "203.0.113.7").ok
    result = auth.attempt("right", "right", "fresh-session", "203.0.113.7")
    assert result.wait == 1 and not result.ok


@pytest.fixture
def real_throttles(monkeypatch):
    """The module's own throttles, as configured, on a clock the test moves."""
    clock = Clock()
    for throttle in (auth.SESSION_THROTTLE, auth.ADDRESS_THROTTLE, auth.PROCESS_THROTTLE):
        monkeypatch.setattr(throttle, "clock", clock)
    return clock


def test_a_strangers_failures_do_not_delay_a_coordinator_from_another_address(real_throttles):
    clock = real_throttles
    stranger, coordinator = "203.0.113.7", "198.51.100.20"
    refused = 0
    for i in range(40):  # a new session each time, as fast as the waits let it, over ten minutes
        result = auth.attempt(f"guess-{i}", "right", f"stranger-{i}", stranger)
        refused += result.wait > 0
        clock.now += 15
    assert refused > 0 and auth.attempt("right", "right", "stranger-again", stranger).wait > 0
    assert auth.attempt("right", "right", "coordinator", coordinator) == auth.Attempt(True)  # no wait at all
    # the coordinator's first typing mistakes are free too
    assert auth.attempt("typo", "right", "coordinator", coordinator) == auth.Attempt(False)
    assert auth.attempt("right", "right", "coordinator", coordinator) == auth.Attempt(True)


def test_the_ceiling_slows_everyone_when_many_addresses_spray(real_throttles):
    clock = real_throttles
    free = auth.PROCESS_THROTTLE.free
    assert free > 3 * auth.ADDRESS_THROTTLE.free  # one address alone cannot reach it quickly
    for i in range(free):  # one guess from each of many addresses: no address is ever slowed down
        result = auth.attempt("guess", "right", f"s-{i}", f"10.0.{i // 250}.{i % 250 + 1}")
        assert result == auth.Attempt(False)
    blocked = auth.attempt("right", "right", "coordinator", "198.51.100.20")
    assert not blocked.ok and blocked.wait == 1  # the ceiling: every try waits, the right one included
    clock.now += 1
    assert auth.attempt("right", "right", "coordinator", "198.51.100.20").ok
    clock.now += 1
    assert auth.attempt("guess", "right", "s-x", "10.9.9.9") == auth.Attempt(False)
    assert auth.attempt("guess", "right", "s-y", "10.9.9.10").wait == 2  # doubling past the ceiling
    clock.now += auth.PROCESS_THROTTLE.window + 1  # fifteen minutes later the spray is forgotten
    assert auth.attempt("right", "right", "coordinator", "198.51.100.20").ok


def test_one_address_alone_stays_below_the_ceiling(real_throttles):
    clock = real_throttles
    for i in range(2000):  # a stranger trying every second for half an hour, a new session each time
        auth.attempt(f"guess-{i}", "right", f"s-{i}", "203.0.113.7")
        clock.now += 1
    assert auth.PROCESS_THROTTLE.wait(auth.PROCESS_KEY) == 0
    assert auth.PROCESS_THROTTLE.failures(auth.PROCESS_KEY) < auth.PROCESS_THROTTLE.free


def test_the_addresses_kept_are_bounded():
    clock = Clock()
    t = auth.Throttle(free=5, clock=clock, max_keys=100)
    for i in range(1000):
        t.failed(f"198.51.{i // 250}.{i % 250}")
        clock.now += 0.01
    assert t.keys() <= 100
    assert t.failures("198.51.3.249") == 1  # the latest are kept, the stalest forgotten
    assert t.failures("198.51.0.0") == 0
    assert auth.ADDRESS_THROTTLE.max_keys == 10_000  # the app's own bound


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy():
    assert auth.client_address("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert auth.client_address("203.0.113.7", "198.51.100.1", ()) == "203.0.113.7"
    other_proxy = auth.trusted_proxies(None, {auth.TRUSTED_PROXIES_ENV: "10.0.0.1"})
    assert auth.client_address("203.0.113.7", "198.51.100.1", other_proxy) == "203.0.113.7"  # peer not trusted
    assert auth.client_address(None, "198.51.100.1") == auth.LOCAL  # Streamlit gives no address for localhost
    assert auth.client_address("127.0.0.1", "198.51.100.1") == auth.LOCAL


def test_x_forwarded_for_from_a_trusted_proxy():
    trusted = auth.trusted_proxies(None, {auth.TRUSTED_PROXIES_ENV: "172.16.0.0/12, 10.0.0.5"})
    assert auth.client_address("172.18.0.1", "198.51.100.1", trusted) == "198.51.100.1"
    # what the client wrote itself lies left of what the proxy appended: never taken
    assert auth.client_address("172.18.0.1", "1.1.1.1, 198.51.100.1", trusted) == "198.51.100.1"
    # two proxies of ours: the rightmost address that is not one of them
    assert auth.client_address("172.18.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.5", trusted) == "198.51.100.1"
    assert auth.client_address("172.18.0.1", "", trusted) == "172.18.0.1"
    assert auth.client_address("172.18.0.1", "garbage", trusted) == "172.18.0.1"
    assert auth.client_address("172.18.0.1", "::ffff:198.51.100.1", trusted) == "198.51.100.1"
    # an IPv6 client holds a /64: its addresses count as one
    assert (auth.client_address("2001:db8:1:2::1") == auth.client_address("2001:db8:1:2:ffff::9")
            == "2001:db8:1:2::/64")
    assert auth.client_address("2001:db8:1:3::1") != auth.client_address("2001:db8:1:2::1")


def test_trusted_proxies_sources():
    assert auth.trusted_proxies(None, {}) == ()
    assert auth.trusted_proxies({auth.TRUSTED_PROXIES_KEY: ["10.0.0.1", "fd00::/8"]}, {}) == (
        ipaddress.ip_network("10.0.0.1/32"), ipaddress.ip_network("fd00::/8"))
    assert auth.trusted_proxies({}, {auth.TRUSTED_PROXIES_ENV: "10.0.0.1 192.0.2.0/24"})[1] == (
        ipaddress.ip_network("192.0.2.0/24"))
    with pytest.raises(auth.BadConfiguration, match="ACP_TRUSTED_PROXIES"):
        auth.trusted_proxies(None, {auth.TRUSTED_PROXIES_ENV: "caddy"})


def test_simultaneous_attempts_from_many_sessions_are_all_counted(monkeypatch):
    """Tries sent at the same moment (one per new session) while each check is slow, as with a hash:
    past the free ones, they are refused unchecked instead of all being checked."""
    clock = Clock()
    monkeypatch.setattr(auth, "SESSION_THROTTLE", auth.Throttle(free=3, clock=clock))
    monkeypatch.setattr(auth, "ADDRESS_THROTTLE", auth.Throttle(free=5, clock=clock))
    monkeypatch.setattr(auth, "PROCESS_THROTTLE", auth.Throttle(free=10, cap=60, clock=clock))
    monkeypatch.setattr(auth, "FAILURE_PAUSE", 0)
    state = threading.Condition()
    checked, results, release = [], [], threading.Event()

    def slow_verify(candidate, configured):
        with state:
            checked.append(candidate)
            state.notify_all()
        release.wait(timeout=30)  # every check still running when the other tries arrive
        return candidate == configured

    def one(i):
        result = auth.attempt(f"guess-{i}", "right", f"session-{i}", f"198.51.100.{i}")  # past the ceiling
        with state:
            results.append(result)
            state.notify_all()

    monkeypatch.setattr(auth, "verify", slow_verify)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(25)]
    for t in threads:
        t.start()
    with state:
        assert state.wait_for(lambda: len(checked) + len(results) == 25, timeout=30)
        refused = [r for r in results if r.wait > 0]
        assert len(checked) == 10 and len(refused) == 15
    release.set()
    for t in threads:
        t.join()
    assert auth.PROCESS_THROTTLE.failures(auth.PROCESS_KEY) == 10


def test_a_right_password_is_not_counted_as_a_failure(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(auth, "SESSION_THROTTLE", auth.Throttle(free=3, clock=clock))
    monkeypatch.setattr(auth, "PROCESS_THROTTLE", auth.Throttle(free=10, cap=60, clock=clock))
    monkeypatch.setattr(auth, "FAILURE_PAUSE", 0)
    assert not auth.attempt("wrong", "right", "s").ok
    assert auth.attempt("right", "right", "s").ok
    assert auth.SESSION_THROTTLE.failures("s") == 0 and auth.PROCESS_THROTTLE.failures(auth.PROCESS_KEY) == 1


def test_failed_attempt_pauses(monkeypatch):
    monkeypatch.setattr(auth, "FAILURE_PAUSE", 0.4)
    slept = []
    auth.attempt("wrong", "right", "s", sleep=slept.append)
    auth.attempt("right", "right", "s", sleep=slept.append)
    assert slept == [0.4]


def test_fingerprint_changes_with_the_password():
    assert auth.fingerprint("a") != auth.fingerprint("b")
    assert auth.fingerprint("a") == auth.fingerprint("a")


def test_hash_password_command_line():
    done, empty = run_cli([["hash-password", "--iterations", "1000"], ["hash-password"]],
                          inputs=["un mot de passe assez long\n", "\n"])
    assert done.returncode == 0, done.stderr
    hashed = done.stdout.strip()
    assert auth.verify("un mot de passe assez long", hashed)
    assert empty.returncode == 1 and "vide" in empty.stderr
