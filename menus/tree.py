"""The menu tree with FAQ leaves attached, and navigation over it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from faq.loader import FaqLoadError, FaqStore
from menus.schema import LEAF_PREFIX, MenuNodeSpec


@dataclass
class MenuNode:
    """A node of the live tree; FAQ leaves have `faq_id` and no children."""

    id: str
    label: str
    parent: str | None
    audience: str | None = None
    ask: bool = False
    faq_id: str | None = None
    children: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.faq_id:
            return "faq"
        return "ask" if self.ask and not self.children else "branch"


class UnknownMenuNode(KeyError):
    """No node has this id."""


class MenuTree:
    """Navigation over the authored tree, with one leaf per FAQ entry under its `menu` node."""

    def __init__(self, root: MenuNodeSpec, store: FaqStore) -> None:
        self.nodes: dict[str, MenuNode] = {}
        self.root_id = root.id
        self.problems: list[str] = []
        self._add(root, None, None)
        for entry in sorted(store, key=lambda e: e.id):
            host = self.nodes.get(entry.menu)
            if host is None:
                self.problems.append(
                    f"{store.sources.get(entry.id, '?')}: entries[{entry.id}].menu: "
                    f"unknown menu node '{entry.menu}' (entry unreachable)"
                )
                continue
            leaf_id = f"{LEAF_PREFIX}{entry.id}"
            self.nodes[leaf_id] = MenuNode(leaf_id, entry.question, host.id, host.audience, faq_id=entry.id)
            host.children.append(leaf_id)

    def _add(self, spec: MenuNodeSpec, parent: str | None, audience: str | None) -> None:
        if spec.id in self.nodes:
            self.problems.append(f"menu.yaml: {spec.id}.id: duplicate menu id")
            return
        audience = spec.audience.value if spec.audience else audience
        node = MenuNode(spec.id, spec.label, parent, audience, spec.ask, spec.faq)
        self.nodes[spec.id] = node
        for child in spec.children:
            node.children.append(child.id)
            self._add(child, spec.id, audience)

    def get(self, node_id: str) -> MenuNode:
        try:
            return self.nodes[node_id]
        except KeyError as exc:
            raise UnknownMenuNode(node_id) from exc

    def path(self, node_id: str) -> list[MenuNode]:
        """Nodes from the root down to `node_id`."""
        out: list[MenuNode] = []
        current: str | None = node_id
        while current is not None:
            node = self.get(current)
            out.append(node)
            current = node.parent
        return list(reversed(out))

    def ancestors(self, node_id: str) -> list[str]:
        return [n.id for n in self.path(node_id)]

    def faq_ids_under(self, node_id: str) -> set[str]:
        """Every FAQ entry id in the subtree of `node_id`."""
        found: set[str] = set()
        stack = [node_id]
        while stack:
            node = self.get(stack.pop())
            if node.faq_id:
                found.add(node.faq_id)
            stack.extend(node.children)
        return found

    def scopes_of(self, faq_id: str) -> frozenset[str]:
        """The menu nodes an entry sits under (its leaf and every ancestor)."""
        leaf = f"{LEAF_PREFIX}{faq_id}"
        return frozenset(self.ancestors(leaf)) if leaf in self.nodes else frozenset()

    def empty_leaves(self) -> list[str]:
        return [n.id for n in self.nodes.values() if not n.children and not n.faq_id]


def load_menu(path: Path, store: FaqStore) -> MenuTree:
    """Read `menu.yaml` and attach the FAQ leaves; raise FaqLoadError naming the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        root = MenuNodeSpec.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise FaqLoadError([f"{path.name}: {exc}"]) from exc
    except ValidationError as exc:
        raise FaqLoadError([f"{path.name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]) from exc
    return MenuTree(root, store)
