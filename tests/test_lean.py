"""geo_osallisuus.lean: what the lean path does with an answer that fails."""

from django.test import RequestFactory
from rest_framework.exceptions import ParseError, Throttled
from rest_framework.views import APIView

from geo_osallisuus.lean import lean_read


class Refusing(APIView):
    """A DRF view whose answer always fails as `lean_read`'s answer does."""

    error: Exception | None = None

    def get(self, request):
        raise self.error


def served(error: Exception):
    def answer(request):
        raise error

    view = lean_read(Refusing.as_view(error=error), answer=answer)
    response = view(RequestFactory().get("/api/v1/refusing/"))
    if hasattr(response, "render"):
        response.render()
    return response


def test_a_parse_error_is_a_400_with_its_message_without_drf():
    response = served(ParseError("Parameter lat must be a number, not 'x'."))
    assert response.status_code == 400
    assert response.content == b'{"detail":"Parameter lat must be a number, not \'x\'."}'
    assert not hasattr(response, "render")  # the lean path's own HttpResponse, not DRF's Response


def test_any_other_api_error_is_left_to_drf_and_its_exception_handler():
    response = served(Throttled(wait=5))
    # Only DRF's handler (geo_osallisuus.api) gives the 429 its Retry-After and the sentence.
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert response.data["detail"].startswith("Too many requests from you")
