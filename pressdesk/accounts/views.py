from django.http import HttpRequest, HttpResponse


def user_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("TODO")


def user_import(request: HttpRequest) -> HttpResponse:
    return HttpResponse("TODO")
