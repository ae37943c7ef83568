from django.urls import path

from .views import submit, track

app_name = "portal"

urlpatterns = [
    path("", submit.start, name="start"),
    path("new/", submit.new, name="new"),
    path("receipt/", submit.receipt, name="receipt"),
    path("categories/", submit.categories, name="categories"),
    path("challenge/", submit.Challenge.as_view(), name="challenge"),
    path("track/", track.track, name="track"),
    path("track/case/", track.tracked, name="tracked"),
    path("track/case/material/", track.material, name="material"),
    path("track/case/withdraw/", track.withdraw, name="withdraw"),
    path("track/case/rate/", track.rate, name="rate"),
    path("track/leave/", track.leave, name="leave"),
]
