import shop.legacy

DEFAULT = shop.legacy.Old.CANCELED
KIND = shop.legacy.Old
