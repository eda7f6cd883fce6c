from setuptools import setup

setup(entry_points={"console_scripts": ["pkg-old = pkg.WF1_V7_L1_4of4_legacy:main"]})
