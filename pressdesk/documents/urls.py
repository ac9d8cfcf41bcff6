from django.urls import path

from pressdesk.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.letter_list, name="list"),
    path("new/", views.letter_create, name="create"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/edit/", views.letter_edit, name="edit"),
    path("<int:pk>/submit/", views.letter_submit, name="submit"),
    path("<int:pk>/letter.docx", views.letter_docx, name="docx"),
    path("<int:pk>/letter.pdf", views.letter_pdf, name="pdf"),
    path("<int:pk>/ebys/", views.letter_ebys, name="ebys"),
    path("<int:pk>/signed.pdf", views.letter_signed_pdf, name="signed_pdf"),
]
