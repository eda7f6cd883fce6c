from ..legacy import helper
from shop.models import New

x = helper(New.PENDING)
