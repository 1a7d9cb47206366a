"""``reportcheck serve``: the checker as a local web page (Starlette under uvicorn).

``server`` binds, prints the address and runs; ``app`` builds the routes; ``uploads`` and ``unzip``
take what a request sends within the limits of ``limits``; ``jobs`` and ``slots`` queue checks so that at most
one per core runs; ``work`` is what runs in each check's own process; ``guard`` adds the security
headers and asks for the token. Starlette and uvicorn are imported only by the ``serve`` command.
"""
