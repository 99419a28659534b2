from setuptools import Extension, setup

setup(ext_modules=[Extension("tally", ["src/tally.c"])])
