"""The category tree 分类 that administrators edit."""

import secrets

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Routing hint: the unit that usually handles this category (dispatchers may choose another).
    default_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("usual handling unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


def subtree_ids(code: str) -> list[int]:
    """The ids of the category with this code and of every category below it (a filter on a
    category means its whole branch); empty when no category has the code. One query: the tree
    is small (hundreds of rows), so it is walked in memory."""
    pairs = list(Category.objects.values_list("id", "parent_id", "code"))
    root = next((pk for pk, _parent, c in pairs if c == code), None)
    if root is None:
        return []
    found, frontier = {root}, {root}
    while frontier:
        frontier = {pk for pk, parent, _c in pairs if parent in frontier} - found
        found |= frontier
    return list(found)


_TREE_VERSION_KEY = "tousu:categories:tree-version"


def tree_version() -> str:
    """A token that changes whenever an administrator changes the tree. Caches built from the
    categories (deadline policies inherit down the tree) put it in their key, so a change here
    reaches them without this app knowing who they are (dependencies point one way)."""
    return str(cache.get_or_set(_TREE_VERSION_KEY, lambda: secrets.token_hex(8), None))


def tree_changed() -> None:
    cache.set(_TREE_VERSION_KEY, secrets.token_hex(8), None)
