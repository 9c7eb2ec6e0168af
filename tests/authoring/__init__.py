"""Tests of course.authoring and the loader and CLI around it."""
