"""Files of an unreviewed proposal cannot be found by guessing: their names carry no part of the title."""

import uuid

import pytest
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.test_praxisbeispiele_proposals import (  # noqa: F401 (fixtures)
    library,
    pdf_file,
    png_file,
    proposal_data,
    propose,
)


@pytest.mark.django_db
def test_uploaded_file_names_are_random_not_derived_from_the_title(client, library):  # noqa: F811
    response = propose(
        client,
        library,
        proposal_data(image_alt="Ein Foto"),
        image=png_file("ferienwerkstatt.png"),
        material=pdf_file("ferienwerkstatt.pdf"),
    )
    assert response.status_code == 302
    names = [Image.objects.get().file.name, Document.objects.get().file.name]
    for name in names:
        base = name.rsplit("/", 1)[-1]
        assert "vorschlag" not in base
        assert "ferienwerkstatt" not in base.lower()
        assert len(base.split(".")[0]) == 32
    assert names[0].endswith(".png") and names[1].endswith(".pdf")


@pytest.mark.django_db
def test_the_former_guessable_paths_answer_404(client, library):  # noqa: F811
    title = f"Werkstatt {uuid.uuid4().hex[:8]}"  # a title no earlier run used: no leftovers in MEDIA_ROOT
    response = propose(
        client,
        library,
        proposal_data(title=title, image_alt="Ein Foto"),
        image=png_file(),
        material=pdf_file(),
    )
    assert response.status_code == 302
    slug = title.lower().replace(" ", "-")
    for path in (f"/media/original_images/vorschlag-{slug}.png", f"/media/documents/vorschlag-{slug}.pdf"):
        assert client.get(path).status_code == 404
    assert client.get(Image.objects.get().file.url).status_code == 200  # the file exists, under a random name
