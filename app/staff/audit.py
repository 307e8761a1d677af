"""The audit log: every staff action, who did it, on what, from where (never user text)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.storage.repository import Repository
from app.storage.staff_models import AuditEntry

ACTION_LABELS = {
    "login": "ログイン",
    "login_failed": "ログイン失敗",
    "login_locked": "ログインのロック",
    "logout": "ログアウト",
    "label": "ラベル付け",
    "ban": "利用停止",
    "unban": "利用停止の解除",
    "export_csv": "CSV出力",
    "export_labels": "評価データ出力",
    "purge": "保存期間切れの削除",
    "view_conversation": "会話の閲覧",
    "view_turn": "ターン詳細の閲覧",
    "clusters": "未回答の質問のまとまりの表示",
    "dismiss_cluster": "まとまりを対象外にした",
    "restore_cluster": "対象外のまとまりを戻した",
    "export_report": "利用状況の報告のCSV出力",
    "faq_draft": "FAQの変更の下書き",
    "faq_approve": "FAQの変更の承認・公開",
    "faq_reject": "FAQの変更の却下",
    "faq_export": "FAQのYAML出力",
}


def record(
    repository: Repository,
    actor: str,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    client_ip: str | None = None,
) -> None:
    with repository.session() as session:
        session.add(
            AuditEntry(actor=actor[:64], action=action, target=target, detail=detail or {}, client_ip=client_ip)
        )


def recent(
    repository: Repository, limit: int = 100, offset: int = 0, action: str | None = None
) -> tuple[list[AuditEntry], int]:
    """Newest first, with the total count for paging."""
    with repository.session() as session:
        query = select(AuditEntry)
        count = select(func.count()).select_from(AuditEntry)
        if action:
            query = query.where(AuditEntry.action == action)
            count = count.where(AuditEntry.action == action)
        rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset))
        return list(rows), int(session.scalar(count) or 0)
