"""Errors in a visitor's input that become a German message with a 4xx status."""


class BadQuery(Exception):
    """The request cannot be understood: answered with 400 and the message."""

    status = 400


class NotFoundQuery(BadQuery):
    """The request is well-formed but asks for something that does not exist: 404 with the message."""

    status = 404
