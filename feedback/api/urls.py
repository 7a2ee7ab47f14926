from django.urls import path, re_path

from . import open311, views

# GeoReport v2 names its resources with the format as an extension (.json);
# the extension may also be left out. An id is anything up to the next slash (not
# only digits), so that every id answers GeoReport's own 404, not the site's.
urlpatterns = [
    re_path(r"^open311/services(?:\.json)?$", open311.ServiceListView.as_view(), name="open311-services"),
    re_path(r"^open311/requests(?:\.json)?$", open311.RequestListView.as_view(), name="open311-requests"),
    re_path(
        r"^open311/requests/(?P<service_request_id>[^/]+?)(?:\.json)?$",
        open311.RequestDetailView.as_view(),
        name="open311-request",
    ),
    path("feedback/similar/", views.FeedbackSimilarView.as_view(), name="feedback-similar"),
    path("feedback/areas/", views.FeedbackAreaCountsView.as_view(), name="feedback-area-counts"),
    path("feedback/requests/<int:pk>/status/", views.FeedbackStatusView.as_view(), name="feedback-status"),
    path("feedback/requests/<int:pk>/follow/", views.FeedbackFollowView.as_view(), name="feedback-follow"),
]
