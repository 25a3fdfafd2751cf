"""Settings for the translation check: makemessages writes into a temporary copy of locale/."""

import os

from portal import settings as _base

globals().update({name: value for name, value in vars(_base).items() if name.isupper()})
LOCALE_PATHS = [os.environ["I18N_CHECK_LOCALE"]]
