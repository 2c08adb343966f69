"""schema.org pieces every dated, placed page shares: the publisher and the Place of a venue."""

PUBLISHER = {"@type": "GovernmentOrganization", "name": "Ehrenamtsbeirat des Kyffhäuserkreises"}


def place(venue):
    address = {"@type": "PostalAddress", "addressCountry": "DE", "addressRegion": "Thüringen"}
    if venue.street:
        address["streetAddress"] = venue.street
    if venue.postcode:
        address["postalCode"] = venue.postcode
    if venue.town:
        address["addressLocality"] = venue.town
    data = {"@type": "Place", "name": venue.name, "address": address}
    facts = [
        ("stufenloser Zugang", venue.step_free_access),
        ("barrierefreies WC", venue.accessible_toilet),
        ("Induktionsschleife", venue.hearing_loop),
    ]
    data["amenityFeature"] = [
        {"@type": "LocationFeatureSpecification", "name": name, "value": value} for name, value in facts
    ]
    return data
