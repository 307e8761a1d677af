"""FastAPI dependencies with `Annotated` aliases: what a route needs, never reached round the orchestrator."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.middleware.identity import Identity
from app.pipeline.concierge import Concierge
from app.pipeline.knowledge import Knowledge
from app.settings import Settings
from app.storage.models import Account
from app.storage.repository import Repository


def get_concierge(request: Request) -> Concierge:
    concierge: Concierge = request.app.state.concierge
    return concierge


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


ConciergeDep = Annotated[Concierge, Depends(get_concierge)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_repository(concierge: ConciergeDep) -> Repository:
    return concierge.repository


def get_knowledge(concierge: ConciergeDep) -> Knowledge:
    return concierge.knowledge


RepositoryDep = Annotated[Repository, Depends(get_repository)]
KnowledgeDep = Annotated[Knowledge, Depends(get_knowledge)]


def get_account(request: Request, repository: RepositoryDep) -> Account:
    """The caller's account (created on first contact; see app.middleware.identity)."""
    identity: Identity = request.state.identity
    return repository.get_or_create_account(identity.account_id, identity.kind, identity.role)


def get_client_ip(request: Request) -> str:
    address: str = request.state.client_ip
    return address


AccountDep = Annotated[Account, Depends(get_account)]
ClientIpDep = Annotated[str, Depends(get_client_ip)]
