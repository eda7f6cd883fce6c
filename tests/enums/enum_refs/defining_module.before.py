import enum

from shop.models import New


class Old(enum.Enum):
    PENDING = "pending"
    CANCELED = "canceled"


TO_NEW = {Old.CANCELED: New.CANCELLED}
