"""The core: plain functions that take a Session first and keyword arguments after.

They may flush, never commit, roll back, print or exit; they raise factcheck.errors.
"""
