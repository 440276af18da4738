"""The web app: persona gallery, interview room, sessions and reports, with a JSON API beside the pages.

`create_app` in `practice.web.app` builds it; `practice serve` runs it under uvicorn.
"""

from __future__ import annotations
