from rest_framework.routers import SimpleRouter

from .views import SpaceViewSet

router = SimpleRouter()
router.register("spaces", SpaceViewSet, basename="space")

urlpatterns = router.urls
