collect_ignore = ["pkg/WF1_V7_L1_2of2_legacy.py"]
