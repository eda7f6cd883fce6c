from unittest import mock
from unittest.mock import patch


@patch("pkg.mod.func")
@mock.patch('pkg.mod.Klass.method', autospec=True)
def test_it(method, func):
    with mock.patch.dict("pkg.mod.REGISTRY", {"a": 1}):
        with patch.multiple("pkg.mod", func=mock.DEFAULT):
            pass
