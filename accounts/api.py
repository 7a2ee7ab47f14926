"""GET /api/v1/me/: who the request is signed in as, so a script can check its credentials."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_osallisuus import roles
from geo_osallisuus.permissions import IsSignedIn


class MeView(APIView):
    permission_classes = [IsSignedIn]

    @extend_schema(
        summary="The signed-in user",
        responses=inline_serializer(
            "SignedInUser", {"username": serializers.CharField(), "role": serializers.CharField()}
        ),
    )
    def get(self, request):
        return Response({"username": request.user.get_username(), "role": roles.user_role(request.user)})
