"""API shapes, one module per resource. Read serializers nest what a client needs in one request;
write serializers accept only the fields a client may set and refuse any other field by name."""
