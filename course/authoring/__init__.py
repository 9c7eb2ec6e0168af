"""Reading, checking and rendering the Markdown content trainers write.

Pure core: functions here take text (or bytes) and return models and
diagnostics. Nothing in this package may import Flask, SQLAlchemy, the file
system or the network; ``course.loader`` does the file reading.
"""
