from rest_framework.routers import SimpleRouter

from .views import ProjectViewSet, ProposalViewSet, RoundViewSet

router = SimpleRouter()
router.register("rounds", RoundViewSet, basename="budget-round")
router.register("proposals", ProposalViewSet, basename="budget-proposal")
router.register("projects", ProjectViewSet, basename="budget-project")

urlpatterns = router.urls
