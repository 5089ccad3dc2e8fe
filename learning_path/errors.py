"""One exception hierarchy for the whole tool; exit codes live here.

Every failure a user can cause ends as a :class:`LearningPathError`, which the
CLI prints as clean lines on stderr with a fixed exit code and no traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import click

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: 1-based line and column, as editors show them."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a curriculum (or a warning about one)."""

    location: Location
    message: str
    severity: Literal["error", "warning", "note"] = "error"
    """Errors stop the tool; warnings (``validate``'s checks) only advise; notes tell
    what the tool did for the author (an old id read as the topic that replaces it)."""

    def __str__(self) -> str:
        if self.severity != "error":
            return f"{self.location}: {self.severity}: {self.message}"
        return f"{self.location}: {self.message}"


class LearningPathError(Exception):
    """Base of every error the tool reports; exit code 1 (bad data).

    The project's own, not click's: the library raises it, and the command line
    (:class:`learning_path.options.Group`) shows it with :meth:`show` and exits with
    :attr:`exit_code`.
    """

    exit_code = EXIT_DATA

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message

    def show(self) -> None:
        """Say what went wrong on stderr, in one line (or one per problem)."""
        click.echo(f"error: {self.format_message()}", err=True)


class CurriculumError(LearningPathError):
    """A curriculum failed to load or validate; carries every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        # The author's own files first, the bundled curriculum's (default:NAME) after.
        self.diagnostics = sorted(
            set(diagnostics), key=lambda d: (d.location.path.startswith("default:"), d)
        )
        super().__init__("\n".join(str(d) for d in self.diagnostics))
        self.partial: Any = None
        """What could be loaded despite the errors (a Curriculum), for further checks."""
        self.broken: frozenset[str] = frozenset()
        """Topic ids that exist but were left out of ``partial`` for their errors."""

    def show(self) -> None:
        for diagnostic in self.diagnostics:
            click.echo(str(diagnostic), err=True)
        count = len(self.diagnostics)
        from .text import plural

        click.echo(f"{plural(count, 'error')} found", err=True)


class TemplateError(LearningPathError):
    """A template failed to load or render."""


class ProgressError(LearningPathError):
    """The progress file is unreadable or malformed."""


class OutputError(LearningPathError):
    """The output could not be written."""


class Interrupted(LearningPathError):
    """The learner left the questions (Ctrl-C, or end of input); nothing was written.

    Exit code 130, as for a shell command stopped with Ctrl-C.
    """

    exit_code = EXIT_INTERRUPTED

    def __init__(self, message: str = "interrupted: nothing was written") -> None:
        super().__init__(message)

    def show(self) -> None:
        click.echo(f"\n{self.format_message()}", err=True)


class InputError(LearningPathError):
    """A command-line value names something that does not exist or makes no sense.

    Exit code 2, like click's own usage errors.
    """

    exit_code = EXIT_USAGE


@dataclass
class Context:
    """Diagnostics collected while loading; raised together at the end."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message))

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise CurriculumError(self.diagnostics)
