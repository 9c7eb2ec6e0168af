"""JSON Schemas of the compiled content models (data files, read as resources)."""
