"""OCOP open catalogue: YAML records in git become a static, searchable public catalogue."""

__version__ = "0.1.0"
