from setuptools import setup

setup(entry_points={"console_scripts": ["pkg-old = pkg.legacy:main"]})
