"""``atau serve``: a LibreTranslate-compatible HTTP API with the glossary
enforced, Atau's QA endpoints and a page for translators.

:mod:`.app` (Starlette routes, errors, limits), :mod:`.state` (settings,
loaded models, glossaries reloaded on change, API keys, rate limits,
translated files kept in memory), :mod:`.batching` (one model call for
requests that arrive together), :mod:`.page` (the page's languages) and
``static/`` (the page: HTML, CSS and JavaScript, no build step, nothing
from the network). The work itself is the service layer's
(:mod:`toolkit.service`), as for the command line.

Starlette, uvicorn and python-multipart are the optional extra ``serve``
(``pip install 'atau[serve]'``): only this package imports them.
"""
