"""POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me; and the request → Scope resolution."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from api.deps import ScopeDep, SettingsDep, get_services
from assistant.config import Settings
from assistant.errors import UserError
from assistant.security.scope import LOCAL_ADMIN, Scope

router = APIRouter(prefix="/api/auth", tags=["登录"])

BAD_LOGIN_ZH = "用户名或密码错误，或账号已停用。"


def scope_for_request(request: Request) -> Scope:
    """Bearer token, else session cookie (+ CSRF header on writes), else LOCAL_ADMIN before users exist.

    On /v1 an unknown bearer key is also LOCAL_ADMIN before users exist (the openai SDK always sends one).

    Signed-in users are also rate-limited per user, across all their tokens and sessions (429).
    """
    from assistant.db import session_scope
    from assistant.security.auth import UserRateLimiter, resolve_scope
    from assistant.security.sessions import COOKIE_NAME, CSRF_HEADER
    from assistant.timing import stage

    settings: Settings = request.app.state.settings
    with stage("auth"), session_scope(settings) as session:
        scope = resolve_scope(session, settings, authorization=request.headers.get("authorization"),
                              cookie=request.cookies.get(COOKIE_NAME), method=request.method,
                              csrf_header=request.headers.get(CSRF_HEADER),
                              any_key_before_users=request.url.path.startswith("/v1/"))
    if scope is not LOCAL_ADMIN:
        limiter = get_services(request).get(
            "user_rate_limiter", lambda s: UserRateLimiter(s.rate_limit_per_minute))
        limiter.check(scope.username)
    return scope


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64, description="用户名")
    password: str = Field(min_length=1, max_length=256, description="密码")


class Me(BaseModel):
    username: str
    role: str
    branch: str
    officer_code: str
    visible_branches: list[str] | None = Field(description="可见支行；null 表示全部支行")


def _me(scope: Scope) -> dict:
    branches = scope.visible_branches()
    return {"username": scope.username, "role": scope.role, "branch": scope.branch,
            "officer_code": scope.officer_code,
            "visible_branches": None if branches is None else list(branches)}


def _require_csrf_header(request: Request) -> None:
    from assistant.security.auth import CSRF_ZH
    from assistant.security.sessions import CSRF_HEADER

    if not (request.headers.get(CSRF_HEADER) or "").strip():
        raise UserError(CSRF_ZH, status=403)


@router.post("/login", summary="网页登录（设置会话 Cookie）", response_model=Me,
             responses={401: {"description": "用户名或密码错误"}, 403: {"description": "缺少 CSRF 请求头"},
                        429: {"description": "失败次数过多"}})
def login(body: LoginRequest, request: Request, response: Response, settings: SettingsDep) -> dict:
    """需带请求头 `X-Requested-With`。成功后设置 HttpOnly、SameSite=Strict 的会话 Cookie。"""
    from assistant.db import session_scope
    from assistant.security import audit
    from assistant.security.auth import check_login_allowed
    from assistant.security.sessions import COOKIE_NAME, start_session
    from assistant.security.users import authenticate, scope_of

    _require_csrf_header(request)
    with session_scope(settings) as session:
        check_login_allowed(session, body.username)
        user = authenticate(session, body.username, body.password)
        if user is None:
            attempt = Scope(username=body.username[:64], role="anonymous")  # type: ignore[arg-type]
            audit.record(session, attempt, "login_failed", body.username)
    if user is None:  # recorded in its own committed transaction above
        raise UserError(BAD_LOGIN_ZH, status=401)
    scope = scope_of(user)
    with session_scope(settings) as session:
        cookie = start_session(session, user, secret_key=settings.secret_key,
                               max_age_s=settings.session_max_age_s)
        audit.record(session, scope, "login", scope.username)
    response.set_cookie(COOKIE_NAME, cookie, max_age=settings.session_max_age_s, httponly=True,
                        samesite="strict", secure=settings.environment == "production", path="/")
    return _me(scope)


@router.post("/logout", summary="退出登录", status_code=204, response_class=Response)
def logout(request: Request, settings: SettingsDep) -> Response:
    """需带请求头 `X-Requested-With`。删除服务器端会话并清除 Cookie。"""
    from assistant.db import session_scope
    from assistant.security.sessions import COOKIE_NAME, end_session

    _require_csrf_header(request)
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie:
        with session_scope(settings) as session:
            end_session(session, cookie, secret_key=settings.secret_key)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


@router.get("/me", summary="当前用户及其可见范围", response_model=Me)
def me(scope: ScopeDep) -> dict:
    return _me(scope)
