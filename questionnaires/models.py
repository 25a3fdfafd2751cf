import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questionnaires.definition import Definition, parse_definition


class Questionnaire(models.Model):
    """A questionnaire, by its stable key (client-environment, trainee-self-assessment)."""

    key = models.SlugField(unique=True)

    def __str__(self):
        return self.key

    def latest_version(self):
        return self.versions.order_by("-number").first()


# Published versions never change, so each process parses a version once and keeps it.
_definitions: dict[int, Definition] = {}


def definition_of(version_pk: int, source: str | None = None) -> Definition:
    definition = _definitions.get(version_pk)
    if definition is None:
        if source is None:
            source = QuestionnaireVersion.objects.values_list("source", flat=True).get(pk=version_pk)
        definition = _definitions[version_pk] = parse_definition(f"version {version_pk}", source)
    return definition


class QuestionnaireVersion(models.Model):
    """One published, immutable definition. Responses stay on the version they started with."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    source = models.TextField(editable=False)
    title_fr = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="one_version_number"),
        ]

    def __str__(self):
        return f"{self.questionnaire.key} v{self.number}"

    @property
    def definition(self) -> Definition:
        loaded = "source" in self.__dict__  # not deferred
        return definition_of(self.pk, self.source if loaded else None)


class Response(models.Model):
    """The answers given through one invitation. Drafts are saved as they go, with a revision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("in progress")
        SUBMITTED = "submitted", _("submitted")

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict)  # question key -> value, hidden ones included
    other_texts = models.JSONField(default=dict)  # question key -> the "other" text
    revision = models.PositiveIntegerField(default=0)
    last_section = models.CharField(max_length=60, blank=True)
    submitted_answers = models.JSONField(default=dict)  # visible answers only, at submission
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"response {self.pk} ({self.version})"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def definition(self) -> Definition:
        return definition_of(self.version_id)


class ResponseChange(models.Model):
    """Which answers one save changed: explains a conflict to the person whose save was refused."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="changes")
    revision = models.PositiveIntegerField()
    keys = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "revision"], name="one_change_per_revision")
        ]

    def __str__(self):
        return f"{self.response} r{self.revision}"


def upload_path(instance, filename):
    # A random name: the client's file name is kept only as text, never as a path.
    return f"uploads/{instance.response_id}/{uuid.uuid4().hex}"


class Upload(models.Model):
    """A document given as the answer to a file question (the architecture document)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="uploads")
    question_key = models.CharField(max_length=60)
    file = models.FileField(upload_to=upload_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.original_name


class InvitationQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """A secret link: access to one response. Only a hash of the token is stored."""

    class Kind(models.TextChoices):
        CLIENT = "client", _("client questionnaire")
        TRAINEE = "trainee", _("trainee self-assessment")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="invitation")
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="fr")
    # Shown on the welcome page: who asks and for whom (copied from the engagement).
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField()
    organisation = models.CharField(max_length=200)
    respondent_name = models.CharField(max_length=200)
    respondent_email = models.EmailField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    first_opened_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self):
        return f"{self.get_kind_display()} for {self.organisation}"

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class InvitationToken(models.Model):
    """One secret link to an invitation, stored as a SHA-256 hash only.

    Sending a reminder adds a token and keeps the earlier ones working; re-issuing replaces them all.
    """

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"token of {self.invitation_id}"


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class LinkFailure(models.Model):
    """Failed secret-link attempts from one address in one minute (see questionnaires/throttle.py)."""

    ip = models.CharField(max_length=45)
    window = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ip", "window"], name="one_counter_per_ip_and_minute")]

    def __str__(self):
        return f"{self.ip} {self.window:%H:%M} {self.failures}"
