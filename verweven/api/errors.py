"""verweven's errors as HTTP responses, in one handler (statuses: ``services.status``)."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from verweven.errors import VerwevenError
from verweven.services import http_status


class ErrorBody(BaseModel):
    """What went wrong, in words meant to be read, and the kind of error."""

    detail: str = Field(
        examples=[
            "read needs a purpose you may act for; you stated purpose 'marketing'. Your roles "
            "(analist) may use: ondermijningsbeeld, riec_casus"
        ]
    )
    error: str = Field(examples=["AccessDeniedError"])


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "The request cannot be done as asked"),
        (401, "No valid credentials: log in, or send Authorization: Bearer vw_..."),
        (
            403,
            "The policy does not allow this for this purpose and case (the usable purposes "
            "are named)",
        ),
        (404, "Not found, or not visible for this purpose and case"),
        (503, "The store cannot serve now"),
    )
}


async def handle_error(request: Request, error: Exception) -> JSONResponse:
    """One response for every error of the family."""
    assert isinstance(error, VerwevenError)
    status = http_status(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = ErrorBody(detail=str(error), error=type(error).__name__)
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def register_error_handler(app: FastAPI) -> None:
    app.add_exception_handler(VerwevenError, handle_error)
