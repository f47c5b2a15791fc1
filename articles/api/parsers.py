"""Request parsers for the API."""

import json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from articles.api.limits import check_document


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with the limits of articles/api/limits.py: JSON nested deeper than Python's
    parser can follow (`[[[[…` a hundred thousand times) is a 400 parse error instead of a
    RecursionError (500); a NUL character, a document nested deeper than MAX_JSON_DEPTH or a list
    longer than MAX_JSON_LIST_ITEMS is a 400 too."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            document = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from None
        except ParseError as error:  # DRF's message is English only, with json's reason
            cause = error.__context__
            if isinstance(cause, json.JSONDecodeError):
                raise ParseError(
                    _("JSON parse error - line %(line)s, column %(column)s.")
                    % {"line": cause.lineno, "column": cause.colno}
                ) from None
            raise ParseError(_("JSON parse error - the body is not strict JSON in UTF-8.")) from None
        check_document(document)
        return document
