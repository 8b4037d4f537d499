"""A one-page URL map for the nonce test: an inline script that carries {{ csp_nonce }}."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

_PAGE = engines["django"].from_string(
    '<!DOCTYPE html><title>t</title><script nonce="{{ csp_nonce }}">1</script>'
)


def inline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_PAGE.render(request=request))


urlpatterns = [path("inline/", inline)]
