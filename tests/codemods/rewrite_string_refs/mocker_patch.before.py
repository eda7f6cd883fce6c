def test_it(mocker):
    mocker.patch("pkg.mod.func", return_value=1)
    mocker.patch.dict("pkg.mod.REGISTRY", {})
    spy = mocker.spy(object, "pkg.mod")
