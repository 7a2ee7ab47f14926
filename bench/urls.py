"""The service's URLs plus the benchmark's two lists of feedback-like points."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from geo_osallisuus.urls import urlpatterns as service_urlpatterns

from .api import PlainPointList, PointViewSet

router = SimpleRouter()
router.register("points", PointViewSet, basename="bench-point")

urlpatterns = [
    path("bench/api/", include(router.urls)),
    path("bench/plain/points/", PlainPointList.as_view()),
    *service_urlpatterns,
]
