from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..forms import SearchForm
from ..selectors import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, place_search
from .serializers import SearchResultSerializer


class SearchView(APIView):
    """Addresses, streets, areas of every division, city spaces and cases by name,
    Finnish inflected forms and Swedish names included; best hits first."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, required=True,
                description=f"The search text, {MIN_QUERY_LENGTH} to {MAX_QUERY_LENGTH} characters: "
                '"Kalliossa", "Drumsö", "Mannerheimintie 5", a space\'s name, a case id.',
            ),
        ],
        responses=SearchResultSerializer,
    )  # fmt: skip
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({"q": form.errors["q"]})
        text = form.cleaned_data["q"]
        hits = place_search(text=text)
        return Response(SearchResultSerializer({"query": text, "count": len(hits), "results": hits}).data)
