def test_it(mocker):
    mocker.patch("pkg.newmod.func", return_value=1)
    mocker.patch.dict("pkg.newmod.REGISTRY", {})
    spy = mocker.spy(object, "pkg.newmod")
