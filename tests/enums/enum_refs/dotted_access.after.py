import shop.legacy
import shop.models

DEFAULT = shop.models.New.CANCELLED
KIND = shop.models.New
