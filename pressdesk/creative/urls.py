from django.urls import path

from pressdesk.creative import views

app_name = "creative"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("board/", views.board, name="board"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/decide/", views.request_decide, name="decide"),
    path("<int:pk>/more/", views.request_more, name="more"),
    path("<int:pk>/versions/", views.version_upload, name="version_upload"),
    path("<int:pk>/deliver/", views.request_deliver, name="deliver"),
    path("<int:pk>/delivery.zip", views.request_zip, name="zip"),
    path("deliveries/<int:pk>/", views.delivery_download, name="delivery"),
    path("references/<int:pk>/", views.reference_download, name="reference"),
    path("versions/<int:pk>/file/", views.version_file, name="version_file"),
    path("versions/<int:pk>/preview/", views.version_preview, name="version_preview"),
    path("versions/<int:pk>/comment/", views.version_comment, name="version_comment"),
    path("versions/<int:pk>/answer/", views.version_answer, name="version_answer"),
    path("assets/", views.asset_list, name="assets"),
    path("assets/new/", views.asset_create, name="asset_create"),
    path("assets/<int:pk>/", views.asset_detail, name="asset"),
    path("assets/<int:pk>/attach/", views.asset_attach, name="asset_attach"),
    path("assets/<int:pk>/progress/", views.asset_progress, name="asset_progress"),
    path("assets/<int:pk>/download/", views.asset_download, name="asset_download"),
    path("assets/<int:pk>/download/<str:size>/", views.asset_download, name="asset_download_size"),
    path("assets/<int:pk>/image/<str:size>/", views.rendition_image, name="rendition"),
    path("assets/<int:pk>/video/", views.asset_video, name="asset_video"),
    path("videos/new/", views.video_upload, name="video_upload"),
    path("videos/start/", views.video_start, name="video_start"),
    path("videos/<uuid:token>/", views.video_chunk, name="video_chunk"),
    path("videos/<uuid:token>/finish/", views.video_finish, name="video_finish"),
    path("special-days/", views.special_days, name="special_days"),
    path("special-days/<int:pk>/", views.special_day, name="special_day"),
    path("special-days/<int:pk>/package/", views.package_start, name="package_start"),
    path("packages/<int:pk>/", views.package, name="package"),
    path("shoots/", views.shoots, name="shoots"),
    path("public/videos/<int:pk>/", views.public_video, name="public_video"),
    path("public/videos/<int:pk>/poster/", views.public_poster, name="public_poster"),
    path("shoots/<int:pk>/", views.shoot, name="shoot"),
]
