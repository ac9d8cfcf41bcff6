from django.urls import path

from pressdesk.infonotes import views

app_name = "infonotes"

urlpatterns = [
    path("", views.board, name="board"),
    path("closed/", views.closed, name="closed"),
    path("statistics/", views.stats, name="stats"),
    path("new/", views.create, name="create"),
    path("stories/<int:pk>/open/", views.open_from_story, name="open_from_story"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/request-sent/", views.send_request, name="send_request"),
    path("<int:pk>/request.pdf", views.request_pdf, name="request_pdf"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/note/edit/", views.edit_note, name="edit_note"),
    path("<int:pk>/note/submit/", views.submit_note, name="submit_note"),
    path("<int:pk>/note/reopen/", views.reopen_note, name="reopen_note"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/recipients/<int:recipient_pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/recipients/<int:recipient_pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/files/<int:file_pk>/", views.file_download, name="file"),
]
