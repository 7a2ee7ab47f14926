from rest_framework.routers import SimpleRouter

from .views import OpportunityViewSet

router = SimpleRouter()
router.register("volunteering", OpportunityViewSet, basename="volunteering")

urlpatterns = router.urls
