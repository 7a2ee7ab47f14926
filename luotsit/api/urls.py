from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import LuotsiCoverageView, LuotsiLookupView, LuotsiMeView, LuotsiViewSet

router = SimpleRouter()
router.register("luotsit", LuotsiViewSet, basename="luotsi")

urlpatterns = [
    path("luotsit/lookup/", LuotsiLookupView.as_view(), name="luotsi-lookup"),
    path("luotsit/coverage/", LuotsiCoverageView.as_view(), name="luotsi-coverage"),
    path("luotsit/me/", LuotsiMeView.as_view(), name="luotsi-me"),
    *router.urls,
]
