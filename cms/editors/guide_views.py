"""The admin page "Redaktionshandbuch": every task of cms.guide with its steps, tips and screenshots."""

from django.template.response import TemplateResponse

from cms.guide import TASKS


def editor_guide(request):
    return TemplateResponse(
        request,
        "cms/guide/index.html",
        {
            "tasks": TASKS,
            "page_title": "Redaktionshandbuch",
            "header_title": "Redaktionshandbuch",
            "header_icon": "help",
        },
    )
