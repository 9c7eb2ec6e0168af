"""Certificates: render an issued award to PDF, and make and check its code."""
