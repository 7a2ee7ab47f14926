from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import AreaLabelsView, AreaLookupView, AreaViewSet, DivisionTypeViewSet, LandView

router = SimpleRouter()
router.register("divisions", DivisionTypeViewSet, basename="division")
router.register("areas", AreaViewSet, basename="area")

urlpatterns = [
    path("lookup/", AreaLookupView.as_view(), name="area-lookup"),
    path("area-labels/", AreaLabelsView.as_view(), name="area-labels"),
    path("land/", LandView.as_view(), name="land"),
    *router.urls,
]
