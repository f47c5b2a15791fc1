"""The REST API (DRF): serializers, views, filters and the HTTP side of errors and versions."""
