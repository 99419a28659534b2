from setuptools import Extension, setup

setup(
    packages=["pkg"],
    package_dir={"": "src"},
    ext_modules=[
        Extension("pkg._ready", ["src/pkg/ready.c"]),
        Extension("pkg._legacy", ["src/pkg/legacy.c"]),
    ],
)
