"""Playing, scoring and analysing scenarios.

Pure core: plain Python over the content models. Nothing in this package may
import Flask, SQLAlchemy, the file system or the network.
"""
