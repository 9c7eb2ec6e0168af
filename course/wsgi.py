"""WSGI entry point for production servers, e.g. ``gunicorn course.wsgi:app``.

Run ``course migrate`` and ``course publish`` before starting the workers.
"""

import os

from course.cli import configure_logging
from course.web import create_app

configure_logging()
app = create_app(instance_path=os.environ.get("COURSE_INSTANCE") or None)
