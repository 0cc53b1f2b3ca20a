"""Signing in to the web by an e-mailed link, sessions and CSRF (issue 14, item 1;
docs/web.md). Work in progress: the routes follow in the next commits.
"""

from __future__ import annotations
