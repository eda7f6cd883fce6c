import tool

ERROR = "tool: error: <input>: "  # argparse's prog, the command's name in its messages
USAGE = "Run the checks with tool."
VERSION = "WF1_tool.VERSION is the version"
SCRIPT = "run WF1_tool:main"
# tool: the command line program; see WF1_tool.main
