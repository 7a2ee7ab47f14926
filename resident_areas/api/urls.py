from rest_framework.routers import SimpleRouter

from .views import ResidentAreaViewSet

router = SimpleRouter()
router.register("resident-areas", ResidentAreaViewSet, basename="resident-area")

urlpatterns = router.urls
