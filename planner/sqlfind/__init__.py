"""The SQL Python code runs, found by reading it (never importing it), without SQLGlot.

``in_code`` finds the call sites, ``sites`` spells their text, ``positional`` notes rows read by
position, ``pysource`` cuts source segments, ``hints`` decides which files are worth parsing.
Nothing here imports SQLGlot: the scan's worker processes run it on the trees they parse anyway
(planner/read_facts.py), and planner/dbcheck checks what it finds against the database.
"""
