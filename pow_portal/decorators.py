"""Kept for branches still importing it; the role rules live in pow_portal.permissions."""

from .permissions import roles_required

__all__ = ["roles_required"]
