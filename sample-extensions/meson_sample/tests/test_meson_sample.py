import meson_sample


def test_checksum_of_empty_is_zero():
    assert meson_sample.checksum(b"") == 0


def test_checksum_is_deterministic():
    data = bytes(range(256)) * 64
    assert meson_sample.checksum(data) == meson_sample.checksum(bytearray(data))


def test_checksum_rejects_str():
    try:
        meson_sample.checksum("text")
    except TypeError:
        return
    raise AssertionError("str accepted")
