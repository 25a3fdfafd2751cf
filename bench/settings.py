"""The portal's settings plus the bench's bare baseline view."""

from portal import settings as _portal

globals().update({name: value for name, value in vars(_portal).items() if name.isupper()})
ROOT_URLCONF = "bench.urls"
