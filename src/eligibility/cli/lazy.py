"""Commands imported when they run.

The command line's group knows each command's name and the module of this package that
defines it (:attr:`LazyGroup.homes`); it imports that module, and builds the command from
its ``commands`` (a :class:`typer.Typer`) exactly as typer would, the first time the
command is asked for: when it runs, or when a help text lists it. ``eligibility check``
thus never imports the modules (nor what only they need) of the other commands, nor
builds their options.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, ClassVar

import typer.main
from typer.core import TyperGroup

if TYPE_CHECKING:  # the classes of typer's own copy of click
    from typer._click import Command, Context

__all__ = ["LazyCommands", "LazyGroup"]


class LazyCommands(MutableMapping[str, "Command"]):
    """Commands by name, in the order of ``homes``: each built by ``build(name, home)``
    on first look-up, then kept. Names and order are known without building anything
    (``keys()``, ``len()``, ``in``); a command added by name is kept as it is."""

    def __init__(self, homes: Mapping[str, str],
                 build: Callable[[str, str], Command]) -> None:
        self._homes: dict[str, str | None] = dict(homes)
        self._build = build
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        found = self._built.get(name)
        if found is None:
            home = self._homes[name]  # KeyError for a name that is no command
            if home is None:  # pragma: no cover - added commands are always built
                raise KeyError(name)
            found = self._built[name] = self._build(name, home)
        return found

    def __setitem__(self, name: str, command: Command) -> None:
        self._homes.setdefault(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._homes[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._homes)

    def __len__(self) -> int:
        return len(self._homes)

    def __contains__(self, name: object) -> bool:
        return name in self._homes


class LazyGroup(TyperGroup):
    """A typer group whose commands are imported when first asked for.

    Subclasses name them in :attr:`homes`: the command's name, and the module (relative
    to :attr:`package`) whose ``commands`` typer app defines it; the group lists them in
    that order.
    """

    #: Command name -> the module that defines it, relative to :attr:`package`.
    homes: ClassVar[Mapping[str, str]] = {}
    #: The package of those modules.
    package: ClassVar[str] = __package__ or ""
    #: What the root :class:`typer.Typer` says (its ``pretty_exceptions_short``): typer
    #: gives it to every command it builds.
    pretty_exceptions_short: ClassVar[bool] = True

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        given = self.commands
        self.commands = LazyCommands(self.homes, self._build)
        self.commands.update(given)

    def list_commands(self, ctx: Context) -> list[str]:
        """The names, in order, without building the commands (typer's own reads them
        off the built commands)."""
        return list(self.commands)

    def _build(self, name: str, home: str) -> Command:
        module = importlib.import_module(f"{self.package}.{home}")
        app: typer.Typer = module.commands
        for info in app.registered_commands:
            assert info.callback is not None, f"{home}: a command without a function"
            if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
                return typer.main.get_command_from_info(
                    info, pretty_exceptions_short=self.pretty_exceptions_short,
                    rich_markup_mode=self.rich_markup_mode)
        raise LookupError(f"{module.__name__} defines no command {name!r}")
