"""Keep secret links out of the logs: /q/<token>/ is written /q/[redacted]/ in every record."""

import logging
import re

SECRET_LINK = re.compile(r"/q/[^/\s\"']+")


def redact(text: str) -> str:
    return SECRET_LINK.sub("/q/[redacted]", text)


class RedactSecretLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/q/" in message:
            record.msg = redact(message)
            record.args = ()
        return True
