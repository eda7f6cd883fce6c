from unittest import mock
from unittest.mock import patch


@patch("pkg.newmod.func")
@mock.patch('pkg.newmod.Klass.method', autospec=True)
def test_it(method, func):
    with mock.patch.dict("pkg.newmod.REGISTRY", {"a": 1}):
        with patch.multiple("pkg.newmod", func=mock.DEFAULT):
            pass
