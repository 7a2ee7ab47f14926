from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import AreaLookupView, AreaViewSet, DivisionTypeViewSet

router = SimpleRouter()
router.register("divisions", DivisionTypeViewSet, basename="division")
router.register("areas", AreaViewSet, basename="area")

urlpatterns = [
    path("lookup/", AreaLookupView.as_view(), name="area-lookup"),
    *router.urls,
]
