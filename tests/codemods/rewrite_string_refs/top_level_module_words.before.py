import tool

ERROR = "tool: error: <input>: "  # argparse's prog, the command's name in its messages
USAGE = "Run the checks with tool."
VERSION = "tool.VERSION is the version"
SCRIPT = "run tool:main"
# tool: the command line program; see tool.main
