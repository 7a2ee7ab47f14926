from django.urls import path
from rest_framework.routers import SimpleRouter

from .resident import ResidentAreaViewSet
from .views import AreaLabelsView, AreaLookupView, LandView, AreaViewSet, DivisionTypeViewSet

router = SimpleRouter()
router.register("divisions", DivisionTypeViewSet, basename="division")
router.register("areas", AreaViewSet, basename="area")
router.register("resident-areas", ResidentAreaViewSet, basename="resident-area")

urlpatterns = [
    path("lookup/", AreaLookupView.as_view(), name="area-lookup"),
    path("area-labels/", AreaLabelsView.as_view(), name="area-labels"),
    path("land/", LandView.as_view(), name="land"),
    *router.urls,
]
