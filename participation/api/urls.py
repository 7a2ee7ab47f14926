from django.urls import path

from . import views

urlpatterns = [
    path("areas/", views.ParticipationAreasView.as_view(), name="participation-areas"),
    path("areas.csv", views.ParticipationAreasCsvView.as_view(), name="participation-areas-csv"),
    path("initiative-report/", views.InitiativeReportView.as_view(), name="participation-initiative-report"),
    path("initiative-report.csv", views.InitiativeReportCsvView.as_view(), name="participation-initiative-report-csv"),
]
