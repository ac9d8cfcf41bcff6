from django.http import HttpRequest, HttpResponse


def organization_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("TODO")


def process_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("TODO")


def matrix(request: HttpRequest) -> HttpResponse:
    return HttpResponse("TODO")
