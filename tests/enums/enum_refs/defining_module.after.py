import enum

from shop.models import New


Old = New  # merged into shop.models.New (guardian enums refs)


TO_NEW = {New.CANCELLED: New.CANCELLED}
