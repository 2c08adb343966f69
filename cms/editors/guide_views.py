"""The admin page "Redaktionshandbuch": every task of cms.editors.guide with its steps, tips and screenshots."""

from django.template.response import TemplateResponse

from cms.editors.guide import TASKS


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
