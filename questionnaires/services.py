"""Use-cases of the questionnaire engine: publishing definitions, invitations, saving answers."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from questionnaires.definition import (
    OTHER,
    OTHER_TEXT_LIMIT,
    TEXT_LIMITS,
    Definition,
    DefinitionError,
    clean_answer,
    is_answered,
    missing_required,
    parse_definition,
    submitted_answers,
    visible_questions,
)
from questionnaires.models import (
    Invitation,
    InvitationToken,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ResponseChange,
    Upload,
    new_token,
)
from questionnaires.topic_areas import TOPIC_AREAS

logger = logging.getLogger(__name__)

SELF_ASSESSMENT = "trainee-self-assessment"
CLIENT_QUESTIONNAIRE = "client-environment"


@dataclass(frozen=True)
class DefinitionFile:
    source: str
    text: str
    definition: Definition


def read_definitions(folder: Path) -> list[DefinitionFile]:
    """Parse every definition in the folder; raise DefinitionError listing all problems of all files."""
    problems, files, keys = [], [], {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        source = f"questionnaires/{path.name}"
        text = path.read_text(encoding="utf-8")
        try:
            definition = parse_definition(source, text)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        if definition.key != path.stem:
            problems.append(f"{source}: key: {definition.key!r} differs from the file name {path.stem!r}")
        elif definition.key in keys:
            problems.append(f"{source}: key: {definition.key!r} is already used by {keys[definition.key]}")
        keys[definition.key] = source
        if definition.key == SELF_ASSESSMENT:
            problems.extend(_check_self_assessment(source, definition))
        files.append(DefinitionFile(source, text, definition))
    if problems:
        raise DefinitionError(problems)
    return files


def _check_self_assessment(source: str, definition: Definition) -> list[str]:
    """The self-assessment rates exactly the catalogue's topic areas, one level question each."""
    levels = {key for key, question in definition.questions.items() if question.type == "level"}
    problems = [
        f"{source}: {key}: not a topic area of questionnaires/topic_areas.py"
        for key in levels - set(TOPIC_AREAS)
    ]
    problems += [f"{source}: {key}: topic area without a level question" for key in set(TOPIC_AREAS) - levels]
    return sorted(problems)


@dataclass
class PublishReport:
    published: list[str]
    unchanged: list[str]

    def summary(self) -> str:
        parts = [f"questionnaires: {len(self.published)} published"]
        parts += [f"({', '.join(self.published)})"] if self.published else []
        parts += [f", {len(self.unchanged)} unchanged"]
        return " ".join(parts).replace(" ,", ",")


def questionnaires_publish(files: list[DefinitionFile]) -> PublishReport:
    """Publish each changed definition as a new immutable version; an unchanged one does nothing."""
    report = PublishReport([], [])
    with transaction.atomic():
        for item in files:
            questionnaire, _ = Questionnaire.objects.get_or_create(key=item.definition.key)
            latest = questionnaire.versions.order_by("-number").first()
            if latest and latest.digest == item.definition.digest:
                report.unchanged.append(questionnaire.key)
                continue
            number = (latest.number + 1) if latest else 1
            QuestionnaireVersion.objects.create(
                questionnaire=questionnaire,
                number=number,
                digest=item.definition.digest,
                source=item.text,
                title_fr=item.definition.title.fr,
                title_en=item.definition.title.en,
            )
            report.published.append(f"{questionnaire.key} v{number}")
    return report


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- invitations


def invitation_create(
    *,
    kind: str,
    questionnaire_key: str,
    language: str,
    requester_name: str,
    requester_email: str,
    organisation: str,
    respondent_name: str,
    respondent_email: str,
    valid_days: int | None = None,
) -> tuple[Invitation, str]:
    """A new secret link to a new response, pinned to the questionnaire's current version.

    Returns the invitation and the token; the token is not stored (only its hash) and cannot be
    shown again.
    """
    version = (
        QuestionnaireVersion.objects.filter(questionnaire__key=questionnaire_key).order_by("-number").first()
    )
    if version is None:
        raise LookupError(f"questionnaire {questionnaire_key!r} is not loaded: run load_content")
    days = valid_days if valid_days is not None else settings.INVITATION_VALID_DAYS
    invitation = Invitation.objects.create(
        kind=kind,
        response=Response.objects.create(version=version),
        language=language,
        requester_name=requester_name,
        requester_email=requester_email,
        organisation=organisation,
        respondent_name=respondent_name,
        respondent_email=respondent_email,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return invitation, invitation_add_token(invitation)


def invitation_add_token(invitation: Invitation) -> str:
    """One more working link to the invitation (for a reminder): earlier links keep working."""
    token = new_token()
    InvitationToken.objects.create(invitation=invitation, token_hash=token_hash(token))
    return token


def invitation_reissue(invitation: Invitation, *, valid_days: int | None = None) -> str:
    """A new link for the same response: every earlier link stops working at once; answers stay."""
    with transaction.atomic():
        invitation.tokens.all().delete()
        token = invitation_add_token(invitation)
        invitation.revoked_at = None
        invitation.expires_at = timezone.now() + timedelta(days=valid_days or settings.INVITATION_VALID_DAYS)
        invitation.save(update_fields=["revoked_at", "expires_at"])
    return token


def invitation_url(invitation: Invitation, token: str) -> str:
    return f"{settings.SITE_URL}/q/{token}/"


def invitation_by_token(token: str) -> Invitation | None:
    """The usable invitation this token opens, or None (unknown, expired and revoked look the same)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.usable().filter(tokens__token_hash=token_hash(token)).first()


ACTIVITY_PRECISION = timedelta(minutes=1)


def invitation_touch(invitation: Invitation) -> None:
    """Record first opening and last activity (to the minute: one write per minute at most)."""
    now = timezone.now()
    last = invitation.last_activity_at
    if invitation.first_opened_at is not None and last is not None and now - last < ACTIVITY_PRECISION:
        return
    fields = {"last_activity_at": now}
    first_time = invitation.first_opened_at is None
    if first_time:
        fields["first_opened_at"] = now
    Invitation.objects.filter(pk=invitation.pk).update(**fields)
    for name, value in fields.items():
        setattr(invitation, name, value)
    if first_time:
        for hook in settings.QUESTIONNAIRE_OPENED_HOOKS:
            import_string(hook)(invitation)


# ---------------------------------------------------------------- answers


class ResponseClosed(Exception):
    """The response was submitted: the client can no longer change it."""


class SaveConflict(Exception):
    """The save was based on an older revision: someone else saved in between."""

    def __init__(self, response: Response, changed_keys: list[str]):
        self.response = response
        self.changed_keys = changed_keys
        super().__init__(f"response {response.pk} is at revision {response.revision}")


@dataclass
class SaveResult:
    revision: int
    changed: list[str]
    errors: dict  # question key -> AnswerError


def _stored_value(question, raw, other_text, *, visible: bool):
    """(value, error). A hidden question is not validated: its raw text is kept for later."""
    value, error = clean_answer(question, raw, other_text=other_text)
    if error is None or visible:
        return value, error
    if isinstance(raw, list):
        return [str(item)[:OTHER_TEXT_LIMIT] for item in raw][:50], None
    return (str(raw)[: TEXT_LIMITS["long_text"]] or None), None


def _conflict(current: Response, base_revision: int) -> SaveConflict:
    changes = ResponseChange.objects.filter(response=current, revision__gt=base_revision)
    return SaveConflict(current, sorted({key for change in changes for key in change.keys}))


def response_save(
    response: Response,
    *,
    answers: dict,
    other_texts: dict | None = None,
    base_revision: int,
    section: str = "",
) -> SaveResult:
    """Save some answers of a draft. Unknown keys are ignored; invalid answers are not stored.

    answers maps question keys to raw form values (a string, or a list for multiple choice).
    Raises SaveConflict when base_revision is not the current one, ResponseClosed after submit.
    The write is optimistic: one UPDATE that only succeeds if the revision is still base_revision.
    """
    other_texts = other_texts or {}
    if response.is_submitted:
        raise ResponseClosed()
    if response.revision != base_revision:
        raise _conflict(response, base_revision)
    definition = response.definition
    merged = dict(response.answers)
    others = dict(response.other_texts)
    for key in answers:
        if key in definition.questions and definition.questions[key].type != "file":
            merged[key] = answers[key]  # provisional, to decide visibility below
    visible = visible_questions(definition, merged)
    errors, new_answers = {}, dict(response.answers)
    for key, raw in answers.items():
        question = definition.questions.get(key)
        if question is None or question.type == "file":
            continue
        other_text = str(other_texts.get(key, ""))[:OTHER_TEXT_LIMIT].strip()
        value, error = _stored_value(question, raw, other_text, visible=key in visible)
        if error:
            errors[key] = error
            continue
        _set(new_answers, key, value)
        if question.other:
            _set(others, key, other_text if _mentions_other(value) else None)
    changed = sorted(
        key
        for key in set(new_answers) | set(response.answers) | set(others) | set(response.other_texts)
        if new_answers.get(key) != response.answers.get(key)
        or others.get(key) != response.other_texts.get(key)
    )
    last_section = section or response.last_section
    if not changed and last_section == response.last_section:
        return SaveResult(response.revision, [], errors)
    fields = {"last_section": last_section, "updated_at": timezone.now()}
    if changed:
        fields.update(answers=new_answers, other_texts=others, revision=base_revision + 1)
    with transaction.atomic():
        updated = Response.objects.filter(
            pk=response.pk, revision=base_revision, status=Response.Status.DRAFT
        ).update(**fields)
        if not updated:
            current = Response.objects.get(pk=response.pk)
            if current.is_submitted:
                raise ResponseClosed()
            raise _conflict(current, base_revision)
        if changed:
            ResponseChange.objects.create(response_id=response.pk, revision=base_revision + 1, keys=changed)
    for name, value in fields.items():
        setattr(response, name, value)
    return SaveResult(response.revision, changed, errors)


def _copy_state(source: Response, target: Response) -> None:
    """Give the caller's object the saved state without another query."""
    if source is not target:
        for field in Response._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))


def _set(mapping: dict, key: str, value) -> None:
    if value in (None, "", []):
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _mentions_other(value) -> bool:
    return value == OTHER or (isinstance(value, list) and OTHER in value)


class Incomplete(Exception):
    def __init__(self, missing: list[str], errors: dict):
        self.missing = missing
        self.errors = errors
        super().__init__(f"missing {missing}, invalid {sorted(errors)}")


def response_problems(response: Response) -> tuple[list[str], dict]:
    """Visible required questions without an answer, and visible answers that are not valid."""
    definition = response.definition
    visible = visible_questions(definition, response.answers)
    errors = {}
    for key, value in response.answers.items():
        question = definition.questions.get(key)
        if question is None or key not in visible or question.type == "file":
            continue
        raw = [str(v) for v in value] if isinstance(value, list) else str(value)
        _, error = clean_answer(question, raw, other_text=response.other_texts.get(key, ""))
        if error:
            errors[key] = error
    return missing_required(definition, response.answers), errors


def response_submit(response: Response) -> bool:
    """Submit once. Returns True for the submission that counted, False when it was already done."""
    with transaction.atomic():
        current = Response.objects.select_for_update().get(pk=response.pk)
        if current.is_submitted:
            return False
        missing, errors = response_problems(current)
        if missing or errors:
            raise Incomplete(missing, errors)
        definition = current.definition
        kept = submitted_answers(definition, current.answers)
        current.submitted_answers = {
            "answers": kept,
            "other_texts": {k: v for k, v in current.other_texts.items() if k in kept},
        }
        current.status = Response.Status.SUBMITTED
        current.submitted_at = timezone.now()
        current.save()
    _copy_state(current, response)
    return True


def response_reopen(response: Response) -> None:
    """Let the respondent change a submitted response again (a trainer's decision)."""
    Response.objects.filter(pk=response.pk, status=Response.Status.SUBMITTED).update(
        status=Response.Status.DRAFT, reopened_at=timezone.now()
    )
    response.refresh_from_db()


def response_progress(response: Response) -> tuple[int, int]:
    """(answered, total) over the visible questions."""
    definition = response.definition
    visible = visible_questions(definition, response.answers)
    answered = sum(1 for key in visible if is_answered(response.answers.get(key)))
    return answered, len(visible)


def response_attach(response: Response, *, question_key: str, file, content_type: str, base_revision: int):
    """Store an uploaded document under a random name and make it the answer to a file question."""
    with transaction.atomic():
        current = Response.objects.select_for_update().get(pk=response.pk)
        if current.is_submitted:
            raise ResponseClosed()
        if current.revision != base_revision:
            raise _conflict(current, base_revision)
        question = current.definition.questions.get(question_key)
        if question is None or question.type != "file":
            raise LookupError(question_key)
        name = (file.name or "document").replace("\\", "/").rsplit("/", 1)[-1][:200]
        upload = Upload.objects.create(
            response=current,
            question_key=question_key,
            file=file,
            original_name=name,
            content_type=content_type,
            size=file.size,
        )
        current.answers = {**current.answers, question_key: {"upload": upload.pk, "name": name}}
        current.revision += 1
        current.save()
        ResponseChange.objects.create(response=current, revision=current.revision, keys=[question_key])
    _copy_state(current, response)
    return upload


def response_submitted_notify(invitation: Invitation) -> None:
    """After the commit, confirm the submission to the respondent, in the invitation's language."""

    def send():
        with translation.override(invitation.language):
            context = {"invitation": invitation, "site_url": settings.SITE_URL}
            subject = render_to_string("emails/response_submitted-subject.txt", context).strip()
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()),
                body=render_to_string("emails/response_submitted-body.txt", context),
                to=[invitation.respondent_email],
                reply_to=[invitation.requester_email],
            )
            message.attach_alternative(
                render_to_string("emails/response_submitted-body.html", context), "text/html"
            )
        try:
            message.send()
        except OSError:
            # The submission stands; the trainer sees it on the dashboard even if this e-mail is lost.
            logger.exception("confirmation e-mail for invitation %s could not be sent", invitation.pk)

    transaction.on_commit(send)
    for hook in settings.QUESTIONNAIRE_SUBMITTED_HOOKS:
        import_string(hook)(invitation)
