"""Turns BadQuery raised anywhere in a view into a German error page with its 4xx status."""

from django.template.response import TemplateResponse

from cms.operations.errors import BadQuery


class BadQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadQuery):
            response = TemplateResponse(
                request,
                "error.html",
                {"message": str(exception), "status": exception.status},
                status=exception.status,
            )
            return response.render()
        return None
