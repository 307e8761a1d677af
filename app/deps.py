"""FastAPI dependencies with `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.concierge import Concierge
from app.identity import Identity
from app.settings import Settings
from app.storage.models import Account


def get_concierge(request: Request) -> Concierge:
    concierge: Concierge = request.app.state.concierge
    return concierge


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


ConciergeDep = Annotated[Concierge, Depends(get_concierge)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_account(request: Request, concierge: ConciergeDep) -> Account:
    """The caller's account (created on first contact; see app.identity)."""
    identity: Identity = request.state.identity
    assert concierge.repository is not None
    return concierge.repository.get_or_create_account(identity.account_id, identity.kind, identity.role)


def get_client_ip(request: Request) -> str:
    address: str = request.state.client_ip
    return address


AccountDep = Annotated[Account, Depends(get_account)]
ClientIpDep = Annotated[str, Depends(get_client_ip)]
