"""Exception handlers: every error leaves the server as JSON {"detail": "中文消息"} with a fitting status."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import UserError

log = logging.getLogger("api")

INTERNAL_ERROR_ZH = "服务器内部错误，请稍后重试；如果问题持续，请联系系统管理员。"

_STATUS_ZH = {
    400: "请求有误",
    401: "未登录或登录已过期，请先登录",
    403: "没有权限执行此操作",
    404: "请求的资源不存在",
    405: "不支持该请求方法",
    406: "无法按请求的格式返回结果",
    413: "请求内容过大",
    415: "不支持的内容类型",
    422: "请求参数有误",
    429: "请求过于频繁，请稍后再试",
}

# pydantic error types → Chinese wording; anything else falls back to a generic phrase
_VALIDATION_ZH = {
    "missing": "缺少必填字段",
    "json_invalid": "请求体不是合法的 JSON",
    "json_type": "请求体应为 JSON 对象",
    "model_attributes_type": "请求体应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "string_type": "应为字符串",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为布尔值（true/false）",
    "bool_type": "应为布尔值（true/false）",
    "list_type": "应为列表",
    "float_parsing": "应为数字",
    "greater_than_equal": "取值过小",
    "less_than_equal": "取值过大",
    "greater_than": "取值过小",
    "less_than": "取值过大",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "too_short": "条目过少",
    "too_long": "条目过多",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "extra_forbidden": "不允许的字段",
    "string_unicode": "包含无法识别的字符",
}


def problem(status: int, detail: str, request: Request | None = None, **extra) -> JSONResponse:
    """The one error body of the API; /v1 paths also get OpenAI's {"error": {...}} shape."""
    body: dict = {"detail": detail, **extra}
    if request is not None and request.url.path.startswith("/v1/"):
        kind = "server_error" if status >= 500 else "invalid_request_error"
        body["error"] = {"message": detail, "type": kind, "code": status}
    headers = {"Retry-After": "60"} if status == 429 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts)


def validation_errors_zh(errors: list[dict]) -> list[dict]:
    """Chinese version of pydantic's error list, keeping location and type."""
    translated = []
    for error in errors:
        kind = error.get("type", "")
        loc = tuple(error.get("loc", ()))
        translated.append({
            "loc": [p if isinstance(p, (int, str)) else str(p) for p in loc],
            "field": "" if kind == "json_invalid" else _field_name(loc),  # loc holds a character offset
            "type": kind,
            "msg": _VALIDATION_ZH.get(kind, "取值无效"),
        })
    return translated


async def _user_error(request: Request, exc: UserError) -> JSONResponse:
    return problem(exc.status, exc.message, request)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = validation_errors_zh(list(exc.errors()))
    if any(e["type"] == "json_invalid" for e in errors):
        detail = "请求体不是合法的 JSON，请检查格式。"
    else:
        parts = [f"{e['field']}：{e['msg']}" if e["field"] else e["msg"] for e in errors]
        detail = "请求参数有误：" + "；".join(parts)
    return problem(422, detail, request, errors=errors)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if _is_chinese(exc.detail) else _STATUS_ZH.get(exc.status_code, "请求失败")
    response = problem(exc.status_code, detail, request)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    lost = lost_service(exc)
    if lost:  # the database or the Chroma server went away: nothing was half-done, the client may retry
        log.warning("%s连接中断：%s %s：%s", lost, request.method, request.url.path, exc)
        response = problem(503, UNAVAILABLE_ZH.format(service=lost), request)
        response.headers["Retry-After"] = "5"
        return response
    log.exception("未处理的异常：%s %s", request.method, request.url.path)
    return problem(500, INTERNAL_ERROR_ZH, request)


UNAVAILABLE_ZH = "{service}暂时无法连接，请稍后重试；如果问题持续，请联系系统管理员。"


def lost_service(exc: BaseException) -> str | None:
    """Which backing service a failure says is out of reach: "数据库" for a lost or refused PostgreSQL
    connection (or a pool with none free), "向量库" for a Chroma server that does not answer; None for
    anything else (a deadlock, a timeout, a bug), which stays a 500 with its traceback logged."""
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, PoolTimeout) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
            return "数据库"
        if _database_gone(exc):
            return "数据库"
        if _chroma_gone(exc):
            return "向量库"
        exc = getattr(exc, "orig", None) or exc.__cause__  # what caused it, not what it was raised beside
    return None


# SQLSTATEs of a server gone or refusing: connection exceptions (08…), shutdown (57P01–03), too many clients
_LOST_STATES = ("08", "57P01", "57P02", "57P03", "53300")


def _database_gone(exc: BaseException) -> bool:
    import psycopg

    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = getattr(exc, "sqlstate", None)
    return state is None or state.startswith(_LOST_STATES)  # no SQLSTATE: the client never reached a server


def _chroma_gone(exc: BaseException) -> bool:
    import httpx

    if "Could not connect to a Chroma server" in str(exc):
        return True
    if not isinstance(exc, httpx.TransportError):
        return False
    frames = exc.__traceback__
    while frames is not None:  # raised on the way to the Chroma server, not to an LLM or anything else
        if "/chromadb/" in frames.tb_frame.f_code.co_filename:
            return True
        frames = frames.tb_next
    return False


def _is_chinese(text: object) -> bool:
    return isinstance(text, str) and any("\u4e00" <= ch <= "\u9fff" for ch in text)


# The 422 body as sent (see _validation_error), published under FastAPI's own schema names so every
# generated `$ref` to them stays valid.
VALIDATION_ERROR_SCHEMA = {
    "title": "ValidationErrorResponse",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "中文错误说明"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"},
                   "description": "逐项的参数错误（仅参数校验失败时）"},
        "error": {"type": "object", "description": "仅 /v1 路径：OpenAI 格式的错误对象"},
    },
}
VALIDATION_ITEM_SCHEMA = {
    "title": "ValidationError",
    "type": "object",
    "required": ["loc", "type", "msg"],
    "properties": {
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "field": {"type": "string", "description": "出错的字段"},
        "type": {"type": "string", "description": "错误类型（pydantic）"},
        "msg": {"type": "string", "description": "中文说明"},
    },
}


def publish_error_schema(app: FastAPI) -> None:
    """Make app.openapi() describe the real 422 body instead of FastAPI's HTTPValidationError."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["HTTPValidationError"] = VALIDATION_ERROR_SCHEMA
        schemas["ValidationError"] = VALIDATION_ITEM_SCHEMA
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UserError, _user_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    publish_error_schema(app)
