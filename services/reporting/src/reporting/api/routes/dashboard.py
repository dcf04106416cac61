"""``/dashboard``: the national office's page, rendered on the server."""

from fastapi import APIRouter

router = APIRouter(tags=["dashboard"])
