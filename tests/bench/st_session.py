"""A Streamlit session without a browser: the websocket the browser opens (/_stcore/stream), a first script run for
a page as a browser's first load asks it (BackMsg rerun_script with the page's URL path and query string), and the
messages read until the run is over. The server holds the same session as for a browser tab; only the browser's
own drawing (software WebGL here) is left out, so a hundred sessions fit on two cores."""
from __future__ import annotations

import asyncio

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


async def open_session(base_url: str, page: str, query: str = "", timeout: float = 300):
    """Open a session on `page` (its URL path, "carte") and wait for its first run to finish; returns the open
    websocket (closing it ends the session) and the number of bytes the server sent."""
    ws = await websockets.connect(base_url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=timeout, ping_interval=None)
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    await ws.send(msg.SerializeToString())
    received = 0

    async def until_finished():
        nonlocal received
        while True:
            data = await ws.recv()
            received += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            if forward.WhichOneof("type") == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return
    await asyncio.wait_for(until_finished(), timeout)
    return ws, received


async def open_sessions(base_url: str, page: str, n: int, query: str = "", parallel: int = 10):
    """n sessions on `page`, `parallel` opening at a time; returns their websockets (to close) and bytes sent."""
    gate = asyncio.Semaphore(parallel)

    async def one():
        async with gate:
            return await open_session(base_url, page, query)
    return await asyncio.gather(*(one() for _ in range(n)))
