"""Issue 17's benchmarks, side by side in one run, at 10,000 synthetic assemblies:

- memory: 100 concurrent visitors of /embed/carte (each fetches the page, then the GeoJSON and the outlines it
  names) against 100 Streamlit sessions on /carte (each a websocket session whose first run is over, as a browser
  tab's: tests/bench/st_session.py). Each on a server of its own, started fresh and warmed by one visitor (one
  session); the figure is the VmRSS the other 99 add (for the embed: the peak while they are served, and after).
  Target: the embed's visitors add under a tenth of the sessions' memory.
- latency: /api/assemblies.json?country=FR, median of sequential requests on one kept-alive connection, against a
  static file of the same size served by the same server (tests/bench/serve_with_static.py). Target: under 3 times.
"""
import asyncio
import http.client
import json
import re
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from st_session import open_sessions

from benchlib import md_table, median
from drill import rss_kib
from e2e_support import Server

SIZE = 10_000
VISITORS = 100
REQUESTS = 41
FIGURES: dict = {}


def _visit(base: str) -> int:
    """A visitor of the embed: the page, then what its script fetches from the server (GeoJSON, outlines)."""
    with urllib.request.urlopen(base + "/embed/carte", timeout=300) as r:
        page = r.read().decode()
    config = json.loads(re.search(r'id="acp-config">(.*?)</script>', page, re.S).group(1))
    got = len(page)
    for url in (base + "/embed/" + config["outlines"], base + "/api/" + config["geojson"].removeprefix("../api/")):
        with urllib.request.urlopen(url, timeout=300) as r:
            got += len(r.read())
    return got


def _peak(pid: int, stop: threading.Event, out: list) -> None:
    while not stop.is_set():
        out.append(rss_kib(pid))
        time.sleep(0.02)


def _latency(port: int, path: str) -> tuple[float, float]:
    """Median and first of REQUESTS sequential GETs of `path` on one connection, seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - start)
        assert response.status == 200, (path, response.status)
    connection.close()
    return median(times[1:]), times[0]


def test_embed_and_api_against_streamlit(synthetic_db, tmp_path, report):
    static = tmp_path / "static"
    static.mkdir()
    db = synthetic_db(SIZE, tmp_path / "embed.duckdb")
    server = Server(db, app="tests/bench/serve_with_static.py", env={"ACP_BENCH_STATIC": str(static)})
    try:
        sent = _visit(server.url)  # the warm-up visitor: imports, first queries, cached bodies
        one = rss_kib(server.process.pid)
        stop, samples = threading.Event(), []
        sampler = threading.Thread(target=_peak, args=(server.process.pid, stop, samples))
        sampler.start()
        start = time.perf_counter()
        with ThreadPoolExecutor(VISITORS) as pool:
            sizes = list(pool.map(lambda _: _visit(server.url), range(VISITORS - 1)))
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        after = rss_kib(server.process.pid)
        FIGURES["embed"] = (one, max(samples + [after]), after, sent, seconds)
        assert all(s == sent for s in sizes)

        # Latency: the API's answer, and a static file of the same bytes from the same server
        with urllib.request.urlopen(server.url + "/api/assemblies.json?country=FR") as r:
            body = r.read()
        (static / "same-size.json").write_bytes(body)
        api_median, api_first = _latency(server.port, "/api/assemblies.json?country=FR")
        static_median, _ = _latency(server.port, "/bench-static/same-size.json")
        bytes_median, _ = _latency(server.port, "/bench-bytes/same-size.json")
        uncached = []
        for year in range(2006, 2016):  # a new query each time: nothing from the API's cache
            with_time = time.perf_counter()
            urllib.request.urlopen(server.url + f"/api/assemblies.json?country=FR&from={year}").read()
            uncached.append(time.perf_counter() - with_time)
        FIGURES["latency"] = (len(body), api_median, static_median, median(uncached), bytes_median)
    finally:
        server.stop()

    db = synthetic_db(SIZE, tmp_path / "app.duckdb")
    server = Server(db)
    try:
        async def sessions():
            first = await open_sessions(server.url, "carte", 1)
            one = rss_kib(server.process.pid)
            start = time.perf_counter()
            rest = await open_sessions(server.url, "carte", VISITORS - 1)
            seconds = time.perf_counter() - start
            many = rss_kib(server.process.pid)
            for ws, _ in first + rest:
                await ws.close()
            return one, many, first[0][1], seconds
        one, many, sent, seconds = asyncio.run(sessions())
        FIGURES["streamlit"] = (one, many, sent, seconds)
    finally:
        server.stop()

    e_one, e_peak, e_after, e_sent, e_seconds = FIGURES["embed"]
    s_one, s_many, s_sent, s_seconds = FIGURES["streamlit"]
    e_added, e_added_after, s_added = (e_peak - e_one) / 1024, (e_after - e_one) / 1024, (s_many - s_one) / 1024
    ratio = e_added / s_added if s_added > 0 else float("nan")
    size, api_median, static_median, uncached, bytes_median = FIGURES["latency"]
    report.section(8, f"Open data: {VISITORS} embed visitors against {VISITORS} Streamlit sessions (issue 17)", md_table(
        ["10k assemblies, whole map", "RSS after 1 MiB", f"RSS with {VISITORS} MiB", f"added by {VISITORS - 1} MiB",
         "per visitor KiB", "bytes sent to one", "time for the others s"], [
            ["/embed/carte (page + GeoJSON + outlines), peak / after", f"{e_one / 1024:.0f}",
             f"{e_peak / 1024:.0f} / {e_after / 1024:.0f}", f"{e_added:.1f} / {e_added_after:.1f}",
             f"{e_added * 1024 / (VISITORS - 1):.0f}", f"{e_sent:,}", f"{e_seconds:.1f}"],
            ["Streamlit sessions on /carte", f"{s_one / 1024:.0f}", f"{s_many / 1024:.0f}", f"{s_added:.1f}",
             f"{s_added * 1024 / (VISITORS - 1):.0f}", f"{s_sent:,}", f"{s_seconds:.1f}"]]) + [
        "", f"Ratio of the memory added (embed peak / sessions): **{ratio:.3f}** (target < 0.1). The embed's visitors "
        "are plain HTTP clients, 100 at once, each fetching the page then the GeoJSON (only the fields the map needs) "
        "and the outlines; the sessions are websocket sessions whose first run of /carte is over (the server's side "
        "of a browser tab, without the browser: tests/bench/st_session.py), 10 opening at a time, all kept open."])
    report.section(9, "Open data: API latency against a static file of the same size (issue 17)", md_table(
        ["request (10k assemblies)", "bytes", "median ms", "ratio"], [
            ["/api/assemblies.json?country=FR", f"{size:,}", f"{api_median * 1000:.1f}",
             f"**{api_median / static_median:.2f}**"],
            ["static file, same bytes, same server (StaticFiles)", f"{size:,}", f"{static_median * 1000:.1f}", "1"],
            ["the same file read whole at each request (a plain Response)", f"{size:,}",
             f"{bytes_median * 1000:.1f}", f"{bytes_median / static_median:.2f}"],
            ["/api/assemblies.json?country=FR&from=Y, a new query each (uncached)", "", f"{uncached * 1000:.1f}",
             f"{uncached / static_median:.2f}"]]) + [
        "", f"Median of {REQUESTS - 1} sequential requests on one kept-alive connection after a first one (the API "
        "answers from its cache, keyed by the data version, after checking the parameters and reading the version: "
        "the last line is the price of a query seen for the first time). StaticFiles sends a file in 64 KiB chunks, "
        "each read in a worker thread: the file read whole and sent at once is the other reference; the API's "
        f"ratio to it is {api_median / bytes_median:.2f}. Target: ratio < 3."])
    print(FIGURES)
    assert ratio < 0.1
    assert api_median / static_median < 3 and api_median / bytes_median < 3
