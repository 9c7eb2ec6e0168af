"""Use cases: one function each, one transaction each, called by web and CLI."""
