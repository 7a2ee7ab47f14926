"""What every refusal of bad input must look like: a 4xx, a sentence that names the problem, no trace."""

from __future__ import annotations

import json

from django.db import models

# Things a readable message never contains: Python's reprs and tracebacks.
UNREADABLE = ("Traceback", "File \"/", "Error(", "object at 0x", "<class ", "JSONDecodeError", "errno")


def message_of(response) -> str:
    """All human text of an error body, whatever its shape (DRF, OGC, Open311)."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return response.content.decode("utf-8", "replace")
    texts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body)
    return " ".join(texts)


def assert_refused(response, expected: tuple[str, ...]) -> str:
    assert response.status_code != 500, response.content[:500]
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:500])
    text = message_of(response)
    assert text.strip(), "an empty error message"
    lowered = text.lower()
    assert any(word in lowered for word in expected), (expected, text[:500])
    for bad in UNREADABLE:
        assert bad not in text, (bad, text[:500])
    return text


def counts(*model_classes: type[models.Model]) -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in model_classes}
