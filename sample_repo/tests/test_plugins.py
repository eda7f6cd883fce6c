import pytest

from shop.core.errors import PluginError
from shop.plugins import discount, registry
from shop.plugins.loyalty import LoyaltyPlugin


def test_builtin_plugins_load_by_dotted_name() -> None:
    plugins = registry.load_all()
    assert [plugin.name for plugin in plugins] == ["volume", "loyalty"]
    assert plugins[0] is discount  # a module spec: the module is the plugin
    assert isinstance(plugins[1], LoyaltyPlugin)  # a "module:attribute" spec: the factory's result
    assert registry.volume_discount() is discount


def test_load_selected_specs() -> None:
    assert registry.load_all([]) == []
    assert registry.load("shop.plugins.loyalty:LoyaltyPlugin").tier("c-gold") == "gold"


@pytest.mark.parametrize("spec", ["shop.plugins.nope", "shop.plugins.loyalty:Nope", "shop.nope:Thing"])
def test_bad_specs_raise_plugin_error(spec: str) -> None:
    with pytest.raises(PluginError):
        registry.load(spec)
