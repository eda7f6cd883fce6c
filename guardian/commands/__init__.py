"""One module per command family; each exposes ``register(main)``.

``guardian`` imports a command's module only when that command runs (``guardian revert`` never
loads libcst, Rope or NetworkX, which cost half a second of start-up): :data:`COMMANDS` names the
module of every command, and ``tests/cli/test_command_table.py`` checks it against what the
modules register.
"""

#: command name -> the module of this package that defines it
COMMANDS: dict[str, str] = {
    "init": "init",
    "assess": "assess",
    "plan": "plan",
    "approve": "approve",
    "gate": "gate",
    "enums": "enums",
    "apply": "apply",
    "review": "apply",
    "revert": "journal",
    "journal": "journal",
    "recover": "journal",
    "validate": "validate",
    "retire": "retire",
    "status": "status",
    "check": "check",
    "graph": "graph",
    "report": "report",
    "renumber": "renumber",
}

#: checks run before every command but the ones named: (name, module, function, commands skipped);
#: each function receives the App and may raise a library error
STARTUP_CHECKS: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("state-dir", "guardian.commands.journal", "state_dir_check", frozenset()),
    ("recover", "guardian.commands.journal", "recovery_check", frozenset({"recover", "journal"})),
    ("intent", "guardian.commands.journal", "intent_check", frozenset({"journal"})),
    ("tracking-log", "guardian.workflow.runlog", "log_invocation", frozenset({"init", "check", "graph"})),
)
