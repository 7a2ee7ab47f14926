from rest_framework.routers import SimpleRouter

from .views import AreaEventViewSet

router = SimpleRouter()
router.register("events", AreaEventViewSet, basename="event")

urlpatterns = router.urls
