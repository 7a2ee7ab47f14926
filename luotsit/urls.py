from django.urls import path

from .views import luotsi_me_page

app_name = "luotsit"
urlpatterns = [path("me/", luotsi_me_page, name="me")]
