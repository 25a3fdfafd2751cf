"""The words people read for the pure core's error codes, translated."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ANSWER_ERRORS = {
    "invalid_choice": gettext_lazy("Choose one of the options offered."),
    "dont_know_alone": gettext_lazy("“I don't know” cannot be combined with other options."),
    "other_text_required": gettext_lazy("You chose “Other”: please say which."),
    "invalid_level": gettext_lazy("Choose a level from 0 to 4."),
    "too_long": gettext_lazy("Please keep it under %(limit)s characters."),
    "one_line": gettext_lazy("Please write this on one line."),
    "invalid_number": gettext_lazy("Enter a number, such as 12 or 7.5."),
    "too_small": gettext_lazy("Enter a number of at least %(limit)s."),
    "too_large": gettext_lazy("Enter a number of at most %(limit)s."),
    "invalid_version": gettext_lazy("Enter a version such as 1.29 or 1.29.4."),
    "invalid_date": gettext_lazy("Enter a date such as 2026-03-31."),
    "required": gettext_lazy("This question needs an answer."),
}


def answer_error_text(error) -> str:
    template = ANSWER_ERRORS.get(error.code) or _("This answer is not valid.")
    params = {k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in error.params.items()}
    return str(template) % params if params else str(template)
