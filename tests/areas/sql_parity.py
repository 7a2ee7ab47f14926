"""The same list page built by PostgreSQL (areas.api.located_sql) and by the kind's serializer,
compared as parsed JSON: every property, geometry to 1e-9."""

from __future__ import annotations

import math
from urllib.parse import parse_qsl, urlencode, urlsplit


def _python_path(monkeypatch, serializer_class) -> None:
    monkeypatch.setattr(serializer_class, "sql_properties", classmethod(lambda cls, *, srid: None))


def pages(client, monkeypatch, url: str, serializer_class, query: dict, **headers) -> tuple[dict, dict]:
    """(SQL page, serializer page) of `url` with `query`; both must be 200."""
    sql = client.get(url, query, **headers)
    assert sql.status_code == 200, sql.content[:500]
    # The SQL path answers a plain HttpResponse; the serializer a DRF Response (with .data).
    assert not hasattr(sql, "data"), "the SQL path was not taken"
    with monkeypatch.context() as patch:
        _python_path(patch, serializer_class)
        python = client.get(url, query, **headers)
    assert python.status_code == 200, python.content[:500]
    assert hasattr(python, "data"), "the serializer path was not taken"
    return sql.json(), python.json()


def assert_same(sql, python, path: str = "$") -> None:
    """Equal as JSON, numbers to 1e-9, types too (a string is not a number, an int not a bool)."""
    if isinstance(python, dict):
        assert isinstance(sql, dict), f"{path}: {sql!r} is not an object"
        assert sorted(sql) == sorted(python), f"{path}: members {sorted(sql)} != {sorted(python)}"
        for key in python:
            assert_same(sql[key], python[key], f"{path}.{key}")
    elif isinstance(python, list):
        assert isinstance(sql, list) and len(sql) == len(python), f"{path}: {sql!r} != {python!r}"
        for index, (a, b) in enumerate(zip(sql, python)):
            assert_same(a, b, f"{path}[{index}]")
    elif isinstance(python, float) or (isinstance(python, int) and isinstance(sql, float)):
        assert type(sql) in (int, float) and not isinstance(sql, bool), f"{path}: {sql!r} is not a number"
        assert math.isclose(sql, python, rel_tol=0, abs_tol=1e-9), f"{path}: {sql!r} != {python!r}"
    else:
        assert type(sql) is type(python) and sql == python, f"{path}: {sql!r} != {python!r}"


def _unsigned(page: dict) -> dict:
    """`page` with its links' cursors as what they carry: a signed cursor also carries the second it
    was signed in (django.core.signing), which two requests a moment apart need not share."""
    links = {}
    for name in ("next", "previous"):
        link = page.get(name)
        if link:
            parts = urlsplit(link)
            query = [(key, value.split(":")[0] if key == "cursor" else value) for key, value in parse_qsl(parts.query)]
            link = parts._replace(query=urlencode(query)).geturl()
        links[name] = link
    return {**page, **links}


def assert_same_page(client, monkeypatch, url: str, serializer_class, query: dict | None = None, **headers) -> dict:
    """Both pages equal; returns the SQL one (for the caller's own checks)."""
    sql, python = pages(client, monkeypatch, url, serializer_class, query or {}, **headers)
    assert_same(_unsigned(sql), _unsigned(python))
    return sql


def assert_same_pages(client, monkeypatch, url: str, serializer_class, query: dict, **headers) -> list[dict]:
    """Every page from the first to the last `next` link equal on both paths; returns the SQL pages.
    The links are compared too (their cursors' contents), and the SQL path's are followed."""
    found, query = [], dict(query)
    while True:
        sql, python = pages(client, monkeypatch, url, serializer_class, query, **headers)
        assert_same(_unsigned(sql), _unsigned(python))
        found.append(sql)
        assert len(found) <= 100, "the next links do not end"
        if sql["next"] is None:
            return found
        query = dict(parse_qsl(urlsplit(sql["next"]).query))
