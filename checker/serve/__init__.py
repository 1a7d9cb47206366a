"""``reportcheck serve``: the checker as a local web page (Starlette under uvicorn, Jinja2 templates).

- ``server``: binds, prints the address (and the token off loopback), runs until stopped, cleans up;
- ``app``: the routes and what a refusal or a failure looks like; ``pages`` draws the templates;
- ``guard``: the token, Host and Origin checks, the session cookie, the security headers;
- ``submit``, ``uploads``, ``unzip``: what a form sends, taken within ``limits``;
- ``jobs`` and ``slots``: each check or batch queued for a free core and followed to its result;
- ``processes``, ``work``, ``warm``: each job in a child process forked by a warmed-up fork server;
- ``rubrics``: the built-in rubrics and those a visitor uploads for the session.

Nothing here is imported by the other commands.
"""
