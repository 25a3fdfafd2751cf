from django.contrib import admin

from training.models import Module, Note, NoteRevision


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    """Modules come from content/ files: the admin lists them; load_content changes them."""

    list_display = ["slug", "title_fr", "level", "hours", "topic_area", "is_active"]
    list_filter = ["level", "topic_area", "is_active"]
    search_fields = ["slug", "title_fr", "title_en"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["module", "language", "revision", "edited_in_portal", "updated_at"]
    list_filter = ["language", "edited_in_portal"]
    search_fields = ["module__slug", "summary"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # notes are edited at /notes/<slug>/edit/, which keeps revisions


@admin.register(NoteRevision)
class NoteRevisionAdmin(admin.ModelAdmin):
    list_display = ["note", "number", "source", "author", "created_at", "comment"]
    list_filter = ["source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
