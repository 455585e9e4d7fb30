"""Build hook: the wheel carries the lessons.

The repository keeps the lessons in the top-level ``notebooks/`` (where Binder, nbval and the
README's links find them). ``build_py`` copies them into ``autograd_lab/_lesson_files/`` of the
build, so that ``pip install autograd_lab`` ships them and ``autograd-lab lessons`` can copy
them to a learner's folder. An editable install reads ``notebooks/`` directly
(``autograd_lab.lessons.shipped_lessons``). Everything else is in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
LESSON_FILES = ("*.ipynb", "lesson_tools.py")


class BuildPyWithLessons(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "autograd_lab" / "_lesson_files"
        target.mkdir(parents=True, exist_ok=True)
        for pattern in LESSON_FILES:
            for source in sorted((ROOT / "notebooks").glob(pattern)):
                shutil.copy2(source, target / source.name)


setup(cmdclass={"build_py": BuildPyWithLessons})
