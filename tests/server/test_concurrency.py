"""Many clients at once: every answer right, and requests that arrive
together share model calls."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

CLIENTS = 16
REQUESTS = 25
DEADLINE = 240.0  # seconds for all 400 requests (a bound, not a speed goal)


def test_16_clients_25_requests_each(server, en_ru_corpus):
    pairs = [(en, ru) for en, ru in en_ru_corpus[:40] if "Mazhilis" not in en and "Senate" not in en]
    # the expected answers, one request at a time
    expected = {}
    for en, _ru in pairs:
        status, body, _h = server.post("/translate", {"q": en, "source": "en", "target": "ru"})
        assert status == 200
        expected[en] = body["translatedText"]
    mazhilis = "The Mazhilis approved the bill."
    expected[mazhilis] = "Нижняя палата одобрила законопроект."
    texts = list(expected)
    before = {key: t.calls for key, t in server.state.models._loaded.items()}
    failures: list[str] = []
    started = time.monotonic()

    def client(k: int) -> int:
        done = 0
        for i in range(REQUESTS):
            if time.monotonic() - started > DEADLINE:
                failures.append(f"client {k}: deadline passed after {done} requests")
                break
            text = texts[(k * REQUESTS + i) % len(texts)]
            if i % 5 == 0:  # some lists too
                status, body, _h = server.post("/translate", {"q": [text, mazhilis], "source": "en",
                                                              "target": "ru"}, timeout=120)
                want = [expected[text], expected[mazhilis]]
            else:
                status, body, _h = server.post("/translate", {"q": text, "source": "en", "target": "ru"},
                                               timeout=120)
                want = expected[text]
            if status != 200 or body.get("translatedText") != want:
                failures.append(f"client {k} request {i}: {status} {body!r:.200}")
            done += 1
        return done

    with ThreadPoolExecutor(CLIENTS) as pool:
        done = sum(pool.map(client, range(CLIENTS)))
    assert failures == []
    assert done == CLIENTS * REQUESTS
    (translator,) = [t for key, t in server.state.models._loaded.items()]
    calls = translator.calls - before[("en", "ru")]
    # 400 requests; model calls were shared (each request makes 1 or 2 calls alone)
    assert calls < CLIENTS * REQUESTS, calls
    assert threading.active_count() < 200
