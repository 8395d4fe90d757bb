"""Chinese numerals used by chunking (第X条), retrieval (article mentions), citation checks and quizzes."""

import pytest

from assistant.numerals import cn_to_int, int_to_cn, parse_cn

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, number", [
    ("十", 10), ("十一", 11), ("二十", 20), ("九十", 90), ("一百零二", 102), ("一百一十", 110),
    ("二百七十", 270), ("三百六十", 360), ("一千", 1000), ("一万", 10000), ("五十万", 500000), ("12", 12),
])
def test_parse(text, number):
    assert parse_cn(text) == number


def test_round_trip_and_rejections():
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 3000))
    assert parse_cn("次级") is None and parse_cn("") is None
    with pytest.raises(ValueError):
        cn_to_int("第十条")
    with pytest.raises(ValueError):
        int_to_cn(0)
