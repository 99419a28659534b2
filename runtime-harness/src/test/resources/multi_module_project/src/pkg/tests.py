# A test module inside the package, as many projects ship them: it must run against the built package.
from pkg import _ready


def test_answer():
    assert _ready.answer() == 42
