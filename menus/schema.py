"""Schema of the menu tree as written in `menus/data/menu.yaml`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from faq.schema import Audience

LEAF_PREFIX = "faq."


class MenuNodeSpec(BaseModel):
    """A node as authored: children, or an FAQ leaf, and optionally a free-text box."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9._-]{0,63}$")
    label: str = Field(min_length=1)
    audience: Audience | None = None
    ask: bool = False
    faq: str | None = None
    children: list[MenuNodeSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _leaf_or_branch(self) -> MenuNodeSpec:
        if self.faq and self.children:
            raise ValueError("a node answers with `faq` or has `children`, not both")
        if self.id.startswith(LEAF_PREFIX):
            raise ValueError(f"ids starting with '{LEAF_PREFIX}' are kept for FAQ leaves")
        return self
