from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ModuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Module(models.Model):
    """One unit of the training catalogue, loaded from content/modules/<slug>.yaml."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_fr = models.CharField(_("French title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"))
    hours = models.PositiveSmallIntegerField(_("estimated hours"))
    topic_area = models.CharField(_("topic area"), max_length=40)
    alternative_group = models.CharField(_("alternative group"), max_length=40, blank=True)
    curriculum = models.JSONField(_("certification curricula"), default=list)
    links = models.JSONField(_("official links"), default=list)
    version_notes = models.JSONField(_("Kubernetes version notes"), default=list)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, related_name="required_by", blank=True, verbose_name=_("prerequisites")
    )
    soft_prerequisites = models.ManyToManyField(
        "self", symmetrical=False, related_name="recommended_before", blank=True
    )
    source_digest = models.CharField(max_length=64, editable=False)
    # A module whose file left content/ is kept (plans may name it) but no longer listed.
    is_active = models.BooleanField(default=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["level", "slug"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="module_level_1_to_4"
            ),
            models.CheckConstraint(condition=models.Q(hours__gte=1), name="module_hours_positive"),
        ]

    def __str__(self):
        return self.slug

    def title_in(self, language):
        return self.title_fr if language == "fr" else self.title_en

    @property
    def title(self):
        return self.title_in(get_language())


class Note(models.Model):
    """A module's study note in one language: Markdown, with its safe HTML rendered on save."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="notes")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    summary = models.TextField(_("summary"))
    objectives = models.JSONField(_("learning objectives"), default=list)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False)
    toc = models.JSONField(default=list, editable=False)
    search_text = models.TextField(editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    # The digest of the file last loaded, and whether staff changed the note since.
    source_digest = models.CharField(max_length=64, editable=False)
    edited_in_portal = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["module", "language"], name="one_note_per_language")]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return f"{self.module.slug} ({self.language})"


class NoteRevision(models.Model):
    """Every version a note has had, from a file load or a staff edit; never changed afterwards."""

    class Source(models.TextChoices):
        FILE = "file", _("content file")
        PORTAL = "portal", _("edited in the portal")

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    summary = models.TextField()
    objectives = models.JSONField(default=list)
    body = models.TextField()
    comment = models.CharField(_("reason for the change"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["note", "number"], name="one_revision_number_per_note")
        ]

    def __str__(self):
        return f"{self.note} r{self.number}"


class RuleSet(models.Model):
    """content/rules.yaml as loaded; the latest one builds new plans."""

    digest = models.CharField(max_length=64, unique=True)
    source = models.TextField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"rules {self.digest[:8]}"


class PlanOverride(models.Model):
    """A trainer's change to a generated plan; kept across regenerations."""

    class Action(models.TextChoices):
        ADD = "add", _("add")
        REMOVE = "remove", _("remove")
        HOURS = "hours", _("change the hours")
        PRIORITY = "priority", _("move")

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="plan_overrides"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} {self.module_id}"


class TrainingPlan(models.Model):
    """The latest generated plan of an engagement, with what changed since the one before."""

    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.CASCADE, related_name="plan")
    data = models.JSONField()
    checksum = models.CharField(max_length=64)
    rules_digest = models.CharField(max_length=64)
    notes_revision = models.CharField(max_length=64)
    changes = models.JSONField(default=list)
    generated_at = models.DateTimeField()
    downloaded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"plan of {self.engagement_id}"


def pdf_path(instance, filename):
    return f"plans/{instance.key}.pdf"


class PlanPdf(models.Model):
    """A rendered PDF, found again by a hash of everything that went into it."""

    key = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to=pdf_path)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
