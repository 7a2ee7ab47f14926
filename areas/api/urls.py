from django.urls import path
from rest_framework.routers import SimpleRouter

from .lookup import area_lookup
from .views import AreaLabelsView, AreaViewSet, DivisionTypeViewSet, LandView

router = SimpleRouter()
router.register("divisions", DivisionTypeViewSet, basename="division")
router.register("areas", AreaViewSet, basename="area")

urlpatterns = [
    path("lookup/", area_lookup, name="area-lookup"),
    path("area-labels/", AreaLabelsView.as_view(), name="area-labels"),
    path("land/", LandView.as_view(), name="land"),
    *router.urls,
]
