"""Training and assessment module: when to handle, work around or escalate."""

__version__ = "0.1.0"
