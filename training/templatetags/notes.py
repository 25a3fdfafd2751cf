from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

LEVELS = {1: _("beginner"), 2: _("intermediate"), 3: _("advanced"), 4: _("expert")}
CHANGES = {
    "removed": _("removed"),
    "deprecated": _("deprecated"),
    "added": _("new"),
    "changed": _("changed"),
}


@register.filter
def level_name(level):
    return LEVELS.get(level, "")


@register.filter
def version_change(change):
    return CHANGES.get(change, change)


@register.filter
def title_in(module, language):
    return module.title_in(language)
